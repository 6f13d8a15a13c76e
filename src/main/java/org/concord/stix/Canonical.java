package org.concord.stix;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Iterator;
import java.util.Map;
import org.concord.ConcordException;
import org.concord.ErrorCode;

/**
 * RFC 8785 JSON Canonicalization Scheme: one byte form per JSON value, so that a STIX version has
 * one hash and one signature.
 *
 * <p>Keys are sorted by UTF-16 code units (RFC 8785 §3.2.3), strings use the minimal escaping of
 * §3.2.2.2, numbers the ECMAScript {@code Number.prototype.toString} form of §3.2.2.3. Numbers
 * must be I-JSON (RFC 7493): an integer beyond ±(2^53−1) that a double cannot carry exactly is
 * refused rather than silently altered.
 */
public final class Canonical {
    /** Largest integer an IEEE-754 double carries exactly (RFC 7493 §2.2). */
    public static final long MAX_SAFE_INTEGER = (1L << 53) - 1;

    private static final byte[] HEX = "0123456789abcdef".getBytes();

    private Canonical() {}

    /** The canonical UTF-8 bytes of {@code node}. */
    public static byte[] bytes(JsonNode node) {
        return bytes(node, 512);
    }

    /**
     * The canonical UTF-8 bytes of {@code node}, written into a buffer of {@code expectedSize}
     * bytes to start with (the size of the JSON it was read from saves growing it on the way).
     */
    public static byte[] bytes(JsonNode node, int expectedSize) {
        Out out = new Out(Math.max(64, expectedSize));
        try {
            write(node, out);
        } catch (Refused r) {
            throw new ConcordException(ErrorCode.INVALID_STIX, r.getMessage().replace("%s", r.pointer()));
        }
        return out.toByteArray();
    }

    /** The canonical form as a string (for tests and diagnostics). */
    public static String string(JsonNode node) {
        return new String(bytes(node), java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * A refusal on its way out; the JSON pointer is built while it unwinds, so the success path
     * never pays for it.
     */
    private static final class Refused extends RuntimeException {
        private final java.util.ArrayDeque<String> segments = new java.util.ArrayDeque<>();

        Refused(String messageWithPointer) {
            super(messageWithPointer, null, false, false);
        }

        Refused at(String segment) {
            segments.addFirst(segment.replace("~", "~0").replace("/", "~1"));
            return this;
        }

        String pointer() {
            return segments.isEmpty() ? "/" : "/" + String.join("/", segments);
        }
    }

    private static void write(JsonNode node, Out out) {
        switch (node.getNodeType()) {
            case OBJECT -> writeObject(node, out);
            case ARRAY -> {
                out.write('[');
                for (int i = 0, n = node.size(); i < n; i++) {
                    if (i > 0) out.write(',');
                    try {
                        write(node.get(i), out);
                    } catch (Refused r) {
                        throw r.at(Integer.toString(i));
                    }
                }
                out.write(']');
            }
            case STRING -> writeString(node.textValue(), out);
            case NUMBER -> writeNumber(node, out);
            case BOOLEAN -> out.writeAscii(node.booleanValue() ? "true" : "false");
            case NULL -> out.writeAscii("null");
            default -> throw new Refused("value at %s is not JSON: " + node.getNodeType());
        }
    }

    @SuppressWarnings("unchecked")
    private static void writeObject(JsonNode node, Out out) {
        int n = node.size();
        Map.Entry<String, JsonNode>[] fields = new Map.Entry[n];
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        boolean sorted = true;
        for (int i = 0; i < n; i++) {
            fields[i] = it.next();
            if (i > 0 && sorted && fields[i - 1].getKey().compareTo(fields[i].getKey()) > 0) sorted = false;
        }
        // String.compareTo compares UTF-16 code units, exactly RFC 8785 §3.2.3
        if (!sorted) java.util.Arrays.sort(fields, Map.Entry.comparingByKey());
        out.write('{');
        for (int i = 0; i < n; i++) {
            if (i > 0) out.write(',');
            Map.Entry<String, JsonNode> e = fields[i];
            try {
                writeString(e.getKey(), out);
                out.write(':');
                write(e.getValue(), out);
            } catch (Refused r) {
                throw r.at(e.getKey());
            }
        }
        out.write('}');
    }

    /** RFC 8785 §3.2.2.2: minimal escapes, everything else as UTF-8. */
    private static void writeString(String s, Out out) {
        int n = s.length();
        out.ensure(n * 6 + 2); // worst case: every char escaped in six bytes
        byte[] buf = out.buffer();
        char[] chars = out.chars(n); // one bulk copy, then plain array reads (String.charAt checks each index)
        s.getChars(0, n, chars, 0);
        int at = out.size();
        buf[at++] = '"';
        for (int i = 0; i < n; i++) {
            char c = chars[i];
            if (c >= 0x20 && c < 0x80) {
                if (c == '"' || c == '\\') {
                    buf[at++] = '\\';
                }
                buf[at++] = (byte) c;
            } else if (c < 0x20) {
                buf[at++] = '\\';
                switch (c) {
                    case '\b' -> buf[at++] = 'b';
                    case '\f' -> buf[at++] = 'f';
                    case '\n' -> buf[at++] = 'n';
                    case '\r' -> buf[at++] = 'r';
                    case '\t' -> buf[at++] = 't';
                    default -> {
                        buf[at++] = 'u';
                        buf[at++] = '0';
                        buf[at++] = '0';
                        buf[at++] = HEX[c >> 4];
                        buf[at++] = HEX[c & 0xF];
                    }
                }
            } else if (c < 0x800) {
                buf[at++] = (byte) (0xC0 | (c >> 6));
                buf[at++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(chars[i + 1])) {
                int cp = Character.toCodePoint(c, chars[++i]);
                buf[at++] = (byte) (0xF0 | (cp >> 18));
                buf[at++] = (byte) (0x80 | ((cp >> 12) & 0x3F));
                buf[at++] = (byte) (0x80 | ((cp >> 6) & 0x3F));
                buf[at++] = (byte) (0x80 | (cp & 0x3F));
            } else if (Character.isSurrogate(c)) {
                throw new Refused("string at %s holds a lone UTF-16 surrogate at character " + i);
            } else {
                buf[at++] = (byte) (0xE0 | (c >> 12));
                buf[at++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                buf[at++] = (byte) (0x80 | (c & 0x3F));
            }
        }
        buf[at++] = '"';
        out.setSize(at);
    }

    private static void writeNumber(JsonNode node, Out out) {
        if (node.isIntegralNumber()) {
            if (node.canConvertToLong() && Math.abs(node.longValue()) <= MAX_SAFE_INTEGER) {
                out.writeAscii(Long.toString(node.longValue()));
                return;
            }
            BigInteger v = node.bigIntegerValue();
            // Beyond 2^53 only an integer that is already its own canonical double text
            // (e.g. 9682460929677750000) passes unchanged; any other would be silently altered.
            String asDouble = numberToString(v.doubleValue());
            if (!asDouble.equals(v.toString())) {
                throw new Refused("integer at %s is outside the range JSON carries exactly (±" + MAX_SAFE_INTEGER + "): " + v);
            }
            out.writeAscii(asDouble);
            return;
        }
        double d = node.doubleValue();
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new Refused("number at %s is not finite: " + node.asText());
        }
        out.writeAscii(numberToString(d));
    }

    /** ECMAScript Number.prototype.toString(d) for a finite double (ECMA-262 §7.1.12.1). */
    static String numberToString(double d) {
        if (d == 0) return "0";
        StringBuilder sb = new StringBuilder(24);
        if (d < 0) {
            sb.append('-');
            d = -d;
        }
        // Since JDK 19, Double.toString yields the shortest digits that round-trip.
        BigDecimal bd = new BigDecimal(Double.toString(d)).stripTrailingZeros();
        if (bd.precision() == 2) {
            // Double.toString never writes fewer than two digits (4.9E-324); ECMAScript wants the
            // shortest, which may be one digit (5e-324).
            BigDecimal one = bd.round(new java.math.MathContext(1, java.math.RoundingMode.HALF_EVEN));
            if (one.doubleValue() == d) bd = one.stripTrailingZeros();
        }
        String digits = bd.unscaledValue().toString();
        int k = digits.length();
        int n = k - bd.scale(); // d = 0.digits × 10^n
        if (k <= n && n <= 21) {
            sb.append(digits);
            sb.append("0".repeat(n - k));
        } else if (0 < n && n <= 21) {
            sb.append(digits, 0, n).append('.').append(digits, n, k);
        } else if (-6 < n && n <= 0) {
            sb.append("0.").append("0".repeat(-n)).append(digits);
        } else {
            sb.append(digits.charAt(0));
            if (k > 1) sb.append('.').append(digits, 1, k);
            int e = n - 1;
            sb.append('e').append(e < 0 ? '-' : '+').append(Math.abs(e));
        }
        return sb.toString();
    }

    /** An unsynchronised byte buffer that the string writer fills directly. */
    private static final class Out extends ByteArrayOutputStream {
        private char[] chars = new char[256];

        Out(int size) {
            super(size);
        }

        @Override
        public void write(int b) {
            if (count == buf.length) buf = java.util.Arrays.copyOf(buf, buf.length * 2);
            buf[count++] = (byte) b;
        }

        void writeAscii(String s) {
            ensure(s.length());
            for (int i = 0; i < s.length(); i++) buf[count++] = (byte) s.charAt(i);
        }

        void ensure(int more) {
            if (count + more > buf.length) buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, count + more));
        }

        byte[] buffer() {
            return buf;
        }

        /** A scratch array of at least {@code n} chars. */
        char[] chars(int n) {
            if (chars.length < n) chars = new char[Math.max(n, chars.length * 2)];
            return chars;
        }

        void setSize(int size) {
            count = size;
        }
    }
}
