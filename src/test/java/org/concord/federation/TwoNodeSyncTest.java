package org.concord.federation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.concord.node.Node;
import org.concord.policy.Disclosure;
import org.concord.policy.Rule;
import org.concord.stix.StixObject;
import org.concord.stix.Tlp;
import org.concord.store.Origin;
import org.concord.store.StoredVersion;
import org.concord.store.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real nodes on loopback (real TLS, real HTTP, their own folders): A pushes to B, B pulls from
 * A, on the embedded store and with B on PostgreSQL; TLP:RED never leaves; what arrives carries
 * its origin, path and a valid signature; rounds are idempotent.
 */
class TwoNodeSyncTest {
    @TempDir
    Path tmp;

    static String newId() {
        return "indicator--" + UUID.randomUUID();
    }

    /** cert-ee (EE) and cert-lv (LV), pinned both ways; A may send B everything but not let it pass A's versions on. */
    static TestFederation.Member[] eeToLv(TestFederation f) {
        TestFederation.Member a = f.node("cert-ee", "EE"), b = f.node("cert-lv", "LV");
        f.link(a, b);
        a.agree(TestFederation.outbound("cert-lv", false));
        b.agree(TestFederation.inbound("cert-ee", true));
        return new TestFederation.Member[] {a, b};
    }

    @Test
    void aPushesToBWhatItsAgreementReleasesSignedAndWithItsOriginAndRedNeverLeaves() {
        try (TestFederation f = new TestFederation(tmp)) {
            TestFederation.Member[] ab = eeToLv(f);
            TestFederation.Member a = ab[0], b = ab[1];
            f.start();
            StixObject green = a.put(Samples.indicator(newId(), "2026-02-01T00:00:00.000Z", Tlp.GREEN));
            StixObject red = a.put(Samples.indicator(newId(), "2026-02-01T00:00:00.000Z", Tlp.RED));

            List<Report> round = a.sync();
            assertThat(round).singleElement().satisfies(r -> {
                assertThat(r.ok()).as(r.summary()).isTrue();
                assertThat(r.direction()).isEqualTo(Direction.PUSH);
                assertThat(r.read()).isEqualTo(5); // the member's identity, location, relationship, and the two
                assertThat(r.sent()).isEqualTo(4);
            });
            StoredVersion got = b.version(green).orElseThrow();
            // A's agreement does not let B pass A's versions on, whatever B's own agreement says: A's entry tells B so
            assertThat(got.origin()).isEqualTo(new Origin("cert-ee", "EE", List.of("cert-ee"), false, "cert-ee", Origin.Signature.VALID));
            assertThat(b.version(red)).isEmpty();
            List<Disclosure> audit = a.audit("cert-lv");
            assertThat(audit).filteredOn(d -> d.objectId().equals(red.id())).singleElement()
                    .satisfies(d -> assertThat(d.released()).isFalse()).satisfies(d -> assertThat(d.rules()).containsExactly(Rule.TLP_RED));
            assertThat(a.ledger().state("cert-lv", Direction.PUSH)).get().satisfies(s -> assertThat(s.failures()).isZero());
            assertThat(b.ledger().state("cert-ee", Direction.RECEIVED)).isPresent();

            // another round moves nothing: the cursor is past everything
            int entries = b.entries(Node.INTELLIGENCE).size();
            assertThat(a.sync()).singleElement().satisfies(r -> assertThat(r.read()).isZero());
            StixObject next = a.put(Samples.indicator(newId(), "2026-02-02T00:00:00.000Z"));
            assertThat(a.sync()).singleElement().satisfies(r -> assertThat(r.sent()).isEqualTo(1));
            assertThat(b.entries(Node.INTELLIGENCE)).hasSize(entries + 1);
            assertThat(b.version(next)).isPresent();
        }
    }

    @Test
    void bPullsFromAOnPostgresAndAPeerWithoutAnInboundAgreementHasNothingTaken() {
        try (TestFederation f = new TestFederation(tmp)) {
            TestFederation.Member a = f.node("cert-ee", "EE"), b = f.node("cert-lv", "LV", TestDatabases.newPostgres());
            f.link(a, b, new PeerFlags(false, false), new PeerFlags(true, false)); // B pulls from A, nobody pushes
            a.agree(TestFederation.outbound("cert-lv", true));
            f.start();
            StixObject x = a.put(Samples.indicator(newId(), "2026-02-01T00:00:00.000Z"));
            // B has no inbound agreement with A yet: the pull fails, saying why
            assertThat(b.sync()).singleElement().satisfies(r -> {
                assertThat(r.ok()).isFalse();
                assertThat(r.error()).contains("no inbound agreement with cert-ee");
            });
            b.agree(TestFederation.inbound("cert-ee", false));
            List<Report> round = b.sync();
            assertThat(round).singleElement().satisfies(r -> {
                assertThat(r.ok()).as(r.summary()).isTrue();
                assertThat(r.direction()).isEqualTo(Direction.PULL);
                assertThat(r.stored()).isEqualTo(4);
            });
            assertThat(b.version(x)).get().satisfies(v -> assertThat(v.origin().signature()).isEqualTo(Origin.Signature.VALID));
            assertThat(b.ledger().checkpoints("cert-ee")).hasSize(1);
            // pulling again stores nothing new; a new version arrives
            assertThat(b.sync()).singleElement().satisfies(r -> assertThat(r.received()).isZero());
            StixObject x2 = a.put(Samples.indicator(x.id(), "2026-02-03T00:00:00.000Z"));
            assertThat(b.sync()).singleElement().satisfies(r -> assertThat(r.stored()).isEqualTo(1));
            assertThat(b.version(x2)).isPresent();
            assertThat(b.version(x)).isPresent(); // every version travels, not only the last
        }
    }

    @Test
    void aBacklogInOneCollectionDelaysANewSightingByATurnNotByTheBacklog() {
        try (TestFederation f = new TestFederation(tmp)) {
            TestFederation.Member[] ab = eeToLv(f);
            TestFederation.Member a = ab[0], b = ab[1];
            a.syncSettings(TestFederation.JSON.createObjectNode().put("push_batch", 20));
            f.start();
            List<StixObject> backlog = new java.util.ArrayList<>();
            for (int i = 0; i < 400; i++) backlog.add(StixObject.of(Samples.indicator(newId(), "2026-02-01T00:00:00.000Z")));
            a.node().store().write(a.node().collectionId(Node.INTELLIGENCE), backlog); // 20 pages of 20
            String indicator = backlog.getFirst().id();
            ObjectNode sighting = TestFederation.JSON.createObjectNode().put("type", "sighting").put("spec_version", "2.1")
                    .put("id", "sighting--" + UUID.randomUUID()).put("created", "2026-02-01T00:00:00.000Z")
                    .put("modified", "2026-02-01T00:00:00.000Z").put("sighting_of_ref", indicator);
            sighting.putArray("object_marking_refs").add(Tlp.GREEN.markingId());
            StixObject seen = a.put(Node.SIGHTINGS, sighting);

            assertThat(a.sync()).singleElement().satisfies(r -> assertThat(r.ok()).as(r.summary()).isTrue());
            List<StoredVersion> intelligence = b.entries(Node.INTELLIGENCE);
            StoredVersion arrived = b.entries(Node.SIGHTINGS).stream().filter(v -> v.object().id().equals(seen.id())).findFirst()
                    .orElseThrow();
            java.util.Set<String> backlogIds = new java.util.HashSet<>();
            for (StixObject o : backlog) backlogIds.add(o.id());
            assertThat(intelligence.stream().filter(v -> backlogIds.contains(v.object().id()))).hasSize(400);
            long before = intelligence.stream()
                    .filter(v -> backlogIds.contains(v.object().id()) && v.dateAdded().isBefore(arrived.dateAdded())).count();
            assertThat(before).as("intelligence entries B stored before the sighting: one turn of the backlog")
                    .isLessThanOrEqualTo(Sync.PAGES_PER_TURN * 20L);
        }
    }

    @Test
    void anAgreementEditedWhileTheNodeRunsAppliesToTheNextRoundAndABrokenFileChangesNothing() throws Exception {
        try (TestFederation f = new TestFederation(tmp)) {
            TestFederation.Member[] ab = eeToLv(f);
            TestFederation.Member a = ab[0], b = ab[1];
            f.start();
            StixObject first = a.put(Samples.indicator(newId(), "2026-02-01T00:00:00.000Z"));
            assertThat(a.sync()).singleElement().satisfies(r -> assertThat(r.sent()).isPositive());
            assertThat(b.version(first)).isPresent();

            a.editAgreements(); // the operator ends the agreement; the node runs on
            Thread.sleep(1_100); // node.json is looked at once per second
            StixObject second = a.put(Samples.indicator(newId(), "2026-02-02T00:00:00.000Z"));
            assertThat(a.sync()).singleElement().satisfies(r -> assertThat(r.summary()).contains("no outbound agreement"));
            assertThat(b.version(second)).isEmpty();

            a.editAgreements(TestFederation.outbound("cert-lv", false)); // and agrees again
            Thread.sleep(1_100);
            assertThat(a.sync()).singleElement().satisfies(r -> assertThat(r.ok()).as(r.summary()).isTrue());
            assertThat(b.version(second)).isPresent();

            java.nio.file.Files.writeString(a.dir.resolve(org.concord.node.NodeConfig.FILE), "{ not json");
            Thread.sleep(1_100);
            StixObject third = a.put(Samples.indicator(newId(), "2026-02-03T00:00:00.000Z"));
            assertThat(a.sync()).as("a file that does not parse leaves the agreements in force as they were")
                    .singleElement().satisfies(r -> assertThat(r.ok()).as(r.summary()).isTrue());
            assertThat(b.version(third)).isPresent();
        }
    }

    @Test
    void withheldVersionsAtTheEndOfACollectionAreNotPassedByThePullsCheckpointNorAuditedAtEveryPull() {
        try (TestFederation f = new TestFederation(tmp)) {
            TestFederation.Member a = f.node("cert-ee", "EE"), b = f.node("cert-lv", "LV");
            f.link(a, b, new PeerFlags(false, false), new PeerFlags(true, false)); // B pulls from A
            a.agree(TestFederation.outbound("cert-lv", true));
            b.agree(TestFederation.inbound("cert-ee", true));
            f.start();
            StixObject green = a.put(Samples.indicator(newId(), "2026-02-01T00:00:00.000Z", Tlp.GREEN));
            StixObject red = a.put(Samples.indicator(newId(), "2026-02-01T00:00:00.000Z", Tlp.RED)); // the last entry
            for (int round = 0; round < 3; round++) {
                assertThat(b.sync()).singleElement().satisfies(r -> assertThat(r.ok()).as(r.summary()).isTrue());
            }
            assertThat(b.version(green)).isPresent();
            assertThat(b.version(red)).isEmpty();
            // the page ends at the last released entry (its date_added would tell of the RED one): the RED version stays
            // after the checkpoint, decided again at each pull, and recorded once, when a later released version passes it
            assertThat(a.audit("cert-lv")).filteredOn(d -> d.objectId().equals(red.id())).isEmpty();
            StixObject later = a.put(Samples.indicator(newId(), "2026-02-02T00:00:00.000Z", Tlp.GREEN));
            assertThat(b.sync()).singleElement().satisfies(r -> assertThat(r.stored()).isEqualTo(1));
            assertThat(b.version(later)).isPresent();
            assertThat(a.audit("cert-lv")).filteredOn(d -> d.objectId().equals(red.id())).as("withheld once, not at every pull")
                    .singleElement().satisfies(d -> assertThat(d.released()).isFalse());
            assertThat(b.sync()).singleElement().satisfies(r -> assertThat(r.stored()).isZero());
            assertThat(a.audit("cert-lv")).filteredOn(d -> d.objectId().equals(red.id())).hasSize(1);
        }
    }

    /** An unmarked indicator (no object_marking_refs): its level is its handling level, else the node's default. */
    static com.fasterxml.jackson.databind.node.ObjectNode unmarked(String id) {
        com.fasterxml.jackson.databind.node.ObjectNode o = Samples.indicator(id, "2026-02-01T00:00:00.000Z", Tlp.GREEN);
        o.remove("object_marking_refs");
        return o;
    }

    @Test
    void theHandlingLevelOfAnUnmarkedVersionTravelsBesideItsUnchangedBytesAndTheReceiverChecksAndKeepsIt() throws Exception {
        for (boolean pull : new boolean[] {false, true}) {
            try (TestFederation f = new TestFederation(tmp.resolve(pull ? "pull" : "push"))) {
                TestFederation.Member a = f.node("cert-ee", "EE"), b = f.node("cert-lv", "LV");
                if (pull) f.link(a, b, new PeerFlags(false, false), new PeerFlags(true, false));
                else f.link(a, b);
                a.agree(TestFederation.outbound("cert-lv", true));
                com.fasterxml.jackson.databind.node.ObjectNode greenOnly = TestFederation.inbound("cert-ee", true);
                greenOnly.putArray("tlp").add("clear").add("green");
                b.agree(greenOnly);
                f.start();
                StixObject handledGreen = StixObject.of(unmarked(newId()));
                StixObject atDefault = StixObject.of(unmarked(newId())); // A's default_tlp, AMBER
                a.node().store().write(a.node().collectionId(Node.INTELLIGENCE), List.of(handledGreen, atDefault),
                        java.util.Arrays.asList(null, null), java.util.Arrays.asList(Tlp.GREEN, null));

                assertThat(pull ? b.sync() : a.sync()).allSatisfy(r -> assertThat(r.ok()).as(r.summary()).isTrue());
                StoredVersion got = b.version(handledGreen).orElseThrow();
                assertThat(got.handling()).isEqualTo(Tlp.GREEN);
                assertThat(got.object().markingRefs()).as("no marking written into the object").isEmpty();
                com.fasterxml.jackson.databind.node.ObjectNode unsigned = org.concord.integrity.OriginSignature.withoutSignature(
                        (com.fasterxml.jackson.databind.node.ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper().readTree(got.object().canonical()));
                assertThat(StixObject.of(unsigned).canonical()).isEqualTo(handledGreen.canonical()); // A's bytes, signed by A, nothing else
                assertThat(got.origin().signature()).isEqualTo(Origin.Signature.VALID);
                assertThat(b.version(atDefault)).as("A's default (AMBER) travels too, and B's agreement refuses it").isEmpty();
                assertThat(b.ledger().recentErrors("cert-ee", 10)).anySatisfy(e -> assertThat(e.toString()).contains("TLP:AMBER"));
            }
        }
    }
}
