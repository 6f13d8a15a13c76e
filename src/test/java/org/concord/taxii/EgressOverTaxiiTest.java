package org.concord.taxii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.concord.taxii.TestNode.TAXII;
import static org.concord.taxii.TestNode.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.concord.node.NodeTls;
import org.concord.partner.Partners;
import org.concord.policy.Agreement;
import org.concord.policy.Agreements;
import org.concord.policy.AuditDatabase;
import org.concord.policy.AuditQuery;
import org.concord.policy.EgressPolicy;
import org.concord.policy.PseudonymKey;
import org.concord.stix.StixObject;
import org.concord.stix.StixValidator;
import org.concord.stix.Tlp;
import org.concord.store.Database;
import org.concord.store.StoreConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The egress policy at the TAXII edge: a partner node reading over mutual TLS receives only what
 * its agreement releases — TLP:RED and AMBER+STRICT never — every decision is audited, and a
 * partner with no agreement receives nothing, while the member's own token sees everything.
 */
class EgressOverTaxiiTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    @TempDir
    Path partnerDir;

    @Test
    void aPartnerReadsOnlyWhatItsAgreementReleasesAndNeverRed() throws Exception {
        try (Database auditDb = Database.open(new StoreConfig.Embedded(dir.resolve("audit.db")))) {
            AuditDatabase audit = new AuditDatabase(auditDb);
            EgressPolicy policy = new EgressPolicy("testnode", Tlp.AMBER, PseudonymKey.of(new byte[32]), new StixValidator());
            Agreements agreements = new Agreements(List.of(Agreement.outbound("cert-fi").collections("intelligence")
                    .tlp(Tlp.CLEAR, Tlp.GREEN, Tlp.AMBER).types("*").build()));
            try (TestNode n = TestNode.start(dir, TestNode.policy(policy, agreements, audit))) {
                List<String> released = new ArrayList<>();
                List<String> withheld = new ArrayList<>();
                // many pages' worth, so that whole pages of withheld entries are passed over
                for (int i = 0; i < 30; i++) {
                    Tlp tlp = Tlp.values()[i % Tlp.values().length];
                    StixObject o = StixObject.of(indicator(tlp));
                    n.store.write(n.intelligence, List.of(o));
                    (tlp == Tlp.RED || tlp == Tlp.AMBER_STRICT ? withheld : released).add(o.id());
                }
                NodeTls partner = NodeTls.create(partnerDir, "cert-fi");
                n.db.partners().add(new Partners.Partner("cert-fi", partner.fingerprint(), Instant.now()));
                n.db.rights().set(Principal.partnerKey("cert-fi"), new Permissions(Set.of(n.intelligence), Set.of()));
                HttpClient asPartner = n.client(partner);

                List<String> seen = walk(n, asPartner, null);
                assertThat(seen).containsExactlyInAnyOrderElementsOf(released).doesNotContainAnyElementsOf(withheld);
                // the member's own token is not a partner: it reads everything
                assertThat(walk(n, n.client(null), n.token("alice"))).hasSize(30);
                // every decision the walk passed was audited, withholdings included; the withheld entries after the last
                // released one (a RED and an AMBER+STRICT) are not passed: the partner's next read starts before them
                assertThat(audit.log().find(AuditQuery.all())).extracting(d -> d.objectId())
                        .containsAll(withheld.subList(0, withheld.size() - 2)).containsAll(released)
                        .doesNotContainAnyElementsOf(withheld.subList(withheld.size() - 2, withheld.size()));

                // a pinned partner with read rights but no agreement receives nothing
                n.db.partners().add(new Partners.Partner("cert-xx", NodeTls.create(partnerDir.resolve("xx"), "cert-xx").fingerprint(), Instant.now()));
                n.db.rights().set(Principal.partnerKey("cert-xx"), new Permissions(Set.of(n.intelligence), Set.of()));
                assertThat(walk(n, n.client(NodeTls.load(partnerDir.resolve("xx"))), null)).isEmpty();
            }
        }
    }

    /** Follows next through the whole collection with pages of 4; returns the ids seen. */
    private static List<String> walk(TestNode n, HttpClient client, String token) throws Exception {
        List<String> ids = new ArrayList<>();
        String next = null;
        do {
            String url = n.objectsPath("intelligence") + "?limit=4" + (next == null ? "" : "&next=" + next);
            var r = n.send(client, HttpRequest.newBuilder(n.uri(url)).header("Accept", TAXII), token);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            var env = json(r);
            env.path("objects").forEach(o -> ids.add(o.path("id").asText()));
            next = env.path("more").asBoolean() ? env.path("next").asText() : null;
        } while (next != null);
        return ids;
    }

    private static ObjectNode indicator(Tlp tlp) {
        ObjectNode o = JSON.createObjectNode();
        o.put("type", "indicator").put("spec_version", "2.1").put("id", "indicator--" + UUID.randomUUID())
                .put("created", "2026-11-01T00:00:00.000Z").put("modified", "2026-11-01T00:00:00.000Z")
                .put("pattern", "[domain-name:value = 'x.example']").put("pattern_type", "stix")
                .put("valid_from", "2026-11-01T00:00:00Z");
        o.putArray("object_marking_refs").add(tlp.markingId());
        return o;
    }
}
