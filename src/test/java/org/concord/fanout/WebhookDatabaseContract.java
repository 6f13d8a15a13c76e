package org.concord.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.concord.store.Database;
import org.concord.store.StoreConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the webhook state does on every database; run on SQLite and PostgreSQL. */
abstract class WebhookDatabaseContract {
    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00.123456Z");
    private static final Duration LEASE = Duration.ofSeconds(60);
    private Database database;
    private WebhookDatabase db;

    abstract StoreConfig config() throws Exception;

    @BeforeEach
    void open() throws Exception {
        database = Database.open(config());
        db = new WebhookDatabase(database);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void anEndpointBeginsOnceAtItsStartWithMicrosecondCursors() {
        WebhookDatabase.EndpointState s = db.begin("soc", T0);
        assertThat(s.after()).isEqualTo(T0);
        assertThat(s.delivered()).isZero();
        assertThat(s.owner()).isNull();
        assertThat(db.begin("soc", T0.plusSeconds(60)).after()).as("begins once").isEqualTo(T0);
        assertThat(db.begin("siem", null).after()).isEqualTo(Instant.EPOCH);
        assertThat(db.states()).extracting(WebhookDatabase.EndpointState::endpoint).containsExactly("siem", "soc");
        assertThat(db.state("nobody")).isEmpty();
    }

    @Test
    void oneOwnerAtATimeUntilItReleasesOrItsLeaseLapses() {
        db.begin("soc", T0);
        assertThat(db.claim("soc", "a", T0, LEASE)).isTrue();
        assertThat(db.claim("soc", "a", T0.plusSeconds(10), LEASE)).as("renewed").isTrue();
        assertThat(db.claim("soc", "b", T0.plusSeconds(20), LEASE)).isFalse();
        assertThat(db.delivered("soc", "b", T0.plusSeconds(1), T0)).as("not the owner: nothing changes").isFalse();
        assertThat(db.claim("soc", "b", T0.plusSeconds(71), LEASE)).as("a's lease lapsed").isTrue();
        assertThat(db.claim("soc", "a", T0.plusSeconds(72), LEASE)).isFalse();
        db.release("soc", "a"); // not a's to release
        assertThat(db.state("soc").orElseThrow().owner()).isEqualTo("b");
        db.release("soc", "b");
        assertThat(db.claim("soc", "a", T0.plusSeconds(73), LEASE)).isTrue();
        assertThat(db.takeOver("soc", "dead", "c", T0, LEASE)).as("only from the named holder").isFalse();
        assertThat(db.takeOver("soc", "a", "c", T0.plusSeconds(74), LEASE)).isTrue();
        assertThat(db.state("soc").orElseThrow().owner()).isEqualTo("c");
    }

    @Test
    void failuresCountUntilTheDeliveryIsSettledAndTheCursorOnlyMovesForward() {
        db.begin("soc", T0);
        db.claim("soc", "a", T0, LEASE);
        Instant e1 = T0.plusSeconds(1), e2 = T0.plusSeconds(2);
        assertThat(db.failed("soc", "a", "HTTP 503", T0.plusSeconds(5), T0.plusSeconds(6))).isTrue();
        assertThat(db.failed("soc", "a", "cannot connect", T0.plusSeconds(7), T0.plusSeconds(9))).isTrue();
        WebhookDatabase.EndpointState s = db.state("soc").orElseThrow();
        assertThat(s.attempts()).isEqualTo(2);
        assertThat(s.firstFailure()).isEqualTo(T0.plusSeconds(5));
        assertThat(s.nextAttempt()).isEqualTo(T0.plusSeconds(9));
        assertThat(s.lastError()).isEqualTo("cannot connect");
        assertThat(s.lastErrorAt()).isEqualTo(T0.plusSeconds(7));

        assertThat(db.delivered("soc", "a", e2, T0.plusSeconds(10))).isTrue();
        s = db.state("soc").orElseThrow();
        assertThat(s.after()).isEqualTo(e2);
        assertThat(s.delivered()).isEqualTo(1);
        assertThat(s.attempts()).isZero();
        assertThat(s.firstFailure()).isNull();
        assertThat(s.nextAttempt()).isNull();
        assertThat(s.lastSuccess()).isEqualTo(T0.plusSeconds(10));
        assertThat(s.lastError()).as("kept for people to see").isEqualTo("cannot connect");

        assertThat(db.delivered("soc", "a", e1, T0.plusSeconds(11))).as("never backwards").isFalse();
        assertThat(db.skipped("soc", "a", e1)).isFalse();
        assertThat(db.skipped("soc", "a", T0.plusSeconds(3))).isTrue();
        assertThat(db.state("soc").orElseThrow().skipped()).isEqualTo(1);
    }

    @Test
    void aDeliveryGivenUpIsRecordedAndTheQueueMovesPastIt() {
        db.begin("soc", T0);
        db.claim("soc", "a", T0, LEASE);
        db.failed("soc", "a", "HTTP 500", T0, T0.plusSeconds(1));
        Instant entry = T0.plusSeconds(1);
        WebhookDatabase.GivenUp g = new WebhookDatabase.GivenUp(0, "soc", "d-1", "x-concord-alert--1", "2026-11-24T10:00:00.000Z",
                entry, T0.plusSeconds(30), 2, 410, "HTTP 410: the endpoint refused it");
        assertThat(db.gaveUp("soc", "b", g)).as("not the owner").isFalse();
        assertThat(db.givenUp("soc", 10)).isEmpty();
        assertThat(db.gaveUp("soc", "a", g)).isTrue();
        WebhookDatabase.EndpointState s = db.state("soc").orElseThrow();
        assertThat(s.after()).isEqualTo(entry);
        assertThat(s.givenUp()).isEqualTo(1);
        assertThat(s.attempts()).isZero();
        assertThat(s.lastError()).isEqualTo("HTTP 410: the endpoint refused it");
        db.gaveUp("soc", "a", new WebhookDatabase.GivenUp(0, "soc", "d-2", "x-concord-alert--2", "v", entry.plusSeconds(1),
                T0.plusSeconds(31), 40, null, "no answer within 10 s: still failing after 24 h"));
        assertThat(db.givenUp("soc", 10)).extracting(WebhookDatabase.GivenUp::deliveryId).containsExactly("d-2", "d-1");
        WebhookDatabase.GivenUp read = db.givenUp("soc", 10).get(1);
        assertThat(read).isEqualTo(new WebhookDatabase.GivenUp(read.seq(), "soc", "d-1", "x-concord-alert--1", "2026-11-24T10:00:00.000Z",
                entry, T0.plusSeconds(30), 2, 410, "HTTP 410: the endpoint refused it"));
        assertThat(db.givenUp("soc", 10).get(0).status()).isNull();
        assertThat(db.givenUp("soc", 1)).hasSize(1);
        assertThat(db.givenUp("siem", 10)).isEmpty();
    }
}
