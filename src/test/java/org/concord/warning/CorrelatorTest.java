package org.concord.warning;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.concord.TestClock;
import org.concord.stix.StixObject;
import org.concord.stix.StixValidator;
import org.concord.stix.Tlp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorrelatorTest {
    @TempDir
    Path dir;
    TestClock clock = new TestClock(Fixture.NOON);
    Fixture f;
    Fixture.Member ee, fi, lv, de2;

    @BeforeEach
    void node() throws IOException {
        f = new Fixture(dir, clock);
        ee = f.member("CERT-EE", "EE", false, "energy");
        fi = f.member("Finnish Bank", "FI", true, "financial-services");
        lv = f.member("LV Telecom", "LV", false, "telecommunications");
        de2 = f.member("Stadtwerke", "DE", true, "utilities");
    }

    @AfterEach
    void close() {
        f.close();
    }

    static Instant at(String hhmm) {
        return Instant.parse("2026-03-14T" + hhmm + ":00Z");
    }

    @Test
    void threeCountriesWithDifferentIndicatorsForOneDomainRaiseOneAlert() {
        String a = f.indicator("[domain-name:value = 'Evil.Example.']", 80);
        String b = f.indicator("[domain-name:value IN ('evil.example', 'x.example')]", 60);
        String c = f.indicator("[url:value = 'http://evil.example/p'] OR [domain-name:value = 'evil.example']", null);
        try (Correlator cor = f.correlator(Fixture.config()).start()) {
            f.write(f.sightings, List.of(Fixture.sighting(ee, a, at("09:00")), Fixture.sighting(fi, b, at("10:00"))));
            cor.sync();
            assertThat(f.alerts()).as("two countries: below the threshold").isEmpty();
            f.write(f.sightings, List.of(Fixture.sighting(lv, c, at("11:30"))));
            cor.sync();
            Map<String, JsonNode> alerts = f.alerts();
            assertThat(alerts).hasSize(1);
            JsonNode alert = alerts.values().iterator().next();
            assertThat(alert.path("id").asText()).isEqualTo(cor.alertId("domain:evil.example", at("11:30")))
                    .isEqualTo(Ids.alert("domain:evil.example", Rule.DEFAULT, "2026-03-14T00:00:00.000Z"));
            assertThat(alert.path("key").asText()).isEqualTo("domain:evil.example");
            assertThat(texts(alert.path("groups"))).containsExactly("EE", "FI", "LV");
            assertThat(texts(alert.path("sectors"))).containsExactly("energy", "financial-services", "telecommunications");
            assertThat(texts(alert.path("indicator_refs"))).containsExactlyInAnyOrder(a, b, c);
            assertThat(alert.path("evidence")).hasSize(3);
            assertThat(alert.path("window_start").asText()).isEqualTo("2026-03-14T00:00:00.000Z");
            assertThat(alert.path("window_end").asText()).isEqualTo("2026-03-15T00:00:00.000Z");
            assertThat(alert.path("severity_level").asText()).isIn("high", "critical");
            assertThat(alert.path("created_by_ref").asText()).isEqualTo(f.node.config().member().identityId());
            assertThat(texts(alert.path("object_marking_refs"))).containsExactly(Tlp.GREEN.markingId());
            assertThat(alert.path("name").asText()).isEqualTo("domain:evil.example sighted in 3 countries within 24 h");
        }
    }

    @Test
    void alertsAndTheExtensionDefinitionAreValidStix() {
        String a = f.indicator("[ipv4-addr:value = '198.51.100.7']", 90);
        try (Correlator cor = f.correlator(Fixture.config()).start()) {
            f.write(f.sightings, List.of(Fixture.sighting(ee, a, at("09:00")), Fixture.sighting(fi, a, at("10:00")),
                    Fixture.sighting(lv, a, at("11:00"))));
            cor.sync();
        }
        StixValidator validator = new StixValidator();
        List<StixObject> alerts = f.versions(f.alerts, AlertObjects.TYPE);
        assertThat(alerts).singleElement().extracting(o -> Fixture.tree(o).path("key").asText()).isEqualTo("ip:198.51.100.7");
        for (StixObject o : alerts) assertThat(validator.validate(Fixture.tree(o))).as(o.json()).isEmpty();
        List<StixObject> definitions = f.versions(f.alerts, "extension-definition");
        assertThat(definitions).singleElement().extracting(StixObject::id).isEqualTo(AlertObjects.EXTENSION_ID);
        assertThat(validator.validate(Fixture.tree(definitions.getFirst()))).isEmpty();
        assertThat(validator.validate(Fixture.tree(f.versions(f.alerts, "identity").getFirst()))).isEmpty();
    }

    @Test
    void noAlertBelowTheThresholdOrForSightingsMoreThanAWindowApart() {
        String a = f.indicator("[domain-name:value = 'slow.example']", 80);
        try (Correlator cor = f.correlator(Fixture.config()).start()) {
            f.write(f.sightings, List.of(Fixture.sighting(ee, a, Instant.parse("2026-03-13T02:00:00Z")),
                    Fixture.sighting(fi, a, at("01:00")), Fixture.sighting(fi, a, at("02:00"))));
            cor.sync();
            assertThat(f.alerts()).as("two countries").isEmpty();
            f.write(f.sightings, List.of(Fixture.sighting(de2, a, at("03:00"))));
            cor.sync();
            assertThat(f.alerts()).as("EE 25 hours before DE: never three countries within 24 hours").isEmpty();
        }
    }

    @Test
    void aCampaignAcrossMidnightRaisesOneAlertInTheWindowItReachedTheThresholdIn() {
        String a = f.indicator("[domain-name:value = 'night.example']", 80);
        try (Correlator cor = f.correlator(Fixture.config()).start()) {
            f.write(f.sightings, List.of(Fixture.sighting(ee, a, Instant.parse("2026-03-13T23:00:00Z")),
                    Fixture.sighting(fi, a, at("01:00")), Fixture.sighting(fi, a, at("02:00")),
                    Fixture.sighting(de2, a, at("03:00"))));
            cor.sync();
            Map<String, JsonNode> alerts = f.alerts();
            assertThat(alerts).as("EE at 23:00 on the 13th, FI and DE after midnight: one campaign").hasSize(1);
            JsonNode alert = alerts.values().iterator().next();
            assertThat(alert.path("id").asText()).isEqualTo(cor.alertId("domain:night.example", at("03:00")));
            assertThat(alert.path("window_start").asText()).isEqualTo("2026-03-14T00:00:00.000Z");
            assertThat(texts(alert.path("groups"))).containsExactly("DE", "EE", "FI");
            assertThat(alert.path("evidence")).hasSize(4);

            clock.set(Instant.parse("2026-03-15T02:00:00Z")); // the campaign goes on the next day
            f.write(f.sightings, List.of(Fixture.sighting(lv, a, Instant.parse("2026-03-15T01:00:00Z"))));
            cor.sync();
            alerts = f.alerts();
            assertThat(alerts).as("LV within 24 hours of FI and DE: the 15th's window alerts too").hasSize(2);
            JsonNode next = alerts.get(cor.alertId("domain:night.example", Instant.parse("2026-03-15T01:00:00Z")));
            assertThat(texts(next.path("groups"))).containsExactly("DE", "FI", "LV");
            assertThat(alerts.get(alert.path("id").asText()).path("evidence")).as("the first alert is as it was").hasSize(4);
        }
    }

    @Test
    void aWarninglistedValueNeverAlerts(@TempDir Path lists) throws IOException {
        java.nio.file.Files.writeString(lists.resolve("ours.json"), """
                {"name": "ours", "version": 1, "description": "benign", "type": "hostname",
                 "matching_attributes": ["domain"], "list": ["benign.example"]}
                """);
        Warninglists w = Warninglists.load(List.of(lists), Set.of(), Set.of());
        String a = f.indicator("[domain-name:value = 'cdn.benign.example']", 80);
        try (Correlator cor = new Correlator(f.node.store(), f.node.config().member(), Tlp.AMBER, Fixture.config(), w,
                PublicSuffixes.none(), clock, f.intelligence, f.sightings, f.alerts).start()) {
            f.write(f.sightings, List.of(Fixture.sighting(ee, a, at("09:00")), Fixture.sighting(fi, a, at("10:00")),
                    Fixture.sighting(lv, a, at("11:00"))));
            cor.sync();
        }
        assertThat(f.alerts()).isEmpty();
    }

    @Test
    void theNodesConfigurationNamesMispsListsReadInPlace() throws IOException {
        var config = (com.fasterxml.jackson.databind.node.ObjectNode) Fixture.JSON.readTree(dir.resolve("node.json").toFile());
        config.putObject("warning").putObject("warninglists").putArray("folders").add(WarninglistsTest.MISP.toAbsolutePath().toString());
        java.nio.file.Files.writeString(dir.resolve("node.json"), config.toString());
        String top = f.indicator("[domain-name:value = 'www.google.com'] OR [domain-name:value = 'login-google.evil.example']", 80);
        try (Correlator cor = Correlator.forNode(f.node, WarningConfig.load(dir)).start()) {
            assertThat(cor.describe()).contains("country:3:PT24H").contains("warninglists").contains("MISP warninglists tlds");
            f.write(f.sightings, List.of(Fixture.sighting(ee, top, at("09:00")), Fixture.sighting(fi, top, at("10:00")),
                    Fixture.sighting(lv, top, at("11:00"))));
            cor.sync();
        }
        assertThat(f.alerts().values()).extracting(j -> j.path("key").asText()).containsExactly("domain:login-google.evil.example");
    }

    @Test
    void aPartnersAlertMergesWithTheLocalOneAndANewVersionOnlyWhenEvidenceGrew() {
        String a = f.indicator("[domain-name:value = 'merge.example']", 70);
        List<StixObject> local = List.of(Fixture.sighting(ee, a, at("09:00")), Fixture.sighting(fi, a, at("10:00")),
                Fixture.sighting(lv, a, at("11:00")));
        try (Correlator cor = f.correlator(Fixture.config()).start()) {
            f.write(f.sightings, local);
            cor.sync();
            String id = cor.alertId("domain:merge.example", at("11:00"));
            JsonNode mine = f.alerts().get(id);
            assertThat(mine.path("evidence")).hasSize(3);
            // a partner raised the same alert from the same three sightings and one more of its own (SE)
            JsonNode partner = mine.deepCopy();
            ((com.fasterxml.jackson.databind.node.ObjectNode) partner).put("modified", "2026-03-14T12:30:00.000Z")
                    .put("created_by_ref", "identity--0d3c8a51-27a2-4f1e-9a0b-5d2c7a1e6f00");
            ((com.fasterxml.jackson.databind.node.ArrayNode) partner.path("evidence")).addObject()
                    .put("sighting_ref", "sighting--6f3c1d2e-0b4a-4c5d-8e9f-102132435465").put("country", "SE")
                    .put("count", 4).put("first_seen", "2026-03-14T08:00:00.000Z").put("last_seen", "2026-03-14T08:30:00.000Z");
            clock.advance(Duration.ofMinutes(31));
            f.write(f.alerts, List.of(StixObject.of((com.fasterxml.jackson.databind.node.ObjectNode) partner)));
            cor.sync();
            assertThat(f.versions(f.alerts, AlertObjects.TYPE)).as("mine, the partner's; nothing new to add")
                    .extracting(StixObject::id).containsOnly(id).hasSize(2);
            // a local sighting the partner does not have: the union goes out as a new version
            f.write(f.sightings, List.of(Fixture.sighting(de2, a, at("12:10"))));
            cor.sync();
            JsonNode merged = f.alerts().get(id);
            assertThat(f.versions(f.alerts, AlertObjects.TYPE)).hasSize(3);
            assertThat(texts(merged.path("groups"))).containsExactly("DE", "EE", "FI", "LV", "SE");
            assertThat(merged.path("evidence")).hasSize(5);
            assertThat(merged.path("modified").asText()).isGreaterThan("2026-03-14T12:30:00.000Z");
            assertThat(merged.path("created").asText()).as("created is the window's start on every node")
                    .isEqualTo(mine.path("created").asText());
        }
    }

    @Test
    void aSightingThatArrivesBeforeItsIndicatorCountsOnceTheIndicatorIsStored() {
        String early = "indicator--" + java.util.UUID.randomUUID();
        String b = f.indicator("[domain-name:value = 'late.example']", 50);
        String c = f.indicator("[domain-name:value = 'late.example']", 50);
        try (Correlator cor = f.correlator(Fixture.config()).start()) {
            f.write(f.sightings, List.of(Fixture.sighting(ee, early, at("09:00")), Fixture.sighting(fi, b, at("10:00")),
                    Fixture.sighting(lv, c, at("11:00"))));
            cor.sync();
            assertThat(f.alerts()).isEmpty();
            assertThat(cor.stats().waitingTargets()).isEqualTo(1);
            var o = Fixture.JSON.createObjectNode().put("type", "indicator").put("spec_version", "2.1").put("id", early)
                    .put("created", "2026-03-01T00:00:00.000Z").put("modified", "2026-03-01T00:00:00.000Z")
                    .put("pattern", "[domain-name:value = 'LATE.example']").put("pattern_type", "stix")
                    .put("valid_from", "2026-03-01T00:00:00Z");
            f.write(f.intelligence, List.of(StixObject.of(o)));
            cor.sync();
            assertThat(f.alerts().values()).extracting(j -> j.path("key").asText()).containsExactly("domain:late.example");
            assertThat(cor.stats().waitingTargets()).isZero();
        }
    }

    @Test
    void anIndicatorThatNamesNoObservableCountsUnderItsOwnKey() {
        String a = f.indicator("[process:name = 'evil.exe' AND process:pid > 4]", 50);
        try (Correlator cor = f.correlator(Fixture.config()).start()) {
            f.write(f.sightings, List.of(Fixture.sighting(ee, a, at("09:00")), Fixture.sighting(fi, a, at("10:00")),
                    Fixture.sighting(lv, a, at("11:00"))));
            cor.sync();
        }
        assertThat(f.alerts().values()).extracting(j -> j.path("key").asText()).containsExactly("indicator:" + a);
    }

    @Test
    void keysBeyondTheCeilingAreCountedAndRefused() {
        try (Correlator cor = f.correlator(Fixture.config().withMaxLiveKeys(1000))) {
            List<Sightings.Report> reports = new ArrayList<>();
            for (int i = 0; i < 1500; i++) reports.add(Sightings.Report.of("indicator--" + java.util.UUID.randomUUID(), at("09:00")));
            cor.sightings().record(reports);
            assertThat(cor.stats().liveKeys()).isEqualTo(1000);
            assertThat(cor.stats().droppedKeys()).isEqualTo(500);
        }
    }

    @Test
    void sightingsOlderThanTheHorizonDoNotCount() {
        String a = f.indicator("[domain-name:value = 'old.example']", 80);
        try (Correlator cor = f.correlator(Fixture.config()).start()) {
            Instant old = Instant.parse("2026-03-11T10:00:00Z"); // its window ended more than a day (grace) ago
            f.write(f.sightings, List.of(Fixture.sighting(ee, a, old), Fixture.sighting(fi, a, old), Fixture.sighting(lv, a, old)));
            cor.sync();
            assertThat(f.alerts()).isEmpty();
            assertThat(cor.stats().ignoredLate()).isPositive();
        }
    }

    @Test
    void severityWeighsCriticalSectorsConfidenceAndAge() {
        Severity s = new Severity(WarningConfig.DEFAULT_HALF_LIVES, 50);
        long now = Times.micros(Fixture.NOON);
        Target fresh = new Target("indicator--a", "indicator", List.of(), List.of(), 90, now, "ip", true);
        Target stale = new Target("indicator--b", "indicator", List.of(), List.of(), 90, now - 56L * 86_400_000_000L, "ip", true);
        List<Evidence> critical = List.of(ev("EE", "energy", now), ev("FI", "financial-services", now), ev("LV", "healthcare", now));
        List<Evidence> other = List.of(ev("EE", "retail", now), ev("FI", "retail", now), ev("LV", "education", now));
        double high = s.of(3, 3, critical, List.of(fresh)).value();
        assertThat(high).isGreaterThan(s.of(3, 3, other, List.of(fresh)).value());
        assertThat(high).isGreaterThan(s.of(3, 3, critical, List.of(stale)).value()).isLessThan(s.of(6, 3, critical, List.of(fresh)).value());
        // 0.40·0.5 + 0.35·1 + 0.25·0.9 = 0.775
        assertThat(high).isEqualTo(77.5);
        assertThat(Severity.level(high)).isEqualTo("high");
    }

    private static Evidence ev(String country, String sector, long t) {
        return new Evidence("sighting--" + java.util.UUID.randomUUID(), null, country, List.of(sector), 1, t, t, 0);
    }

    static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    static Set<String> sorted(JsonNode array) {
        return new TreeSet<>(texts(array));
    }
}
