package org.concord.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.UUID;
import org.concord.Time;
import org.concord.stix.StixObject;
import org.concord.store.CollectionInfo;
import org.concord.store.Store;
import org.concord.store.StoreConfig;
import org.concord.store.StoredVersion;
import org.concord.store.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The alerts collection as a feed: every alert version after a cursor, woken by writes here and found by polling writes elsewhere. */
class AlertFeedTest {
    private static final Duration LONG = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    private Store store;
    private String alerts;
    private AlertFeed feed;

    @BeforeEach
    void open() {
        store = Stores.open(new StoreConfig.Embedded(dir.resolve("concord.db")));
        alerts = UUID.randomUUID().toString();
        store.createCollection(new CollectionInfo(alerts, "alerts", "Alerts", ""));
        feed = new AlertFeed(store, alerts, Duration.ofMillis(50), Time.system());
    }

    @AfterEach
    void close() {
        feed.close();
        store.close();
    }

    @Test
    void aVersionIsAnEventOnlyWhenItChangesWhatTheAlertMeans() {
        String id = TestAlerts.newId();
        Instant t = Instant.parse("2026-11-24T10:00:00Z");
        List<String> three = List.of("DE", "EE", "FI");
        StixObject first = TestAlerts.alert(id, "domain:evil.example", t, "medium", three);
        StixObject moreEvidence = TestAlerts.alert(id, "domain:evil.example", t.plusSeconds(1), "medium", three);
        com.fasterxml.jackson.databind.node.ObjectNode other = TestAlerts.json(id, "domain:evil.example", t.plusSeconds(2), "medium", three,
                org.concord.stix.Tlp.GREEN);
        other.putArray("sectors").add("healthcare"); // a partner's view: another sector, not this node's
        StixObject partners = StixObject.of(other);
        com.fasterxml.jackson.databind.node.ObjectNode both = TestAlerts.json(id, "domain:evil.example", t.plusSeconds(3), "high", three,
                org.concord.stix.Tlp.GREEN);
        both.putArray("sectors").add("energy").add("healthcare");
        StixObject union = StixObject.of(both);
        both.put("modified", "2026-11-24T10:00:04.000Z").putArray("object_marking_refs").add(org.concord.stix.Tlp.RED.markingId());
        StixObject red = StixObject.of(both);
        for (StixObject v : List.of(first, moreEvidence, partners, union, red)) store.write(alerts, List.of(v));

        List<StoredVersion> all = feed.after(null, 100);
        assertThat(all).extracting(StoredVersion::object).containsExactly(first, moreEvidence, partners, union, red);
        assertThat(all).extracting(feed::changesMeaning).as("first; same meaning; says something else; covers both and more; stricter TLP")
                .containsExactly(true, false, false, true, true);
    }

    @Test
    void everyAlertVersionComesInDateAddedOrderAfterTheCursorAndNothingElse() {
        String id = TestAlerts.newId();
        Instant t = Instant.parse("2026-11-24T10:00:00Z");
        StixObject v1 = TestAlerts.alert(id, "domain:evil.example", t, "medium", List.of("DE", "EE", "FI"));
        StixObject v2 = TestAlerts.alert(id, "domain:evil.example", t.plusSeconds(60), "high", List.of("DE", "EE", "FI", "LV"));
        StixObject other = TestAlerts.alert("ip:192.0.2.7");
        store.write(alerts, List.of(v1));
        store.write(alerts, List.of(v2, indicator()));
        store.write(alerts, List.of(other));

        List<StoredVersion> all = feed.after(null, 100);
        assertThat(all).extracting(StoredVersion::object).containsExactly(v1, v2, other);
        assertThat(all).extracting(StoredVersion::dateAdded).isSorted().doesNotHaveDuplicates();
        assertThat(feed.after(all.getFirst().dateAdded(), 100)).extracting(StoredVersion::object).containsExactly(v2, other);
        assertThat(feed.after(all.getFirst().dateAdded(), 1)).extracting(StoredVersion::object).containsExactly(v2);
        assertThat(feed.after(all.getLast().dateAdded(), 100)).isEmpty();
        assertThat(feed.end()).isEqualTo(all.getLast().dateAdded());
    }

    @Test
    void theEndOfAnEmptyCollectionIsNull() {
        assertThat(feed.end()).isNull();
        store.write(alerts, List.of(indicator()));
        assertThat(feed.end()).as("only alerts count").isNull();
    }

    @Test
    void aWriteThroughTheStoreWakesAWaitingReader() throws Exception {
        feed.start();
        long seen = feed.changes();
        Thread writer = Thread.ofVirtual().start(() -> store.write(alerts, List.of(TestAlerts.alert("domain:a.example"))));
        assertThat(feed.await(seen, LONG)).isGreaterThan(seen);
        writer.join();
        assertThat(feed.after(null, 10)).hasSize(1);
    }

    @Test
    void aWriteByAnotherProcessIsFoundByThePoll() throws Exception {
        feed.start();
        feed.end();
        // a second store object on the same database: its writes are not heard by this one's listeners
        try (Store other = Stores.open(new StoreConfig.Embedded(dir.resolve("concord.db")), InstantSource.system())) {
            long seen = feed.changes();
            feed.await(seen, Duration.ofMillis(200)); // let a first poll settle
            seen = feed.changes();
            other.write(alerts, List.of(TestAlerts.alert("domain:b.example")));
            assertThat(feed.await(seen, LONG)).isGreaterThan(seen);
        }
        assertThat(feed.after(null, 10)).hasSize(1);
    }

    @Test
    void closingWakesWaitersAndSaysSo() throws Exception {
        feed.start();
        long seen = feed.changes();
        Thread closer = Thread.ofVirtual().start(feed::close);
        feed.await(seen, LONG);
        closer.join();
        assertThat(feed.closed()).isTrue();
    }

    private static StixObject indicator() {
        return StixObject.of(new ObjectMapper().createObjectNode().put("type", "indicator").put("spec_version", "2.1")
                .put("id", "indicator--" + UUID.randomUUID()).put("created", "2026-01-01T00:00:00.000Z")
                .put("modified", "2026-01-01T00:00:00.000Z").put("pattern", "[domain-name:value = 'x.example']")
                .put("pattern_type", "stix").put("valid_from", "2026-01-01T00:00:00Z"));
    }
}
