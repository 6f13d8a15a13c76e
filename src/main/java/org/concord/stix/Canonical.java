package org.concord.stix;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
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
        Out out = new Out(512);
        write(node, out, new StringBuilder());
        return out.toByteArray();
    }

    /** The canonical form as a string (for tests and diagnostics). */
    public static String string(JsonNode node) {
        return new String(bytes(node), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static void write(JsonNode node, Out out, StringBuilder path) {
        switch (node.getNodeType()) {
            case OBJECT -> writeObject(node, out, path);
            case ARRAY -> {
                out.write('[');
                int len = path.length();
                for (int i = 0; i < node.size(); i++) {
                    if (i > 0) out.write(',');
                    path.append('/').append(i);
                    write(node.get(i), out, path);
                    path.setLength(len);
                }
                out.write(']');
            }
            case STRING -> writeString(node.textValue(), out, path);
            case NUMBER -> writeNumber(node, out, path);
            case BOOLEAN -> out.writeAscii(node.booleanValue() ? "true" : "false");
            case NULL -> out.writeAscii("null");
            default -> throw new ConcordException(ErrorCode.INVALID_STIX,
                    "value at " + pointer(path) + " is not JSON: " + node.getNodeType());
        }
    }

    private static void writeObject(JsonNode node, Out out, StringBuilder path) {
        List<Map.Entry<String, JsonNode>> fields = new ArrayList<>(node.size());
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) fields.add(it.next());
        // String.compareTo compares UTF-16 code units, exactly RFC 8785 §3.2.3
        fields.sort(Map.Entry.comparingByKey());
        out.write('{');
        int len = path.length();
        boolean first = true;
        for (Map.Entry<String, JsonNode> e : fields) {
            if (!first) out.write(',');
            first = false;
            path.append('/').append(e.getKey().replace("~", "~0").replace("/", "~1"));
            writeString(e.getKey(), out, path);
            out.write(':');
            write(e.getValue(), out, path);
            path.setLength(len);
        }
        out.write('}');
    }

    private static void writeString(String s, Out out, StringBuilder path) {
        out.write('"');
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                switch (c) {
                    case '"' -> out.writeAscii("\\\"");
                    case '\\' -> out.writeAscii("\\\\");
                    case '\b' -> out.writeAscii("\\b");
                    case '\f' -> out.writeAscii("\\f");
                    case '\n' -> out.writeAscii("\\n");
                    case '\r' -> out.writeAscii("\\r");
                    case '\t' -> out.writeAscii("\\t");
                    default -> {
                        if (c < 0x20) {
                            out.writeAscii("\\u00");
                            out.write(HEX[c >> 4]);
                            out.write(HEX[c & 0xF]);
                        } else {
                            out.write(c);
                        }
                    }
                }
            } else if (c < 0x800) {
                out.write(0xC0 | (c >> 6));
                out.write(0x80 | (c & 0x3F));
            } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                int cp = Character.toCodePoint(c, s.charAt(++i));
                out.write(0xF0 | (cp >> 18));
                out.write(0x80 | ((cp >> 12) & 0x3F));
                out.write(0x80 | ((cp >> 6) & 0x3F));
                out.write(0x80 | (cp & 0x3F));
            } else if (Character.isSurrogate(c)) {
                throw new ConcordException(ErrorCode.INVALID_STIX,
                        "string at " + pointer(path) + " holds a lone UTF-16 surrogate at character " + i);
            } else {
                out.write(0xE0 | (c >> 12));
                out.write(0x80 | ((c >> 6) & 0x3F));
                out.write(0x80 | (c & 0x3F));
            }
        }
        out.write('"');
    }

    private static void writeNumber(JsonNode node, Out out, StringBuilder path) {
        if (node.isIntegralNumber()) {
            BigInteger v = node.bigIntegerValue();
            if (v.bitLength() <= 53) {
                out.writeAscii(Long.toString(v.longValue()));
                return;
            }
            // Beyond 2^53 only an integer that is already its own canonical double text
            // (e.g. 9682460929677750000) passes unchanged; any other would be silently altered.
            String asDouble = numberToString(v.doubleValue());
            if (!asDouble.equals(v.toString())) {
                throw new ConcordException(ErrorCode.INVALID_STIX, "integer at " + pointer(path)
                        + " is outside the range JSON carries exactly (±" + MAX_SAFE_INTEGER + "): " + v);
            }
            out.writeAscii(asDouble);
            return;
        }
        double d = node.doubleValue();
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            throw new ConcordException(ErrorCode.INVALID_STIX,
                    "number at " + pointer(path) + " is not finite: " + node.asText());
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

    private static String pointer(StringBuilder path) {
        return path.isEmpty() ? "/" : path.toString();
    }

    /** An unsynchronised byte buffer. */
    private static final class Out extends ByteArrayOutputStream {
        Out(int size) {
            super(size);
        }

        @Override
        public void write(int b) {
            if (count == buf.length) buf = java.util.Arrays.copyOf(buf, buf.length * 2);
            buf[count++] = (byte) b;
        }

        void writeAscii(String s) {
            for (int i = 0; i < s.length(); i++) write(s.charAt(i));
        }
    }
}
