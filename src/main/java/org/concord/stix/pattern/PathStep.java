package org.concord.stix.pattern;

import java.util.Objects;

/** One step of an {@link ObjectPath} after the object type (STIX 2.1 §9.7). */
public sealed interface PathStep {

    /** A property name or dictionary key, e.g. {@code hashes} or {@code SHA-256}. */
    record Key(String name) implements PathStep {
        public Key {
            Objects.requireNonNull(name, "name");
        }

        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            Render.key(sb, name);
            return sb.toString();
        }
    }

    /** A list index, {@code [0]}; the grammar allows negative ones. */
    record Index(int index) implements PathStep {
        @Override
        public String toString() {
            return "[" + index + "]";
        }
    }

    /** Every item of a list, {@code [*]} (§9.7.2). */
    record AnyIndex() implements PathStep {
        @Override
        public String toString() {
            return "[*]";
        }
    }
}
