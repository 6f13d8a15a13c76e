package org.concord.taxii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.concord.taxii.TestNode.ROOT;
import static org.concord.taxii.TestNode.TAXII;
import static org.concord.taxii.TestNode.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.concord.integrity.ConsistencyProof;
import org.concord.integrity.LeafProof;
import org.concord.integrity.LogEntry;
import org.concord.integrity.Merkle;
import org.concord.integrity.PublishedLog;
import org.concord.integrity.SignedTreeHead;
import org.concord.node.NodeTls;
import org.concord.partner.Partners;
import org.concord.policy.Agreement;
import org.concord.policy.Agreements;
import org.concord.policy.AuditDatabase;
import org.concord.policy.EgressPolicy;
import org.concord.policy.PseudonymKey;
import org.concord.stix.StixObject;
import org.concord.stix.StixValidator;
import org.concord.stix.Tlp;
import org.concord.store.Database;
import org.concord.store.StoreConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The transparency-log endpoints under {api root}concord/log/, over real HTTPS. */
class LogEndpointsTest {
    private static final String LOG = ROOT + "concord/log/";
    private static final HexFormat HEX = HexFormat.of();

    @TempDir
    Path dir;
    @TempDir
    Path partnerDir;

    @Test
    void headsAndProofsVerifyWithTheIntegrityVerifiers() {
        try (TestNode n = TestNode.start(dir)) {
            String token = n.token("auditor");
            List<ObjectNode> first = indicators(5);
            assertThat(n.post(n.objectsPath("intelligence"), token, TestNode.envelope(first)).statusCode()).isEqualTo(202);

            PublicKey key = PublishedLog.keyFromJson(ok(n.get(LOG + "key", token)));
            assertThat(key).isEqualTo(n.keys.publicKey());
            SignedTreeHead head = SignedTreeHead.fromJson(ok(n.get(LOG + "head", token)));
            assertThat(head.verify(key)).isTrue();
            assertThat(head.head().treeSize()).isEqualTo(5);
            assertThat(head.head().logId()).isEqualTo(n.keys.fingerprint());

            // by id and version: the entry carries the salt, with which the object the reader holds opens the leaf
            for (ObjectNode o : first) {
                JsonNode r = ok(n.get(LOG + "inclusion?id=" + o.path("id").asText() + "&version=" + o.path("modified").asText()
                        + "&tree_size=5", token));
                LeafProof proof = LeafProof.fromJson(r);
                JsonNode e = r.path("entry");
                byte[] leaf = LogEntry.leafHash(StixObject.of(o), proof.salt());
                assertThat(HEX.formatHex(leaf)).isEqualTo(e.path("leaf_hash").asText());
                assertThat(LogEntry.leafHash(HEX.parseHex(e.path("salt").asText()), e.path("id").asText(), e.path("version_key").asText(),
                        HEX.parseHex(e.path("sha256").asText()))).isEqualTo(leaf);
                assertThat(proof.verify(StixObject.of(o), head.head().rootHash())).isTrue();
                assertThat(Merkle.verifyInclusion(leaf, proof.proof().leafIndex(), 5, proof.proof().path(), head.head().rootHash())).isTrue();
                // without the salt, the object alone opens nothing
                assertThat(Merkle.verifyInclusion(Merkle.leafHash(unsalted(StixObject.of(o))), proof.proof().leafIndex(), 5,
                        proof.proof().path(), head.head().rootHash())).isFalse();
            }
            ObjectNode third = first.get(2);
            JsonNode r = ok(n.get(LOG + "inclusion?id=" + third.path("id").asText() + "&version="
                    + third.path("modified").asText(), token));
            assertThat(LeafProof.fromJson(r).verify(StixObject.of(third), head.head().rootHash())).isTrue();

            // the log grows; the consistency proof links the two signed heads
            assertThat(n.post(n.objectsPath("intelligence"), token, TestNode.envelope(indicators(3))).statusCode()).isEqualTo(202);
            SignedTreeHead later = SignedTreeHead.fromJson(ok(n.get(LOG + "head", token)));
            assertThat(later.verify(key)).isTrue();
            assertThat(later.head().treeSize()).isEqualTo(8);
            ConsistencyProof c = ConsistencyProof.fromJson(ok(n.get(LOG + "consistency?first=5&second=8", token)));
            assertThat(c.verify(head.head().rootHash(), later.head().rootHash())).isTrue();
            assertThat(Merkle.verifyConsistency(5, 8, head.head().rootHash(), later.head().rootHash(), c.path())).isTrue();
            // second defaults to the current size
            assertThat(ConsistencyProof.fromJson(ok(n.get(LOG + "consistency?first=5", token)))).isEqualTo(c);
        }
    }

    @Test
    void badParametersAreTaxiiErrorsNeverStackTraces() {
        try (TestNode n = TestNode.start(dir)) {
            String token = n.token("auditor");
            assertThat(n.post(n.objectsPath("intelligence"), token, TestNode.envelope(indicators(2))).statusCode()).isEqualTo(202);
            assertError(n.get(LOG + "consistency?first=3", token), 400, "3");
            assertError(n.get(LOG + "consistency?first=2&second=1", token), 400, "");
            assertError(n.get(LOG + "consistency?first=abc", token), 400, "first");
            assertError(n.get(LOG + "consistency", token), 400, "first");
            assertError(n.get(LOG + "consistency?first=1&first=2", token), 400, "first");
            assertError(n.get(LOG + "inclusion?leaf_index=0", token), 400, "leaf_index is not served");
            assertError(n.get(LOG + "inclusion?id=" + TestNode.newIndicatorId() + "&version=2024-01-01T00:00:00.000Z&tree_size=9",
                    token), 400, "9");
            assertError(n.get(LOG + "inclusion", token), 400, "id and version");
            assertError(n.get(LOG + "inclusion?id=not-an-id&version=2024-01-01T00:00:00.000Z", token), 400, "not-an-id");
            assertError(n.get(LOG + "inclusion?id=" + TestNode.newIndicatorId(), token), 400, "version");
            assertError(n.get(LOG + "inclusion?id=" + TestNode.newIndicatorId() + "&version=yesterday", token), 400, "yesterday");
            assertError(n.get(LOG + "inclusion?id=" + TestNode.newIndicatorId() + "&version=2024-01-01T00:00:00.000Z", token), 404,
                    PublishedLog.NO_PROOF);
            // authenticated like the rest
            assertThat(n.get(LOG + "head", null).statusCode()).isEqualTo(401);
        }
    }

    @Test
    void aPinnedPartnerReadsTheHeadOverMutualTls() {
        try (TestNode n = TestNode.start(dir)) {
            NodeTls partner = NodeTls.create(partnerDir, "cert-fi");
            n.db.partners().add(new Partners.Partner("cert-fi", partner.fingerprint(), Instant.now(), "https://127.0.0.1:1/cert-fi/"));
            n.db.rights().set(Principal.partnerKey("cert-fi"), new Permissions(Set.of(n.intelligence), Set.of()));
            HttpClient asPartner = n.client(partner);
            HttpResponse<String> r = n.send(asPartner, HttpRequest.newBuilder(n.uri(LOG + "head")).header("Accept", TAXII), null);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(SignedTreeHead.fromJson(json(r)).verify(n.keys.publicKey())).isTrue();
            assertThat(n.requestLog).anyMatch(l -> l.startsWith("partner:cert-fi GET " + LOG + "head 200"));
            assertThat(n.db.partners().byName("cert-fi").orElseThrow().url()).isEqualTo("https://127.0.0.1:1/cert-fi/");
        }
    }

    @Test
    void aPartnerGetsProofsOnlyOfWhatWasReleasedToItAndAMemberOnlyOfWhatItMayReadElseOneIdentical404() throws Exception {
        try (Database auditDb = Database.open(new StoreConfig.Embedded(dir.resolve("audit.db")))) {
            AuditDatabase audit = new AuditDatabase(auditDb);
            EgressPolicy policy = new EgressPolicy("testnode", Tlp.AMBER, PseudonymKey.of(new byte[32]), new StixValidator());
            Agreements agreements = new Agreements(List.of(Agreement.outbound("cert-fi").collections("intelligence")
                    .tlp(Tlp.CLEAR, Tlp.GREEN, Tlp.AMBER).types("*").build()));
            try (TestNode n = TestNode.start(dir, TestNode.policy(policy, agreements, audit))) {
                ObjectNode green = marked(TestNode.indicator(TestNode.newIndicatorId(), "2024-01-01T00:00:00.000Z"), Tlp.GREEN);
                ObjectNode red = marked(TestNode.indicator(TestNode.newIndicatorId(), "2024-01-01T00:00:00.000Z"), Tlp.RED);
                ObjectNode redIp = marked(TestNode.JSON.createObjectNode().put("type", "ipv4-addr").put("spec_version", "2.1")
                        .put("id", "ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd").put("value", "10.0.0.1"), Tlp.RED);
                n.store.write(n.intelligence, List.of(StixObject.of(green), StixObject.of(red), StixObject.of(redIp)));
                NodeTls partner = NodeTls.create(partnerDir, "cert-fi");
                n.db.partners().add(new Partners.Partner("cert-fi", partner.fingerprint(), Instant.now()));
                n.db.rights().set(Principal.partnerKey("cert-fi"), new Permissions(Set.of(n.intelligence), Set.of()));
                HttpClient asPartner = n.client(partner);

                // the partner reads the collection: the GREEN one is released to it (and audited), the RED ones withheld
                HttpResponse<String> page = n.send(asPartner, HttpRequest.newBuilder(n.uri(n.objectsPath("intelligence")))
                        .header("Accept", TAXII), null);
                assertThat(page.statusCode()).as(page.body()).isEqualTo(200);
                JsonNode received = json(page).path("objects");
                assertThat(received).hasSize(1);
                StixObject copy = StixObject.of((ObjectNode) received.get(0));
                ObjectNode later = marked(TestNode.indicator(TestNode.newIndicatorId(), "2024-01-01T00:00:00.000Z"), Tlp.GREEN);
                n.store.write(n.intelligence, List.of(StixObject.of(later))); // releasable, but not released yet

                SignedTreeHead head = SignedTreeHead.fromJson(ok(n.send(asPartner, request(n, LOG + "head"), null)));
                HttpResponse<String> proven = n.send(asPartner, request(n, inclusion(green)), null);
                assertThat(LeafProof.fromJson(ok(proven)).verify(copy, head.head().rootHash())).isTrue();

                HttpResponse<String> unknown = n.send(asPartner, request(n, inclusion(
                        TestNode.indicator(TestNode.newIndicatorId(), "2024-01-01T00:00:00.000Z"))), null);
                assertThat(unknown.statusCode()).isEqualTo(404);
                assertThat(json(unknown).path("description").asText()).isEqualTo(PublishedLog.NO_PROOF);
                for (ObjectNode withheld : List.of(red, redIp, later)) {
                    assertSameAnswer(n.send(asPartner, request(n, inclusion(withheld)), null), unknown);
                }
                // no enumeration by position
                assertError(n.send(asPartner, request(n, LOG + "inclusion?leaf_index=0"), null), 400, "leaf_index is not served");

                // a member's token: proofs of what a collection it may read holds, and nothing else
                String reader = n.token("reader", Set.of("intelligence"), Set.of());
                String outsider = n.token("outsider", Set.of("sightings"), Set.of("sightings"));
                assertThat(LeafProof.fromJson(ok(n.get(inclusion(red), reader))).verify(StixObject.of(red), head.head().rootHash()))
                        .as("the member's own reader sees RED").isTrue();
                for (ObjectNode o : List.of(green, red, redIp)) assertSameAnswer(n.get(inclusion(o), outsider), unknown);
                assertSameAnswer(n.get(inclusion(TestNode.indicator(TestNode.newIndicatorId(), "2024-01-01T00:00:00.000Z")), reader),
                        unknown);
            }
        }
    }

    private static String inclusion(ObjectNode o) {
        JsonNode v = o.has("modified") ? o.get("modified") : o.get("created");
        return LOG + "inclusion?id=" + o.path("id").asText() + "&version=" + (v == null ? "" : v.asText());
    }

    private static HttpRequest.Builder request(TestNode n, String path) {
        return HttpRequest.newBuilder(n.uri(path)).header("Accept", TAXII);
    }

    private static ObjectNode marked(ObjectNode o, Tlp tlp) {
        o.putArray("object_marking_refs").add(tlp.markingId());
        return o;
    }

    /** The same status, body and headers (but the date): nothing tells the two apart. */
    private static void assertSameAnswer(HttpResponse<String> r, HttpResponse<String> reference) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(reference.statusCode());
        assertThat(r.body()).isEqualTo(reference.body());
        java.util.Map<String, List<String>> headers = new java.util.TreeMap<>(r.headers().map());
        java.util.Map<String, List<String>> expected = new java.util.TreeMap<>(reference.headers().map());
        headers.remove("date");
        expected.remove("date");
        assertThat(headers).isEqualTo(expected);
    }

    /** The entry as it was before leaves were salted: id, version key and hash alone. */
    private static byte[] unsalted(StixObject o) {
        byte[] id = o.id().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] key = o.versionKey().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return java.nio.ByteBuffer.allocate(2 + id.length + 1 + key.length + 32).putShort((short) id.length).put(id)
                .put((byte) key.length).put(key).put(o.sha256()).array();
    }

    private static void assertError(HttpResponse<String> r, int status, String mentions) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/taxii+json");
        JsonNode e = json(r);
        assertThat(e.path("http_status").asInt()).isEqualTo(status);
        assertThat(e.path("title").asText()).isNotEmpty();
        assertThat(e.path("description").asText()).contains(mentions);
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("at org.");
    }

    private static JsonNode ok(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r);
    }

    private static List<ObjectNode> indicators(int count) {
        List<ObjectNode> out = new ArrayList<>();
        for (int i = 0; i < count; i++) out.add(TestNode.indicator(TestNode.newIndicatorId(), "2024-01-0" + (i % 9 + 1) + "T00:00:00.000Z"));
        return out;
    }
}
