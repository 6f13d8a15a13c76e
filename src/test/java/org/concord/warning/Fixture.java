package org.concord.warning;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.concord.TestClock;
import org.concord.integrity.MerkleLog;
import org.concord.node.Node;
import org.concord.node.NodeConfig;
import org.concord.stix.StixObject;
import org.concord.stix.Tlp;
import org.concord.store.ObjectFilter;
import org.concord.store.StoredVersion;
import org.concord.store.VersionMatch;

/** A real node (embedded store, transparency log) with partner members in other countries, for early-warning tests. */
final class Fixture implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant NOON = Instant.parse("2026-03-14T12:00:00Z");

    /** A partner member: identity, country, sectors. */
    record Member(String id, String country, List<String> sectors) {}

    final Path dir;
    final TestClock clock;
    Node node;
    final String intelligence, sightings, alerts;

    Fixture(Path dir, TestClock clock) throws IOException {
        this(dir, clock, new NodeConfig.StoreSettings.Embedded("concord.db"));
    }

    Fixture(Path dir, TestClock clock, NodeConfig.StoreSettings store) throws IOException {
        this.dir = dir;
        this.clock = clock;
        this.node = Node.init(dir, new Node.Setup("cert-de", "CERT-DE", "DE", List.of("government-national"), store, Tlp.AMBER),
                clock, MerkleLog.writer());
        intelligence = node.collectionId(Node.INTELLIGENCE);
        sightings = node.collectionId(Node.SIGHTINGS);
        alerts = node.collectionId(Node.ALERTS);
    }

    /** Closes and opens the node again (a restart). */
    void reopen() {
        node.close();
        node = Node.open(dir, clock, MerkleLog.writer());
    }

    Correlator correlator(WarningConfig config) {
        return new Correlator(node.store(), node.config().member(), Tlp.AMBER, config, Warninglists.none(), PublicSuffixes.none(),
                clock, intelligence, sightings, alerts);
    }

    static WarningConfig config() {
        return WarningConfig.defaults().withTiming(Duration.ofSeconds(60), Duration.ofHours(1));
    }

    /** A partner member's identity: with x_concord_country, or located-at a location (both forms are read). */
    Member member(String name, String country, boolean viaLocation, String... sectors) {
        String id = "identity--" + UUID.nameUUIDFromBytes(name.getBytes());
        ObjectNode identity = envelope("identity", id).put("name", name).put("identity_class", "organization");
        for (String s : sectors) identity.withArray("sectors").add(s);
        List<StixObject> objects = new ArrayList<>();
        if (viaLocation) {
            String loc = "location--" + UUID.nameUUIDFromBytes((name + "/loc").getBytes());
            objects.add(StixObject.of(envelope("location", loc).put("country", country)));
            objects.add(StixObject.of(envelope("relationship", "relationship--" + UUID.nameUUIDFromBytes((name + "/rel").getBytes()))
                    .put("relationship_type", "located-at").put("source_ref", id).put("target_ref", loc)));
        } else {
            identity.put("x_concord_country", country);
        }
        objects.addFirst(StixObject.of(identity));
        node.store().write(intelligence, objects);
        return new Member(id, country, List.of(sectors));
    }

    /** An indicator with {@code pattern}, unmarked; returns its id. */
    String indicator(String pattern, Integer confidence) {
        return indicator(pattern, confidence, null);
    }

    /** An indicator with {@code pattern} marked {@code tlp} (null: unmarked); returns its id. */
    String indicator(String pattern, Integer confidence, Tlp tlp) {
        String id = "indicator--" + UUID.randomUUID();
        ObjectNode o = envelope("indicator", id).put("pattern", pattern).put("pattern_type", "stix")
                .put("valid_from", "2026-03-01T00:00:00Z");
        if (confidence != null) o.put("confidence", confidence);
        if (tlp != null) o.putArray("object_marking_refs").add(tlp.markingId());
        node.store().write(intelligence, List.of(StixObject.of(o)));
        return id;
    }

    /** The latest stored version of {@code id}. */
    StixObject latest(String id) {
        return node.store().latest(id).orElseThrow().object();
    }

    /** A sighting by {@code by} of {@code target} at {@code t} (count 1). */
    static StixObject sighting(Member by, String target, Instant t) {
        return sighting("sighting--" + UUID.randomUUID(), by, target, 1, t, t, "2026-03-14T13:00:00.000Z");
    }

    static StixObject sighting(String id, Member by, String target, long count, Instant first, Instant last, String modified) {
        ObjectNode s = JSON.createObjectNode();
        s.put("type", "sighting").put("spec_version", "2.1").put("id", id).put("created", "2026-03-14T00:00:00.000Z")
                .put("modified", modified).put("created_by_ref", by.id()).put("sighting_of_ref", target).put("count", count)
                .put("first_seen", first.toString()).put("last_seen", last.toString());
        s.putArray("where_sighted_refs").add(by.id());
        s.putArray("object_marking_refs").add(Tlp.GREEN.markingId());
        return StixObject.of(s);
    }

    private static ObjectNode envelope(String type, String id) {
        ObjectNode o = JSON.createObjectNode();
        o.put("type", type).put("spec_version", "2.1").put("id", id).put("created", "2026-03-01T00:00:00.000Z")
                .put("modified", "2026-03-01T00:00:00.000Z");
        return o;
    }

    void write(String collection, List<StixObject> objects) {
        node.store().write(collection, objects);
    }

    /** Every version in a collection of one type, in date_added order. */
    List<StixObject> versions(String collection, String type) {
        List<StixObject> out = new ArrayList<>();
        Instant after = null;
        while (true) {
            var page = node.store().objects(collection,
                    new ObjectFilter(after, List.of(), List.of(type), VersionMatch.ALL, List.of(), 1000));
            for (StoredVersion v : page.items()) out.add(v.object());
            if (!page.more()) return out;
            after = page.items().getLast().dateAdded();
        }
    }

    /** The latest version of every alert, by id. */
    java.util.Map<String, JsonNode> alerts() {
        java.util.Map<String, JsonNode> out = new java.util.TreeMap<>();
        for (StixObject o : versions(alerts, AlertObjects.TYPE)) {
            JsonNode j = tree(o);
            JsonNode known = out.get(o.id());
            if (known == null || known.path("modified").asText().compareTo(j.path("modified").asText()) < 0) out.put(o.id(), j);
        }
        return out;
    }

    static JsonNode tree(StixObject o) {
        try {
            return JSON.readTree(o.canonical());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        node.close();
    }
}
