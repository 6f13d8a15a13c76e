package org.concord.stix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The standard TLP marking-definition objects, built in: the TLP 2.0 definitions the OASIS CTI TC
 * publishes with the TLP 2.0 extension (cti-stix-common-objects, {@code tlp-2.0/examples}), and the
 * TLP 1.0 definitions of STIX 2.1 §7.2.1.4. Their ids stand for their levels everywhere
 * ({@link Tlp#ofMarkingId}), so a node accepts under those ids only the exact standard object
 * (any other content is a forgery that would travel under a level's name) and serves its own copy
 * whenever one is asked for or referenced (docs/sovereignty.md).
 */
public final class TlpDefinitions {
    private static final Map<String, StixObject> BY_ID = build();

    private TlpDefinitions() {}

    private static Map<String, StixObject> build() {
        Map<String, StixObject> out = new LinkedHashMap<>();
        for (Tlp t : Tlp.values()) {
            ObjectNode o = base(t.markingId(), "2022-10-01T00:00:00.000Z", t.label());
            ObjectNode ext = o.putObject("extensions").putObject(Tlp.EXTENSION_ID);
            ext.put("extension_type", "property-extension");
            ext.put("tlp_2_0", t.label().substring(4).toLowerCase(java.util.Locale.ROOT));
            out.put(t.markingId(), StixObject.of(o));
        }
        // STIX 2.1 §7.2.1.4 (TLP 1.0)
        for (String[] v1 : List.of(
                new String[] {"marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9", "white"},
                new String[] {"marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da", "green"},
                new String[] {"marking-definition--f88d31f6-486f-44da-b317-01333bde0b82", "amber"},
                new String[] {"marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed", "red"})) {
            ObjectNode o = base(v1[0], "2017-01-20T00:00:00.000Z", "TLP:" + v1[1].toUpperCase(java.util.Locale.ROOT));
            o.put("definition_type", "tlp");
            o.putObject("definition").put("tlp", v1[1]);
            out.put(v1[0], StixObject.of(o));
        }
        return Map.copyOf(out);
    }

    private static ObjectNode base(String id, String created, String name) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("type", "marking-definition").put("spec_version", "2.1").put("id", id).put("created", created).put("name", name);
        return o;
    }

    /** Whether {@code id} is the id of a standard TLP marking definition (2.0 or 1.0). */
    public static boolean isStandardId(String id) {
        return id != null && BY_ID.containsKey(id);
    }

    /** The built-in standard definition under {@code id}, if it is a TLP marking id. */
    public static Optional<StixObject> of(String id) {
        return Optional.ofNullable(id == null ? null : BY_ID.get(id));
    }

    /** Every built-in definition: the five TLP 2.0 ones, then the four TLP 1.0 ones. */
    public static List<StixObject> all() {
        return BY_ID.values().stream().sorted(java.util.Comparator.comparing(StixObject::id)).toList();
    }

    /**
     * Why {@code object} may not be taken in: a {@code marking-definition} under a standard TLP id
     * whose content is not exactly the standard object's (RFC 8785 canonical form compared); null when
     * it may (any other object, or the exact standard definition).
     */
    public static String problem(JsonNode object) {
        if (!(object instanceof ObjectNode o) || !"marking-definition".equals(o.path("type").asText(null))) return null;
        JsonNode id = o.get("id");
        StixObject standard = id != null && id.isTextual() ? BY_ID.get(id.textValue()) : null;
        if (standard == null) return null;
        byte[] given;
        try {
            given = Canonical.bytes(o);
        } catch (RuntimeException e) {
            return forged(standard);
        }
        return Arrays.equals(given, standard.canonical()) ? null : forged(standard);
    }

    private static String forged(StixObject standard) {
        return standard.id() + " is the id of the standard " + Tlp.ofMarkingId(standard.id()).map(Tlp::label).orElse("TLP")
                + " marking definition, and this object is not that definition: under a TLP id only the exact standard"
                + " object is taken (its content is built into every node)";
    }
}
