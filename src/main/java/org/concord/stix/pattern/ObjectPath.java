package org.concord.stix.pattern;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What a comparison looks at (STIX 2.1 §9.7): an object type and a path of property names and
 * list indices, e.g. {@code file:extensions.'windows-pebinary-ext'.sections[*].entropy}.
 *
 * <p>The type follows the grammar (letters, digits, {@code _} and {@code -}, not starting with a
 * digit or hyphen, not a keyword). The first step is always a {@link PathStep.Key}. Keys are
 * stored unquoted; {@code toString()} quotes those that need it.
 */
public record ObjectPath(String objectType, List<PathStep> steps) {
    public ObjectPath {
        Objects.requireNonNull(objectType, "objectType");
        if (!Render.isObjectType(objectType)) throw new IllegalArgumentException("not an object type: " + objectType);
        steps = List.copyOf(steps);
        if (steps.isEmpty() || !(steps.getFirst() instanceof PathStep.Key)) {
            throw new IllegalArgumentException("an object path starts with a property name: " + steps);
        }
    }

    /** A path of property names only, e.g. {@code of("file", "hashes", "SHA-256")}. */
    public static ObjectPath of(String objectType, String... keys) {
        return new ObjectPath(objectType, Arrays.stream(keys).<PathStep>map(PathStep.Key::new).toList());
    }

    /** The path after the colon in canonical form, e.g. {@code hashes.'SHA-256'}. */
    public String property() {
        StringBuilder sb = new StringBuilder();
        Render.steps(sb, steps);
        return sb.toString();
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(objectType).append(':');
        Render.steps(sb, steps);
        return sb.toString();
    }
}
