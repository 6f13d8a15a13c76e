package org.concord.taxii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.concord.taxii.TestNode.ROOT;
import static org.concord.taxii.TestNode.TAXII;
import static org.concord.taxii.TestNode.json;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import org.concord.node.NodeTls;
import org.concord.partner.Partners;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Partner nodes in mutual TLS, recognised by the pinned SHA-256 of their certificate's public key. */
class MutualTlsTest {
    @TempDir
    Path dir;
    @TempDir
    Path partnerDir;
    @TempDir
    Path strangerDir;

    @Test
    void aPinnedPartnerCertificateAuthenticatesWithoutAToken() {
        try (TestNode n = TestNode.start(dir)) {
            NodeTls partner = NodeTls.create(partnerDir, "cert-fi");
            n.db.partners().add(new Partners.Partner("cert-fi", partner.fingerprint(), Instant.now()));
            n.db.rights().set(Principal.partnerKey("cert-fi"), new Permissions(Set.of(n.intelligence), Set.of()));

            HttpClient asPartner = n.client(partner);
            var r = n.send(asPartner, HttpRequest.newBuilder(n.uri(ROOT + "collections/")).header("Accept", TAXII), null);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(json(r).path("collections")).extracting(c -> c.path("alias").asText()).containsExactly("intelligence");
            assertThat(n.requestLog).anyMatch(l -> l.startsWith("partner:cert-fi GET " + ROOT + "collections/ 200"));
            // the partner may read but not write
            var post = n.send(asPartner, HttpRequest.newBuilder(n.uri(n.objectsPath("intelligence"))).header("Accept", TAXII)
                    .header("Content-Type", TAXII).POST(HttpRequest.BodyPublishers.ofString("{\"objects\":[]}")), null);
            assertThat(post.statusCode()).isEqualTo(403);

            // a certificate nobody pinned is no credential; a bearer token over it still works
            HttpClient stranger = n.client(NodeTls.create(strangerDir, "stranger"));
            assertThat(n.send(stranger, HttpRequest.newBuilder(n.uri(ROOT + "collections/")).header("Accept", TAXII), null)
                    .statusCode()).isEqualTo(401);
            assertThat(n.send(stranger, HttpRequest.newBuilder(n.uri(ROOT + "collections/")).header("Accept", TAXII),
                    n.token("alice")).statusCode()).isEqualTo(200);

            // unpinned: the partner is a stranger again
            n.db.partners().remove("cert-fi");
            HttpClient again = n.client(partner);
            assertThat(n.send(again, HttpRequest.newBuilder(n.uri(ROOT + "collections/")).header("Accept", TAXII), null)
                    .statusCode()).isEqualTo(401);
        }
    }
}
