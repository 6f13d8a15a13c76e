package org.concord.federation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.concord.stix.Tlp;

/**
 * One entry of the {@code x_concord_handling} envelope member (docs/federation.md, wire
 * additions): the TLP level the sender handles a version at that carries no TLP marking of its
 * own (its handling level, or the sender's default). The version's bytes stay the producer's; the
 * level travels beside them, and a Concord receiver records it as the version's handling level.
 *
 * <pre>{"id": "indicator--…", "version": "2026-01-02T03:04:05.000Z", "tlp": "amber"}</pre>
 *
 * @param version the object's {@code modified}, else {@code created}, else ""
 */
public record HandlingClaim(String id, String version, Tlp tlp) {
    /** The envelope member's name. */
    public static final String MEMBER = org.concord.taxii.PartnerInbox.HANDLING_MEMBER;

    public HandlingClaim {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(tlp, "tlp");
    }

    /** The level as written on the wire: {@code clear}, {@code green}, {@code amber}, {@code amber+strict}, {@code red}. */
    public static String wire(Tlp tlp) {
        return tlp.label().substring(4).toLowerCase(Locale.ROOT);
    }

    /** This entry as JSON. */
    public ObjectNode toJson() {
        return JsonNodeFactory.instance.objectNode().put("id", id).put("version", version).put("tlp", wire(tlp));
    }

    /**
     * The entries of an {@code x_concord_handling} member by (id, version), and what was wrong with
     * those that could not be read (a member that is not an array: all of them).
     */
    public record Claims(Map<String, Tlp> byVersion, Map<String, String> problems, String malformed) {
        public static final Claims NONE = new Claims(Map.of(), Map.of(), null);

        /** The level claimed for {@code (id, version)}, or null when the sender gave none. */
        public Tlp of(String id, String version) {
            return byVersion.get(ProvenanceClaim.key(id, version));
        }

        /** Why the level claimed for {@code (id, version)} cannot be read, or null. */
        public String problem(String id, String version) {
            if (malformed != null) return malformed;
            return problems.get(ProvenanceClaim.key(id, version));
        }
    }

    /** Reads the member (null or missing: no claims). */
    public static Claims parse(JsonNode member) {
        if (member == null || member.isMissingNode() || member.isNull()) return Claims.NONE;
        if (!member.isArray()) return new Claims(Map.of(), Map.of(), MEMBER + " is not an array");
        Map<String, Tlp> claims = new HashMap<>();
        Map<String, String> problems = new HashMap<>();
        for (int i = 0; i < member.size(); i++) {
            JsonNode e = member.get(i);
            String id = e.path("id").isTextual() ? e.get("id").textValue() : null;
            String version = e.path("version").isTextual() ? e.get("version").textValue() : null;
            if (id == null || version == null) continue; // names no version: concerns none of the objects
            String key = ProvenanceClaim.key(id, version);
            Tlp level = null;
            if (e.path("tlp").isTextual()) {
                try {
                    level = Tlp.parse(e.get("tlp").textValue());
                } catch (IllegalArgumentException ex) {
                    level = null;
                }
            }
            if (level == null) problems.put(key, MEMBER + "[" + i + "]: tlp must be clear, green, amber, amber+strict or red");
            else if (claims.putIfAbsent(key, level) != null) problems.put(key, MEMBER + "[" + i + "] repeats the entry of " + id + " @ " + version);
        }
        for (String k : problems.keySet()) claims.remove(k);
        return new Claims(Map.copyOf(claims), Map.copyOf(problems), null);
    }
}
