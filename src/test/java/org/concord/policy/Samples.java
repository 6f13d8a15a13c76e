package org.concord.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.concord.stix.StixObject;
import org.concord.stix.StixValidator;
import org.concord.stix.Tlp;
import org.concord.store.CollectionInfo;

/** Objects, collections and policies for policy tests. */
final class Samples {
    static final ObjectMapper JSON = new ObjectMapper();
    static final StixValidator VALIDATOR = new StixValidator();
    static final CollectionInfo INTELLIGENCE = new CollectionInfo("6f1c3a55-51a7-4e0c-9c86-2a4bfb8a4a10", "intelligence",
            "Intelligence", "");
    static final CollectionInfo SIGHTINGS = new CollectionInfo("0d0d6f0e-2c0b-4f37-8f7e-39b5e8e5f1f2", "sightings",
            "Sightings", "");
    static final PseudonymKey KEY = PseudonymKey.of("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
    static final String NODE = "here";
    static final Provenance LOCAL = Provenance.local(NODE, "DE");
    static final String STATEMENT = "marking-definition--3b1c6a1e-4d8f-4f0b-9c53-6d1f0a2b7c11";

    private Samples() {}

    static EgressPolicy policy(Tlp defaultTlp) {
        return new EgressPolicy(NODE, defaultTlp, KEY, VALIDATOR);
    }

    static EgressPolicy policy() {
        return policy(Tlp.AMBER);
    }

    static String id(String type, String name) {
        return type + "--" + UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }

    static ObjectNode json(String text) {
        try {
            return (ObjectNode) JSON.readTree(text.replace('\'', '"'));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode parse(StixObject o) {
        try {
            return JSON.readTree(o.canonical());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A valid indicator marked {@code tlp} (none when null). */
    static ObjectNode indicator(String name, Tlp tlp) {
        ObjectNode o = JSON.createObjectNode()
                .put("type", "indicator").put("spec_version", "2.1").put("id", id("indicator", name))
                .put("created", "2024-03-01T10:00:00.000Z").put("modified", "2024-03-02T11:30:00.123Z")
                .put("name", name).put("description", "about " + name)
                .put("pattern", "[ipv4-addr:value = '198.51.100.1']").put("pattern_type", "stix")
                .put("valid_from", "2024-03-01T10:00:00.000Z");
        if (tlp != null) o.putArray("object_marking_refs").add(tlp.markingId());
        return o;
    }

    /** A valid sighting of an indicator, by {@code reporter}, marked GREEN. */
    static ObjectNode sighting(String reporter) {
        ObjectNode o = JSON.createObjectNode()
                .put("type", "sighting").put("spec_version", "2.1").put("id", id("sighting", reporter))
                .put("created", "2024-03-01T10:00:00.000Z").put("modified", "2024-03-01T10:00:00.000Z")
                .put("created_by_ref", reporter).put("sighting_of_ref", id("indicator", "x"))
                .put("count", 3).put("first_seen", "2024-02-28T00:00:00Z").put("last_seen", "2024-03-01T00:00:00Z")
                .put("description", "seen on the mail gateway").put("summary", false);
        o.putArray("where_sighted_refs").add(reporter);
        o.putArray("observed_data_refs").add(id("observed-data", "obs"));
        o.putArray("object_marking_refs").add(Tlp.GREEN.markingId());
        return o;
    }

    /** An outbound agreement with {@code partner} for everything up to AMBER. */
    static Agreement.Builder open(String partner) {
        return Agreement.outbound(partner).collections("*").types("*").tlp(Tlp.CLEAR, Tlp.GREEN, Tlp.AMBER);
    }

    /** The JSON of a release (fails on a withholding). */
    static JsonNode released(Decision d) {
        if (!(d instanceof Decision.Release r)) throw new AssertionError("expected a release, got " + d);
        return parse(r.object());
    }
}
