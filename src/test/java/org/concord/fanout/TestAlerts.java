package org.concord.fanout;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.concord.stix.StixObject;
import org.concord.stix.StixTimestamp;
import org.concord.stix.Tlp;

/**
 * {@code x-concord-alert} objects of the shape docs/warning.md fixes, written straight into an
 * alerts collection by tests (the correlator that raises them is another capability).
 */
public final class TestAlerts {
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final String EXTENSION = "extension-definition--35e418f5-edbf-45e5-bdd3-8c70dde87d0d";

    private TestAlerts() {}

    /** A new alert id. */
    public static String newId() {
        return "x-concord-alert--" + UUID.randomUUID();
    }

    /** An alert on {@code key} sighted in {@code groups}, at {@code level} (severity follows the level), TLP:GREEN. */
    public static StixObject alert(String id, String key, Instant modified, String level, List<String> groups) {
        return StixObject.of(json(id, key, modified, level, groups, Tlp.GREEN));
    }

    /** The same, under {@code tlp} (null: no TLP marking). */
    public static StixObject alert(String id, String key, Instant modified, String level, List<String> groups, Tlp tlp) {
        return StixObject.of(json(id, key, modified, level, groups, tlp));
    }

    /** A GREEN, high alert of a new id on {@code key} in DE, EE and FI. */
    public static StixObject alert(String key) {
        return alert(newId(), key, Instant.now(), "high", List.of("DE", "EE", "FI"));
    }

    public static ObjectNode json(String id, String key, Instant modified, String level, List<String> groups, Tlp tlp) {
        Instant end = modified.truncatedTo(ChronoUnit.HOURS);
        String created = StixTimestamp.formatMillis(modified.minusSeconds(3600));
        ObjectNode o = JSON.createObjectNode()
                .put("type", AlertFeed.ALERT_TYPE).put("spec_version", "2.1").put("id", id)
                .put("created", created).put("modified", StixTimestamp.formatMillis(modified))
                .put("created_by_ref", "identity--b3c6c0a4-4d43-4f4e-9d59-7ad1f4b3d0a1")
                .put("name", key + " sighted in " + groups.size() + " countries within 24 h")
                .put("key", key);
        o.putObject("rule").put("group_by", "country").put("threshold", 3).put("window", "PT24H");
        o.put("window_start", StixTimestamp.formatMillis(end.minusSeconds(86_400)))
                .put("window_end", StixTimestamp.formatMillis(end));
        ArrayNode g = o.putArray("groups");
        groups.forEach(g::add);
        o.putArray("sectors").add("energy");
        double severity = switch (level) {
            case "low" -> 20;
            case "medium" -> 45.5;
            case "high" -> 72.5;
            default -> 91;
        };
        o.put("severity_score", severity).put("severity_level", level);
        o.putArray("indicator_refs").add("indicator--" + UUID.nameUUIDFromBytes(key.getBytes()));
        ArrayNode evidence = o.putArray("evidence");
        for (String country : groups) {
            evidence.addObject().put("sighting_ref", "sighting--" + UUID.nameUUIDFromBytes((key + country).getBytes()))
                    .put("country", country).put("count", 3)
                    .put("first_seen", created).put("last_seen", StixTimestamp.formatMillis(modified))
                    .putArray("sectors").add("energy");
        }
        if (tlp != null) o.putArray("object_marking_refs").add(tlp.markingId());
        o.putObject("extensions").putObject(EXTENSION).put("extension_type", "new-sdo");
        return o;
    }
}
