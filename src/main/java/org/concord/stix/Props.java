package org.concord.stix;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The vocabulary of the per-type property tables: what a property's value must be ({@link Prop}),
 * an object's shape ({@link Shape}) and rules that span properties ({@link Constraint}). Messages
 * say what is wrong with the value; pointers are RFC 6901.
 */
final class Props {
    private Props() {}

    /** A check of one property value, found at {@code ptr}. */
    @FunctionalInterface
    interface Prop {
        void check(JsonNode v, String ptr, Findings f);
    }

    /**
     * A check with a fast path: {@link #accepts} says, without allocating, whether the value is
     * fine; only when it is not is the pointer built and {@link #check} asked to say why.
     */
    interface Leaf extends Prop {
        boolean accepts(JsonNode v);
    }

    static Leaf leaf(Predicate<JsonNode> accepts, Prop explain) {
        return new Leaf() {
            @Override
            public boolean accepts(JsonNode v) {
                return accepts.test(v);
            }

            @Override
            public void check(JsonNode v, String ptr, Findings f) {
                if (!accepts.test(v)) explain.check(v, ptr, f);
            }
        };
    }

    /** Checks {@code v}, found at {@code base + relative}, building that pointer only if needed. */
    static void checkAt(Prop prop, JsonNode v, String base, String relative, Findings f) {
        if (prop instanceof Leaf leaf && leaf.accepts(v)) return;
        prop.check(v, base.isEmpty() ? relative : base + relative, f);
    }

    /** A rule over several properties of the object at {@code ptr}. */
    @FunctionalInterface
    interface Constraint {
        void check(JsonNode o, String ptr, Findings f);
    }

    /** A property of a shape, with its pointer relative to the shape. */
    record Field(String name, String pointer, Prop prop) {}

    /** Which object types a reference may name. */
    record Target(String description, Predicate<String> allows) {}

    /**
     * The properties an object (or an embedded structure) may have, those it must have, and the
     * rules spanning them. Properties not listed are custom and checked only for their form.
     */
    static final class Shape {
        final Map<String, Field> fields;
        final String[] required;
        final Constraint[] constraints;

        Shape(Map<String, Field> fields, String[] required, Constraint[] constraints) {
            this.fields = fields;
            this.required = required;
            this.constraints = constraints;
        }

        /** Checks an embedded object at {@code ptr}; its unknown properties are not checked. */
        void checkEmbedded(JsonNode o, String ptr, Findings f) {
            if (!o.isObject()) {
                f.add(ptr, "type", "must be an object, not " + kind(o));
                return;
            }
            Iterator<Map.Entry<String, JsonNode>> it = o.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                Field field = fields.get(e.getKey());
                if (field != null) {
                    checkAt(field.prop, e.getValue(), ptr, field.pointer, f);
                } else {
                    checkJson(e.getValue(), ptr + "/" + Values.pointerToken(e.getKey()), f);
                }
            }
            checkRequiredAndConstraints(o, ptr, f);
        }

        void checkRequiredAndConstraints(JsonNode o, String ptr, Findings f) {
            for (String name : required) {
                if (!o.has(name)) f.add(ptr + "/" + name, "required", name + " is required");
            }
            for (Constraint c : constraints) c.check(o, ptr, f);
        }
    }

    /** Builds a {@link Shape}. */
    static final class ShapeBuilder {
        private final Map<String, Field> fields = new HashMap<>();
        private final Set<String> required = new LinkedHashSet<>();
        private Constraint[] constraints = new Constraint[0];

        ShapeBuilder include(Shape base) {
            fields.putAll(base.fields);
            required.addAll(Arrays.asList(base.required));
            constraints = concat(constraints, base.constraints);
            return this;
        }

        ShapeBuilder opt(String name, Prop prop) {
            fields.put(name, new Field(name, "/" + name, prop));
            return this;
        }

        ShapeBuilder req(String name, Prop prop) {
            opt(name, prop);
            required.add(name);
            return this;
        }

        ShapeBuilder rule(Constraint... more) {
            constraints = concat(constraints, more);
            return this;
        }

        Shape build() {
            return new Shape(Map.copyOf(fields), required.toArray(String[]::new), constraints.clone());
        }

        private static Constraint[] concat(Constraint[] a, Constraint[] b) {
            Constraint[] all = Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, all, a.length, b.length);
            return all;
        }
    }

    static ShapeBuilder shape() {
        return new ShapeBuilder();
    }

    // ---- value kinds ----

    static final Prop STRING = leaf(JsonNode::isTextual, (v, p, f) -> f.add(p, "type", "must be a string, not " + kind(v)));

    static final Prop BOOLEAN = leaf(JsonNode::isBoolean, (v, p, f) -> f.add(p, "type", "must be a boolean, not " + kind(v)));

    static final Prop INTEGER = integer(Long.MIN_VALUE, Long.MAX_VALUE);

    static final Prop NUMBER = number(Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);

    static final Prop TIMESTAMP = timestamp(Precision.ANY);

    /** created, modified: at least millisecond precision (§3.2). */
    static final Prop TIMESTAMP_MILLIS = timestamp(Precision.MILLIS);

    /** Whole seconds, no fraction (windows-pebinary-ext time_date_stamp, §6.7). */
    static final Prop TIMESTAMP_SECONDS = timestamp(Precision.SECONDS);

    static final Prop STRINGS = list(STRING);

    static final Prop HEX = format(Values::isHex, "hex (an even number of hex digits)");

    static final Prop BINARY = format(Values::isBase64, "base64 binary (RFC 4648)");

    static final Prop URL = format(Values::isUri, "an absolute URL (RFC 3986)");

    /** A dictionary whose values are any JSON but null or an empty list (§2.3). */
    static final Prop DICT = dict(null);

    enum Precision { ANY, MILLIS, SECONDS }

    static Prop integer(long min, long max) {
        return leaf(v -> isInteger(v) && isSafeInteger(v) && v.longValue() >= min && v.longValue() <= max, (v, p, f) -> {
            if (!isInteger(v)) {
                f.add(p, "type", "must be an integer, not " + kind(v));
            } else if (!isSafeInteger(v)) {
                f.add(p, "i-json", "integer is outside ±(2^53-1), which JSON cannot carry exactly: " + v.asText());
            } else {
                long x = v.longValue();
                if (x < min || x > max) f.add(p, "range", "must be " + range(min, max) + ": " + x);
            }
        });
    }

    static Prop number(double min, double max) {
        return (v, p, f) -> {
            if (!v.isNumber()) {
                f.add(p, "type", "must be a number, not " + kind(v));
            } else if (v.isIntegralNumber() && !isSafe(v)) {
                f.add(p, "i-json", "integer is outside ±(2^53-1), which JSON cannot carry exactly: " + v.asText());
            } else {
                double x = v.doubleValue();
                if (x < min || x > max) f.add(p, "range", "must be between " + min + " and " + max + ": " + v.asText());
            }
        };
    }

    static Prop enumOf(String... allowed) {
        Set<String> set = Set.of(allowed);
        String list = String.join(", ", allowed);
        return leaf(v -> v.isTextual() && set.contains(v.textValue()), (v, p, f) -> {
            if (!v.isTextual()) {
                f.add(p, "type", "must be a string, not " + kind(v));
            } else {
                f.add(p, "enum", "must be one of " + list + ": " + Values.show(v.textValue()));
            }
        });
    }

    /** A string that {@code test} accepts; rule "format". */
    static Prop format(Predicate<String> test, String what) {
        return leaf(v -> v.isTextual() && test.test(v.textValue()), (v, p, f) -> {
            if (!v.isTextual()) {
                f.add(p, "type", "must be a string, not " + kind(v));
            } else {
                f.add(p, "format", "must be " + what + ": " + Values.show(v.textValue()));
            }
        });
    }

    /** A non-empty list (§2.11: empty lists are prohibited) whose items satisfy {@code item}. */
    static Prop list(Prop item) {
        return (v, p, f) -> {
            if (!v.isArray()) {
                f.add(p, "type", "must be a list, not " + kind(v));
            } else if (v.isEmpty()) {
                f.add(p, "empty", "must not be an empty list");
            } else if (item instanceof Leaf leaf) {
                for (int i = 0; i < v.size(); i++) {
                    JsonNode x = v.get(i);
                    if (!leaf.accepts(x)) item.check(x, p + "/" + i, f);
                }
            } else {
                for (int i = 0; i < v.size(); i++) item.check(v.get(i), p + "/" + i, f);
            }
        };
    }

    /** A reference (identifier) to an object of a type {@code target} allows. */
    static Prop ref(Target target) {
        return leaf(v -> v.isTextual() && Values.isIdentifier(v.textValue())
                && (target == null || target.allows.test(Values.identifierType(v.textValue()))), (v, p, f) -> {
            if (!v.isTextual()) {
                f.add(p, "type", "must be an identifier string, not " + kind(v));
                return;
            }
            String id = v.textValue();
            if (Values.isUpperCaseIdentifier(id)) {
                f.add(p, "uuid-case", "must write the UUID in lower-case hex (RFC 4122 §3): " + Values.show(id));
            } else if (!Values.isIdentifier(id)) {
                f.add(p, "ref-format", "must be an identifier (type--UUID): " + Values.show(id));
            } else if (target != null && !target.allows.test(Values.identifierType(id))) {
                f.add(p, "ref-type", "must refer to " + target.description + ", not " + Values.show(id));
            }
        });
    }

    static Prop refs(Target target) {
        return list(ref(target));
    }

    static Target only(String... types) {
        Set<String> set = Set.of(types);
        String description = types.length == 1 ? "a " + types[0] : "one of " + String.join(", ", types);
        return new Target(description, set::contains);
    }

    static Prop embedded(Shape shape) {
        return shape::checkEmbedded;
    }

    /**
     * A dictionary (§2.3): a non-empty object with keys of 1 to 250 ASCII letters, digits, '_' or
     * '-'; each value checked by {@code value}, or, when null, any JSON but null or an empty list.
     */
    static Prop dict(Prop value) {
        return dictionaryOf("a dictionary", (key, entry, kp, f) -> {
            if (!Values.isDictionaryKey(key, 1)) {
                f.add(kp, "property-name", "dictionary key must be 1-250 ASCII letters, digits, '_' or '-': " + Values.show(key));
            }
            if (value != null) {
                value.check(entry, kp, f);
            } else {
                checkValue(entry, kp, f);
            }
        });
    }

    /** One entry of a dictionary: its key, its value and the value's JSON pointer. */
    interface Entry {
        void check(String key, JsonNode value, String ptr, Findings f);
    }

    /**
     * A non-empty JSON object (described to the user as {@code what}), each entry checked by
     * {@code entry}.
     */
    static Prop dictionaryOf(String what, Entry entry) {
        return (v, p, f) -> {
            if (!v.isObject()) {
                f.add(p, "type", "must be " + what + " (JSON object), not " + kind(v));
                return;
            }
            if (v.isEmpty()) f.add(p, "empty", "must not be an empty dictionary");
            Iterator<Map.Entry<String, JsonNode>> it = v.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                entry.check(e.getKey(), e.getValue(), p + "/" + Values.pointerToken(e.getKey()), f);
            }
        };
    }

    // ---- generic JSON checks ----

    /**
     * A property value the tables say nothing about (a custom property, a dictionary value): not
     * null, not an empty list, integers within I-JSON's exact range.
     */
    static void checkValue(JsonNode v, String p, Findings f) {
        if (v.isNull()) {
            f.add(p, "type", "must not be null (omit the property instead)");
        } else if (v.isArray() && v.isEmpty()) {
            f.add(p, "empty", "must not be an empty list (omit the property instead)");
        } else {
            checkJson(v, p, f);
        }
    }

    /** Only the I-JSON rule (RFC 7493 §2.2), at any depth. */
    static void checkJson(JsonNode v, String p, Findings f) {
        if (v.isContainerNode()) {
            if (v.isArray()) {
                for (int i = 0; i < v.size(); i++) {
                    JsonNode child = v.get(i);
                    if (child.isContainerNode() || child.isIntegralNumber()) checkJson(child, p + "/" + i, f);
                }
            } else {
                Iterator<Map.Entry<String, JsonNode>> it = v.fields();
                while (it.hasNext()) {
                    Map.Entry<String, JsonNode> e = it.next();
                    JsonNode child = e.getValue();
                    if (child.isContainerNode() || child.isIntegralNumber()) {
                        checkJson(child, p + "/" + Values.pointerToken(e.getKey()), f);
                    }
                }
            }
        } else if (v.isIntegralNumber() && !isSafe(v)) {
            f.add(p, "i-json", "integer is outside ±(2^53-1), which JSON cannot carry exactly: " + v.asText());
        }
    }

    static boolean isInteger(JsonNode v) {
        if (v.isIntegralNumber()) return true;
        // JSON has one number type: 5.0 is the integer 5 (as JSON Schema also counts it)
        return v.isFloatingPointNumber() && Double.isFinite(v.doubleValue()) && v.doubleValue() == Math.rint(v.doubleValue());
    }

    /** An integer value (of either JSON spelling) within ±(2^53-1). */
    static boolean isSafeInteger(JsonNode v) {
        if (!v.canConvertToLong()) return false;
        long x = v.longValue();
        return x >= -Canonical.MAX_SAFE_INTEGER && x <= Canonical.MAX_SAFE_INTEGER;
    }

    /** Not an integer literal beyond ±(2^53-1) (RFC 7493 §2.2). */
    static boolean isSafe(JsonNode v) {
        if (v.canConvertToLong()) {
            long x = v.longValue();
            return x >= -Canonical.MAX_SAFE_INTEGER && x <= Canonical.MAX_SAFE_INTEGER;
        }
        return !v.isIntegralNumber();
    }

    private static Prop timestamp(Precision precision) {
        return leaf(v -> v.isTextual() && StixTimestamp.check(v.textValue()) == null && precise(v.textValue(), precision),
                (v, p, f) -> timestamp(v, p, f, precision));
    }

    private static boolean precise(String s, Precision precision) {
        return switch (precision) {
            case ANY -> true;
            case MILLIS -> s.length() >= 24 && s.charAt(19) == '.';
            case SECONDS -> s.length() == 20;
        };
    }

    private static void timestamp(JsonNode v, String p, Findings f, Precision precision) {
        if (!v.isTextual()) {
            f.add(p, "type", "must be a timestamp string, not " + kind(v));
            return;
        }
        String s = v.textValue();
        String problem = StixTimestamp.check(s);
        if (problem != null) {
            f.add(p, problem.startsWith("no such date") ? "timestamp-date" : "timestamp", problem);
        } else if (!precise(s, precision)) {
            f.add(p, "timestamp-precision", precision == Precision.MILLIS
                    ? "must be precise to at least the millisecond: " + Values.show(s)
                    : "must be precise to the second, without a fraction: " + Values.show(s));
        }
    }

    private static String range(long min, long max) {
        if (max == Long.MAX_VALUE) return ">= " + min;
        if (min == Long.MIN_VALUE) return "<= " + max;
        return min + ".." + max;
    }

    /** The JSON type of {@code v}, for messages. */
    static String kind(JsonNode v) {
        return switch (v.getNodeType()) {
            case ARRAY -> "a list";
            case OBJECT -> "an object";
            case STRING -> "a string";
            case NUMBER -> "the number " + v.asText();
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> v.getNodeType().toString().toLowerCase();
        };
    }

    // ---- constraints spanning properties ----

    /** At least one of {@code names} must be present. */
    static Constraint atLeastOne(String... names) {
        String list = String.join(", ", names);
        return (o, p, f) -> {
            for (String n : names) if (o.has(n)) return;
            f.add(p, "at-least-one", "at least one of " + list + " is required");
        };
    }

    /** Not both of {@code a} and {@code b}. */
    static Constraint exclusive(String a, String b) {
        return (o, p, f) -> {
            if (o.has(a) && o.has(b)) f.add(p + "/" + b, "exclusive", b + " must not be present together with " + a);
        };
    }

    /** When {@code present} is there, {@code needed} must be too. */
    static Constraint dependency(String present, String needed) {
        return (o, p, f) -> {
            if (o.has(present) && !o.has(needed)) {
                f.add(p + "/" + needed, "dependency", needed + " is required when " + present + " is present");
            }
        };
    }

    /**
     * {@code later} must not be before {@code earlier} (or must be strictly after it); both must be
     * valid timestamps for the rule to apply. Rule "time-order".
     */
    static Constraint timeOrder(String earlier, String later, boolean strict) {
        return (o, p, f) -> {
            JsonNode a = o.get(earlier), b = o.get(later);
            if (a == null || b == null || !a.isTextual() || !b.isTextual()) return;
            String x = a.textValue(), y = b.textValue();
            if (!StixTimestamp.isValid(x) || !StixTimestamp.isValid(y)) return;
            int c = StixTimestamp.sortKey(y).compareTo(StixTimestamp.sortKey(x));
            if (c < 0 || (strict && c == 0)) {
                f.add(p + "/" + later, "time-order", later + " must be " + (strict ? "later than " : "at or after ")
                        + earlier + " (" + x + "): " + y);
            }
        };
    }
}
