package org.concord.warning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.concord.ConcordException;
import org.concord.TestClock;
import org.concord.node.NodeConfig;
import org.concord.stix.ObservableIds;
import org.concord.stix.StixObject;
import org.concord.store.StoreConfig;
import org.concord.store.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SightingsTest {
    @TempDir
    Path dir;
    final TestClock clock = new TestClock(Fixture.NOON);

    @Test
    void aSensorReportingEveryHitAddsAtMostOneVersionPerFlushInterval() throws Exception {
        try (Fixture f = new Fixture(dir, clock)) {
            String target = f.indicator("[domain-name:value = 'hits.example']", 80);
            Correlator cor = f.correlator(Fixture.config()); // flush every 60 s
            int reports = 10_000, perSecond = 10;
            Instant first = clock.instant();
            for (int i = 0; i < reports; i++) {
                cor.sightings().record(Sightings.Report.of(target, clock.instant()));
                if (i % perSecond == perSecond - 1) {
                    cor.tick();
                    clock.advance(Duration.ofSeconds(1));
                }
            }
            cor.sync();
            long seconds = reports / perSecond;
            List<StixObject> versions = f.versions(f.sightings, "sighting");
            assertThat(versions).extracting(StixObject::id).as("one object for one member, target and window").containsOnly(
                    versions.getFirst().id());
            assertThat((long) versions.size()).as("versions for %d s of hits flushed every 60 s", seconds)
                    .isLessThanOrEqualTo(seconds / 60 + 2);
            JsonNode last = Fixture.tree(versions.getLast());
            assertThat(last.path("count").asLong()).isEqualTo(reports);
            assertThat(last.path("first_seen").asText()).isEqualTo(Times.format(Times.micros(first)));
            assertThat(Times.micros(last.path("last_seen").asText())).isEqualTo(Times.micros(first.plusSeconds(seconds - 1)));
            assertThat(last.path("where_sighted_refs").get(0).asText()).isEqualTo(f.node.config().member().identityId());
            assertThat(cor.stats().aggregates()).isEqualTo(1);
            cor.close();
        }
    }

    @Test
    void reportsInAnotherWindowFoldIntoAnotherObject() throws Exception {
        try (Fixture f = new Fixture(dir, clock)) {
            String target = f.indicator("[domain-name:value = 'days.example']", 80);
            try (Correlator cor = f.correlator(Fixture.config())) {
                List<String> ids = cor.sightings().record(List.of(
                        Sightings.Report.of(target, Instant.parse("2026-03-13T10:00:00Z")),
                        Sightings.Report.of(target, Instant.parse("2026-03-14T10:00:00Z")),
                        Sightings.Report.of(target, Instant.parse("2026-03-14T11:00:00Z"))));
                assertThat(ids.get(1)).isEqualTo(ids.get(2)).isNotEqualTo(ids.get(0));
                cor.sightings().flush();
            }
            assertThat(f.versions(f.sightings, "sighting")).hasSize(2);
        }
    }

    @Test
    void reportsContinueTheStoredCountAfterARestart() throws Exception {
        try (Fixture f = new Fixture(dir, clock)) {
            String target = f.indicator("[domain-name:value = 'again.example']", 80);
            try (Correlator cor = f.correlator(Fixture.config())) {
                cor.sightings().record(new Sightings.Report(null, target, 5, clock.instant(), clock.instant(), null));
            }
            f.reopen();
            clock.advance(Duration.ofMinutes(5));
            try (Correlator cor = f.correlator(Fixture.config())) {
                cor.sightings().record(new Sightings.Report(null, target, 3, clock.instant(), clock.instant(), null));
            }
            List<StixObject> versions = f.versions(f.sightings, "sighting");
            assertThat(versions).hasSize(2);
            assertThat(Fixture.tree(versions.getLast()).path("count").asLong()).isEqualTo(8);
        }
    }

    @Test
    void aRestartInTheMiddleOfAWindowLosesNothingOnTheEmbeddedStore() throws Exception {
        restartInTheMiddleOfAWindow(new NodeConfig.StoreSettings.Embedded("concord.db"));
    }

    @Test
    void aRestartInTheMiddleOfAWindowLosesNothingOnPostgresql() throws Exception {
        StoreConfig.Postgres pg = TestDatabases.newPostgres();
        restartInTheMiddleOfAWindow(new NodeConfig.StoreSettings.Postgres(pg.jdbcUrl(), pg.user(), null));
    }

    private void restartInTheMiddleOfAWindow(NodeConfig.StoreSettings store) throws Exception {
        try (Fixture f = new Fixture(dir, clock, store)) {
            Fixture.Member ee = f.member("CERT-EE", "EE", false, "energy");
            Fixture.Member fi = f.member("Finnish Bank", "FI", true, "financial-services");
            Fixture.Member lv = f.member("LV Telecom", "LV", false, "telecommunications");
            String target = f.indicator("[domain-name:value = 'restart.example']", 80);
            // first half: our member's report and EE's sighting
            try (Correlator cor = f.correlator(Fixture.config()).start()) {
                cor.sightings().record(Sightings.Report.of(target, Instant.parse("2026-03-14T08:00:00Z")));
                f.write(f.sightings, List.of(Fixture.sighting(ee, target, Instant.parse("2026-03-14T09:00:00Z"))));
                cor.sync();
            }
            f.reopen();
            clock.advance(Duration.ofHours(2));
            // second half, after the restart: FI makes three countries with what came before (DE, EE), then LV
            try (Correlator cor = f.correlator(Fixture.config()).start()) {
                f.write(f.sightings, List.of(Fixture.sighting(fi, target, Instant.parse("2026-03-14T13:00:00Z"))));
                cor.sync();
                assertThat(f.alerts().values()).singleElement()
                        .satisfies(a -> assertThat(CorrelatorTest.texts(a.path("groups"))).containsExactly("DE", "EE", "FI"));
                f.write(f.sightings, List.of(Fixture.sighting(lv, target, Instant.parse("2026-03-14T13:30:00Z"))));
                cor.sync();
            }
            Map<String, JsonNode> alerts = f.alerts();
            assertThat(alerts).as("raised once: one alert, its versions growing").hasSize(1);
            JsonNode alert = alerts.values().iterator().next();
            assertThat(CorrelatorTest.texts(alert.path("groups"))).containsExactly("DE", "EE", "FI", "LV");
            assertThat(alert.path("evidence")).hasSize(4);
            assertThat(f.versions(f.alerts, AlertObjects.TYPE)).hasSize(2);
            // and once more: a restart replays the window and finds nothing new to say
            f.reopen();
            try (Correlator cor = f.correlator(Fixture.config()).start()) {
                cor.sync();
            }
            assertThat(f.versions(f.alerts, AlertObjects.TYPE)).hasSize(2);
        }
    }

    @Test
    void aValueNoIndicatorNamesIsRecordedWithItsObservableAndAnIndicator() throws Exception {
        try (Fixture f = new Fixture(dir, clock); Correlator cor = f.correlator(Fixture.config())) {
            Sightings.Observed value = Sightings.Observed.parse("domain:Example.COM.");
            String s1 = cor.sightings().recordValue(null, value, 2, clock.instant(), clock.instant(), null);
            String s2 = cor.sightings().recordValue(null, value, 1, clock.instant(), clock.instant(), null);
            assertThat(s1).isEqualTo(s2);
            cor.sightings().flush();
            assertThat(f.versions(f.intelligence, "domain-name")).singleElement().extracting(StixObject::id)
                    .isEqualTo("domain-name--bedb4899-d24b-5401-bc86-8f6b4cc18ec7");
            List<StixObject> indicators = f.versions(f.intelligence, "indicator");
            assertThat(indicators).hasSize(1);
            assertThat(Fixture.tree(indicators.getFirst()).path("pattern").asText()).isEqualTo("[domain-name:value = 'example.com']");
            JsonNode sighting = Fixture.tree(f.versions(f.sightings, "sighting").getLast());
            assertThat(sighting.path("sighting_of_ref").asText()).isEqualTo(indicators.getFirst().id());
            assertThat(sighting.path("count").asLong()).isEqualTo(3);
            assertThat(Sightings.Observed.parse("sha256:AB12").observable(org.concord.stix.Tlp.GREEN).id())
                    .isEqualTo(ObservableIds.id("file", Fixture.JSON.createObjectNode().set("hashes",
                            Fixture.JSON.createObjectNode().put("SHA-256", "ab12"))));
        }
    }

    @Test
    void aggregateVersionsAreWrittenInCanonicalForm() throws Exception {
        Target t = new Target("indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f", "indicator", List.of("domain:a.example"), List.of(),
                -1, 0, "domain", true, 0);
        Reporter r = new Reporter("identity--0d3c8a51-27a2-4f1e-9a0b-5d2c7a1e6f00", "EE", List.of("energy"));
        java.util.UUID u = java.util.UUID.randomUUID();
        Aggregates.Aggregate a = new Aggregates.Aggregate(u.getMostSignificantBits(), u.getLeastSignificantBits(), r, t, 0, 0);
        StixObject o = Aggregates.sighting(a, "identity--we\"ird\u0001", "2026-03-14T12:00:00.000Z", "2026-03-14T12:01:00.000Z",
                42, Times.micros("2026-03-14T09:00:00.123456Z"), Times.micros("2026-03-14T10:00:00Z"), 1);
        assertThat(o.canonical()).isEqualTo(org.concord.stix.Canonical.bytes(Fixture.JSON.readTree(o.canonical())));
        assertThat(new org.concord.stix.StixValidator().validate(Fixture.JSON.readTree(o.canonical())))
                .as("only the made-up creator is wrong").hasSize(1);
    }

    @Test
    void badReportsAreRefusedSayingWhatIsWrong() {
        assertThatThrownBy(() -> new Sightings.Report(null, "not-an-id", 1, Fixture.NOON, Fixture.NOON, null))
                .isInstanceOf(ConcordException.class).hasMessageContaining("not-an-id");
        assertThatThrownBy(() -> new Sightings.Report(null, "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f", 0, Fixture.NOON,
                Fixture.NOON, null)).hasMessageContaining("count must be 1..999999999: 0");
        assertThatThrownBy(() -> new Sightings.Report(null, "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f", 1, Fixture.NOON,
                Fixture.NOON.minusSeconds(1), null)).hasMessageContaining("must not be before");
        assertThatThrownBy(() -> Sightings.Observed.parse("registry:HKLM")).hasMessageContaining("registry");
        assertThatThrownBy(() -> Sightings.Observed.parse("ip:999.1.1.1")).hasMessageContaining("not a valid ipv4-addr");
    }
}
