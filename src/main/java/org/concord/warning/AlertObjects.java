package org.concord.warning;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.concord.stix.StixObject;
import org.concord.stix.Tlp;

/**
 * Alerts as STIX objects: type {@code x-concord-alert}, a new SDO defined by the extension
 * definition {@link #EXTENSION_ID} that every node publishes (docs/warning.md gives the shape).
 * Writing and reading them; the alert's content is a function of its evidence, so two nodes with
 * the same evidence write the same alert but for {@code modified} and {@code created_by_ref}.
 */
final class AlertObjects {
    static final String TYPE = "x-concord-alert";
    /** The extension definition of x-concord-alert. Never change it. */
    static final String EXTENSION_ID = "extension-definition--35e418f5-edbf-45e5-bdd3-8c70dde87d0d";
    /** The identity that authors the extension definition: the Concord project. */
    static final String PROJECT_IDENTITY = "identity--8f5cf4a0-0f0b-4e8b-9a8c-4f6c0e0c9d01";
    private static final String DEFINED = "2026-01-01T00:00:00.000Z";
    /** The current version of the extension definition (1.1.0: the window is the one the threshold was reached in). */
    private static final String REVISED = "2026-11-24T00:00:00.000Z";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Rule rule;
    private final String creator;
    private final Severity severity;

    AlertObjects(Rule rule, String creator, Severity severity) {
        this.rule = rule;
        this.creator = creator;
        this.severity = severity;
    }

    /** An alert as stored, read back. */
    record Stored(String id, String key, String ruleId, long windowStart, String created, String modified,
                  List<Evidence> evidence, List<String> indicatorRefs, int tlp) {}

    /** The alert id of a draft. */
    String id(Draft d) {
        return Ids.alert(d.key(), rule, Times.format(d.windowStart()));
    }

    /**
     * The alert for {@code d}'s key and window with {@code evidence} (sorted) and
     * {@code indicatorRefs}, versioned {@code modified}.
     */
    StixObject build(Draft d, List<Evidence> evidence, List<String> indicatorRefs, String modified) {
        TreeSet<String> groups = new TreeSet<>(), sectors = new TreeSet<>();
        int tlp = Tlp.CLEAR.ordinal();
        for (Evidence e : evidence) {
            switch (rule.groupBy()) {
                case COUNTRY -> {
                    if (e.country() != null) groups.add(e.country());
                }
                case SECTOR -> groups.addAll(e.sectors());
                case MEMBER -> {
                    if (e.member() != null) groups.add(e.member());
                }
            }
            sectors.addAll(e.sectors());
            tlp = Math.max(tlp, e.tlp());
        }
        Severity.Score score = severity.of(groups.size(), rule.threshold(), evidence, d.targets());
        String start = Times.format(d.windowStart());
        ObjectNode a = NODES.objectNode();
        a.put("type", TYPE).put("spec_version", "2.1").put("id", id(d))
                .put("created", start).put("modified", modified).put("created_by_ref", creator)
                .put("name", d.key() + " sighted in " + groups.size() + " " + rule.plural() + " within " + rule.windowText())
                .put("key", d.key());
        a.putObject("rule").put("group_by", rule.groupBy().label()).put("threshold", rule.threshold())
                .put("window", rule.window().toString());
        a.put("window_start", start).put("window_end", Times.format(d.windowStart() + rule.windowMicros()));
        groups.forEach(a.putArray("groups")::add);
        if (!sectors.isEmpty()) sectors.forEach(a.putArray("sectors")::add);
        a.put("severity_score", score.value()).put("severity_level", score.level());
        if (!indicatorRefs.isEmpty()) indicatorRefs.forEach(a.putArray("indicator_refs")::add);
        ArrayNode ev = a.putArray("evidence");
        for (Evidence e : evidence) {
            ObjectNode line = ev.addObject().put("sighting_ref", e.sightingRef());
            if (e.member() != null) line.put("member", e.member());
            if (e.country() != null) line.put("country", e.country());
            if (!e.sectors().isEmpty()) e.sectors().forEach(line.putArray("sectors")::add);
            line.put("count", e.count()).put("first_seen", Times.format(e.first())).put("last_seen", Times.format(e.last()));
        }
        a.putArray("object_marking_refs").add(Tlp.values()[tlp].markingId());
        a.putObject("extensions").putObject(EXTENSION_ID).put("extension_type", "new-sdo");
        return StixObject.of(a);
    }

    /** Reads an alert; null when {@code o} is not one this code can read (another shape, another version). */
    static Stored parse(StixObject o) {
        if (!o.type().equals(TYPE)) return null;
        try {
            JsonNode a = JSON.readTree(o.canonical());
            JsonNode r = a.path("rule");
            String ruleId = r.path("group_by").asText() + ":" + r.path("threshold").asInt() + ":"
                    + Duration.parse(r.path("window").asText()).toString();
            int tlp = Tlp.strictestOf(o.markingRefs()).orElse(Tlp.CLEAR).ordinal();
            List<Evidence> evidence = new ArrayList<>();
            for (JsonNode line : a.path("evidence")) {
                List<String> sectors = new ArrayList<>();
                for (JsonNode s : line.path("sectors")) sectors.add(s.asText());
                evidence.add(new Evidence(line.path("sighting_ref").asText(), text(line, "member"), text(line, "country"), sectors,
                        line.path("count").asLong(), Times.micros(line.path("first_seen").asText()),
                        Times.micros(line.path("last_seen").asText()), tlp));
            }
            List<String> indicators = new ArrayList<>();
            for (JsonNode i : a.path("indicator_refs")) indicators.add(i.asText());
            return new Stored(o.id(), a.path("key").asText(), ruleId, Times.micros(a.path("window_start").asText()),
                    o.created(), o.modified(), Evidence.union(evidence, List.of()), indicators, tlp);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || !v.isTextual() ? null : v.textValue();
    }

    /** The union of two sorted id lists. */
    static List<String> union(List<String> a, List<String> b) {
        Set<String> s = new TreeSet<>(a);
        s.addAll(b);
        return List.copyOf(s);
    }

    /**
     * What every node publishes once: the Concord project's identity and the extension definition
     * of x-concord-alert (fixed content, so every node's copy is the same version).
     */
    static List<StixObject> definitions() {
        ObjectNode identity = NODES.objectNode();
        identity.put("type", "identity").put("spec_version", "2.1").put("id", PROJECT_IDENTITY).put("created", DEFINED)
                .put("modified", DEFINED).put("name", "Concord").put("identity_class", "organization")
                .put("description", "The Concord project, author of Concord's STIX extensions.");
        identity.putArray("object_marking_refs").add(Tlp.CLEAR.markingId());
        ObjectNode ext = NODES.objectNode();
        ext.put("type", "extension-definition").put("spec_version", "2.1").put("id", EXTENSION_ID)
                .put("created_by_ref", PROJECT_IDENTITY).put("created", DEFINED).put("modified", REVISED)
                .put("name", "Concord early-warning alert")
                .put("description", "An early warning: one correlation key sighted by enough distinct countries, sectors or"
                        + " members within one window length. Every node derives the same id from key, rule and the"
                        + " aligned window in which the threshold was reached.")
                .put("schema", SCHEMA).put("version", "1.1.0");
        ext.putArray("extension_types").add("new-sdo");
        ext.putArray("object_marking_refs").add(Tlp.CLEAR.markingId());
        return List.of(StixObject.of(identity), StixObject.of(ext));
    }

    /** The definition, in plain text (STIX 2.1 §7.3 allows a URL or plain text). */
    static final String SCHEMA = """
            x-concord-alert (new SDO). Common properties: type, spec_version, id, created (= window_start), modified, \
            created_by_ref (the node that wrote this version), object_marking_refs (the strictest TLP of the evidence), \
            extensions. Specific properties: name (string); key (string, the correlation key: kind:value); \
            rule (object: group_by country|sector|member, threshold integer, window ISO-8601 duration); \
            window_start, window_end (timestamps: the window, aligned on multiples of the rule window since the epoch, \
            in which a sighting brought the groups sighted within one window length before it to the threshold; \
            evidence may lie up to one window before window_start); \
            groups (list of string, the distinct groups reached, sorted); sectors (list of string, sorted); \
            severity_score (number 0-100); severity_level (low|medium|high|critical); indicator_refs (list of indicator ids); \
            evidence (list of objects: sighting_ref, member (optional), country (optional), sectors (optional), count, \
            first_seen, last_seen). id = x-concord-alert--UUIDv5(a3f1f0c2-6a55-4f0e-8a0e-2f4b7f7c9d11, \
            key + "|" + group_by + ":" + threshold + ":" + window + "|" + window_start).""";
}
