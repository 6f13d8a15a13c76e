package org.concord.integrity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.concord.ConcordException;
import org.concord.ErrorCode;

/**
 * How integrity values travel in JSON: hashes as lowercase hex, signatures as unpadded base64url
 * (RFC 4648 §5), sizes and times as integers. Malformed input is INVALID_ARGUMENT naming the
 * member.
 */
final class Codec {
    static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final HexFormat HEX = HexFormat.of();

    private Codec() {}

    static String hex(byte[] bytes) {
        return HEX.formatHex(bytes);
    }

    static String base64url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Decodes base64url, padded or not; null when {@code text} is not base64url. */
    static byte[] fromBase64url(String text) {
        try {
            return Base64.getUrlDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    static ArrayNode hexArray(List<byte[]> hashes) {
        ArrayNode a = JSON.arrayNode(hashes.size());
        for (byte[] h : hashes) a.add(hex(h));
        return a;
    }

    static long count(JsonNode o, String member) {
        JsonNode v = member(o, member);
        if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0) {
            throw bad(member, "must be a non-negative integer");
        }
        return v.longValue();
    }

    static String text(JsonNode o, String member) {
        JsonNode v = member(o, member);
        if (!v.isTextual()) throw bad(member, "must be a string");
        return v.textValue();
    }

    static byte[] hash(JsonNode o, String member) {
        return hashOf(member(o, member), member);
    }

    static List<byte[]> hashes(JsonNode o, String member) {
        JsonNode v = member(o, member);
        if (!v.isArray()) throw bad(member, "must be an array of hex SHA-256 hashes");
        List<byte[]> out = new ArrayList<>(v.size());
        for (int i = 0; i < v.size(); i++) out.add(hashOf(v.get(i), member + "[" + i + "]"));
        return out;
    }

    static byte[] signature(JsonNode o, String member) {
        byte[] s = fromBase64url(text(o, member));
        if (s == null) throw bad(member, "must be base64url");
        return s;
    }

    private static byte[] hashOf(JsonNode v, String where) {
        if (!v.isTextual() || v.textValue().length() != 2 * Merkle.HASH_SIZE) {
            throw bad(where, "must be a SHA-256 hash in 64 hex digits");
        }
        try {
            return HEX.parseHex(v.textValue());
        } catch (IllegalArgumentException e) {
            throw bad(where, "must be a SHA-256 hash in 64 hex digits");
        }
    }

    private static JsonNode member(JsonNode o, String member) {
        if (o == null || !o.isObject()) throw bad("(value)", "must be a JSON object");
        JsonNode v = o.get(member);
        if (v == null) throw bad(member, "is required");
        return v;
    }

    private static ConcordException bad(String member, String what) {
        return new ConcordException(ErrorCode.INVALID_ARGUMENT, member + " " + what);
    }

    /** Copies of {@code hashes}, each checked to be 32 bytes. */
    static List<byte[]> copyHashes(List<byte[]> hashes, String what) {
        List<byte[]> out = new ArrayList<>(hashes.size());
        for (byte[] h : hashes) out.add(Merkle.requireHash(h, what).clone());
        return java.util.Collections.unmodifiableList(out);
    }

    static boolean sameHashes(List<byte[]> a, List<byte[]> b) {
        if (a.size() != b.size()) return false;
        for (int i = 0; i < a.size(); i++) if (!Arrays.equals(a.get(i), b.get(i))) return false;
        return true;
    }

    static int hashCode(List<byte[]> hashes) {
        int h = 1;
        for (byte[] x : hashes) h = 31 * h + Arrays.hashCode(x);
        return h;
    }
}
