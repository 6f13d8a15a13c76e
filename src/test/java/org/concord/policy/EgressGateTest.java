package org.concord.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import org.concord.integrity.OriginSignature;
import org.concord.integrity.OriginSigner;
import org.concord.node.NodeKeys;
import org.concord.stix.StixObject;
import org.concord.stix.Tlp;
import org.concord.store.Database;
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
        try (Database database = Database.open(config); Store store = Stores.open(database, InstantSource.system(), null)) {
            AuditDatabase audit = new AuditDatabase(database);
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
    void whatThisNodeOriginatedOrAlteredOrMadeGoesWithItsSignatureBesideItAndARelayedVersionAsReceived(@TempDir Path dir) {
        StoreConfig config = new StoreConfig.Embedded(dir.resolve("store.db"));
        NodeKeys keys = NodeKeys.generate();
        NodeKeys origin = NodeKeys.generate();
        try (Database database = Database.open(config); Store store = Stores.open(database, InstantSource.system(), null)) {
            AuditDatabase audit = new AuditDatabase(database);
            OriginSigner signer = new OriginSigner(keys, "identity--here", store.signatures());
            Agreements agreements = new Agreements(List.of(Samples.open("b").sightings(Agreement.Sightings.COUNTRY).build()));
            EgressGate gate = new EgressGate(Samples.policy(), agreements, audit.log(), InstantSource.fixed(NOW), signer::sign);
            Provenance relayed = new Provenance("lv", "LV", List.of("lv"), true);
            StixObject local = StixObject.of(Samples.indicator("local", Tlp.GREEN));
            StixObject asReceived = StixObject.of(OriginSignature.sign(Samples.indicator("relayed", Tlp.GREEN), origin, "identity--lv"));
            StixObject receivedUnmarked = StixObject.of(OriginSignature.sign(Samples.indicator("unmarked", null), origin, "identity--lv"));
            StixObject sighting = StixObject.of(Samples.sighting(Samples.id("identity", "r")));
            StixObject tlpDefinition = StixObject.of(Samples.json("{'type':'marking-definition','spec_version':'2.1','id':'"
                    + Tlp.GREEN.markingId() + "','created':'2022-10-01T00:00:00.000Z','name':'TLP:GREEN','extensions':{'"
                    + Tlp.EXTENSION_ID + "':{'extension_type':'property-extension','tlp_2_0':'green'}}}"));

            List<Decision> ds = gate.disclose("b", List.of(new EgressGate.Candidate(local, Samples.INTELLIGENCE, Samples.LOCAL),
                    new EgressGate.Candidate(asReceived, Samples.INTELLIGENCE, relayed),
                    new EgressGate.Candidate(receivedUnmarked, Samples.INTELLIGENCE, relayed),
                    new EgressGate.Candidate(sighting, Samples.SIGHTINGS, Samples.LOCAL),
                    new EgressGate.Candidate(tlpDefinition, Samples.INTELLIGENCE, Samples.LOCAL)));
            List<Decision.Release> rs = ds.stream().map(d -> (Decision.Release) d).toList();

            assertThat(rs.get(0).object()).isEqualTo(local);                          // originated here: its bytes as stored,
            assertThat(signedBy(rs.get(0), keys)).isTrue();                            // this node's signature beside them
            assertThat(rs.get(1).object().canonical()).isEqualTo(asReceived.canonical()); // relayed untouched,
            assertThat(rs.get(1).signature()).isNull();                                // not signed here:
            assertThat(embeddedBy(rs.get(1).object(), origin)).isTrue();               // its origin's signature as received
            assertThat(rs.get(2).altered()).isFalse();                                // no default marking written:
            assertThat(rs.get(2).object().canonical()).isEqualTo(receivedUnmarked.canonical()); // as received,
            assertThat(embeddedBy(rs.get(2).object(), origin)).isTrue();               // its origin's signature intact
            assertThat(rs.get(2).signature()).isNull();
            assertThat(rs.get(3).altered()).isTrue();                                 // a copy by country: this node's statement
            assertThat(signedBy(rs.get(3), keys)).isTrue();
            assertThat(rs.get(3).companions()).hasSize(1);                            // the country location signed too
            assertThat(OriginSignature.verify(rs.get(3).companions().getFirst(), rs.get(3).companionSignatures().getFirst(),
                    keys.publicKey())).isInstanceOf(OriginSignature.Verification.Valid.class);
            assertThat(rs.get(4).object()).isEqualTo(tlpDefinition);                 // the specification's object, as it is
            assertThat(rs.get(4).object()).isEqualTo(org.concord.stix.TlpDefinitions.of(Tlp.GREEN.markingId()).orElseThrow());
            assertThat(rs.get(4).signature()).isNull();
            // the audit log has the hash of exactly the object bytes sent (the signature goes beside them)
            List<String> sent = new java.util.ArrayList<>();
            for (Decision.Release r : rs) {
                sent.add(java.util.HexFormat.of().formatHex(r.object().sha256()));
                r.companions().forEach(c -> sent.add(java.util.HexFormat.of().formatHex(c.sha256())));
            }
            assertThat(audit.log().find(AuditQuery.all())).extracting(Disclosure::sha256).containsExactlyElementsOf(sent);
        }
    }

    /** Whether the signature beside the released object is by {@code keys}. */
    private static boolean signedBy(Decision.Release r, NodeKeys keys) {
        return r.signature() != null && OriginSignature.verify(r.object(), r.signature(), keys.publicKey())
                instanceof OriginSignature.Verification.Valid;
    }

    /** Whether the object carries in it an origin signature by {@code keys} (an older node's way). */
    private static boolean embeddedBy(StixObject o, NodeKeys keys) {
        return OriginSignature.verify((com.fasterxml.jackson.databind.node.ObjectNode) Samples.parse(o), keys.publicKey())
                instanceof OriginSignature.Verification.Valid;
    }

    @Test
    void theCountryLocationSentWithASightingIsRecordedToo(@TempDir Path dir) {
        StoreConfig config = new StoreConfig.Embedded(dir.resolve("store.db"));
        try (Database database = Database.open(config)) {
            AuditDatabase audit = new AuditDatabase(database);
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
