package org.concord.federation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.concord.stix.Tlp;

/** STIX objects for sync tests. */
public final class Samples {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Samples() {}

    /** A valid indicator marked TLP:GREEN. */
    public static ObjectNode indicator(String id, String modified) {
        return indicator(id, modified, Tlp.GREEN);
    }

    public static ObjectNode indicator(String id, String modified, Tlp tlp) {
        ObjectNode o = JSON.createObjectNode()
                .put("type", "indicator").put("spec_version", "2.1").put("id", id)
                .put("created", "2026-01-01T00:00:00.000Z").put("modified", modified)
                .put("name", "bad domain").put("pattern", "[domain-name:value = 'evil-" + id.substring(id.length() - 12) + ".example']")
                .put("pattern_type", "stix").put("valid_from", "2026-01-01T00:00:00Z");
        o.putArray("indicator_types").add("malicious-activity");
        if (tlp != null) o.putArray("object_marking_refs").add(tlp.markingId());
        return o;
    }
}
