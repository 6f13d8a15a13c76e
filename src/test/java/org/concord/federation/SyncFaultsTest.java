package org.concord.federation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.concord.integrity.OriginSignature;
import org.concord.node.Node;
import org.concord.node.NodeKeys;
import org.concord.node.NodeTls;
import org.concord.stix.StixObject;
import org.concord.store.Origin;
import org.concord.store.StoredVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults between real nodes: a peer that posts a tampered object (its signature no longer
 * matches) has it refused and reported while the rest of its post is kept; a pull whose server is
 * killed between pages resumes from its checkpoint with nothing lost or duplicated.
 */
class SyncFaultsTest {
    @TempDir
    Path tmp;

    @Test
    void aTamperedObjectFromAPeerIsRefusedAndReportedAndTheRestOfThePostKept() throws Exception {
        try (TestFederation f = new TestFederation(tmp)) {
            TestFederation.Member a = f.node("cert-ee", "EE"), rogue = f.node("cert-lv", "LV");
            f.link(a, rogue);
            a.agree(TestFederation.inbound("cert-lv", true));
            f.start();
            NodeKeys rogueKeys = NodeKeys.load(rogue.dir.resolve("keys"));
            ObjectNode good = OriginSignature.sign(Samples.indicator("indicator--" + UUID.randomUUID(), "2026-02-01T00:00:00.000Z"),
                    rogueKeys, "cert-lv");
            ObjectNode tampered = OriginSignature.sign(Samples.indicator("indicator--" + UUID.randomUUID(), "2026-02-01T00:00:00.000Z"),
                    rogueKeys, "cert-lv");
            tampered.put("name", "something else than what was signed");
            ObjectNode unsigned = Samples.indicator("indicator--" + UUID.randomUUID(), "2026-02-01T00:00:00.000Z");
            // the rogue posts over mutual TLS with its own node certificate, as its push would
            try (HttpTaxiiClient client = HttpTaxiiClient.forPeer(new PinnedTls(NodeTls.load(rogue.dir), a.tlsFingerprint()),
                    HttpTaxiiClient.Limits.DEFAULT)) {
                String intel = a.node().collectionId(Node.INTELLIGENCE);
                TaxiiRemote.Status s = client.add(a.apiRoot(), intel, new TaxiiRemote.Outgoing(
                        List.of(StixObject.of(good), StixObject.of(tampered), StixObject.of(unsigned)), List.of()));
                assertThat(s.complete()).isTrue();
                assertThat(s.successes()).extracting(TaxiiRemote.Detail::id).containsExactly(good.get("id").asText());
                assertThat(s.failures()).extracting(TaxiiRemote.Detail::id)
                        .containsExactly(tampered.get("id").asText(), unsigned.get("id").asText());
                assertThat(s.failures().get(0).message()).contains("bad origin signature").contains("altered after signing");
                assertThat(s.failures().get(1).message()).contains("cert-lv originated it but did not sign it");
            }
            assertThat(a.version(StixObject.of(good))).get().satisfies(v -> assertThat(v.origin().signature()).isEqualTo(Origin.Signature.VALID));
            assertThat(a.version(StixObject.of(tampered))).isEmpty();
            assertThat(a.ledger().recentErrors("cert-lv", 10)).extracting(SyncError::objectId)
                    .containsExactly(unsigned.get("id").asText(), tampered.get("id").asText());
            assertThat(a.ledger().recentErrors("cert-lv", 10)).allSatisfy(e -> assertThat(e.direction()).isEqualTo(Direction.RECEIVED));
        }
    }

    @Test
    void aPullKilledBetweenPagesResumesWithNothingLostOrDuplicated() {
        try (TestFederation f = new TestFederation(tmp)) {
            TestFederation.Member a = f.node("cert-ee", "EE"), b = f.node("cert-lv", "LV");
            f.link(a, b, new PeerFlags(false, false), new PeerFlags(true, false));
            a.agree(TestFederation.outbound("cert-lv", true));
            b.agree(TestFederation.inbound("cert-ee", true));
            b.syncSettings(TestFederation.JSON.createObjectNode().put("page_size", 5));
            f.start();
            List<StixObject> sent = new ArrayList<>();
            for (int i = 0; i < 40; i++) sent.add(a.put(Samples.indicator("indicator--" + UUID.randomUUID(), "2026-02-01T00:00:00.000Z")));
            // A's server dies once it has answered B's second page of objects
            AtomicInteger pages = new AtomicInteger();
            a.onRequest = line -> {
                if (line.startsWith("partner:cert-lv GET") && line.contains("/objects/ 200") && pages.incrementAndGet() == 2) {
                    Thread.ofPlatform().start(a::stop);
                }
            };
            List<Report> broken = b.sync();
            assertThat(broken).singleElement().satisfies(r -> assertThat(r.ok()).as(r.summary()).isFalse());
            int kept = b.entries(Node.INTELLIGENCE).size();
            Checkpoint cp = b.ledger().checkpoints("cert-ee").getFirst();
            assertThat(kept).isLessThan(3 + 3 + 40); // its own, A's member objects and the 40: not all arrived

            a.onRequest = line -> {};
            a.start();
            assertThat(b.sync()).singleElement().satisfies(r -> assertThat(r.ok()).as(r.summary()).isTrue());
            List<StoredVersion> all = b.entries(Node.INTELLIGENCE);
            assertThat(all).hasSize(3 + 3 + 40);
            assertThat(all.stream().map(v -> v.object().id()).toList()).doesNotHaveDuplicates();
            for (StixObject x : sent) assertThat(b.version(x)).as(x.id()).isPresent();
            assertThat(b.ledger().checkpoints("cert-ee").getFirst().addedAfter()).isGreaterThan(cp.addedAfter());
        }
    }
}
