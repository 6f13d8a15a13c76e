package org.concord.taxii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.concord.taxii.TestNode.TAXII;
import static org.concord.taxii.TestNode.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.concord.integrity.OriginSignature;
import org.concord.integrity.OriginSigner;
import org.concord.node.NodeKeys;
import org.concord.node.NodeTls;
import org.concord.partner.Partners;
import org.concord.policy.Agreement;
import org.concord.policy.Agreements;
import org.concord.policy.AuditDatabase;
import org.concord.policy.AuditQuery;
import org.concord.policy.Disclosure;
import org.concord.policy.EgressGate;
import org.concord.policy.EgressPolicy;
import org.concord.policy.PolicyEgress;
import org.concord.policy.Provenance;
import org.concord.policy.PseudonymKey;
import org.concord.stix.StixObject;
import org.concord.stix.StixValidator;
import org.concord.stix.Tlp;
import org.concord.store.Database;
import org.concord.store.DetachedSignature;
import org.concord.store.Origin;
import org.concord.store.StoreConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Provenance and signatures at the TAXII edge, as pinned partners read over mutual TLS: this
 * node's own versions arrive as stored, with its signature beside them ({@code x_concord_signatures});
 * a relayed version arrives as its origin made it, with the origin's signature as it was received
 * (beside it, or inside it from an older node), and an {@code x_concord_provenance} entry whose path
 * ends here and whose may_reshare is the version's and the agreement's; the loop and re-sharing
 * rules hold; the member's own token reads plain TAXII.
 */
class ProvenanceOverTaxiiTest {
    static final String NODE = "testnode";
    static final NodeKeys LV_KEYS = NodeKeys.generate();

    @TempDir
    Path dir;
    @TempDir
    Path partners;

    @Test
    void partnersReadSignedObjectsAndTheProvenanceOfRelayedOnes() throws Exception {
        try (Database auditDb = Database.open(new StoreConfig.Embedded(dir.resolve("audit.db")))) {
            AuditDatabase audit = new AuditDatabase(auditDb);
            EgressPolicy policy = new EgressPolicy(NODE, Tlp.AMBER, PseudonymKey.of(new byte[32]), new StixValidator());
            Agreements agreements = new Agreements(List.of(
                    Agreement.outbound("cert-fi").collections("intelligence").tlp(Tlp.CLEAR, Tlp.GREEN).types("*").mayReshare(true).build(),
                    Agreement.outbound("cert-ee").collections("intelligence").tlp(Tlp.CLEAR, Tlp.GREEN).types("*").build()));
            try (TestNode n = TestNode.start(dir, (store, keys) -> new PolicyEgress(new EgressGate(policy, () -> agreements, audit.log(),
                    InstantSource.system(), new OriginSigner(keys, "identity--testnode-member", store.signatures())::sign, store,
                    Provenance.local(NODE, "EE")), Provenance.local(NODE, "EE"), Tlp.AMBER))) {
                StixObject local = indicator("local");
                StixObject fromLv = signedByLv(indicator("from lv"));
                StixObject fromFeed = indicator("from a feed");
                StixObject fromFi = signedByLv(indicator("from fi via lv"));
                StixObject notToPassOn = signedByLv(indicator("lv only"));
                StixObject fromLvBeside = indicator("from lv, signed beside");
                DetachedSignature lvSignature = besideByLv(fromLvBeside);
                Origin lv = new Origin("cert-lv", "LV", List.of("cert-lv"), true, "cert-lv", Origin.Signature.VALID);
                Origin feed = new Origin("feed:osint", null, List.of("feed:osint"), true, "feed:osint", Origin.Signature.UNSIGNED);
                Origin fi = new Origin("cert-fi", "FI", List.of("cert-fi", "cert-lv"), true, "cert-lv", Origin.Signature.VALID);
                Origin lvOnly = new Origin("cert-lv", "LV", List.of("cert-lv"), false, "cert-lv", Origin.Signature.VALID);
                n.store.write(n.intelligence, List.of(local, fromLv, fromFeed, fromFi, notToPassOn, fromLvBeside),
                        java.util.Arrays.asList(null, lv, feed, fi, lvOnly, lv.withDetached(lvSignature)));
                HttpClient asFi = partner(n, "cert-fi");
                HttpClient asEe = partner(n, "cert-ee");

                JsonNode env = read(n, asFi, n.objectsPath("intelligence"), null);
                Map<String, JsonNode> objects = byId(env.get("objects"));
                // fi is on a path; lv-only stays
                assertThat(objects).containsOnlyKeys(local.id(), fromLv.id(), fromFeed.id(), fromLvBeside.id());
                Map<String, JsonNode> beside = byId(env.get("x_concord_signatures"));
                assertThat(canonical(objects.get(local.id()))).isEqualTo(local.json());       // ours: as stored,
                assertThat(verifyBeside(local, beside.get(local.id()), n.keys)).isTrue();      // signed here, beside it
                assertThat(beside.get(local.id()).toString()).startsWith("{\"id\":\"" + local.id() + "\",\"version\":\""
                        + local.version() + "\",\"alg\":\"Ed25519\",\"key_fingerprint\":\"" + n.keys.fingerprint()
                        + "\",\"signer\":\"identity--testnode-member\",\"signature\":\"");
                assertThat(canonical(objects.get(fromLv.id()))).isEqualTo(fromLv.json());     // relayed as its origin signed it (inside)
                assertThat(verify(objects.get(fromLv.id()), LV_KEYS)).isTrue();
                assertThat(canonical(objects.get(fromLvBeside.id()))).isEqualTo(fromLvBeside.json()); // relayed as its origin made it,
                assertThat(verifyBeside(fromLvBeside, beside.get(fromLvBeside.id()), LV_KEYS)).isTrue(); // the origin's signature beside
                assertThat(objects.get(fromFeed.id()).has("extensions")).isFalse();            // unsigned it came, unsigned it goes
                assertThat(beside).containsOnlyKeys(local.id(), fromLvBeside.id());
                Map<String, JsonNode> provenance = byId(env.get("x_concord_provenance"));
                assertThat(provenance).containsOnlyKeys(fromLv.id(), fromFeed.id(), fromLvBeside.id());
                assertThat(provenance.get(fromLv.id()).toString()).isEqualTo("{\"id\":\"" + fromLv.id()
                        + "\",\"version\":\"2026-11-01T00:00:00.000Z\",\"origin\":\"cert-lv\",\"country\":\"LV\","
                        + "\"path\":[\"cert-lv\",\"testnode\"],\"may_reshare\":true}");
                assertThat(provenance.get(fromFeed.id()).has("country")).isFalse();
                assertThat(provenance.get(fromFeed.id()).get("path").toString()).isEqualTo("[\"feed:osint\",\"testnode\"]");

                // the agreement with cert-ee does not let it pass things on: the entry says so
                JsonNode toEe = read(n, asEe, n.objectsPath("intelligence") + fromLv.id() + "/", null);
                assertThat(toEe.get("objects")).hasSize(1);
                assertThat(toEe.get("x_concord_provenance").get(0).get("may_reshare").booleanValue()).isFalse();
                assertThat(toEe.get("x_concord_provenance").get(0).get("path").toString()).isEqualTo("[\"cert-lv\",\"testnode\"]");
                // one's own version, to a partner who may not pass it on: an entry says so
                assertThat(read(n, asEe, n.objectsPath("intelligence") + local.id() + "/", null).get("x_concord_provenance").toString())
                        .isEqualTo("[{\"id\":\"" + local.id() + "\",\"version\":\"" + local.version() + "\",\"origin\":\"testnode\","
                                + "\"country\":\"EE\",\"path\":[\"testnode\"],\"may_reshare\":false}]");
                // one's own version to a partner who may pass it on: no provenance member at all
                assertThat(read(n, asFi, n.objectsPath("intelligence") + local.id() + "/", null).has("x_concord_provenance")).isFalse();

                // the member's own token: plain TAXII, the stored bytes
                JsonNode mine = read(n, n.client(null), n.objectsPath("intelligence"), n.token("alice"));
                assertThat(mine.has("x_concord_provenance")).isFalse();
                assertThat(mine.has("x_concord_signatures")).isFalse();
                assertThat(byId(mine.get("objects"))).hasSize(6);
                assertThat(canonical(byId(mine.get("objects")).get(local.id()))).isEqualTo(local.json());

                // the audit log holds the hash of the object bytes that went: the stored ones
                String sentLocal = HexFormat.of().formatHex(StixObject.of((ObjectNode) objects.get(local.id())).sha256());
                assertThat(sentLocal).isEqualTo(HexFormat.of().formatHex(local.sha256()));
                assertThat(audit.log().find(AuditQuery.all())).filteredOn(d -> d.objectId().equals(local.id()))
                        .extracting(Disclosure::sha256).containsOnly(sentLocal);
            }
        }
    }

    private HttpClient partner(TestNode n, String name) {
        NodeTls identity = NodeTls.create(partners.resolve(name), name);
        n.db.partners().add(new Partners.Partner(name, identity.fingerprint(), Instant.now()));
        n.db.rights().set(Principal.partnerKey(name), new Permissions(Set.of(n.intelligence), Set.of()));
        return n.client(identity);
    }

    private static JsonNode read(TestNode n, HttpClient client, String path, String token) {
        var r = n.send(client, HttpRequest.newBuilder(n.uri(path)).header("Accept", TAXII), token);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r);
    }

    private static Map<String, JsonNode> byId(JsonNode array) {
        Map<String, JsonNode> out = new HashMap<>();
        if (array != null) array.forEach(o -> out.put(o.get("id").asText(), o));
        return out;
    }

    private static boolean verify(JsonNode object, NodeKeys keys) {
        return OriginSignature.verify((ObjectNode) object, keys.publicKey()) instanceof OriginSignature.Verification.Valid;
    }

    /** Whether the {@code x_concord_signatures} entry verifies over {@code object} with {@code keys}. */
    private static boolean verifyBeside(StixObject object, JsonNode entry, NodeKeys keys) {
        DetachedSignature s = new DetachedSignature(entry.get("key_fingerprint").textValue(), entry.get("signer").textValue(),
                entry.get("signature").textValue());
        return entry.get("alg").textValue().equals("Ed25519") && entry.get("version").textValue().equals(object.version())
                && OriginSignature.verify(object, s, keys.publicKey()) instanceof OriginSignature.Verification.Valid;
    }

    private static String canonical(JsonNode object) {
        return StixObject.of((ObjectNode) object).json();
    }

    private static StixObject indicator(String name) {
        ObjectNode o = TestNode.indicator("indicator--" + java.util.UUID.nameUUIDFromBytes(name.getBytes()), "2026-11-01T00:00:00.000Z");
        o.putArray("object_marking_refs").add(Tlp.GREEN.markingId());
        return StixObject.of(o);
    }

    private static DetachedSignature besideByLv(StixObject o) {
        ObjectNode signed = OriginSignature.sign((ObjectNode) TestNode.jsonOf(o.json()), LV_KEYS, "identity--cert-lv");
        JsonNode ext = signed.get("extensions").get(OriginSignature.EXTENSION_ID);
        return new DetachedSignature(ext.get("key_fingerprint").textValue(), ext.get("signer").textValue(), ext.get("signature").textValue());
    }

    private static StixObject signedByLv(StixObject o) {
        return StixObject.of(OriginSignature.sign((ObjectNode) TestNode.jsonOf(o.json()), LV_KEYS, "identity--cert-lv"));
    }
}
