package org.concord.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.concord.cli.CliTest.concord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import org.concord.TestObjects;
import org.concord.federation.PinnedTls;
import org.concord.integrity.OriginSignature;
import org.concord.integrity.PreSigner;
import org.concord.node.Node;
import org.concord.node.NodeKeys;
import org.concord.node.NodeTls;
import org.concord.runtime.NodeRuntime;
import org.concord.runtime.NodeServices;
import org.concord.runtime.Role;
import org.concord.runtime.Roles;
import org.concord.stix.StixObject;
import org.concord.store.DetachedSignature;
import org.concord.store.Origin;
import org.concord.taxii.TaxiiServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node run as {@code concord serve --roles api} runs it (NodeRuntime, with its pre-signer), read by a
 * pinned peer over mutual TLS: the node's versions arrive as stored, with signatures by its node key
 * on behalf of its member beside them — those the pre-signer made; a version it relays arrives as
 * received, with its provenance.
 */
class ServeSigningTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void aPeerReadsTheNodesVersionsSignedByItAndRelayedOnesWithTheirProvenance() throws Exception {
        Path a = init("cert-ee", "EE");
        Path b = init("cert-fi", "FI");
        agree(b, "cert-ee");
        assertThat(concord("peer", "add", "cert-ee", "--dir", b.toString(), "--url", "https://127.0.0.1:1/cert-ee/",
                "--fingerprint", NodeTls.load(a).fingerprint()).status()).isZero();
        NodeRuntime runtime = NodeRuntime.open(b, InstantSource.system());
        try (runtime) {
            Node n = runtime.node();
            String intel = n.collectionId(Node.INTELLIGENCE);
            List<StixObject> own = List.of(indicator(), indicator(), indicator());
            n.store().write(intel, own);
            StixObject relayed = indicator();
            n.store().write(intel, List.of(relayed), List.of(new Origin("cert-lv", "LV", List.of("cert-lv"), true, "cert-lv",
                    Origin.Signature.UNSIGNED)));
            PreSigner presigner = new PreSigner(n.store(), NodeServices.signer(n));
            assertThat(presigner.catchUp()).isGreaterThanOrEqualTo(own.size()); // and what init stored (the member's identity)
            assertThat(presigner.catchUp()).isZero();

            runtime.start(Roles.of(Role.API), NodeRuntime.Listener.loopback(0));
            TaxiiServer server = runtime.server();
            NodeTls tls = runtime.tls();
            HttpClient peer = HttpClient.newBuilder().sslContext(new PinnedTls(NodeTls.load(a), tls.fingerprint()).context())
                    .connectTimeout(Duration.ofSeconds(10)).build();
            URI objects = URI.create(server.baseUri() + server.apiRootPath() + "collections/intelligence/objects/");
            HttpResponse<String> r = peer.send(HttpRequest.newBuilder(objects)
                    .header("Accept", "application/taxii+json;version=2.1").build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode env = JSON.readTree(r.body());

            NodeKeys keys = NodeKeys.load(b.resolve("keys"));
            List<byte[]> kept = n.store().signatures().find(own.stream().map(StixObject::sha256).toList());
            for (int i = 0; i < own.size(); i++) {
                StixObject got = StixObject.of(find(env, own.get(i).id()));
                assertThat(got.canonical()).isEqualTo(own.get(i).canonical()); // the stored bytes
                JsonNode entry = entry(env.get("x_concord_signatures"), own.get(i).id());
                DetachedSignature beside = new DetachedSignature(entry.get("key_fingerprint").textValue(),
                        entry.get("signer").textValue(), entry.get("signature").textValue());
                assertThat(OriginSignature.verify(got, beside, keys.publicKey()))
                        .isEqualTo(new OriginSignature.Verification.Valid(n.config().member().identityId(), keys.fingerprint()));
                assertThat(beside.value()).isEqualTo(kept.get(i));
            }
            assertThat(StixObject.of(find(env, relayed.id())).json()).isEqualTo(relayed.json());
            assertThat(env.get("x_concord_provenance")).hasSize(1);
            assertThat(entry(env.get("x_concord_signatures"), relayed.id())).as("unsigned it came, unsigned it goes").isNull();
            assertThat(env.get("x_concord_provenance").get(0).get("path").toString()).isEqualTo("[\"cert-lv\",\"cert-fi\"]");
        }
    }

    /** The entry of {@code id} in an envelope member, or null. */
    private static JsonNode entry(JsonNode member, String id) {
        if (member == null) return null;
        for (JsonNode e : member) if (e.path("id").asText().equals(id)) return e;
        return null;
    }

    /** An outbound agreement with {@code partner} for intelligence, CLEAR to AMBER, in node.json. */
    private static void agree(Path node, String partner) throws Exception {
        Path file = node.resolve("node.json");
        ObjectNode config = (ObjectNode) JSON.readTree(Files.readString(file));
        ArrayNode agreements = config.putArray("agreements");
        ObjectNode a = agreements.addObject().put("partner", partner).put("direction", "outbound").put("may_reshare", true);
        a.putArray("collections").add("intelligence");
        a.putArray("tlp").add("clear").add("green").add("amber");
        a.putArray("types").add("*");
        Files.writeString(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(config));
    }

    private static ObjectNode find(JsonNode env, String id) {
        for (JsonNode o : env.get("objects")) if (o.get("id").asText().equals(id)) return (ObjectNode) o;
        throw new AssertionError("no " + id + " in " + env);
    }

    private Path init(String name, String country) {
        Path dir = tmp.resolve(name);
        CliTest.Run r = concord("init", "--dir", dir.toString(), "--name", name, "--country", country);
        assertThat(r.status()).as(r.err()).isZero();
        return dir;
    }

    private static StixObject indicator() {
        ObjectNode o = TestObjects.randomIndicator();
        o.putArray("object_marking_refs").add("marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb");
        return StixObject.of(o);
    }
}
