package org.concord.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.concord.integrity.OriginSignature;
import org.concord.node.Node;
import org.concord.node.NodeKeys;
import org.concord.node.NodeTls;
import org.concord.stix.StixObject;
import org.concord.stix.Tlp;
import org.concord.store.Origin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TAXII server's side of a peer's push: a pinned peer may post only into the collections its
 * inbound agreement covers (whatever its rights), its log key is learnt at first contact over the
 * pinned channel, and its provenance claims are believed, echoes refused.
 */
class PeerInboxTest {
    @TempDir
    Path tmp;

    private static ObjectNode signed(ObjectNode o, NodeKeys keys, String signer) {
        return OriginSignature.sign(o, keys, signer);
    }

    @Test
    void aPeerPostsOnlyWhereItsInboundAgreementReachesAndItsClaimsAreChecked() throws Exception {
        try (TestFederation f = new TestFederation(tmp)) {
            TestFederation.Member a = f.node("cert-ee", "EE"), b = f.node("cert-lv", "LV");
            f.link(a, b);
            ObjectNode sightingsOnly = TestFederation.inbound("cert-ee", true);
            sightingsOnly.putArray("collections").add("sightings");
            b.agree(sightingsOnly);
            f.start();
            NodeKeys aKeys = NodeKeys.load(a.dir.resolve("keys"));
            try (HttpTaxiiClient asA = HttpTaxiiClient.forPeer(new PinnedTls(NodeTls.load(a.dir), b.tlsFingerprint()),
                    HttpTaxiiClient.Limits.DEFAULT)) {
                List<TaxiiRemote.Collection> seen = asA.collections(b.apiRoot());
                assertThat(seen).filteredOn(TaxiiRemote.Collection::canWrite).extracting(TaxiiRemote.Collection::alias).containsExactly("sightings");
                ObjectNode x = signed(Samples.indicator("indicator--" + UUID.randomUUID(), "2026-02-01T00:00:00.000Z"), aKeys, "cert-ee");
                String intel = b.node().collectionId(Node.INTELLIGENCE), sightings = b.node().collectionId(Node.SIGHTINGS);
                assertThatThrownBy(() -> asA.add(b.apiRoot(), intel, new TaxiiRemote.Outgoing(List.of(StixObject.of(x)), List.of())))
                        .isInstanceOf(TaxiiException.class).hasMessageContaining("answered 403");

                // a relayed version (origin elsewhere), one claiming to pass through B already, and A's own
                ObjectNode relayed = Samples.indicator("indicator--" + UUID.randomUUID(), "2026-02-01T00:00:00.000Z", Tlp.CLEAR);
                ObjectNode echoed = Samples.indicator("indicator--" + UUID.randomUUID(), "2026-02-01T00:00:00.000Z", Tlp.CLEAR);
                List<ProvenanceClaim> claims = List.of(
                        new ProvenanceClaim(relayed.get("id").asText(), "2026-02-01T00:00:00.000Z", "cert-fi", "FI",
                                List.of("cert-fi", "cert-ee"), false),
                        new ProvenanceClaim(echoed.get("id").asText(), "2026-02-01T00:00:00.000Z", "cert-fi", "FI",
                                List.of("cert-fi", "cert-lv", "cert-ee"), true));
                TaxiiRemote.Status s = asA.add(b.apiRoot(), sightings, new TaxiiRemote.Outgoing(
                        List.of(StixObject.of(x), StixObject.of(relayed), StixObject.of(echoed)), claims));
                assertThat(s.successes()).extracting(TaxiiRemote.Detail::id).containsExactly(x.get("id").asText(), relayed.get("id").asText());
                assertThat(s.failures()).singleElement().satisfies(d -> assertThat(d.message()).contains("already passes through this node"));
            }
            // what an inbound agreement lets a peer post, it may not delete (a push adds, never removes)
            try (java.net.http.HttpClient raw = java.net.http.HttpClient.newBuilder()
                    .sslContext(new PinnedTls(NodeTls.load(a.dir), b.tlsFingerprint()).context()).build()) {
                java.net.http.HttpResponse<String> deleted = raw.send(java.net.http.HttpRequest.newBuilder(b.apiRoot().resolve(
                                "collections/sightings/objects/" + b.entries(Node.SIGHTINGS).getFirst().object().id() + "/"))
                        .header("Accept", HttpTaxiiClient.TAXII).DELETE().build(), java.net.http.HttpResponse.BodyHandlers.ofString());
                assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(404);
            }
            // B learnt A's log key at first contact (over the pinned channel) and recorded it
            assertThat(b.services().taxii().partners().audit("cert-ee")).isPresent();
            List<org.concord.store.StoredVersion> got = b.entries(Node.SIGHTINGS);
            assertThat(got).hasSize(2);
            assertThat(got.get(0).origin()).isEqualTo(new Origin("cert-ee", null, List.of("cert-ee"), true, "cert-ee", Origin.Signature.VALID));
            assertThat(got.get(1).origin()).isEqualTo(new Origin("cert-fi", "FI", List.of("cert-fi", "cert-ee"), false, "cert-ee",
                    Origin.Signature.UNSIGNED));
        }
    }

    @Test
    void aPeersPostOfAVersionHeldHereButWithheldFromItIsAnsweredAsANewOne() throws Exception {
        try (TestFederation f = new TestFederation(tmp)) {
            TestFederation.Member a = f.node("cert-ee", "EE"), b = f.node("cert-lv", "LV");
            f.link(a, b);
            b.agree(TestFederation.inbound("cert-ee", true), TestFederation.outbound("cert-ee", true));
            f.start();
            String modified = "2026-02-01T00:00:00.000Z";
            String heldId = "indicator--" + UUID.randomUUID(), newId = "indicator--" + UUID.randomUUID();
            b.put(Samples.indicator(heldId, modified, Tlp.RED)); // held as RED: never released to A
            NodeKeys aKeys = NodeKeys.load(a.dir.resolve("keys"));
            ObjectNode greenCopy = signed(Samples.indicator(heldId, modified, Tlp.GREEN), aKeys, "cert-ee");
            ObjectNode fresh = signed(Samples.indicator(newId, modified, Tlp.GREEN), aKeys, "cert-ee");
            try (HttpTaxiiClient asA = HttpTaxiiClient.forPeer(new PinnedTls(NodeTls.load(a.dir), b.tlsFingerprint()),
                    HttpTaxiiClient.Limits.DEFAULT)) {
                String intel = b.node().collectionId(Node.INTELLIGENCE);
                TaxiiRemote.Status s = asA.add(b.apiRoot(), intel, new TaxiiRemote.Outgoing(
                        List.of(StixObject.of(greenCopy), StixObject.of(fresh)), List.of()));
                assertThat(s.failures()).isEmpty();
                assertThat(s.successes()).extracting(d -> d.id().equals(heldId) ? "ID" : d.id().equals(newId) ? "ID" : d.id(),
                        TaxiiRemote.Detail::version, TaxiiRemote.Detail::message)
                        .containsExactly(org.assertj.core.groups.Tuple.tuple("ID", modified, null),
                                org.assertj.core.groups.Tuple.tuple("ID", modified, null));
            }
            assertThat(b.version(StixObject.of(greenCopy)).orElseThrow().object().markingRefs())
                    .as("the first bytes stay").containsExactly(Tlp.RED.markingId());
        }
    }
}
