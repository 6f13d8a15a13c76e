package org.concord.taxii;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.concord.node.NodeTls;
import org.concord.partner.Audiences;
import org.concord.partner.Partners;
import org.concord.policy.Agreement;
import org.concord.policy.Agreements;
import org.concord.policy.AuditDatabase;
import org.concord.policy.EgressGate;
import org.concord.policy.EgressPolicy;
import org.concord.policy.PolicyEgress;
import org.concord.policy.Provenance;
import org.concord.policy.PseudonymKey;
import org.concord.stix.StixObject;
import org.concord.stix.StixValidator;
import org.concord.stix.Tlp;
import org.concord.store.CollectionInfo;
import org.concord.store.Database;
import org.concord.store.StoreConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code not-in-case} rule over a real server and partners' mutual TLS (docs/response-design.md
 * §5): a partner outside a case reads nothing of it — pages, manifest, one object, versions — exactly
 * as if the node did not hold it, while a partner in its audience reads it as stored.
 */
class CaseAudienceOverTaxiiTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    @TempDir
    Path fiDir;
    @TempDir
    Path lvDir;

    private Database auditDb;
    private TestNode n;
    private HttpClient fi, lv;
    private final ObjectNode incident = incident();

    @BeforeEach
    void start() {
        auditDb = Database.open(new StoreConfig.Embedded(dir.resolve("audit.db")));
        AuditDatabase audit = new AuditDatabase(auditDb);
        EgressPolicy policy = new EgressPolicy("testnode", Tlp.AMBER, PseudonymKey.of(new byte[32]), new StixValidator());
        Agreements agreements = new Agreements(List.of(
                Agreement.outbound("cert-fi").collections("cases").tlp(Tlp.CLEAR, Tlp.GREEN, Tlp.AMBER).types("*").build(),
                Agreement.outbound("cert-lv").collections("cases").tlp(Tlp.CLEAR, Tlp.GREEN, Tlp.AMBER).types("*").build()));
        Audiences onlyLv = (partner, version) -> partner.equals("cert-lv"); // cert-lv takes part in every case here, cert-fi in none
        n = TestNode.start(dir, (store, keys) -> {
            Provenance local = Provenance.local("testnode", "EE");
            return new PolicyEgress(new EgressGate(policy, () -> agreements, audit.log(), InstantSource.system(), null, store, local,
                    onlyLv), local, Tlp.AMBER);
        });
        String cases = UUID.randomUUID().toString();
        n.store.createCollection(new CollectionInfo(cases, "cases", "Cases", "Cases collection"));
        for (var p : List.of(List.of("cert-fi", fiDir), List.of("cert-lv", lvDir))) {
            NodeTls identity = NodeTls.create((Path) p.get(1), (String) p.get(0));
            n.db.partners().add(new Partners.Partner((String) p.get(0), identity.fingerprint(), Instant.now()));
            n.db.rights().set(Principal.partnerKey((String) p.get(0)), new Permissions(Set.of(cases), Set.of()));
            if (p.get(0).equals("cert-fi")) fi = n.client(identity);
            else lv = n.client(identity);
        }
        n.store.write(cases, List.of(StixObject.of(incident)));
    }

    @AfterEach
    void stop() {
        n.close();
        auditDb.close();
    }

    @Test
    void aPartnerOutsideTheCaseReadsNothingOfItAsIfItWereNotHeld() {
        String held = incident.get("id").asText(), unknown = "incident--" + UUID.randomUUID();
        String objects = n.objectsPath("cases");

        assertThat(read(fi, objects).body()).isEqualTo("{\"more\":false}");
        assertThat(read(fi, objects.replace("/objects/", "/manifest/")).body()).isEqualTo("{\"more\":false}");
        for (String path : List.of("", "versions/")) {
            HttpResponse<String> a = read(fi, objects + held + "/" + path);
            HttpResponse<String> b = read(fi, objects + unknown + "/" + path);
            assertThat(a.statusCode()).isEqualTo(404).isEqualTo(b.statusCode());
            assertThat(a.body().replace(held, "ID")).isEqualTo(b.body().replace(unknown, "ID"));
            assertThat(a.headers().map().keySet()).isEqualTo(b.headers().map().keySet());
        }

        HttpResponse<String> inCase = read(lv, objects + held + "/");
        assertThat(inCase.statusCode()).as(inCase.body()).isEqualTo(200);
        assertThat(TestNode.json(inCase).path("objects").get(0).toString())
                .isEqualTo(new String(StixObject.of(incident).canonical(), java.nio.charset.StandardCharsets.UTF_8));
    }

    private HttpResponse<String> read(HttpClient client, String path) {
        return n.send(client, HttpRequest.newBuilder(n.uri(path)).header("Accept", TestNode.TAXII), null);
    }

    private static ObjectNode incident() {
        ObjectNode o = JSON.createObjectNode();
        o.put("type", "incident").put("spec_version", "2.1").put("id", "incident--" + UUID.randomUUID())
                .put("created", "2026-12-08T09:00:00.000Z").put("modified", "2026-12-08T09:00:00.000Z").put("name", "phishing wave");
        o.putArray("object_marking_refs").add(Tlp.GREEN.markingId());
        return o;
    }
}
