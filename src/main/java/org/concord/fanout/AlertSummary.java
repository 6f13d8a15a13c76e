package org.concord.fanout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.concord.stix.StixObject;
import org.concord.stix.Tlp;

/**
 * What people are shown of one version of an {@code x-concord-alert} (docs/warning.md, "Alerts"):
 * read leniently, since alerts also come from partners' nodes — a property that is missing or of
 * the wrong type reads as absent rather than failing the whole list.
 *
 * @param id            the alert's id
 * @param modified      its version ({@code modified}, else {@code created}), or null
 * @param name          {@code name}, or null
 * @param key           the correlation key ({@code key}), or null
 * @param groups        the countries, sectors or members that sighted it ({@code groups})
 * @param severity      {@code severity_score} (0 to 100; {@code severity} in early drafts), or null
 * @param severityLevel {@code severity_level} ({@code low}, {@code medium}, {@code high}, {@code critical}), or null
 * @param windowStart   {@code window_start}, or null
 * @param windowEnd     {@code window_end}, or null
 * @param evidence      how many entries {@code evidence} lists
 * @param tlp           the strictest TLP marking, or null when it carries none
 */
public record AlertSummary(String id, String modified, String name, String key, List<String> groups, Double severity,
                           String severityLevel, String windowStart, String windowEnd, int evidence, Tlp tlp) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public AlertSummary {
        Objects.requireNonNull(id, "id");
        groups = List.copyOf(groups);
    }

    /** Reads the alert properties of {@code alert} (any object: what it lacks reads as absent). */
    public static AlertSummary of(StixObject alert) {
        JsonNode o;
        try {
            o = JSON.readTree(alert.canonical());
        } catch (IOException e) {
            throw new IllegalStateException("stored canonical JSON did not parse: " + alert.id(), e);
        }
        List<String> groups = new ArrayList<>();
        for (JsonNode g : o.path("groups")) if (g.isTextual()) groups.add(g.textValue());
        JsonNode severity = o.has("severity_score") ? o.get("severity_score") : o.get("severity"); // "severity" is reserved in STIX 2.1
        JsonNode evidence = o.get("evidence");
        return new AlertSummary(alert.id(), alert.version(), text(o, "name"), text(o, "key"), groups,
                severity != null && severity.isNumber() ? severity.doubleValue() : null, text(o, "severity_level"),
                text(o, "window_start"), text(o, "window_end"), evidence != null && evidence.isArray() ? evidence.size() : 0,
                Tlp.strictestOf(alert.markingRefs()).orElse(null));
    }

    private static String text(JsonNode o, String field) {
        JsonNode v = o.get(field);
        return v != null && v.isTextual() ? v.textValue() : null;
    }
}
