package org.concord.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.concord.ConcordException;
import org.concord.store.Database;
import org.concord.store.StoreConfig;
import org.concord.store.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One contract for what sync keeps, run on SQLite and on PostgreSQL. */
abstract class SyncLedgerContract {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00.123456Z");
    Database database;
    SyncLedger ledger;

    abstract StoreConfig config();

    /** A database of its own, never opened yet. */
    abstract StoreConfig freshConfig();

    @BeforeEach
    void open() {
        database = Database.open(config());
        ledger = new SyncDatabase(database).ledger();
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void peerFlagsDefaultToPushOnlyAndAreForgotten() {
        assertThat(ledger.peerFlags("cert-ee")).isEqualTo(PeerFlags.DEFAULT);
        ledger.setPeerFlags("cert-ee", new PeerFlags(true, false));
        assertThat(ledger.peerFlags("cert-ee")).isEqualTo(new PeerFlags(true, false));
        ledger.setPeerFlags("cert-ee", new PeerFlags(true, true));
        assertThat(ledger.peerFlags("cert-ee")).isEqualTo(new PeerFlags(true, true));
        ledger.advanceCursor("cert-ee", "c1", T0, T0);
        ledger.forget("cert-ee");
        assertThat(ledger.peerFlags("cert-ee")).isEqualTo(PeerFlags.DEFAULT);
        assertThat(ledger.cursor("cert-ee", "c1")).isEmpty();
    }

    @Test
    void feedsKeepWhereTheirSecretsAreNeverTheSecrets() {
        Feed basic = new Feed("misp", URI.create("https://misp.example/taxii2/"), "c-1", "intelligence",
                new FeedAuth.Basic("analyst", Path.of("/etc/concord/misp.pw")), Path.of("/etc/concord/ca.pem"), false, true, T0);
        Feed bearer = new Feed("octi", URI.create("http://127.0.0.1:9000/taxii2/"), "c-2", "sightings",
                new FeedAuth.Bearer(Path.of("/etc/concord/octi.token")), null, true, false, T0);
        ledger.addFeed(basic);
        ledger.addFeed(bearer);
        assertThatThrownBy(() -> ledger.addFeed(basic)).isInstanceOf(ConcordException.class).hasMessageContaining("misp");
        assertThat(ledger.feeds()).containsExactly(basic, bearer);
        assertThat(ledger.feed("octi")).contains(bearer);
        ledger.advanceCheckpoint(basic.party(), "c-1", "2026-01-01T00:00:00.000001Z", T0);
        assertThat(ledger.removeFeed("misp")).isTrue();
        assertThat(ledger.removeFeed("misp")).isFalse();
        assertThat(ledger.checkpoints(basic.party())).isEmpty();
        assertThat(ledger.feeds()).containsExactly(bearer);
    }

    @Test
    void checkpointsKeepTheRemotesTimestampVerbatimAndCursorsKeepMicroseconds() {
        assertThat(ledger.checkpoint("cert-lv", "r1")).isEmpty();
        ledger.advanceCheckpoint("cert-lv", "r1", "2026-05-01T00:00:00.1Z", T0);
        ledger.advanceCheckpoint("cert-lv", "r1", "2026-05-01T00:00:00.123456789Z", T0.plusSeconds(1));
        ledger.advanceCheckpoint("cert-lv", "r2", "x", T0);
        assertThat(ledger.checkpoint("cert-lv", "r1")).contains(new Checkpoint("cert-lv", "r1", "2026-05-01T00:00:00.123456789Z", T0.plusSeconds(1)));
        assertThat(ledger.checkpoints("cert-lv")).extracting(Checkpoint::remoteCollection).containsExactly("r1", "r2");
        ledger.advanceCursor("cert-lv", "c", T0, T0);
        ledger.advanceCursor("cert-lv", "c", T0.plusNanos(1_000), T0);
        assertThat(ledger.cursor("cert-lv", "c")).contains(T0.plusNanos(1_000));
        ledger.advanceCursor("cert-lv", "c", T0, T0); // a slower round at once does not move it back
        assertThat(ledger.cursor("cert-lv", "c")).contains(T0.plusNanos(1_000));
    }

    @Test
    void statesCountFailuresInARowAndASuccessResetsThem() {
        assertThat(ledger.state("cert-lv", Direction.PUSH)).isEmpty();
        assertThat(ledger.failed("cert-lv", Direction.PUSH, "GET x: refused", T0)).isEqualTo(1);
        assertThat(ledger.failed("cert-lv", Direction.PUSH, "GET y: refused", T0.plusSeconds(1))).isEqualTo(2);
        PartyState s = ledger.state("cert-lv", Direction.PUSH).orElseThrow();
        assertThat(s.failures()).isEqualTo(2);
        assertThat(s.lastError()).isEqualTo("GET y: refused");
        assertThat(s.lastSuccess()).isNull();
        ledger.succeeded("cert-lv", Direction.PUSH, T0.plusSeconds(2));
        s = ledger.state("cert-lv", Direction.PUSH).orElseThrow();
        assertThat(s.failures()).isZero();
        assertThat(s.lastSuccess()).isEqualTo(T0.plusSeconds(2));
        assertThat(s.lastError()).isEqualTo("GET y: refused"); // kept, with its time, for peer show
        assertThat(ledger.state("cert-lv", Direction.PULL)).isEmpty();
    }

    @Test
    void errorsAreKeptNewestFirstAndBounded() {
        List<SyncError> many = new ArrayList<>();
        for (int i = 0; i < SyncLedger.ERRORS_KEPT + 5; i++) {
            many.add(new SyncError(T0, "cert-lv", Direction.PULL, "indicator--" + i, "v", "reason " + i));
        }
        ledger.recordErrors(many);
        ledger.recordErrors(List.of(new SyncError(T0, "feed:x", Direction.PULL, null, null, "whole page")));
        List<SyncError> recent = ledger.recentErrors("cert-lv", 3);
        assertThat(recent).extracting(SyncError::objectId).containsExactly("indicator--" + (SyncLedger.ERRORS_KEPT + 4),
                "indicator--" + (SyncLedger.ERRORS_KEPT + 3), "indicator--" + (SyncLedger.ERRORS_KEPT + 2));
        assertThat(ledger.recentErrors("cert-lv", 5_000)).hasSize(SyncLedger.ERRORS_KEPT);
        assertThat(ledger.recentErrors("feed:x", 5)).singleElement().satisfies(e -> assertThat(e.objectId()).isEmpty());
    }

    @Test
    void feedCheckpointsFromBeforeV15AreForgottenSoTheNextRoundReadsAgainWhatTheyHadSkipped() throws Exception {
        StoreConfig old = freshConfig();
        // a node of before V15, whose feed checkpoint is a page's X-TAXII-Date-Added-Last (it skipped objects tied with it)
        TestDatabases.migrateToBefore(old, "11");
        try (java.sql.Connection c = TestDatabases.connect(old);
             java.sql.PreparedStatement ps = c.prepareStatement(
                     "INSERT INTO sync_checkpoint (party, remote_collection, added_after, updated_us) VALUES (?, ?, ?, 0)")) {
            for (String party : List.of("feed:med", "cert-lv")) {
                ps.setString(1, party);
                ps.setString(2, "r1");
                ps.setString(3, "2026-05-01T00:00:00.123456Z");
                ps.executeUpdate();
            }
        }
        try (Database migrated = Database.open(old)) {
            SyncLedger opened = new SyncDatabase(migrated).ledger();
            assertThat(opened.checkpoints("feed:med")).isEmpty(); // its next round reads the collection from the start
            assertThat(opened.checkpoints("cert-lv")).extracting(Checkpoint::addedAfter).containsExactly("2026-05-01T00:00:00.123456Z");
        }
    }

    private static HeldBack held(String collection, int micros, String id, String rule, String terms) {
        return new HeldBack("cert-lv", collection, T0.plusNanos(micros * 1_000L), id, "2026-01-01T00:00:00.000Z", rule,
                "because " + rule, terms);
    }

    @Test
    void whatAPushHeldBackIsKeptUntilReleasedCountedPerRuleAndTheTermsSettleOnlyWhenAllWereDecidedUnderThem() {
        assertThat(ledger.advanceCursor("cert-lv", "c", null, T0.plusNanos(3_000), T0, List.of(held("c", 1, "indicator--a",
                "unknown-marking", "t1"), held("c", 2, "indicator--b", "tlp-red", "t1"), held("c", 3, "indicator--c", "unknown-marking",
                "t1")), "t1")).isTrue();
        assertThat(ledger.advanceCursor("cert-lv", "d", null, T0.plusNanos(9_000), T0, List.of(held("d", 9, "indicator--d",
                "unknown-marking", "t1")), "t1")).isTrue();
        assertThat(ledger.pushCursor("cert-lv", "c")).contains(new PushCursor(T0.plusNanos(3_000), "t1"));
        assertThat(ledger.pushCursor("cert-lv", "x")).isEmpty();
        assertThat(ledger.heldBackCounts("cert-lv")).containsExactly(
                new HeldBack.Count("unknown-marking", 3, held("c", 1, "indicator--a", "unknown-marking", "t1")),
                new HeldBack.Count("tlp-red", 1, held("c", 2, "indicator--b", "tlp-red", "t1")));
        assertThat(ledger.heldBackCounts("cert-ee")).isEmpty();

        // the terms change: every row is to be decided again, page by page
        assertThat(ledger.heldBack("cert-lv", "c", "t2", null, 2)).extracting(HeldBack::objectId).containsExactly("indicator--a", "indicator--b");
        ledger.reviewed("cert-lv", "c", List.of(T0.plusNanos(1_000)), List.of(held("c", 2, "indicator--b", "tlp-red", "t2")));
        assertThat(ledger.heldBack("cert-lv", "c", "t2", null, 10)).extracting(HeldBack::objectId).containsExactly("indicator--c");
        assertThat(ledger.heldBack("cert-lv", "c", "t2", T0.plusNanos(3_000), 10)).isEmpty();
        assertThat(ledger.settleTerms("cert-lv", "c", "t2")).as("indicator--c is still to be decided under t2").isFalse();
        ledger.reviewed("cert-lv", "c", List.of(T0.plusNanos(3_000)), List.of());
        assertThat(ledger.settleTerms("cert-lv", "c", "t2")).isTrue();
        assertThat(ledger.pushCursor("cert-lv", "c")).contains(new PushCursor(T0.plusNanos(3_000), "t2"));
        assertThat(ledger.heldBack("cert-lv", "c", null, null, 10)).containsExactly(held("c", 2, "indicator--b", "tlp-red", "t2"));

        // advancing keeps a cursor's terms (a change is settled by a review), a row found in the audit log never replaces one
        assertThat(ledger.advanceCursor("cert-lv", "c", T0.plusNanos(3_000), T0.plusNanos(4_000), T0, List.of(), "t3")).isTrue();
        assertThat(ledger.pushCursor("cert-lv", "c")).get().satisfies(c -> assertThat(c.terms()).isEqualTo("t2"));
        ledger.addHeldBack(List.of(held("c", 2, "indicator--b", "loop", ""), held("c", 4, "indicator--e", "loop", "")));
        assertThat(ledger.heldBack("cert-lv", "c", null, null, 10)).extracting(HeldBack::rule).containsExactly("tlp-red", "loop");

        ledger.forget("cert-lv");
        assertThat(ledger.heldBackCounts("cert-lv")).isEmpty();
        assertThat(ledger.pushCursor("cert-lv", "c")).isEmpty();
    }

    @Test
    void rewindingMovesCursorsAndCheckpointsBackNeverForwardAndForgetsWhatWasHeldBackAfter() {
        ledger.advanceCursor("cert-lv", "c", null, T0.plusNanos(5_000), T0, List.of(held("c", 2, "indicator--a", "tlp-red", "t"),
                held("c", 4, "indicator--b", "tlp-red", "t")), "t");
        ledger.advanceCursor("cert-lv", "d", null, T0.plusNanos(5_000), T0, List.of(held("d", 1, "indicator--c", "tlp-red", "t")), "t");
        assertThat(ledger.rewindCursor("cert-lv", "c", T0.plusNanos(3_000), T0)).isEqualTo(1);
        assertThat(ledger.cursor("cert-lv", "c")).contains(T0.plusNanos(3_000));
        assertThat(ledger.advanceCursor("cert-lv", "c", T0.plusNanos(5_000), T0.plusNanos(6_000), T0, List.of(), "t"))
                .as("a round that read after the old cursor does not undo the rewind").isFalse();
        assertThat(ledger.advanceCursor("cert-lv", "c", null, T0.plusNanos(6_000), T0, List.of(), "t")).isFalse();
        assertThat(ledger.cursor("cert-lv", "c")).contains(T0.plusNanos(3_000));
        assertThat(ledger.heldBack("cert-lv", "c", null, null, 10)).extracting(HeldBack::objectId).containsExactly("indicator--a");
        assertThat(ledger.rewindCursor("cert-lv", "c", T0.plusNanos(4_000), T0)).as("never forward").isZero();
        assertThat(ledger.cursor("cert-lv", "c")).contains(T0.plusNanos(3_000));
        assertThat(ledger.rewindCursor("cert-lv", null, null, T0)).isEqualTo(2);
        assertThat(ledger.cursor("cert-lv", "c")).isEmpty();
        assertThat(ledger.cursor("cert-lv", "d")).isEmpty();
        assertThat(ledger.heldBackCounts("cert-lv")).isEmpty();

        ledger.advanceCheckpoint("feed:x", "r1", "2026-05-01T00:00:00.5Z", T0);
        ledger.advanceCheckpoint("feed:x", "r2", "2026-04-01T00:00:00Z", T0);
        assertThat(ledger.rewindCheckpoint("feed:x", null, "2026-04-15T00:00:00Z", T0.plusSeconds(1))).isEqualTo(1);
        assertThat(ledger.checkpoint("feed:x", "r1")).get().satisfies(k -> assertThat(k.addedAfter()).isEqualTo("2026-04-15T00:00:00Z"));
        assertThat(ledger.checkpoint("feed:x", "r2")).get().satisfies(k -> assertThat(k.addedAfter()).isEqualTo("2026-04-01T00:00:00Z"));
        assertThat(ledger.rewindCheckpoint("feed:x", "r2", null, T0)).isEqualTo(1);
        assertThat(ledger.checkpoints("feed:x")).extracting(Checkpoint::remoteCollection).containsExactly("r1");
    }
}
