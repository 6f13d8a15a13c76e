package org.concord.federation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.concord.integrity.LogEntry;
import org.concord.integrity.OriginSignature;
import org.concord.node.Node;
import org.concord.node.NodeKeys;
import org.concord.node.NodeTls;
import org.concord.policy.Disclosure;
import org.concord.stix.StixObject;
import org.concord.stix.Tlp;
import org.concord.store.Origin;
import org.concord.store.StoredVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults between real nodes on loopback (real TLS, JDK HttpClient, each node in its own folder):
 * a partner going down in the middle of a push, either side restarted from its folder, the
 * connection cut in the middle of a response, a partner that trickles its answers, clocks hours
 * apart, and a partner that sends tampered and forged objects. After each, {@link #assertSound}:
 * nothing lost, nothing duplicated, nothing leaked, the nodes converged.
 */
class FederationFaultsTest {
    @TempDir
    Path tmp;

    static String newId() {
        return "indicator--" + UUID.randomUUID();
    }

    /** {@code n} GREEN indicators and one RED one stored at {@code m}; returns the GREEN ones. */
    static List<StixObject> write(TestFederation.Member m, int n, String modified) {
        List<StixObject> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(m.put(Samples.indicator(newId(), modified)));
        m.put(Samples.indicator(newId(), modified, Tlp.RED));
        return out;
    }

    @Test
    void aPushCutByThePartnerGoingDownResumesAfterBothSidesRestartFromTheirFolders() {
        try (TestFederation f = new TestFederation(tmp)) {
            TestFederation.Member a = f.node("cert-ee", "EE"), b = f.node("cert-lv", "LV");
            f.link(a, b, PeerFlags.DEFAULT, new PeerFlags(false, false));
            a.agree(TestFederation.outbound("cert-lv", true));
            b.agree(TestFederation.inbound("cert-ee", true));
            a.syncSettings(TestFederation.JSON.createObjectNode().put("push_batch", 5));
            f.start();
            List<StixObject> sent = write(a, 40, "2026-02-01T00:00:00.000Z");
            // B goes down once it has taken A's second post
            AtomicInteger posts = new AtomicInteger();
            b.onRequest = line -> {
                if (line.startsWith("partner:cert-ee POST") && posts.incrementAndGet() == 2) Thread.ofPlatform().start(b::stop);
            };
            assertThat(a.sync()).singleElement().satisfies(r -> assertThat(r.ok()).as(r.summary()).isFalse());
            assertThat(a.ledger().state("cert-lv", Direction.PUSH)).get().satisfies(s -> assertThat(s.failures()).isEqualTo(1));
            long arrived = b.entries(Node.INTELLIGENCE).stream().filter(v -> !v.local() && v.origin().node().equals("cert-ee")).count();
            assertThat(arrived).isBetween(1L, 39L);

            b.onRequest = line -> {};
            b.restart();
            a.restart();
            List<Report> resumed = a.sync();
            assertThat(resumed).singleElement().satisfies(r -> {
                assertThat(r.ok()).as(r.summary()).isTrue();
                // the cursor resumed: at most the post in flight is sent again, not everything
                assertThat(r.sent()).isLessThan(3 + 40 - arrived + 5 + 1);
            });
            assertThat(a.ledger().state("cert-lv", Direction.PUSH)).get().satisfies(s -> assertThat(s.failures()).isZero());
            assertSound(a, b, sent);
        }
    }

    @Test
    void aPullWhoseConnectionIsCutMidResponseResumesFromItsCheckpointAlsoAfterThePullerRestarts() {
        try (TestFederation f = new TestFederation(tmp)) {
            TestFederation.Member a = f.node("cert-ee", "EE"), b = f.node("cert-lv", "LV");
            f.link(a, b, new PeerFlags(false, false), new PeerFlags(true, false));
            a.agree(TestFederation.outbound("cert-lv", true));
            b.agree(TestFederation.inbound("cert-ee", true));
            b.syncSettings(TestFederation.JSON.createObjectNode().put("page_size", 50).put("timeout_seconds", 5));
            f.start();
            try (FaultProxy proxy = new FaultProxy(a.port)) {
                b.pin(a, new PeerFlags(true, false), proxy.apiRootOf(a));
                List<StixObject> sent = write(a, 300, "2026-02-01T00:00:00.000Z");
                // the connection is cut 60 kB into its answers (TLS and all): in the second page (~40 kB each)
                proxy.mode(new FaultProxy.Mode.CutAfter(60_000, 1));
                List<Report> cut = b.sync();
                assertThat(proxy.didCut()).isTrue();
                assertThat(cut).singleElement().satisfies(r -> {
                    assertThat(r.ok()).isFalse();
                    assertThat(r.error()).contains("https://127.0.0.1:");
                });
                long partial = b.entries(Node.INTELLIGENCE).size();
                assertThat(partial).isBetween(3L + 1, 3L + 3 + 299);
                assertThat(b.ledger().state("cert-ee", Direction.PULL)).get().satisfies(s -> assertThat(s.failures()).isPositive());

                // B restarts from its folder; the connection heals; the pull resumes from its checkpoint
                b.restart();
                proxy.mode(FaultProxy.PASS);
                assertThat(b.sync()).singleElement().satisfies(r -> {
                    assertThat(r.ok()).as(r.summary()).isTrue();
                    assertThat(r.received()).isLessThan(3 + 300 - (partial - 3) + 50 + 1);
                });
                assertSound(a, b, sent);
            }
        }
    }

    @Test
    void aPartnerThatTricklesItsAnswersTimesOutAndIsRetriedAndNothingStalls() throws Exception {
        try (TestFederation f = new TestFederation(tmp)) {
            TestFederation.Member a = f.node("cert-ee", "EE"), b = f.node("cert-lv", "LV");
            f.link(a, b, new PeerFlags(false, false), new PeerFlags(true, false));
            a.agree(TestFederation.outbound("cert-lv", true));
            b.agree(TestFederation.inbound("cert-ee", true));
            b.syncSettings(TestFederation.JSON.createObjectNode().put("pull_seconds", 1).put("poll_seconds", 1).put("timeout_seconds", 1));
            f.start();
            try (FaultProxy proxy = new FaultProxy(a.port)) {
                b.pin(a, new PeerFlags(true, false), proxy.apiRootOf(a));
                List<StixObject> sent = write(a, 30, "2026-02-01T00:00:00.000Z");
                // handshake and headers at full speed, then a byte every 50 ms: no answer completes in 1 s
                proxy.mode(new FaultProxy.Mode.Trickle(8_000, 50));
                b.startSync();
                assertThat(TestFederation.eventually(() -> b.ledger().state("cert-ee", Direction.PULL)
                        .map(s -> s.failures() >= 2).orElse(false))).isTrue();
                assertThat(b.ledger().state("cert-ee", Direction.PULL)).get()
                        .satisfies(s -> assertThat(s.lastError()).contains("within 1 s"));
                // the partner speeds up: the retries get through
                proxy.mode(FaultProxy.PASS);
                assertThat(TestFederation.eventually(() -> sent.stream().allMatch(x -> b.version(x).isPresent()))).isTrue();
                long t0 = System.nanoTime();
                proxy.mode(new FaultProxy.Mode.Trickle(8_000, 50));
                b.stop(); // a round stuck on a trickling partner does not hold the service open
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(20));
                assertSound(a, b, sent);
            }
        }
    }

    @Test
    void clocksHoursApartLoseNothingCheckpointsAreThePartnersOwnTimestamps() {
        try (TestFederation f = new TestFederation(tmp)) {
            TestFederation.Member a = f.node("cert-ee", "EE"), b = f.node("cert-lv", "LV");
            f.link(a, b, PeerFlags.DEFAULT, new PeerFlags(true, false)); // A pushes to B, B pulls from A
            a.agree(TestFederation.outbound("cert-lv", true), TestFederation.inbound("cert-lv", true));
            b.agree(TestFederation.outbound("cert-ee", true), TestFederation.inbound("cert-ee", true));
            a.clock(skewed(Duration.ofHours(5)));   // A is 5 h ahead
            b.clock(skewed(Duration.ofHours(-7)));  // B is 7 h behind
            f.start();
            List<StixObject> first = write(a, 10, "2026-02-01T00:00:00.000Z");
            assertThat(b.sync()).singleElement().satisfies(r -> assertThat(r.ok()).as(r.summary()).isTrue());
            Checkpoint cp = b.ledger().checkpoints("cert-ee").getFirst();
            // A's own timestamp, verbatim: the date_added of an entry at A, hours ahead of this machine's clock
            assertThat(a.entries(Node.INTELLIGENCE)).extracting(StoredVersion::dateAdded).contains(Instant.parse(cp.addedAfter()));
            assertThat(Instant.parse(cp.addedAfter())).isAfterOrEqualTo(a.version(first.getLast()).orElseThrow().dateAdded());
            assertThat(Instant.parse(cp.addedAfter())).isAfter(Instant.now().plus(Duration.ofHours(4)));

            // a version written at A later, still by A's clock, is after the checkpoint whatever B's clock says
            List<StixObject> second = write(a, 5, "2026-02-02T00:00:00.000Z");
            assertThat(b.sync()).singleElement().satisfies(r -> assertThat(r.stored()).isEqualTo(5));
            // and what A pushes arrives at B too (B's clock is behind: A's push cursor is A's own)
            List<StixObject> pushed = write(a, 5, "2026-02-03T00:00:00.000Z");
            assertThat(a.sync()).singleElement().satisfies(r -> assertThat(r.ok()).as(r.summary()).isTrue());
            List<StixObject> all = new ArrayList<>(first);
            all.addAll(second);
            all.addAll(pushed);
            assertSound(a, b, all);
        }
    }

    @Test
    void tamperedAndForgedObjectsFromAPartnerAreRefusedReportedAndNeverStoredAsGenuine() throws Exception {
        try (TestFederation f = new TestFederation(tmp)) {
            TestFederation.Member a = f.node("cert-ee", "EE"), rogue = f.node("cert-lv", "LV"), c = f.node("cert-fi", "FI");
            f.link(a, rogue);
            f.link(a, c);
            a.agree(TestFederation.inbound("cert-lv", true), TestFederation.inbound("cert-fi", true));
            c.agree(TestFederation.outbound("cert-ee", true));
            f.start();
            c.put(Samples.indicator(newId(), "2026-01-15T00:00:00.000Z"));
            assertThat(c.sync()).allSatisfy(r -> assertThat(r.ok()).as(r.summary()).isTrue()); // A learns cert-fi's key
            NodeKeys rogueKeys = NodeKeys.load(rogue.dir.resolve("keys"));
            NodeKeys stranger = NodeKeys.generate();
            ObjectNode good = OriginSignature.sign(Samples.indicator(newId(), "2026-02-01T00:00:00.000Z"), rogueKeys, "cert-lv");
            ObjectNode altered = OriginSignature.sign(Samples.indicator(newId(), "2026-02-01T00:00:00.000Z"), rogueKeys, "cert-lv");
            altered.put("pattern", "[domain-name:value = 'harmless.example']");
            ObjectNode notItsKey = OriginSignature.sign(Samples.indicator(newId(), "2026-02-01T00:00:00.000Z"), stranger, "cert-lv");
            // claims cert-fi originated it, signed with cert-fi's name but not cert-fi's key
            ObjectNode otherOrigin = OriginSignature.sign(Samples.indicator(newId(), "2026-02-01T00:00:00.000Z"), stranger, "cert-fi");
            // signed by cert-fi (a genuine version), but claimed to come from cert-xx: the signer is not on the path
            ObjectNode otherOriginOwnKey = OriginSignature.sign(Samples.indicator(newId(), "2026-02-01T00:00:00.000Z"),
                    NodeKeys.load(c.dir.resolve("keys")), "cert-fi");
            // cert-fi's genuine version, altered by the rogue on the way
            ObjectNode relayedAltered = OriginSignature.sign(Samples.indicator(newId(), "2026-02-01T00:00:00.000Z"),
                    NodeKeys.load(c.dir.resolve("keys")), "cert-fi");
            relayedAltered.put("name", "not what cert-fi wrote");
            List<ObjectNode> posted = List.of(good, altered, notItsKey, otherOrigin, otherOriginOwnKey, relayedAltered);
            List<ProvenanceClaim> claims = new ArrayList<>();
            for (ObjectNode o : List.of(otherOrigin, relayedAltered)) {
                claims.add(new ProvenanceClaim(o.get("id").asText(), o.get("modified").asText(), "cert-fi", "FI", List.of("cert-fi", "cert-lv"), true));
            }
            claims.add(new ProvenanceClaim(otherOriginOwnKey.get("id").asText(), otherOriginOwnKey.get("modified").asText(), "cert-xx", "SE",
                    List.of("cert-xx", "cert-lv"), true));
            TaxiiRemote.Status s;
            try (HttpTaxiiClient client = HttpTaxiiClient.forPeer(new PinnedTls(NodeTls.load(rogue.dir), a.tlsFingerprint()),
                    HttpTaxiiClient.Limits.DEFAULT)) {
                s = client.add(a.apiRoot(), a.node().collectionId(Node.INTELLIGENCE),
                        new TaxiiRemote.Outgoing(posted.stream().map(StixObject::of).toList(), claims));
            }
            assertThat(s.successes()).extracting(TaxiiRemote.Detail::id).contains(good.get("id").asText());
            Set<String> refused = new TreeSet<>(s.failures().stream().map(TaxiiRemote.Detail::id).toList());
            assertThat(refused).containsExactlyInAnyOrder(altered.get("id").asText(), notItsKey.get("id").asText(),
                    relayedAltered.get("id").asText(), otherOriginOwnKey.get("id").asText());
            // whatever was refused is reported in the ledger, and none of it is stored
            assertThat(a.ledger().recentErrors("cert-lv", 20)).extracting(SyncError::objectId).containsAll(refused);
            for (String id : refused) assertThat(a.version(StixObject.of(posted.stream().filter(o -> o.get("id").asText().equals(id))
                    .findFirst().orElseThrow()))).as(id).isEmpty();
            // a key A does not know, under cert-fi's name: kept, but as UNKNOWN_SIGNER, never as cert-fi's genuine version
            assertThat(a.version(StixObject.of(otherOrigin))).get()
                    .satisfies(v -> assertThat(v.origin().signature()).isEqualTo(Origin.Signature.UNKNOWN_SIGNER));
            assertThat(a.version(StixObject.of(good))).get().satisfies(v -> assertThat(v.origin().signature()).isEqualTo(Origin.Signature.VALID));

            // the same with the signatures beside the objects (x_concord_signatures), as Concord nodes send them now
            NodeKeys fi = NodeKeys.load(c.dir.resolve("keys"));
            ObjectNode good2 = Samples.indicator(newId(), "2026-02-01T00:00:00.000Z");
            ObjectNode altered2 = Samples.indicator(newId(), "2026-02-01T00:00:00.000Z");
            ObjectNode notItsKey2 = Samples.indicator(newId(), "2026-02-01T00:00:00.000Z");
            ObjectNode relayedAltered2 = Samples.indicator(newId(), "2026-02-01T00:00:00.000Z");
            ObjectNode relayedGenuine2 = Samples.indicator(newId(), "2026-02-01T00:00:00.000Z");
            List<SignatureClaim> beside = List.of(beside(good2, rogueKeys), beside(altered2, rogueKeys), beside(notItsKey2, stranger),
                    beside(relayedAltered2, fi), beside(relayedGenuine2, fi));
            altered2.put("pattern", "[domain-name:value = 'harmless.example']");
            relayedAltered2.put("name", "not what cert-fi wrote");
            List<ObjectNode> posted2 = List.of(good2, altered2, notItsKey2, relayedAltered2, relayedGenuine2);
            List<ProvenanceClaim> claims2 = new ArrayList<>();
            for (ObjectNode o : List.of(relayedAltered2, relayedGenuine2)) {
                claims2.add(new ProvenanceClaim(o.get("id").asText(), o.get("modified").asText(), "cert-fi", "FI", List.of("cert-fi", "cert-lv"), true));
            }
            TaxiiRemote.Status s2;
            try (HttpTaxiiClient client = HttpTaxiiClient.forPeer(new PinnedTls(NodeTls.load(rogue.dir), a.tlsFingerprint()),
                    HttpTaxiiClient.Limits.DEFAULT)) {
                s2 = client.add(a.apiRoot(), a.node().collectionId(Node.INTELLIGENCE),
                        new TaxiiRemote.Outgoing(posted2.stream().map(StixObject::of).toList(), claims2, List.of(), beside));
            }
            assertThat(s2.successes()).extracting(TaxiiRemote.Detail::id)
                    .containsExactlyInAnyOrder(good2.get("id").asText(), relayedGenuine2.get("id").asText());
            assertThat(s2.failures()).extracting(TaxiiRemote.Detail::id).containsExactlyInAnyOrder(altered2.get("id").asText(),
                    notItsKey2.get("id").asText(), relayedAltered2.get("id").asText());
            assertThat(a.version(StixObject.of(relayedGenuine2))).get().satisfies(v -> {
                assertThat(v.object().canonical()).isEqualTo(StixObject.of(relayedGenuine2).canonical()); // cert-fi's bytes,
                assertThat(v.origin().signature()).isEqualTo(Origin.Signature.VALID);                      // its signature verified
                assertThat(v.signature()).isEqualTo(beside.get(4).signature());                             // and kept beside them
            });
        }
    }

    /** The signature {@code keys} makes of {@code o}, as it travels beside the object. */
    private static SignatureClaim beside(ObjectNode o, NodeKeys keys) {
        com.fasterxml.jackson.databind.JsonNode ext = OriginSignature.sign(o, keys, "identity--x").get("extensions")
                .get(OriginSignature.EXTENSION_ID);
        return new SignatureClaim(o.get("id").asText(), o.get("modified").asText(), new org.concord.store.DetachedSignature(
                ext.get("key_fingerprint").textValue(), ext.get("signer").textValue(), ext.get("signature").textValue()));
    }

    // ---- after the faults

    /**
     * Nothing lost: every version of {@code allowed} is on {@code to}. Nothing duplicated: one row
     * per (id, version) on either node, and one released disclosure at {@code from} at least for
     * each. Nothing leaked: no TLP:RED on {@code to} that it did not originate, and nothing of
     * {@code from}'s that its audit did not release. Converged: {@code from}'s own versions that
     * are not RED and those {@code to} holds from it are the same bytes (id, version and the SHA-256
     * of the stored bytes: a version is its producer's, the signature travels beside it), each kept
     * at {@code to} with {@code from}'s signature beside it, which verifies; and each node's log
     * commits to those bytes (under its own salts, docs/integrity.md).
     */
    static void assertSound(TestFederation.Member from, TestFederation.Member to, List<StixObject> allowed) {
        List<StoredVersion> atTo = to.entries(Node.INTELLIGENCE), atFrom = from.entries(Node.INTELLIGENCE);
        for (StixObject x : allowed) assertThat(to.version(x)).as("lost: " + x.id()).isPresent();
        assertThat(atTo.stream().map(v -> v.object().id() + " " + v.object().version()).toList()).as("duplicated").doesNotHaveDuplicates();
        assertThat(atFrom.stream().map(v -> v.object().id() + " " + v.object().version()).toList()).as("duplicated").doesNotHaveDuplicates();
        for (StoredVersion v : atTo) {
            if (v.object().markingRefs().contains(Tlp.RED.markingId())) assertThat(v.local()).as("leaked RED: " + v.object().id()).isTrue();
        }
        Set<String> released = new TreeSet<>();
        for (Disclosure d : from.audit(to.name)) if (d.released()) released.add(d.objectId() + " " + d.version());
        Set<String> own = new TreeSet<>(), received = new TreeSet<>();
        for (StoredVersion v : atFrom) {
            if (v.local() && !v.object().markingRefs().contains(Tlp.RED.markingId())) own.add(stored(from, v));
        }
        java.security.PublicKey fromKey = from.node().keys().publicKey();
        for (StoredVersion v : atTo) {
            if (v.local() || !v.origin().node().equals(from.name)) continue;
            received.add(stored(to, v));
            assertThat(released).as("not released by " + from.name + "'s audit").contains(v.object().id() + " " + v.object().version());
            assertThat(v.origin().signature()).as("signature of " + v.object().id()).isEqualTo(Origin.Signature.VALID);
            assertThat(OriginSignature.verify(v.object(), v.signature(), fromKey)).as("kept signature of " + v.object().id())
                    .isInstanceOf(OriginSignature.Verification.Valid.class);
        }
        assertThat(received).as("converged, byte for byte").isEqualTo(own);
    }

    /**
     * (id, version, SHA-256 of the stored bytes) of a version at {@code at}, after checking that
     * {@code at}'s log commits to that content (each node salts its own leaves, so the leaves differ
     * from node to node; the content they commit to is the same).
     */
    private static String stored(TestFederation.Member at, StoredVersion v) {
        byte[] h = v.object().sha256();
        byte[] logged = at.node().store().log().version(v.object().id(), v.object().versionKey()).orElseThrow().sha256();
        assertThat(HexFormat.of().formatHex(logged)).as("what " + at.name + "'s log commits to").isEqualTo(HexFormat.of().formatHex(h));
        assertThat(LogEntry.contentHash(v.object())).isEqualTo(h);
        return v.object().id() + " " + v.object().version() + " " + HexFormat.of().formatHex(h);
    }

    private static InstantSource skewed(Duration by) {
        return () -> Instant.now().plus(by);
    }
}
