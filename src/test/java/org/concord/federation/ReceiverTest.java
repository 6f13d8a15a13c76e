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
import org.concord.partner.Partners;
import org.concord.policy.Agreement;
import org.concord.policy.Agreements;
import org.concord.policy.IngressPolicy;
import org.concord.stix.StixValidator;
import org.concord.stix.Tlp;
import org.concord.store.CollectionInfo;
import org.concord.store.Database;
import org.concord.store.DetachedSignature;
import org.concord.store.Origin;
import org.concord.store.Store;
import org.concord.store.StoreConfig;
import org.concord.store.Stores;
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

    private Database database;
    private Store store;
    private TaxiiDatabase taxii;
    private CollectionInfo intel;
    private final NodeKeys own = NodeKeys.generate(), peer = NodeKeys.generate(), stranger = NodeKeys.generate(), third = NodeKeys.generate();
    private Receiver receiver;
    private final List<String> learnt = new ArrayList<>();

    @BeforeEach
    void open() {
        StoreConfig config = new StoreConfig.Embedded(tmp.resolve("concord.db"));
        database = Database.open(config);
        store = Stores.open(database, InstantSource.system(), null);
        intel = new CollectionInfo(UUID.randomUUID().toString(), "intelligence", "Intelligence", "");
        store.createCollection(intel);
        taxii = new TaxiiDatabase(database);
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
        store.close();
        database.close();
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

    /** The signature {@code keys} makes of {@code object} on behalf of {@code signer}, as it travels beside it. */
    private static DetachedSignature beside(ObjectNode object, NodeKeys keys, String signer) {
        JsonNode ext = OriginSignature.sign(object, keys, signer).get("extensions").get(OriginSignature.EXTENSION_ID);
        return new DetachedSignature(ext.get("key_fingerprint").textValue(), ext.get("signer").textValue(), ext.get("signature").textValue());
    }

    /** An {@code x_concord_signatures} member with an entry per (object, signature). */
    private static com.fasterxml.jackson.databind.node.ArrayNode signatures(Object... objectThenSignature) {
        com.fasterxml.jackson.databind.node.ArrayNode member = TestFederation.JSON.createArrayNode();
        for (int i = 0; i < objectThenSignature.length; i += 2) {
            ObjectNode o = (ObjectNode) objectThenSignature[i];
            member.add(new SignatureClaim(id(o), V, (DetachedSignature) objectThenSignature[i + 1]).toJson());
        }
        return member;
    }

    @Test
    void aSignatureBesideTheObjectIsVerifiedAsAnEmbeddedOneAndKeptWithItsOriginTheBytesAsTheyCame() {
        ObjectNode good = indicator(Tlp.GREEN);
        ObjectNode altered = indicator(Tlp.GREEN);
        DetachedSignature overOriginal = beside(altered, peer, "cert-lv");
        altered.put("name", "changed on the way");
        ObjectNode byStranger = indicator(Tlp.GREEN);
        ObjectNode unsigned = indicator(Tlp.GREEN);
        ObjectNode relayedUnknown = indicator(Tlp.GREEN);
        ObjectNode relayedByOwn = indicator(Tlp.GREEN);
        // an older node's object with an extension inside, and a signature by the sender beside it: the one beside counts
        ObjectNode carriesAnother = OriginSignature.sign(indicator(Tlp.GREEN), stranger, "identity--someone");
        DetachedSignature good1 = beside(good, peer, "identity--lv");
        DetachedSignature unknown = beside(relayedUnknown, stranger, "identity--xx");
        DetachedSignature ours = beside(relayedByOwn, own, "identity--ee");
        relayedByOwn.put("name", "changed on the way"); // this node's own signature, over what it was
        DetachedSignature overCarried = beside(carriesAnother, peer, "identity--lv");
        com.fasterxml.jackson.databind.node.ArrayNode provenance = TestFederation.JSON.createArrayNode()
                .add(new ProvenanceClaim(id(relayedUnknown), V, "cert-xx", null, List.of("cert-xx", "cert-lv"), true).toJson())
                .add(new ProvenanceClaim(id(relayedByOwn), V, "cert-xx", null, List.of("cert-xx", "cert-lv"), true).toJson());
        List<JsonNode> batch = List.of(good, altered, byStranger, unsigned, relayedUnknown, relayedByOwn, carriesAnother);

        Receiver.Receipt r = receiver.receive(new Receiver.Sender.Peer("cert-lv"), intel, batch, provenance, null,
                signatures(good, good1, altered, overOriginal, byStranger, beside(byStranger, stranger, "identity--lv"),
                        relayedUnknown, unknown, relayedByOwn, ours, carriesAnother, overCarried));

        assertThat(r.accepted()).extracting(Receiver.Accepted::id).containsExactly(id(good), id(relayedUnknown), id(carriesAnother));
        assertThat(r.accepted()).extracting(Receiver.Accepted::signature)
                .containsExactly(Origin.Signature.VALID, Origin.Signature.UNKNOWN_SIGNER, Origin.Signature.VALID);
        assertThat(r.refused()).extracting(Receiver.Refused::id, Receiver.Refused::reason).satisfiesExactly(
                x -> assertThat(x.toList()).containsExactly(id(altered), "bad origin signature (it must be cert-lv's): the signature"
                        + " does not match the object: it was altered after signing"),
                x -> assertThat(x.toList().get(1).toString()).contains("bad origin signature (it must be cert-lv's): signed by key "
                        + stranger.fingerprint()),
                x -> assertThat(x.toList()).containsExactly(id(unsigned), "cert-lv originated it but did not sign it"),
                x -> assertThat(x.toList().get(1).toString()).contains("bad origin signature (key of cert-ee)")
                        .contains("altered after signing"));
        // kept: the bytes as they came, the signature beside them with the origin, to be sent on
        for (ObjectNode o : List.of(good, relayedUnknown, carriesAnother)) {
            org.concord.store.StoredVersion v = store.latest(id(o)).orElseThrow();
            assertThat(v.object().canonical()).isEqualTo(org.concord.stix.StixObject.of(o).canonical());
        }
        assertThat(store.latest(id(good)).orElseThrow().origin())
                .isEqualTo(new Origin("cert-lv", null, List.of("cert-lv"), true, "cert-lv", Origin.Signature.VALID, good1));
        assertThat(store.latest(id(relayedUnknown)).orElseThrow().signature()).isEqualTo(unknown);
        assertThat(store.latest(id(carriesAnother)).orElseThrow().signature()).isEqualTo(overCarried);
    }

    @Test
    void aSignatureEntryThatCannotBeReadRefusesItsObjectOnlyAndAFeedsEntriesAreIgnored() {
        ObjectNode otherAlg = indicator(Tlp.GREEN), twice = indicator(Tlp.GREEN), shortSig = indicator(Tlp.GREEN), fine = indicator(Tlp.GREEN);
        // the same entry twice is harmless (an object may go twice in one envelope); two signatures for one version are not
        com.fasterxml.jackson.databind.node.ArrayNode member = signatures(twice, beside(twice, peer, "identity--lv"),
                twice, beside(twice, peer, "identity--other"), fine, beside(fine, peer, "identity--lv"), fine, beside(fine, peer, "identity--lv"));
        member.add(new SignatureClaim(id(otherAlg), V, beside(otherAlg, peer, "identity--lv")).toJson().put("alg", "RSA"));
        member.add(new SignatureClaim(id(shortSig), V, beside(shortSig, peer, "identity--lv")).toJson().put("signature", "AAAA"));

        Receiver.Receipt r = receiver.receive(new Receiver.Sender.Peer("cert-lv"), intel, List.of(otherAlg, twice, shortSig, fine),
                null, null, member);

        assertThat(r.accepted()).extracting(Receiver.Accepted::id).containsExactly(id(fine));
        assertThat(r.refused()).extracting(Receiver.Refused::reason).satisfiesExactly(
                why -> assertThat(why).isEqualTo("its origin signature cannot be read: x_concord_signatures[4]: unsupported signature"
                        + " algorithm: RSA"),
                why -> assertThat(why).contains("x_concord_signatures[1] repeats the entry of " + id(twice)).contains("with something else"),
                why -> assertThat(why).contains("x_concord_signatures[5]: signature must be 64 bytes in unpadded base64url"));
        assertThat(receiver.receive(new Receiver.Sender.Peer("cert-lv"), intel, List.of(indicator(Tlp.GREEN)), null, null,
                TestFederation.JSON.createObjectNode()).refused()).singleElement()
                .satisfies(x -> assertThat(x.reason()).contains("x_concord_signatures is not an array"));

        // from a feed, an envelope's signatures are not believed, as its provenance is not
        Feed feed = new Feed("misp", URI.create("https://misp.example/taxii2/"), "c", "intelligence", new FeedAuth.None(), null, false, true,
                Instant.now());
        ObjectNode fed = indicator(Tlp.GREEN);
        Receiver.Receipt fromFeed = receiver.receive(new Receiver.Sender.FromFeed(feed), intel, List.of(fed), null, null,
                signatures(fed, beside(fed, peer, "identity--lv")));
        assertThat(fromFeed.accepted()).singleElement().satisfies(a -> assertThat(a.signature()).isEqualTo(Origin.Signature.UNSIGNED));
        assertThat(store.latest(id(fed)).orElseThrow().signature()).isNull();
    }
}
