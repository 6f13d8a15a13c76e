package org.concord.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Where personal data sits in an object, as an agreement names it: {@code [type:]step(.step)*}.
 *
 * <ul>
 *   <li>A single property name ({@code contact_information}) matches that property at any depth
 *       of the object (extensions and embedded objects included).</li>
 *   <li>A dotted path ({@code x_reporter.email}) starts at the top of the object; a list met on
 *       the way is entered item by item, or one item is named with {@code [index]}, as in STIX
 *       granular-marking selectors ({@code external_references.[0].url}).</li>
 *   <li>A type prefix ({@code email-addr:value}) limits the path to objects of that type. When the
 *       type is a cyber-observable type, its ids are also pseudonymised wherever they appear (an
 *       observable's id is a UUIDv5 of its value, which anyone could recompute from a guess).</li>
 * </ul>
 *
 * <p>A matched value is replaced whole (every string in it, for a list or object) or removed.
 * The envelope ({@code type}, {@code id}, {@code spec_version}, {@code created},
 * {@code modified}), the markings and references ({@code *_ref}, {@code *_refs}) cannot be named.
 *
 * @param type  the object type the path applies to, or null for every type
 * @param steps property names (String) and list indexes (Integer)
 * @param text  the path as written
 */
public record PiiPath(String type, List<Object> steps, String text) {
    private static final Set<String> PROTECTED = Set.of("type", "id", "spec_version", "created", "modified",
            "object_marking_refs", "granular_markings");

    public PiiPath {
        Objects.requireNonNull(steps, "steps");
        Objects.requireNonNull(text, "text");
        steps = List.copyOf(steps);
        if (steps.isEmpty() || !(steps.get(0) instanceof String)) {
            throw new IllegalArgumentException("a PII path starts with a property name: " + text);
        }
    }

    /** Whether the path names a property at any depth (a single property name). */
    public boolean anywhere() {
        return steps.size() == 1;
    }

    /**
     * Parses a path as an agreement writes it.
     *
     * @throws IllegalArgumentException saying what is wrong with {@code text}
     */
    public static PiiPath parse(String text) {
        String rest = text.strip();
        String type = null;
        int colon = rest.indexOf(':');
        if (colon >= 0) {
            type = rest.substring(0, colon);
            rest = rest.substring(colon + 1);
            if (!type.matches("[a-z0-9][a-z0-9-]{1,248}[a-z0-9]")) {
                throw new IllegalArgumentException("the type before ':' must be a STIX type name (\"email-addr:value\"): " + text);
            }
        }
        if (rest.isEmpty()) throw new IllegalArgumentException("a PII path names a property: \"" + text + "\"");
        List<Object> steps = new ArrayList<>();
        for (String step : rest.split("\\.", -1)) {
            if (step.isEmpty()) throw new IllegalArgumentException("a PII path has an empty step: " + text);
            if (step.startsWith("[")) {
                if (!step.matches("\\[[0-9]{1,9}]")) {
                    throw new IllegalArgumentException("a list index is written [0], [1], ...: " + step + " in " + text);
                }
                steps.add(Integer.parseInt(step, 1, step.length() - 1, 10));
            } else {
                steps.add(step);
            }
        }
        String first = (String) steps.get(0);
        for (Object s : steps) {
            if (s instanceof String name && (name.endsWith("_ref") || name.endsWith("_refs"))) {
                throw new IllegalArgumentException("a PII path cannot name a reference (" + name + " in " + text
                        + "); name the referenced object's property instead, e.g. \"identity:contact_information\","
                        + " or choose how sightings disclose their reporter with \"sightings\"");
            }
        }
        if (PROTECTED.contains(first)) {
            throw new IllegalArgumentException("a PII path cannot name " + first
                    + " (the envelope and the markings must stay): " + text);
        }
        return new PiiPath(type, steps, text.strip());
    }

    /** Whether the path applies to objects of {@code objectType}. */
    boolean appliesTo(String objectType) {
        return type == null || type.equals(objectType);
    }

    @Override
    public String toString() {
        return text;
    }
}
