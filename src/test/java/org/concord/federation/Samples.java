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

    /** MITRE's copyright statement, which marks every ATT&CK object. */
    public static final String ATTACK_MARKING = "marking-definition--fa42a846-8d90-4e51-bc29-71d5b4802168";

    /** The marking-definition of {@link #ATTACK_MARKING}, as ATT&CK's bundles carry it. */
    public static ObjectNode attackMarking() {
        ObjectNode o = JSON.createObjectNode().put("type", "marking-definition").put("spec_version", "2.1").put("id", ATTACK_MARKING)
                .put("created", "2017-06-01T00:00:00.000Z").put("definition_type", "statement");
        o.putObject("definition").put("statement", "Copyright 2015-2025, The MITRE Corporation. MITRE ATT&CK and ATT&CK are"
                + " registered trademarks of The MITRE Corporation.");
        return o;
    }

    /** A valid indicator marked only with {@link #ATTACK_MARKING}, as ATT&CK marks its objects (no TLP). */
    public static ObjectNode attackIndicator(String id, String modified) {
        ObjectNode o = indicator(id, modified, null);
        o.putArray("object_marking_refs").add(ATTACK_MARKING);
        return o;
    }
}
