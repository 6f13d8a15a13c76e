package org.concord.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.concord.store.Database;
import org.concord.store.StoreConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every {@link DisclosureLog} does; run on SQLite and PostgreSQL. */
abstract class DisclosureLogContract {
    private static final Instant T0 = Instant.parse("2025-06-01T12:00:00.123456Z");
    private Database database;
    private DisclosureLog log;

    abstract StoreConfig config() throws Exception;

    @BeforeEach
    void open() throws Exception {
        database = Database.open(config());
        log = new AuditDatabase(database).log();
    }

    @AfterEach
    void close() {
        database.close();
    }

    private static Disclosure line(int second, String partner, String id, boolean released) {
        Decision d = released
                ? new Decision.Release(org.concord.stix.StixObject.of(Samples.indicator(id, null)), List.of(Rule.TLP_DEFAULT,
                        Rule.TLP_AMBER), List.of())
                : new Decision.Withhold(Rule.TLP_RED, "TLP:RED never leaves the node");
        return Disclosure.of(T0.plusSeconds(second), partner, Samples.id("indicator", id), "2024-03-02T11:30:00.123Z", d);
    }

    @Test
    void recordsEveryFieldAndReadsItBack() {
        log.record(List.of(line(0, "b", "x", true), line(1, "c", "x", false)));
        List<Disclosure> all = log.find(AuditQuery.all());
        assertThat(all).hasSize(2);
        Disclosure r = all.get(0), w = all.get(1);
        assertThat(r.seq()).isPositive().isLessThan(w.seq());
        assertThat(r.at()).isEqualTo(T0);
        assertThat(r.partner()).isEqualTo("b");
        assertThat(r.objectId()).isEqualTo(Samples.id("indicator", "x"));
        assertThat(r.version()).isEqualTo("2024-03-02T11:30:00.123Z");
        assertThat(r.released()).isTrue();
        assertThat(r.rules()).containsExactly(Rule.TLP_DEFAULT, Rule.TLP_AMBER);
        assertThat(r.reason()).isNull();
        assertThat(r.sha256()).hasSize(64);
        assertThat(w.released()).isFalse();
        assertThat(w.rules()).containsExactly(Rule.TLP_RED);
        assertThat(w.reason()).isEqualTo("TLP:RED never leaves the node");
        assertThat(w.sha256()).isNull();
    }

    @Test
    void aVersionReleasedAsStoredIsToldApartFromAnAlteredWithheldOrOtherOne() {
        String id = Samples.id("indicator", "r");
        org.concord.stix.StixObject o = org.concord.stix.StixObject.of(Samples.indicator("r", null));
        String key = "2024-03-02T11:30:00.123000000Z"; // the recorded "2024-03-02T11:30:00.123Z" as a version key
        log.record(List.of(
                Disclosure.of(T0, "b", id, "2024-03-02T11:30:00.123Z", new Decision.Release(o, List.of(Rule.TLP_GREEN), List.of())),
                Disclosure.of(T0, "c", id, "2024-03-02T11:30:00.123Z",
                        new Decision.Release(o, List.of(Rule.TLP_GREEN, Rule.PII_STRIPPED), List.of())),
                Disclosure.of(T0, "d", id, "2024-03-02T11:30:00.123Z", new Decision.Withhold(Rule.TLP_RED, "red")),
                Disclosure.of(T0, "e", id, "", new Decision.Release(o, List.of(Rule.TLP_CLEAR), List.of()))));
        assertThat(log.releasedAsStored("b", id, key)).isTrue();
        assertThat(log.releasedAsStored("b", id, "2024-03-02T11:30:00.123Z")).as("a key, not a spelling").isFalse();
        assertThat(log.releasedAsStored("b", id, "2024-03-02T11:30:00.124000000Z")).as("another version").isFalse();
        assertThat(log.releasedAsStored("b", Samples.id("indicator", "s"), key)).as("another object").isFalse();
        assertThat(log.releasedAsStored("c", id, key)).as("an altered copy").isFalse();
        assertThat(log.releasedAsStored("d", id, key)).as("withheld").isFalse();
        assertThat(log.releasedAsStored("x", id, key)).as("never asked").isFalse();
        assertThat(log.releasedAsStored("e", id, "")).as("unversioned").isTrue();
        // released later, as stored, after an altered release: it was given
        log.record(List.of(Disclosure.of(T0.plusSeconds(1), "c", id, "2024-03-02T11:30:00.1230Z",
                new Decision.Release(o, List.of(Rule.TLP_GREEN), List.of()))));
        assertThat(log.releasedAsStored("c", id, key)).isTrue();
    }

    @Test
    void queriesByPartnerObjectAndTime() {
        List<Disclosure> lines = new ArrayList<>();
        for (int i = 0; i < 30; i++) lines.add(line(i, i % 3 == 0 ? "b" : "c", "o" + (i % 5), i % 2 == 0));
        log.record(lines);
        assertThat(log.find(AuditQuery.all().partner("b"))).hasSize(10).allMatch(d -> d.partner().equals("b"));
        assertThat(log.find(AuditQuery.all().objectId(Samples.id("indicator", "o1")))).hasSize(6);
        assertThat(log.find(AuditQuery.all().between(T0.plusSeconds(10), T0.plusSeconds(20)))).hasSize(10)
                .allMatch(d -> !d.at().isBefore(T0.plusSeconds(10)) && d.at().isBefore(T0.plusSeconds(20)));
        assertThat(log.find(AuditQuery.all().partner("b").objectId(Samples.id("indicator", "o0")).between(T0, null)))
                .extracting(d -> d.at().getEpochSecond() - T0.getEpochSecond()).containsExactly(0L, 15L);
    }

    @Test
    void pagesInTheOrderRecorded() {
        List<Disclosure> lines = new ArrayList<>();
        for (int i = 0; i < 25; i++) lines.add(line(25 - i, "b", "o" + i, true)); // times go backwards
        log.record(lines);
        List<Disclosure> read = new ArrayList<>();
        long after = 0;
        for (List<Disclosure> page; !(page = log.find(AuditQuery.all().after(after).limit(10))).isEmpty(); ) {
            read.addAll(page);
            after = page.get(page.size() - 1).seq();
        }
        assertThat(read).extracting(Disclosure::objectId)
                .containsExactlyElementsOf(lines.stream().map(Disclosure::objectId).toList());
    }

    @Test
    void pagesNewestFirstBackwards() {
        List<Disclosure> lines = new ArrayList<>();
        for (int i = 0; i < 25; i++) lines.add(line(i, i % 2 == 0 ? "b" : "c", "o" + i, true));
        log.record(lines);
        List<Disclosure> read = new ArrayList<>();
        AuditQuery q = AuditQuery.all().partner("b").newest().limit(5);
        for (List<Disclosure> page; !(page = log.find(q)).isEmpty(); q = q.before(page.getLast().seq())) read.addAll(page);
        List<String> newestFirst = new ArrayList<>(lines.stream().filter(d -> d.partner().equals("b")).map(Disclosure::objectId).toList());
        java.util.Collections.reverse(newestFirst);
        assertThat(read).extracting(Disclosure::objectId).containsExactlyElementsOf(newestFirst);
        assertThat(log.find(AuditQuery.all().newest().limit(3))).extracting(Disclosure::objectId)
                .containsExactly(Samples.id("indicator", "o24"), Samples.id("indicator", "o23"), Samples.id("indicator", "o22"));
    }

    @Test
    void decisionsForAPartnerOnSomeObjectsComeInTheOrderRecorded() {
        List<Disclosure> lines = new ArrayList<>();
        for (int i = 0; i < 12; i++) lines.add(line(i, i % 2 == 0 ? "b" : "c", "o" + (i % 4), i % 3 == 0));
        log.record(lines);
        assertThat(log.decisions("b", List.of(Samples.id("indicator", "o0"), Samples.id("indicator", "o2"), Samples.id("indicator", "o0"))))
                .extracting(d -> d.at().getEpochSecond() - T0.getEpochSecond()).containsExactly(0L, 2L, 4L, 6L, 8L, 10L);
        assertThat(log.decisions("c", List.of(Samples.id("indicator", "o1")))).extracting(Disclosure::released).containsExactly(false, false, true);
        assertThat(log.decisions("b", List.of())).isEmpty();
    }

    @Test
    void survivesReopening() throws Exception {
        log.record(List.of(line(0, "b", "x", true)));
        database.close();
        database = Database.open(config());
        log = new AuditDatabase(database).log();
        assertThat(log.find(AuditQuery.all())).hasSize(1);
    }
}
