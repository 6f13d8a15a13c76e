package org.concord.federation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.concord.TestClock;
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
            assertThat(got.origin()).isEqualTo(new Origin("cert-ee", "EE", List.of("cert-ee"), false, "cert-ee", Origin.Signature.VALID,
                    got.signature()));
            // B holds A's bytes, and A's signature beside them
            assertThat(got.object().canonical()).isEqualTo(a.version(green).orElseThrow().object().canonical()).isEqualTo(green.canonical());
            assertThat(org.concord.integrity.OriginSignature.verify(got.object(), got.signature(), a.node().keys().publicKey()))
                    .isInstanceOf(org.concord.integrity.OriginSignature.Verification.Valid.class);
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
    void aFirstPushFromANodeThatIsNotServingSaysToServeItNotNull() {
        try (TestFederation f = new TestFederation(tmp)) {
            TestFederation.Member[] ab = eeToLv(f);
            TestFederation.Member a = ab[0], b = ab[1];
            b.start(); // concord sync on A, with no concord serve on A: B cannot read A's log key from A's server
            StixObject x = a.put(Samples.indicator(newId(), "2026-02-01T00:00:00.000Z", Tlp.GREEN));
            assertThat(a.sync()).singleElement().satisfies(r -> {
                assertThat(r.ok()).isFalse();
                assertThat(r.error()).contains("answered 503").contains("the log key of peer cert-ee is not known here")
                        .contains(a.apiRoot() + "concord/log/key").contains("connection refused")
                        .contains("keep cert-ee serving (concord serve").doesNotContain("null");
            });
            assertThat(b.version(x)).isEmpty();

            a.start(); // what the message says to do
            assertThat(a.sync()).singleElement().satisfies(r -> assertThat(r.ok()).as(r.summary()).isTrue());
            assertThat(b.version(x)).isPresent();
            a.stop(); // B knows A's key now: concord sync alone pushes
            StixObject y = a.put(Samples.indicator(newId(), "2026-02-02T00:00:00.000Z", Tlp.GREEN));
            assertThat(a.sync()).singleElement().satisfies(r -> assertThat(r.ok()).as(r.summary()).isTrue());
            assertThat(b.version(y)).isPresent();
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
            TestClock clock = new TestClock(Instant.now());
            a.clock(clock);
            f.start();
            StixObject first = a.put(Samples.indicator(newId(), "2026-02-01T00:00:00.000Z"));
            assertThat(a.sync()).singleElement().satisfies(r -> assertThat(r.sent()).isPositive());
            assertThat(b.version(first)).isPresent();

            a.editAgreements(); // the operator ends the agreement; the node runs on
            clock.advance(Duration.ofSeconds(1)); // node.json is looked at once per second
            StixObject second = a.put(Samples.indicator(newId(), "2026-02-02T00:00:00.000Z"));
            assertThat(a.sync()).singleElement().satisfies(r -> assertThat(r.summary()).contains("no outbound agreement"));
            assertThat(b.version(second)).isEmpty();

            a.editAgreements(TestFederation.outbound("cert-lv", false)); // and agrees again
            clock.advance(Duration.ofSeconds(1));
            assertThat(a.sync()).singleElement().satisfies(r -> assertThat(r.ok()).as(r.summary()).isTrue());
            assertThat(b.version(second)).isPresent();

            java.nio.file.Files.writeString(a.dir.resolve(org.concord.node.NodeConfig.FILE), "{ not json");
            clock.advance(Duration.ofSeconds(1));
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
                assertThat(got.object().canonical()).isEqualTo(handledGreen.canonical()); // A's bytes, nothing else
                assertThat(got.origin().signature()).isEqualTo(Origin.Signature.VALID);   // A's signature beside them
                assertThat(org.concord.integrity.OriginSignature.verify(got.object(), got.signature(), a.node().keys().publicKey()))
                        .isInstanceOf(org.concord.integrity.OriginSignature.Verification.Valid.class);
                assertThat(b.version(atDefault)).as("A's default (AMBER) travels too, and B's agreement refuses it").isEmpty();
                assertThat(b.ledger().recentErrors("cert-ee", 10)).anySatisfy(e -> assertThat(e.toString()).contains("TLP:AMBER"));
            }
        }
    }

    /** A's agreement without "markings", as the README's first one was: ATT&CK's statement marking is not listed. */
    static List<StixObject> attackAndRed(TestFederation.Member a) {
        List<StixObject> out = new java.util.ArrayList<>();
        a.put(Samples.attackMarking()); // a marking-definition itself carries no marking: it goes at the default TLP
        for (int i = 0; i < 3; i++) out.add(a.put(Samples.attackIndicator(newId(), "2026-02-0" + (i + 1) + "T00:00:00.000Z")));
        out.add(a.put(Samples.indicator(newId(), "2026-02-01T00:00:00.000Z", Tlp.RED)));
        a.put(Samples.indicator(newId(), "2026-02-01T00:00:00.000Z", Tlp.GREEN));
        return out;
    }

    @Test
    void syncSaysWhatWasWithheldAndWhyNotJustSentZero() {
        try (TestFederation f = new TestFederation(tmp)) {
            TestFederation.Member[] ab = eeToLv(f);
            TestFederation.Member a = ab[0], b = ab[1];
            f.start();
            List<StixObject> held = attackAndRed(a);
            assertThat(a.sync()).singleElement().satisfies(r -> {
                assertThat(r.ok()).as(r.summary()).isTrue();
                assertThat(r.read()).isEqualTo(9); // the member's 3, the marking, 3 of ATT&CK, the red, the green
                assertThat(r.sent()).isEqualTo(5);
                assertThat(r.summary()).contains("read 9, sent 5, refused by the peer 0, withheld 4");
                assertThat(r.withheld()).extracting(HeldBack.Count::rule, HeldBack.Count::count)
                        .containsExactly(org.assertj.core.groups.Tuple.tuple("unknown-marking", 3L), org.assertj.core.groups.Tuple.tuple("tlp-red", 1L));
                assertThat(r.withheldLines().getFirst()).startsWith("withheld 3 by unknown-marking, e.g. " + held.getFirst().id()
                        + " @ 2026-02-01T00:00:00.000Z: marked with " + Samples.ATTACK_MARKING).contains("markings");
                assertThat(r.withheldLines().get(1)).startsWith("withheld 1 by tlp-red, e.g. " + held.get(3).id());
            });
            for (StixObject o : held) assertThat(b.version(o)).isEmpty();
            assertThat(a.ledger().heldBackCounts("cert-lv")).extracting(HeldBack.Count::count).containsExactly(3L, 1L);
            assertThat(a.sync()).singleElement().as("decided once: a round with nothing new decides nothing again")
                    .satisfies(r -> assertThat(r.summary()).contains("read 0, sent 0, refused by the peer 0, withheld 0"));
        }
    }

    @Test
    void aWidenedAgreementSendsWhatItWithheldBeforeAndTheAuditSaysWhy() {
        try (TestFederation f = new TestFederation(tmp)) {
            TestFederation.Member[] ab = eeToLv(f);
            TestFederation.Member a = ab[0], b = ab[1];
            TestClock clock = new TestClock(Instant.now());
            a.clock(clock);
            f.start();
            List<StixObject> held = attackAndRed(a);
            StixObject red = held.getLast();
            assertThat(a.sync()).singleElement().satisfies(r -> assertThat(r.withheldCount()).isEqualTo(4));

            ObjectNode widened = TestFederation.outbound("cert-lv", false);
            widened.putArray("markings").add(Samples.ATTACK_MARKING);
            a.editAgreements(widened); // while the node runs, as an operator would
            clock.advance(Duration.ofSeconds(1));
            assertThat(a.sync()).singleElement().satisfies(r -> {
                assertThat(r.ok()).as(r.summary()).isTrue();
                assertThat(r.read()).as("the cursor did not move back: nothing else is read again").isZero();
                assertThat(r.reviewed()).isEqualTo(4);
                assertThat(r.sent()).isEqualTo(3);
                assertThat(r.withheld()).extracting(HeldBack.Count::rule).containsExactly("tlp-red");
                assertThat(r.summary()).contains("decided again 4 held back (the agreement changed), sent 3");
            });
            for (StixObject o : held.subList(0, 3)) {
                assertThat(b.version(o)).as(o.id()).isPresent();
                assertThat(a.audit("cert-lv")).filteredOn(d -> d.objectId().equals(o.id())).extracting(Disclosure::released, Disclosure::rules)
                        .containsExactly(org.assertj.core.groups.Tuple.tuple(false, List.of(Rule.UNKNOWN_MARKING)),
                                org.assertj.core.groups.Tuple.tuple(true, List.of(Rule.TLP_DEFAULT, Rule.TLP_AMBER, Rule.AGREEMENT_CHANGED)));
            }
            assertThat(b.version(red)).isEmpty();
            assertThat(a.audit("cert-lv")).filteredOn(d -> d.objectId().equals(red.id())).extracting(Disclosure::rules)
                    .containsExactly(List.of(Rule.TLP_RED), List.of(Rule.TLP_RED, Rule.AGREEMENT_CHANGED));
            assertThat(a.ledger().heldBackCounts("cert-lv")).extracting(HeldBack.Count::rule, HeldBack.Count::count)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("tlp-red", 1L));

            int lines = a.audit("cert-lv").size();
            assertThat(a.sync()).singleElement().as("the terms are settled: nothing is decided again")
                    .satisfies(r -> assertThat(r.reviewed()).isZero());
            assertThat(a.audit("cert-lv")).hasSize(lines);
            StixObject later = a.put(Samples.attackIndicator(newId(), "2026-03-01T00:00:00.000Z"));
            assertThat(a.sync()).singleElement().satisfies(r -> assertThat(r.sent()).isEqualTo(1));
            assertThat(b.version(later)).isPresent();
        }
    }

    @Test
    void versionsWithheldBeforeHeldBackVersionsWereKeptAreFoundInTheAuditLogWhenTheAgreementWidens() throws Exception {
        try (TestFederation f = new TestFederation(tmp)) {
            TestFederation.Member[] ab = eeToLv(f);
            TestFederation.Member a = ab[0], b = ab[1];
            f.start();
            List<StixObject> held = attackAndRed(a);
            assertThat(a.sync()).singleElement().satisfies(r -> assertThat(r.withheldCount()).isEqualTo(4));
            // as a node that pushed before migration V13 left it: a cursor past what it withheld, nothing kept of that
            try (java.sql.Connection c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + a.dir.resolve("concord.db"));
                 java.sql.Statement st = c.createStatement()) {
                st.executeUpdate("UPDATE sync_cursor SET terms = NULL");
                st.executeUpdate("DELETE FROM sync_withheld");
            }
            ObjectNode widened = TestFederation.outbound("cert-lv", false);
            widened.putArray("markings").add(Samples.ATTACK_MARKING);
            a.agree(widened);
            assertThat(a.sync()).singleElement().satisfies(r -> {
                assertThat(r.ok()).as(r.summary()).isTrue();
                assertThat(r.reviewed()).isEqualTo(4);
                assertThat(r.sent()).isEqualTo(3);
            });
            for (StixObject o : held.subList(0, 3)) assertThat(b.version(o)).as(o.id()).isPresent();
            assertThat(b.version(held.getLast())).isEmpty();
        }
    }

    @Test
    void aPullingNodeRewindsItsCheckpointToReadWhatAWidenedAgreementNowReleases() {
        try (TestFederation f = new TestFederation(tmp)) {
            TestFederation.Member a = f.node("cert-ee", "EE"), b = f.node("cert-lv", "LV");
            f.link(a, b, new PeerFlags(false, false), new PeerFlags(true, false)); // B pulls from A
            a.agree(TestFederation.outbound("cert-lv", true));
            b.agree(TestFederation.inbound("cert-ee", true));
            f.start();
            List<StixObject> held = attackAndRed(a);
            assertThat(b.sync()).singleElement().satisfies(r -> assertThat(r.stored()).isEqualTo(5));
            ObjectNode widened = TestFederation.outbound("cert-lv", true);
            widened.putArray("markings").add(Samples.ATTACK_MARKING);
            a.agree(widened);
            assertThat(b.sync()).singleElement().as("B's checkpoint is past what A withheld").satisfies(r -> assertThat(r.received()).isZero());

            assertThat(b.ledger().rewindCheckpoint("cert-ee", null, null, Instant.now())).isEqualTo(1);
            assertThat(b.sync()).singleElement().satisfies(r -> {
                assertThat(r.ok()).as(r.summary()).isTrue();
                assertThat(r.stored()).isEqualTo(3);
                assertThat(r.duplicates()).isEqualTo(5);
            });
            for (StixObject o : held.subList(0, 3)) assertThat(b.version(o)).as(o.id()).isPresent();
            assertThat(b.version(held.getLast())).isEmpty();
        }
    }

    @Test
    void whatAPeerSentIsWithheldFromItByTheLoopRuleButNotHeldBackToBeDecidedAgainAtEveryChange() {
        try (TestFederation f = new TestFederation(tmp)) {
            TestFederation.Member a = f.node("cert-ee", "EE"), b = f.node("cert-lv", "LV");
            f.link(a, b);
            a.agree(TestFederation.outbound("cert-lv", true), TestFederation.inbound("cert-lv", true));
            b.agree(TestFederation.outbound("cert-ee", true), TestFederation.inbound("cert-ee", true));
            f.start();
            StixObject fromB = b.put(Samples.indicator(newId(), "2026-02-01T00:00:00.000Z", Tlp.GREEN));
            assertThat(b.sync()).singleElement().satisfies(r -> assertThat(r.ok()).as(r.summary()).isTrue());
            assertThat(a.version(fromB)).isPresent();
            assertThat(a.sync()).singleElement().satisfies(r -> {
                assertThat(r.ok()).as(r.summary()).isTrue();
                assertThat(r.withheld()).extracting(HeldBack.Count::rule, HeldBack.Count::count)
                        .containsExactly(org.assertj.core.groups.Tuple.tuple("loop", 4L)); // B's member objects and its indicator
            });
            assertThat(a.ledger().heldBackCounts("cert-lv")).as("no agreement can send them back: nothing to decide again").isEmpty();
        }
    }
}
