package org.concord.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.concord.ConcordException;
import org.concord.ErrorCode;
import org.concord.integrity.OriginSignature;
import org.concord.integrity.PublishedLog;
import org.concord.node.NodeKeys;
import org.concord.policy.Agreement;
import org.concord.policy.Agreements;
import org.concord.policy.IngressPolicy;
import org.concord.stix.StixValidator;
import org.concord.stix.Tlp;
import org.concord.store.CollectionInfo;
import org.concord.store.Origin;
import org.concord.store.Store;
import org.concord.store.StoreConfig;
import org.concord.store.Stores;
import org.concord.taxii.Partners;
import org.concord.taxii.TaxiiDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The receive path object by object, on a real store: each refusal names its reason, the rest of a batch is kept. */
class ReceiverTest {
    private static final String V = "2026-02-01T00:00:00.000Z";

    @TempDir
    Path tmp;

    private Store store;
    private TaxiiDatabase taxii;
    private CollectionInfo intel;
    private final NodeKeys own = NodeKeys.generate(), peer = NodeKeys.generate(), stranger = NodeKeys.generate(), third = NodeKeys.generate();
    private Receiver receiver;
    private final List<String> learnt = new ArrayList<>();

    @BeforeEach
    void open() {
        StoreConfig config = new StoreConfig.Embedded(tmp.resolve("concord.db"));
        store = Stores.open(config);
        intel = new CollectionInfo(UUID.randomUUID().toString(), "intelligence", "Intelligence", "");
        store.createCollection(intel);
        taxii = TaxiiDatabase.open(config);
        for (String name : List.of("cert-lv", "cert-fi")) {
            taxii.partners().add(new Partners.Partner(name, hex(name), Instant.now(), "https://127.0.0.1:1/" + name + "/"));
        }
        // cert-lv's key is recorded (as verify or a first contact would); cert-fi's is learnt on demand
        taxii.partners().recordAudit("cert-lv", new Partners.LogAudit(PublishedLog.encodeKey(peer.publicKey()), "{}", Instant.now()));
        SignerKeys keys = new SignerKeys("cert-ee", own.publicKey(), taxii.partners(), name -> {
            learnt.add(name);
            if (!name.equals("cert-fi")) return "unreachable";
            taxii.partners().recordAudit("cert-fi", new Partners.LogAudit(PublishedLog.encodeKey(third.publicKey()), "{}", Instant.now()));
            return null;
        }, InstantSource.system());
        Agreements agreements = new Agreements(List.of(
                Agreement.inbound("cert-lv").collections("*").tlp(Tlp.CLEAR, Tlp.GREEN).types("indicator").mayReshare(true).build(),
                Agreement.inbound("cert-fi").collections("*").tlp(Tlp.CLEAR, Tlp.GREEN, Tlp.AMBER).types("*").build()));
        receiver = new Receiver("cert-ee", store, new StixValidator(), new IngressPolicy(Tlp.AMBER), () -> agreements, keys);
    }

    @AfterEach
    void close() {
        taxii.close();
        store.close();
    }

    private static String hex(String seed) {
        return String.format("%064x", new java.math.BigInteger(1, seed.getBytes()));
    }

    private static ObjectNode indicator(Tlp tlp) {
        return Samples.indicator("indicator--" + UUID.randomUUID(), V, tlp);
    }

    private static String id(JsonNode o) {
        return o.get("id").asText();
    }

    @Test
    void eachObjectIsCheckedAndRefusalsSayWhyWhileTheRestIsStored() {
        ObjectNode good = OriginSignature.sign(indicator(Tlp.GREEN), peer, "cert-lv");
        ObjectNode invalid = OriginSignature.sign(indicator(Tlp.GREEN), peer, "cert-lv").put("pattern", "[not a pattern");
        ObjectNode amber = OriginSignature.sign(indicator(Tlp.AMBER), peer, "cert-lv");
        ObjectNode malware = TestFederation.JSON.createObjectNode().put("type", "malware").put("spec_version", "2.1")
                .put("id", "malware--" + UUID.randomUUID()).put("created", V).put("modified", V).put("name", "x").put("is_family", false);
        malware.putArray("object_marking_refs").add(Tlp.GREEN.markingId());
        malware = OriginSignature.sign(malware, peer, "cert-lv");
        ObjectNode byStranger = OriginSignature.sign(indicator(Tlp.GREEN), stranger, "cert-lv");
        ObjectNode mine = OriginSignature.sign(indicator(Tlp.GREEN), own, "cert-ee");
        ObjectNode relayedUnknown = OriginSignature.sign(indicator(Tlp.GREEN), stranger, "cert-xx");
        ObjectNode relayedForged = OriginSignature.sign(indicator(Tlp.GREEN), own, "cert-ee").put("name", "changed");
        List<JsonNode> batch = List.of(good, invalid, amber, malware, byStranger, mine, relayedUnknown, relayedForged,
                TestFederation.JSON.getNodeFactory().textNode("not an object"));
        List<ProvenanceClaim> claims = List.of(
                new ProvenanceClaim(id(mine), V, "cert-xx", null, List.of("cert-xx", "cert-lv"), true),
                new ProvenanceClaim(id(relayedUnknown), V, "cert-xx", null, List.of("cert-xx", "cert-lv"), true),
                new ProvenanceClaim(id(relayedForged), V, "cert-xx", null, List.of("cert-xx", "cert-lv"), true));
        com.fasterxml.jackson.databind.node.ArrayNode member = TestFederation.JSON.createArrayNode();
        claims.forEach(c -> member.add(c.toJson()));

        Receiver.Receipt r = receiver.receive(new Receiver.Sender.Peer("cert-lv"), intel, batch, member);

        assertThat(r.accepted()).extracting(Receiver.Accepted::id).containsExactly(id(good), id(mine), id(relayedUnknown));
        assertThat(r.accepted()).extracting(Receiver.Accepted::signature)
                .containsExactly(Origin.Signature.VALID, Origin.Signature.VALID, Origin.Signature.UNKNOWN_SIGNER);
        assertThat(r.refused()).extracting(Receiver.Refused::reason).satisfiesExactly(
                why -> assertThat(why).contains("not valid STIX 2.1").contains("/pattern"),
                why -> assertThat(why).contains("refused by the inbound agreement (tlp-amber)"),
                why -> assertThat(why).contains("(object-type)").contains("malware"),
                why -> assertThat(why).contains("bad origin signature (it must be cert-lv's)"),
                why -> assertThat(why).contains("bad origin signature (key of cert-ee)").contains("altered after signing"),
                why -> assertThat(why).contains("not a JSON object"));
        assertThat(store.latest(id(good)).orElseThrow().origin())
                .isEqualTo(new Origin("cert-lv", null, List.of("cert-lv"), true, "cert-lv", Origin.Signature.VALID));
        assertThat(store.latest(id(relayedUnknown)).orElseThrow().origin().path()).containsExactly("cert-xx", "cert-lv");
        assertThat(store.latest(id(byStranger))).isEmpty();

        // the same batch again stores nothing twice
        Receiver.Receipt again = receiver.receive(new Receiver.Sender.Peer("cert-lv"), intel, batch, member);
        assertThat(again.stored()).isZero();
        assertThat(again.duplicates()).isEqualTo(3);
    }

    @Test
    void aPeersKeyIsLearntAtFirstContactAndWithoutItNothingIsStored() {
        ObjectNode fromFi = OriginSignature.sign(indicator(Tlp.AMBER), third, "cert-fi");
        Receiver.Receipt r = receiver.receive(new Receiver.Sender.Peer("cert-fi"), intel, List.of(fromFi), null);
        assertThat(learnt).containsExactly("cert-fi");
        assertThat(r.stored()).isEqualTo(1);
        assertThat(r.accepted().getFirst().signature()).isEqualTo(Origin.Signature.VALID);
        // nothing is accepted from a peer without an inbound agreement, and nothing needs its key for that
        Receiver.Receipt none = receiver.receive(new Receiver.Sender.Peer("cert-lt"), intel, List.of(indicator(Tlp.GREEN)), null);
        assertThat(none.refused()).singleElement().satisfies(x -> assertThat(x.reason()).contains("no inbound agreement with cert-lt"));
    }

    @Test
    void aPeerWhoseKeyCannotBeLearntGetsTryAgainLaterAndNothingIsStored() throws Exception {
        taxii.partners().add(new Partners.Partner("cert-lt", hex("cert-lt"), Instant.now(), "https://127.0.0.1:1/cert-lt/"));
        Agreements withLt = new Agreements(List.of(Agreement.inbound("cert-lt").collections("*").tlp(Tlp.GREEN).types("*").build()));
        Receiver r = new Receiver("cert-ee", store, new StixValidator(), new IngressPolicy(Tlp.AMBER), () -> withLt,
                new SignerKeys("cert-ee", own.publicKey(), taxii.partners(), name -> "unreachable", InstantSource.system()));
        ObjectNode o = indicator(Tlp.GREEN);
        assertThatThrownBy(() -> r.receive(new Receiver.Sender.Peer("cert-lt"), intel, List.of(o), null))
                .isInstanceOf(ConcordException.class).hasMessageContaining("log key of peer cert-lt is not known")
                .hasMessageContaining("unreachable").satisfies(e -> assertThat(((ConcordException) e).code()).isEqualTo(ErrorCode.UNAVAILABLE));
        assertThat(store.latest(id(o))).isEmpty();
    }

    @Test
    void aFeedsObjectsHaveItsOriginWhateverTheyClaimAndItsReshareSetting() {
        Feed feed = new Feed("misp", URI.create("https://misp.example/taxii2/"), "c", "intelligence", new FeedAuth.None(), null, false, true,
                Instant.now());
        ObjectNode red = indicator(Tlp.RED);
        ObjectNode signedByPeer = OriginSignature.sign(indicator(Tlp.GREEN), peer, "cert-lv");
        com.fasterxml.jackson.databind.node.ArrayNode claim = TestFederation.JSON.createArrayNode()
                .add(new ProvenanceClaim(id(red), V, "cert-xx", null, List.of("cert-xx", "feed:misp"), true).toJson());
        Receiver.Receipt r = receiver.receive(new Receiver.Sender.FromFeed(feed), intel, List.of(red, signedByPeer), claim);
        assertThat(r.stored()).isEqualTo(2);
        assertThat(store.latest(id(red)).orElseThrow().origin())
                .isEqualTo(new Origin("feed:misp", null, List.of("feed:misp"), true, "feed:misp", Origin.Signature.UNSIGNED));
        assertThat(store.latest(id(signedByPeer)).orElseThrow().origin().signature()).isEqualTo(Origin.Signature.VALID);
    }
}
