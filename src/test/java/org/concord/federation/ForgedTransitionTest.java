package org.concord.federation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.concord.integrity.OriginSignature;
import org.concord.integrity.PublishedLog;
import org.concord.node.NodeKeys;
import org.concord.partner.Partners;
import org.concord.policy.Agreement;
import org.concord.policy.Agreements;
import org.concord.policy.IngressPolicy;
import org.concord.response.Requests;
import org.concord.response.ResponseIngressCheck;
import org.concord.response.TransitionSamples;
import org.concord.stix.StixObject;
import org.concord.stix.StixValidator;
import org.concord.stix.Tlp;
import org.concord.store.CollectionInfo;
import org.concord.store.Database;
import org.concord.store.DetachedSignature;
import org.concord.store.ObjectFilter;
import org.concord.store.Store;
import org.concord.store.StoreConfig;
import org.concord.store.Stores;
import org.concord.store.StoredVersion;
import org.concord.store.VersionMatch;
import org.concord.taxii.TaxiiDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Forged transitions at the receive path (docs/response-design.md §3): with coordinated response's
 * check as the {@link Receiver}'s last word, a request's acknowledgement signed by the requester's
 * node is refused with its reason and never stored, while the receiver's own is; a version and its
 * prior may come in one batch. Real store, real signatures beside the objects, real signer keys.
 */
class ForgedTransitionTest {
    private static final String REQUESTER = "identity--1a1a1a1a-0000-4000-8000-000000000001"; // isac-fi's member
    private static final String RECEIVER = "identity--2b2b2b2b-0000-4000-8000-000000000002"; // bank-lv's member
    private static final Instant SENT = Instant.parse("2026-12-08T10:00:00Z");

    @TempDir
    Path tmp;

    private Database database;
    private Store store;
    private CollectionInfo cases;
    private final NodeKeys own = NodeKeys.generate(), isacFi = NodeKeys.generate(), bankLv = NodeKeys.generate();
    private Receiver receiver;

    @BeforeEach
    void open() {
        database = Database.open(new StoreConfig.Embedded(tmp.resolve("concord.db")));
        store = Stores.open(database, InstantSource.system(), null);
        cases = new CollectionInfo(UUID.randomUUID().toString(), "cases", "Cases", "");
        store.createCollection(cases);
        TaxiiDatabase taxii = new TaxiiDatabase(database);
        Map<String, NodeKeys> peers = Map.of("isac-fi", isacFi, "bank-lv", bankLv);
        for (var p : peers.entrySet()) {
            taxii.partners().add(new Partners.Partner(p.getKey(), String.format("%064x", p.getKey().hashCode() & 0xffff), Instant.now(),
                    "https://127.0.0.1:1/" + p.getKey() + "/"));
            taxii.partners().recordAudit(p.getKey(), new Partners.LogAudit(PublishedLog.encodeKey(p.getValue().publicKey()), "{}", Instant.now()));
        }
        SignerKeys keys = new SignerKeys("cert-ee", own.publicKey(), taxii.partners(), SignerKeys.Learner.NONE, InstantSource.system());
        Agreements agreements = new Agreements(List.of(
                Agreement.inbound("isac-fi").collections("*").tlp(Tlp.CLEAR, Tlp.GREEN, Tlp.AMBER).types("*").mayReshare(true).build(),
                Agreement.inbound("bank-lv").collections("*").tlp(Tlp.CLEAR, Tlp.GREEN, Tlp.AMBER).types("*").mayReshare(true).build()));
        Map<String, String> members = Map.of("isac-fi", REQUESTER, "bank-lv", RECEIVER, "cert-ee", "identity--3c3c3c3c-0000-4000-8000-000000000003");
        ResponseIngressCheck check = new ResponseIngressCheck(store, node -> Optional.ofNullable(members.get(node)),
                InstantSource.fixed(SENT.plusSeconds(3600)));
        receiver = new Receiver("cert-ee", store, new StixValidator(), new IngressPolicy(Tlp.AMBER), () -> agreements, keys, check);
    }

    @AfterEach
    void close() {
        store.close();
        database.close();
    }

    @Test
    void anAcknowledgementSignedByTheRequestersNodeIsRefusedAndNotStoredWhileTheReceiversIs() {
        String id = "x-concord-request--" + UUID.randomUUID();
        ObjectNode sent = TransitionSamples.sent(id, Requests.Kind.PRESERVATION, REQUESTER, RECEIVER, SENT);
        ObjectNode forged = TransitionSamples.next(sent, "acknowledged", "acknowledged", RECEIVER, SENT.plusSeconds(60));
        ObjectNode genuine = TransitionSamples.next(sent, "acknowledged", "acknowledged", RECEIVER, SENT.plusSeconds(120));

        // isac-fi sends its request and, in the same batch, an acknowledgement it signed itself
        Receiver.Receipt fromFi = receiver.receive(new Receiver.Sender.Peer("isac-fi"), cases, List.of(sent, forged), null, null,
                signatures(sent, beside(sent, isacFi, REQUESTER), forged, beside(forged, isacFi, REQUESTER)));

        assertThat(fromFi.accepted()).extracting(Receiver.Accepted::version).containsExactly(version(sent));
        assertThat(fromFi.refused()).singleElement().satisfies(r -> {
            assertThat(r.id()).isEqualTo(id);
            assertThat(r.version()).isEqualTo(version(forged));
            assertThat(r.reason()).contains(id).contains("sent -> acknowledged by " + RECEIVER).contains("signed by isac-fi")
                    .contains("signed by the node of " + REQUESTER + ", not by that of " + RECEIVER);
        });

        // bank-lv's own acknowledgement goes in
        Receiver.Receipt fromLv = receiver.receive(new Receiver.Sender.Peer("bank-lv"), cases, List.of(genuine), null, null,
                signatures(genuine, beside(genuine, bankLv, RECEIVER)));
        assertThat(fromLv.refused()).isEmpty();
        assertThat(fromLv.stored()).isEqualTo(1);

        assertThat(held(id)).extracting(v -> v.object().version()).containsExactly(version(sent), version(genuine));
    }

    @Test
    void anUnsignedTransitionIsRefusedAndOtherObjectsAreNotLookedAt() {
        String id = "x-concord-request--" + UUID.randomUUID();
        ObjectNode sent = TransitionSamples.sent(id, Requests.Kind.INFORMATION, REQUESTER, RECEIVER, SENT);
        ObjectNode note = TestFederation.JSON.createObjectNode().put("type", "note").put("spec_version", "2.1")
                .put("id", "note--" + UUID.randomUUID()).put("created", "2026-12-08T10:00:00.000Z").put("modified", "2026-12-08T10:00:00.000Z")
                .put("content", "relayed, unsigned");
        note.putArray("object_refs").add(TransitionSamples.CASE);
        note.putArray("object_marking_refs").add(Tlp.GREEN.markingId());
        // relayed from a third node (its provenance says so), so unsigned is allowed by the receive path itself
        ArrayNode provenance = TestFederation.JSON.createArrayNode();
        for (ObjectNode o : List.of(sent, note)) {
            provenance.add(new ProvenanceClaim(o.get("id").asText(), version(o), "cert-xx", null, List.of("cert-xx", "bank-lv"), true).toJson());
        }
        Receiver.Receipt r = receiver.receive(new Receiver.Sender.Peer("bank-lv"), cases, List.of(sent, note), provenance, null, null);
        assertThat(r.accepted()).extracting(Receiver.Accepted::id).containsExactly(note.get("id").asText());
        assertThat(r.refused()).singleElement().satisfies(x -> assertThat(x.reason()).contains("signed by no one"));
        assertThat(held(id)).isEmpty();
    }

    private List<StoredVersion> held(String id) {
        return store.objects(cases.id(), new ObjectFilter(null, List.of(id), List.of(), VersionMatch.ALL, List.of(), 10)).items();
    }

    private static String version(ObjectNode o) {
        return StixObject.of(o).version();
    }

    /** The signature {@code keys} makes of {@code object} on behalf of {@code signer}, as it travels beside it. */
    private static DetachedSignature beside(ObjectNode object, NodeKeys keys, String signer) {
        JsonNode ext = OriginSignature.sign(object, keys, signer).get("extensions").get(OriginSignature.EXTENSION_ID);
        return new DetachedSignature(ext.get("key_fingerprint").textValue(), ext.get("signer").textValue(), ext.get("signature").textValue());
    }

    /** An {@code x_concord_signatures} member with an entry per (object, signature). */
    private static ArrayNode signatures(Object... objectThenSignature) {
        ArrayNode member = TestFederation.JSON.createArrayNode();
        for (int i = 0; i < objectThenSignature.length; i += 2) {
            ObjectNode o = (ObjectNode) objectThenSignature[i];
            member.add(new SignatureClaim(o.get("id").asText(), version(o), (DetachedSignature) objectThenSignature[i + 1]).toJson());
        }
        return member;
    }
}
