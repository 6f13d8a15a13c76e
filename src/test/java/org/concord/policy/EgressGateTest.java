package org.concord.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import org.concord.stix.StixObject;
import org.concord.stix.Tlp;
import org.concord.store.Store;
import org.concord.store.StoreConfig;
import org.concord.store.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EgressGateTest {
    private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");

    @Test
    void everyDecisionIsRecordedBesideTheStore(@TempDir Path dir) {
        StoreConfig config = new StoreConfig.Embedded(dir.resolve("store.db"));
        try (Store store = Stores.open(config); AuditDatabase audit = AuditDatabase.open(config)) {
            Agreements agreements = new Agreements(List.of(Samples.open("b").build()));
            EgressGate gate = new EgressGate(Samples.policy(), agreements, audit.log(), InstantSource.fixed(NOW));
            StixObject green = StixObject.of(Samples.indicator("g", Tlp.GREEN));
            StixObject red = StixObject.of(Samples.indicator("r", Tlp.RED));
            List<Decision> ds = gate.disclose("b", List.of(new EgressGate.Candidate(green, Samples.INTELLIGENCE, Samples.LOCAL),
                    new EgressGate.Candidate(red, Samples.INTELLIGENCE, Samples.LOCAL)));
            assertThat(ds).extracting(Decision::released).containsExactly(true, false);
            Decision none = gate.disclose("c", new EgressGate.Candidate(green, Samples.INTELLIGENCE, Samples.LOCAL));
            assertThat(((Decision.Withhold) none).rule()).isEqualTo(Rule.NO_AGREEMENT);

            List<Disclosure> lines = audit.log().find(AuditQuery.all());
            assertThat(lines).extracting(Disclosure::partner, Disclosure::objectId, Disclosure::released)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("b", green.id(), true),
                            org.assertj.core.groups.Tuple.tuple("b", red.id(), false),
                            org.assertj.core.groups.Tuple.tuple("c", green.id(), false));
            assertThat(lines.get(0).sha256()).isEqualTo(java.util.HexFormat.of().formatHex(green.sha256()));
            assertThat(lines).allMatch(d -> d.at().equals(NOW) && d.version().equals(green.version()));
            assertThat(lines.get(2).rules()).containsExactly(Rule.NO_AGREEMENT);
        }
    }

    @Test
    void theCountryLocationSentWithASightingIsRecordedToo(@TempDir Path dir) {
        StoreConfig config = new StoreConfig.Embedded(dir.resolve("store.db"));
        try (AuditDatabase audit = AuditDatabase.open(config)) {
            Agreements agreements = new Agreements(List.of(Samples.open("b").sightings(Agreement.Sightings.COUNTRY).build()));
            EgressGate gate = new EgressGate(Samples.policy(), agreements, audit.log(), InstantSource.fixed(NOW));
            StixObject sighting = StixObject.of(Samples.sighting(Samples.id("identity", "r")));
            Decision.Release r = (Decision.Release) gate.disclose("b",
                    new EgressGate.Candidate(sighting, Samples.SIGHTINGS, Samples.LOCAL));
            List<Disclosure> lines = audit.log().find(AuditQuery.all());
            assertThat(lines).extracting(Disclosure::objectId).containsExactly(sighting.id(), r.companions().get(0).id());
            assertThat(lines.get(0).sha256()).isEqualTo(java.util.HexFormat.of().formatHex(r.object().sha256()))
                    .isNotEqualTo(java.util.HexFormat.of().formatHex(sighting.sha256()));
            assertThat(lines.get(1).rules()).containsExactly(Rule.SIGHTING_COUNTRY);
        }
    }
}
