package org.concord.stix.pattern;

import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import org.concord.stix.StixTimestamp;

/**
 * A constant in a comparison (STIX 2.1 §9.2). Each record holds the value, decoded from its
 * pattern syntax; {@code toString()} renders it back in canonical form.
 */
public sealed interface Constant extends Operand {

    /** The data type's name as §9.2 spells it: {@code string}, {@code integer}, {@code float}, ... */
    String typeName();

    @Override
    default String description() {
        return (typeName().startsWith("i") ? "an " : "a ") + typeName();
    }

    /** Whether the two may sit in one {@link ConstantSet}: same type, or both numeric. */
    default boolean sameTypeAs(Constant other) {
        return getClass() == other.getClass() || (isNumeric(this) && isNumeric(other));
    }

    private static boolean isNumeric(Constant c) {
        return c instanceof IntegerConstant || c instanceof FloatConstant;
    }

    /** {@code 'text'}: the value with the escapes {@code \'} and {@code \\} resolved. */
    record StringConstant(String value) implements Constant {
        public StringConstant {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String typeName() {
            return "string";
        }

        @Override
        public String toString() {
            return Render.constant(this);
        }
    }

    /**
     * A signed integer, within the range every STIX integer must fit, -(2^53)+1..2^53-1
     * (§2.10); canonical form has no plus sign (§9.2).
     */
    record IntegerConstant(long value) implements Constant {
        /** The largest magnitude a STIX integer may have, 2^53-1 (§2.10). */
        public static final long MAX = (1L << 53) - 1;

        public IntegerConstant {
            if (value > MAX || value < -MAX) throw new IllegalArgumentException("integer out of range ±(2^53-1): " + value);
        }

        @Override
        public String typeName() {
            return "integer";
        }

        @Override
        public String toString() {
            return Long.toString(value);
        }
    }

    /**
     * A finite floating-point number (§9.2); written with a decimal point and without an exponent.
     * Negative zero is stored as zero.
     */
    record FloatConstant(double value) implements Constant {
        public FloatConstant {
            if (!Double.isFinite(value)) throw new IllegalArgumentException("float must be finite: " + value);
            if (value == 0) value = 0.0;
        }

        @Override
        public String typeName() {
            return "float";
        }

        @Override
        public String toString() {
            return Render.constant(this);
        }
    }

    /** {@code true} or {@code false}. */
    record BooleanConstant(boolean value) implements Constant {
        @Override
        public String typeName() {
            return "boolean";
        }

        @Override
        public String toString() {
            return Boolean.toString(value);
        }
    }

    /** {@code h'ffd8'}: octets as an even number of hex digits, stored in lower case (§9.2). */
    record HexConstant(String hex) implements Constant {
        public HexConstant {
            Objects.requireNonNull(hex, "hex");
            if (hex.length() % 2 != 0) throw new IllegalArgumentException("odd number of hex digits: " + hex);
            for (int i = 0; i < hex.length(); i++) {
                char c = hex.charAt(i);
                if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                    throw new IllegalArgumentException("not a lower-case hex digit at " + i + ": " + hex);
                }
            }
        }

        /** The octets. */
        public byte[] bytes() {
            return HexFormat.of().parseHex(hex);
        }

        @Override
        public String typeName() {
            return "hex";
        }

        @Override
        public String toString() {
            return "h'" + hex + "'";
        }
    }

    /**
     * {@code b'ABI='}: octets in padded base64 (RFC 4648, §9.2), stored without the line feeds
     * the pattern may have had in it. Not empty: the grammar requires at least one quantum.
     */
    record BinaryConstant(String base64) implements Constant {
        public BinaryConstant {
            Objects.requireNonNull(base64, "base64");
            String problem = Lexer.base64Problem(base64, 0, base64.length(), false);
            if (problem != null) throw new IllegalArgumentException(problem + ": " + base64);
        }

        /** The octets. */
        public byte[] bytes() {
            return Base64.getDecoder().decode(base64);
        }

        @Override
        public String typeName() {
            return "binary";
        }

        @Override
        public String toString() {
            return "b'" + base64 + "'";
        }
    }

    /** {@code t'2014-01-13T07:03:17Z'}: a STIX timestamp (§2.16), kept as written. */
    record TimestampConstant(String value) implements Constant {
        public TimestampConstant {
            requireTimestamp(value);
        }

        /** The value as an instant. */
        public Instant instant() {
            return StixTimestamp.parse(value);
        }

        @Override
        public String typeName() {
            return "timestamp";
        }

        @Override
        public String toString() {
            return "t'" + value + "'";
        }

        static void requireTimestamp(String value) {
            Objects.requireNonNull(value, "timestamp");
            String problem = StixTimestamp.check(value);
            if (problem != null) throw new IllegalArgumentException(problem);
        }
    }
}
