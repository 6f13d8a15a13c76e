package org.concord.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.concord.stix.StixObject;

/** STIX objects for store tests. */
final class Fixtures {
    static final String TLP_GREEN = "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Fixtures() {}

    /** A stable id of {@code type} named by {@code name}. */
    static String id(String type, String name) {
        return type + "--" + UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }

    /** An indicator version: created fixed, modified as given. */
    static StixObject indicator(String id, String modified) {
        return indicator(id, modified, false);
    }

    static StixObject indicator(String id, String modified, boolean revoked) {
        ObjectNode o = JSON.createObjectNode()
                .put("type", "indicator")
                .put("spec_version", "2.1")
                .put("id", id)
                .put("created", "2020-01-01T00:00:00.000Z")
                .put("modified", modified)
                .put("name", "bad domain " + id.substring(id.length() - 6))
                .put("pattern", "[domain-name:value = 'evil-" + id.substring(id.length() - 12) + ".example']")
                .put("pattern_type", "stix")
                .put("valid_from", "2020-01-01T00:00:00Z");
        if (revoked) o.put("revoked", true);
        o.putArray("object_marking_refs").add(TLP_GREEN);
        return StixObject.of(o);
    }

    /** Any object: a type, an id and extra properties as JSON text. */
    static StixObject object(String json) {
        try {
            return StixObject.of((ObjectNode) JSON.readTree(json));
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(json, e);
        }
    }

    /** An unversioned cyber-observable (no created or modified). */
    static StixObject ipv4(String value) {
        return object("{\"type\":\"ipv4-addr\",\"id\":\"" + id("ipv4-addr", value) + "\",\"value\":\"" + value + "\"}");
    }

    /** {@code n} indicators named {@code prefix-0…}, all at one modified time. */
    static List<StixObject> indicators(String prefix, int n, String modified) {
        return java.util.stream.IntStream.range(0, n)
                .mapToObj(i -> indicator(id("indicator", prefix + "-" + i), modified)).toList();
    }
}
