package org.concord.warning;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
            assertThat(alert.path("created_by_ref").asText()).as("the same author on every node").isEqualTo(AlertObjects.EARLY_WARNING);
            assertThat(texts(alert.path("object_marking_refs"))).as("GREEN sightings of unmarked indicators: the node's default_tlp")
                    .containsExactly(Tlp.AMBER.markingId());
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
    void theAlertDefinitionsAndTheOriginSignatureExtensionNameOneProjectIdentity() {
        List<StixObject> definitions = AlertObjects.definitions();
        StixObject project = definitions.stream().filter(o -> o.id().equals(org.concord.stix.ProjectIdentity.ID)).findFirst().orElseThrow();
        assertThat(project.canonical()).isEqualTo(StixObject.of(org.concord.integrity.OriginSignature.projectIdentity()).canonical());
        assertThat(project.markingRefs()).containsExactly(org.concord.stix.Tlp.CLEAR.markingId()); // it may go to any partner
        for (StixObject o : definitions) {
            if (!o.id().equals(project.id())) {
                assertThat(Fixture.tree(o).path("created_by_ref").asText()).as(o.id()).isEqualTo(project.id());
            }
        }
        assertThat(org.concord.integrity.OriginSignature.extensionDefinition().get("created_by_ref").textValue()).isEqualTo(project.id());
        StixValidator validator = new StixValidator();
        for (StixObject o : definitions) assertThat(validator.validate(Fixture.tree(o))).as(o.json()).isEmpty();
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
        WarningConfig warning = org.concord.config.ConfigFile.read(dir.resolve("node.json"))
                .parse(root -> WarningConfig.parse(root.get(WarningConfig.SECTION)));
        try (Correlator cor = Correlator.open(warning, f.node.store(), f.node.config().member(), f.node.config().defaultTlp(),
                f.node.clock()).start()) {
            assertThat(cor.describe()).contains("country:3:PT24H").contains("warninglists").contains("MISP warninglists tlds");
            f.write(f.sightings, List.of(Fixture.sighting(ee, top, at("09:00")), Fixture.sighting(fi, top, at("10:00")),
                    Fixture.sighting(lv, top, at("11:00"))));
            cor.sync();
        }
        assertThat(f.alerts().values()).extracting(j -> j.path("key").asText()).containsExactly("domain:login-google.evil.example");
    }

    @Test
    void aPartnersAlertMergesWithTheLocalOneAndANewVersionOnlyWhenWhatItStatesGrew() {
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
            ObjectNode partner = (ObjectNode) mine.deepCopy();
            ((ArrayNode) partner.path("evidence")).addObject()
                    .put("sighting_ref", "sighting--6f3c1d2e-0b4a-4c5d-8e9f-102132435465").put("country", "SE");
            partner.put("modified", "2026-03-14T00:00:09.000001Z");
            clock.advance(Duration.ofMinutes(31));
            f.write(f.alerts, List.of(StixObject.of(partner)));
            cor.sync();
            List<StixObject> versions = f.versions(f.alerts, AlertObjects.TYPE);
            assertThat(versions).as("mine, the partner's, and the union of both").extracting(StixObject::id).containsOnly(id).hasSize(3);
            JsonNode union = f.alerts().get(id);
            assertThat(texts(union.path("groups"))).containsExactly("EE", "FI", "LV", "SE");
            assertThat(union.path("modified").asText()).as("later than both: it states more")
                    .isGreaterThan(mine.path("modified").asText()).isGreaterThan("2026-03-14T00:00:09.000001Z");
            // the partner's copy of the union: the same bytes, nothing new to write
            f.write(f.alerts, List.of(versions.getLast()));
            cor.sync();
            assertThat(f.versions(f.alerts, AlertObjects.TYPE)).hasSize(3);
            // counts and times of sightings already in the evidence change nothing the alert states
            f.write(f.sightings, List.of(Fixture.sighting(local.getFirst().id(), ee, a, 40, at("08:00"), at("11:30"),
                    "2026-03-14T13:00:00.001Z")));
            cor.sync();
            assertThat(f.versions(f.alerts, AlertObjects.TYPE)).as("no version for a count").hasSize(3);
            // a local sighting the partner does not have: the union goes out as a new version
            f.write(f.sightings, List.of(Fixture.sighting(de2, a, at("12:10"))));
            cor.sync();
            JsonNode merged = f.alerts().get(id);
            assertThat(f.versions(f.alerts, AlertObjects.TYPE)).hasSize(4);
            assertThat(texts(merged.path("groups"))).containsExactly("DE", "EE", "FI", "LV", "SE");
            assertThat(merged.path("evidence")).hasSize(5);
            assertThat(merged.path("modified").asText()).isGreaterThan(union.path("modified").asText());
            assertThat(merged.path("created").asText()).as("created is the window's start on every node")
                    .isEqualTo(mine.path("created").asText());
        }
    }

    @Test
    void anAlertIsAtLeastAsStrictAsTheIndicatorsAndSightingsItCameFrom() {
        String red = f.indicator("[domain-name:value = 'red.example']", 90, Tlp.RED);
        String green = f.indicator("[domain-name:value = 'red.example']", 90, Tlp.GREEN);
        String granular = f.indicator("[domain-name:value = 'granular.example']", 90, Tlp.GREEN);
        var g = (ObjectNode) Fixture.tree(f.latest(granular)).deepCopy();
        g.put("modified", "2026-03-02T00:00:00.000Z").putArray("granular_markings").addObject()
                .put("marking_ref", Tlp.RED.markingId()).putArray("selectors").add("pattern");
        f.write(f.intelligence, List.of(StixObject.of(g)));
        String clear = f.indicator("[domain-name:value = 'amber.example']", 90, Tlp.CLEAR);
        try (Correlator cor = f.correlator(Fixture.config()).start()) {
            f.write(f.sightings, List.of(Fixture.sighting(ee, green, at("09:00")), Fixture.sighting(fi, green, at("10:00")),
                    Fixture.sighting(lv, red, at("11:00"))));
            f.write(f.sightings, List.of(Fixture.sighting(ee, granular, at("09:00")), Fixture.sighting(fi, granular, at("10:00")),
                    Fixture.sighting(lv, granular, at("11:00"))));
            StixObject amberSighting = Fixture.sighting(lv, clear, at("11:00"));
            var s = (ObjectNode) Fixture.tree(amberSighting).deepCopy();
            ((ArrayNode) s.path("object_marking_refs")).removeAll().add(Tlp.AMBER.markingId());
            f.write(f.sightings, List.of(Fixture.sighting(ee, clear, at("09:00")), Fixture.sighting(fi, clear, at("10:00")),
                    StixObject.of(s)));
            cor.sync();
        }
        Map<String, JsonNode> alerts = f.alerts();
        assertThat(alerts).hasSize(3);
        for (JsonNode a : alerts.values()) {
            String expected = switch (a.path("key").asText()) {
                case "domain:red.example" -> Tlp.RED.markingId(); // GREEN sightings, one of a RED indicator
                case "domain:granular.example" -> Tlp.RED.markingId(); // the pattern its key came from is RED
                case "domain:amber.example" -> Tlp.AMBER.markingId(); // a CLEAR indicator, one AMBER sighting
                default -> throw new AssertionError(a);
            };
            assertThat(texts(a.path("object_marking_refs"))).as(a.path("key").asText()).containsExactly(expected);
        }
    }

    @Test
    void anIndicatorRemarkedRedAfterTheAlertMakesItsNextVersionRed() {
        String a = f.indicator("[domain-name:value = 'remarked.example']", 80, Tlp.GREEN);
        try (Correlator cor = f.correlator(Fixture.config()).start()) {
            f.write(f.sightings, List.of(Fixture.sighting(ee, a, at("09:00")), Fixture.sighting(fi, a, at("10:00")),
                    Fixture.sighting(lv, a, at("11:00"))));
            cor.sync();
            String id = cor.alertId("domain:remarked.example", at("11:00"));
            assertThat(texts(f.alerts().get(id).path("object_marking_refs"))).containsExactly(Tlp.GREEN.markingId());
            ObjectNode red = (ObjectNode) Fixture.tree(f.latest(a)).deepCopy();
            red.put("modified", "2026-03-02T00:00:00.000Z").putArray("object_marking_refs").add(Tlp.RED.markingId());
            f.write(f.intelligence, List.of(StixObject.of(red)));
            f.write(f.sightings, List.of(Fixture.sighting(de2, a, at("11:30"))));
            cor.sync();
            JsonNode next = f.alerts().get(id);
            assertThat(texts(next.path("groups"))).containsExactly("DE", "EE", "FI", "LV");
            assertThat(texts(next.path("object_marking_refs"))).as("the indicator it came from is RED now").containsExactly(Tlp.RED.markingId());
        }
    }

    @Test
    void aSightingMoreThanMaxSkewInTheFutureDoesNotCountEvenWithinTodaysWindow() {
        String a = f.indicator("[domain-name:value = 'future.example']", 80);
        try (Correlator cor = f.correlator(Fixture.config()).start()) { // max_skew PT5M, now 12:00
            f.write(f.sightings, List.of(Fixture.sighting(ee, a, at("09:00")), Fixture.sighting(fi, a, at("10:00")),
                    Fixture.sighting(lv, a, at("23:00")), Fixture.sighting(lv, a, Fixture.NOON.plus(Duration.ofMinutes(6)))));
            cor.sync();
            assertThat(f.alerts()).as("LV's sightings are from the future: 11 h and 6 min ahead").isEmpty();
            assertThat(cor.stats().ignoredFuture()).isEqualTo(2);
            f.write(f.sightings, List.of(Fixture.sighting(lv, a, Fixture.NOON.plus(Duration.ofMinutes(4)))));
            cor.sync();
            assertThat(f.alerts().values()).as("4 minutes ahead: within max_skew").singleElement()
                    .satisfies(j -> assertThat(j.path("evidence")).hasSize(3));
            clock.set(at("23:30"));
            cor.sync();
            assertThat(f.alerts().values()).as("what was ignored stays ignored once its time has come").singleElement()
                    .satisfies(j -> assertThat(j.path("evidence")).hasSize(3));
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
        long start = Times.micros(Instant.parse("2026-03-14T00:00:00Z"));
        Target fresh = new Target("indicator--a", "indicator", List.of(), List.of(), 90, start, "ip", true, 0);
        Target stale = new Target("indicator--b", "indicator", List.of(), List.of(), 90, start - 56L * 86_400_000_000L, "ip", true, 0);
        Target malware = new Target("malware--c", "malware", List.of(), List.of(), 100, Long.MIN_VALUE, "default", true, 0);
        assertThat(s.confidence(List.of(fresh), start)).isEqualTo(90);
        assertThat(s.confidence(List.of(stale), start)).as("four half-lives of an ip: 90/16").isEqualTo(6);
        assertThat(s.confidence(List.of(fresh, stale), start)).as("the most confident indicator").isEqualTo(90);
        assertThat(s.confidence(List.of(malware), start)).as("no indicator: the default").isEqualTo(50);
        List<String> critical = List.of("energy", "financial-services", "healthcare"), other = List.of("retail", "education");
        double high = Severity.of(3, 3, critical, 90).value();
        assertThat(high).isGreaterThan(Severity.of(3, 3, other, 90).value());
        assertThat(high).isGreaterThan(Severity.of(3, 3, critical, 6).value()).isLessThan(Severity.of(6, 3, critical, 90).value());
        // 0.40·0.5 + 0.35·1 + 0.25·0.9 = 0.775
        assertThat(high).isEqualTo(77.5);
        assertThat(Severity.level(high)).isEqualTo("high");
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
