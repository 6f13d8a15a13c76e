package org.concord;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.UUID;

/** STIX objects tests of several packages make alike. */
public final class TestObjects {
    private static final ObjectMapper JSON = new ObjectMapper();

    private TestObjects() {}

    /** A valid indicator with a new random id, its pattern naming a domain made from that id. */
    public static ObjectNode randomIndicator() {
        String id = "indicator--" + UUID.randomUUID();
        ObjectNode o = JSON.createObjectNode()
                .put("type", "indicator").put("spec_version", "2.1").put("id", id)
                .put("created", "2024-01-01T00:00:00.000Z").put("modified", "2024-01-01T00:00:00.000Z")
                .put("name", "bad domain").put("pattern", "[domain-name:value = 'evil-" + id.substring(id.length() - 12) + ".example']")
                .put("pattern_type", "stix").put("valid_from", "2024-01-01T00:00:00Z");
        o.putArray("indicator_types").add("malicious-activity");
        return o;
    }
}
