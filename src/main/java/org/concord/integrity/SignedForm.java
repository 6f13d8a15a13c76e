package org.concord.integrity;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.concord.ConcordException;
import org.concord.ErrorCode;
import org.concord.stix.Canonical;

/**
 * The origin-signature extension found in and removed from RFC 8785 canonical JSON without
 * parsing it into a tree: the egress, receive and log hot paths handle thousands of stored versions
 * a second, and a member removed leaves canonical JSON canonical. Byte for byte what
 * {@link OriginSignature#withoutSignature} followed by {@link Canonical#bytes} gives (tested
 * against it). Signatures travel beside objects, so nothing is ever inserted: an object that
 * carries the extension (an older node's, a bundle signed by hand) keeps it in its bytes, and what
 * a signature covers is its unsigned form.
 *
 * <p>The input must be canonical JSON of an object (as the store keeps every version); anything
 * else is INVALID_STIX.
 */
final class SignedForm {
    private static final String EXTENSIONS = "extensions";
    private static final com.fasterxml.jackson.databind.ObjectMapper KEYS = new com.fasterxml.jackson.databind.ObjectMapper();
    private static final byte[] QUOTED_ID = ("\"" + OriginSignature.EXTENSION_ID + "\"").getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EMPTY_EXTENSIONS = "\"extensions\":{}".getBytes(StandardCharsets.US_ASCII);
    /** The prefix both share. */
    private static final String SHARED_TEXT = "\"extension";

    private SignedForm() {}

    /**
     * Whether the bytes may differ from their unsigned form: they hold the extension's quoted id,
     * or an empty {@code extensions}, somewhere. False is certain; true is settled by
     * {@link #unsigned}. One search over a copy of the bytes: the common path.
     */
    static boolean mayCarry(byte[] canonical) {
        // the bytes as Latin-1 text (one copy, no decoding) for String.indexOf, which the JIT
        // compiles to a vectorised search: several times faster than a byte loop on long objects
        String text = new String(canonical, StandardCharsets.ISO_8859_1);
        for (int i = text.indexOf(SHARED_TEXT); i >= 0; i = text.indexOf(SHARED_TEXT, i + 1)) {
            if (at(canonical, i, QUOTED_ID) || at(canonical, i, EMPTY_EXTENSIONS)) return true;
        }
        return false;
    }

    private static boolean at(byte[] b, int i, byte[] needle) {
        return i + needle.length <= b.length && b[i + 1] == needle[1]
                && java.util.Arrays.equals(b, i, i + needle.length, needle, 0, needle.length);
    }

    /**
     * The object without the origin signature, as {@link OriginSignature#withoutSignature}: its
     * member of {@code extensions} removed, and {@code extensions} when that leaves it empty. The
     * same array when nothing is removed.
     */
    static byte[] unsigned(byte[] canonical) {
        Member ext = topLevel(canonical, EXTENSIONS);
        if (!ext.found) return canonical;
        if (canonical[ext.valueStart] != '{') throw bad("extensions is not an object");
        if (canonical[ext.valueStart + 1] == '}') return cut(canonical, ext);
        Member sig = members(canonical, ext.valueStart, OriginSignature.EXTENSION_ID);
        if (!sig.found) return canonical;
        boolean only = sig.start == ext.valueStart + 1 && canonical[sig.end] == '}';
        return only ? cut(canonical, ext) : cut(canonical, sig);
    }

    /**
     * Where a member sits: [start, end) spans the key to the end of the value, the comma after it
     * excluded; {@code found} false means {@code start} is where it would be inserted (the first
     * greater key, or the closing brace).
     */
    private record Member(boolean found, int start, int valueStart, int end) {}

    /** The top-level member {@code key}. */
    private static Member topLevel(byte[] b, String key) {
        if (b.length < 2 || b[0] != '{') throw bad("not a JSON object");
        return members(b, 0, key);
    }

    /** Walks the members of the object at {@code open} (its '{') for {@code key}. */
    private static Member members(byte[] b, int open, String key) {
        int i = open + 1;
        while (b[i] != '}') {
            int keyEnd = skipString(b, i);
            int cmp = key(b, i, keyEnd).compareTo(key); // UTF-16 code units: RFC 8785 §3.2.3
            int valueStart = keyEnd + 1;
            int end = skipValue(b, valueStart);
            if (cmp == 0) return new Member(true, i, valueStart, end);
            if (cmp > 0) return new Member(false, i, -1, -1);
            i = b[end] == ',' ? end + 1 : end;
        }
        return new Member(false, i, -1, -1);
    }

    /** The bytes without the member [start, end) and one comma beside it. */
    private static byte[] cut(byte[] b, Member m) {
        int from = m.start, to = m.end;
        if (b[to] == ',') to++;
        else if (b[from - 1] == ',') from--;
        ByteArrayOutputStream out = new ByteArrayOutputStream(b.length);
        out.write(b, 0, from);
        out.write(b, to, b.length - to);
        return out.toByteArray();
    }

    /** The index after the string starting at {@code i} (its opening quote). */
    private static int skipString(byte[] b, int i) {
        if (b[i] != '"') throw bad("expected a string at byte " + i);
        for (i++; i < b.length; i++) {
            if (b[i] == '\\') i++;
            else if (b[i] == '"') return i + 1;
        }
        throw bad("unterminated string");
    }

    /** The index after the value starting at {@code i}. */
    private static int skipValue(byte[] b, int i) {
        if (b[i] == '"') return skipString(b, i);
        if (b[i] != '{' && b[i] != '[') { // number, true, false, null
            while (i < b.length && b[i] != ',' && b[i] != '}' && b[i] != ']') i++;
            return i;
        }
        int depth = 0;
        while (i < b.length) {
            byte c = b[i];
            if (c == '"') {
                i = skipString(b, i);
                continue;
            }
            if (c == '{' || c == '[') depth++;
            else if ((c == '}' || c == ']') && --depth == 0) return i + 1;
            i++;
        }
        throw bad("unterminated value");
    }

    /** The key between its quotes, unescaped (RFC 8785 escapes only what JSON must). */
    private static String key(byte[] b, int start, int end) {
        boolean escaped = false;
        for (int i = start + 1; i < end - 1; i++) {
            if (b[i] == '\\') {
                escaped = true;
                break;
            }
        }
        if (!escaped) return new String(b, start + 1, end - start - 2, StandardCharsets.UTF_8);
        try {
            return KEYS.readValue(b, start, end - start, String.class);
        } catch (java.io.IOException e) {
            throw bad("a key is not a JSON string at byte " + start);
        }
    }

    private static ConcordException bad(String what) {
        return new ConcordException(ErrorCode.INVALID_STIX, "not canonical JSON of a STIX object: " + what);
    }
}
