package org.concord.federation;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The entries of one of the members a Concord sender puts beside {@code objects} in an envelope
 * ({@code x_concord_provenance}, {@code x_concord_handling}, {@code x_concord_signatures};
 * docs/federation.md, wire additions), by the (id, version) each names, and what was wrong with
 * those that could not be read. An entry that names no (id, version) concerns none of the objects;
 * one that cannot be read, or that is repeated with another value, makes its version's entry
 * unreadable; a member that is not an array makes every entry of the envelope unreadable.
 *
 * @param <T> what an entry says
 */
public final class EnvelopeClaims<T> {
    private static final EnvelopeClaims<?> NONE = new EnvelopeClaims<>(Map.of(), Map.of(), null);

    private final Map<String, T> byVersion;
    private final Map<String, String> problems;
    private final String malformed;

    private EnvelopeClaims(Map<String, T> byVersion, Map<String, String> problems, String malformed) {
        this.byVersion = byVersion;
        this.problems = problems;
        this.malformed = malformed;
    }

    /** No member: no entries. */
    @SuppressWarnings("unchecked")
    public static <T> EnvelopeClaims<T> none() {
        return (EnvelopeClaims<T>) NONE;
    }

    /**
     * Reads the member named {@code name} (null or missing: no entries); {@code read} makes the value
     * of one entry or throws an {@link IllegalArgumentException} saying what is wrong with it.
     */
    public static <T> EnvelopeClaims<T> parse(JsonNode member, String name, Function<JsonNode, T> read) {
        if (member == null || member.isMissingNode() || member.isNull()) return none();
        if (!member.isArray()) return new EnvelopeClaims<>(Map.of(), Map.of(), name + " is not an array");
        Map<String, T> claims = new HashMap<>();
        Map<String, String> problems = new HashMap<>();
        for (int i = 0; i < member.size(); i++) {
            JsonNode e = member.get(i);
            String id = e.path("id").isTextual() ? e.get("id").textValue() : null;
            String version = e.path("version").isTextual() ? e.get("version").textValue() : null;
            if (id == null || version == null) continue;
            String key = key(id, version);
            try {
                T value = read.apply(e);
                T before = claims.putIfAbsent(key, value);
                // an object may go twice in one envelope (a companion several releases share), saying the same
                if (before != null && !before.equals(value)) problems.put(key, name + "[" + i + "] repeats the entry of " + id + " @ "
                        + version + " with something else");
            } catch (IllegalArgumentException ex) {
                problems.put(key, name + "[" + i + "]: " + ex.getMessage());
            }
        }
        for (String k : problems.keySet()) claims.remove(k);
        return new EnvelopeClaims<>(Map.copyOf(claims), Map.copyOf(problems), null);
    }

    /** What the entry of {@code (id, version)} says, or null when there is none that could be read. */
    public T of(String id, String version) {
        return byVersion.get(key(id, version));
    }

    /** Why the entry of {@code (id, version)} cannot be believed, or null. */
    public String problem(String id, String version) {
        if (malformed != null) return malformed;
        return problems.get(key(id, version));
    }

    private static String key(String id, String version) {
        return id + "\n" + (version == null ? "" : version);
    }
}
