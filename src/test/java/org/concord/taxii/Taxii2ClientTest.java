package org.concord.taxii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.concord.cli.CliTest.concord;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.concord.Peers;
import org.concord.cli.CliTest.Run;
import org.concord.federation.Samples;
import org.concord.federation.TestFederation;
import org.concord.node.NodeTls;
import org.concord.stix.StixObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OASIS {@code taxii2-client} (../shared/peers) against a node serving TAXII over TLS, as
 * {@code concord serve} wires it: the program of docs/taxii.md, run as written with its three
 * settings filled in; the calls MISP's TAXII push script ({@code taxii_push.py}) makes, with its
 * API key (base64 of {@code user:token}) as HTTP Basic and TLS trusted through {@code requests}'
 * defaults; and the collection alias in a collection URL, which the client refuses.
 */
@Tag("process")
class Taxii2ClientTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path DOC = Path.of("docs", "taxii.md");
    static final int INDICATORS = 250;

    @TempDir
    static Path tmp;
    static TestFederation federation;
    static TestFederation.Member node;
    static String token, base;
    static Path ca;
    static final Set<String> indicators = new HashSet<>();

    @BeforeAll
    static void start() {
        Peers.requireDependencies();
        federation = new TestFederation(tmp.resolve("nodes"));
        node = federation.node("cert-ee", "EE");
        Run t = concord("token", "create", "--dir", node.dir.toString(), "--member", "analyst");
        assertThat(t.status()).as(t.err()).isZero();
        token = t.out().strip();
        for (int i = 0; i < INDICATORS; i++) {
            indicators.add(node.put(Samples.indicator("indicator--" + UUID.randomUUID(), "2026-01-02T00:00:00.000Z")).id());
        }
        for (int i = 0; i < 5; i++) { // not indicators: the type filter leaves them out
            node.put(JSON.createObjectNode().put("type", "malware").put("spec_version", "2.1").put("id", "malware--" + UUID.randomUUID())
                    .put("created", "2026-01-02T00:00:00.000Z").put("modified", "2026-01-02T00:00:00.000Z").put("name", "m" + i)
                    .put("is_family", false));
        }
        node.start();
        URI root = node.apiRoot();
        base = root.getScheme() + "://" + root.getHost() + ":" + root.getPort();
        ca = NodeTls.certificateFile(node.dir);
    }

    @AfterAll
    static void stop() {
        if (federation != null) federation.close();
    }

    /** What a Python program printed (standard output and error) and its exit status. */
    record Ran(int status, String output) {}

    private static Ran python(Path script, Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(script.toString()));
        command.addAll(List.of(args));
        ProcessBuilder b = Peers.python(command.toArray(String[]::new)).redirectErrorStream(true);
        b.environment().putAll(env);
        Process p = b.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("python did not finish within 120 s:\n" + out);
        }
        return new Ran(p.exitValue(), out);
    }

    /** The {@code taxii2-client} program of docs/taxii.md, as written there. */
    static String documentedProgram() throws IOException {
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        int at = doc.indexOf("**OASIS `taxii2-client` (Python)**");
        assertThat(at).as("docs/taxii.md has the taxii2-client section").isNotNegative();
        Matcher m = Pattern.compile("```python\\n(.*?)```", Pattern.DOTALL).matcher(doc);
        assertThat(m.find(at)).as("a python block in it").isTrue();
        return m.group(1);
    }

    private static String setting(String program, String name, String value) {
        Pattern line = Pattern.compile("(?m)^" + name + " = \"[^\"]*\"");
        assertThat(line.matcher(program).find()).as("the program sets %s", name).isTrue();
        return line.matcher(program).replaceFirst(Matcher.quoteReplacement(name + " = \"" + value + "\""));
    }

    @Test
    void theDocumentedProgramReadsEveryIndicatorPageByPageAndAddsOne() throws Exception {
        String program = setting(setting(setting(documentedProgram(), "URL", base), "TOKEN", token), "CA", ca.toString());
        Set<String> held = new HashSet<>(); // the 250, and what another test of the class posted
        node.entries("intelligence").stream().filter(v -> v.object().type().equals("indicator")).forEach(v -> held.add(v.object().id()));
        assertThat(held).containsAll(indicators);
        Path script = Peers.write(tmp.resolve("documented.py"), program);
        Ran ran = python(script, Map.of());
        assertThat(ran.status()).as(ran.output()).isZero();
        List<String> lines = ran.output().strip().lines().toList();
        Set<String> read = new HashSet<>();
        for (String l : lines.subList(0, lines.size() - 1)) {
            assertThat(read.add(l.split(" ")[0])).as("read once: %s", l).isTrue();
        }
        assertThat(read).isEqualTo(held); // in pages of 100; no malware
        assertThat(lines.getLast()).isEqualTo("complete 1");
        Matcher id = Pattern.compile("\"(indicator--[0-9a-f-]{36})\"").matcher(program);
        assertThat(id.find()).isTrue();
        assertThat(node.entries("intelligence")).anyMatch(v -> v.object().id().equals(id.group(1)));
    }

    @Test
    void mispsTaxiiPushReachesTheCollectionByIdWithItsApiKeyAsHttpBasic() throws Exception {
        String intelligence = node.services().node().collectionId("intelligence");
        String key = Base64.getEncoder().encodeToString(("misp:" + token).getBytes(StandardCharsets.UTF_8));
        // MISP lists the collections with its key as "Authorization: basic KEY" (TaxiiServer::queryInstance)
        try (HttpClient http = HttpClient.newBuilder().sslContext(trusting(ca)).build()) {
            HttpResponse<String> listed = http.send(HttpRequest.newBuilder(URI.create(base + "/cert-ee/collections/"))
                    .header("Accept", "application/taxii+json;version=2.1").header("Authorization", "basic " + key).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
            assertThat(listed.body()).contains(intelligence);
        }
        // taxii_push.py: parse_auth, ApiRoot(baseurl + "/" + api_root), Collection(... + "/collections/" + id), add_objects
        Path script = Peers.write(tmp.resolve("misp_push.py"), """
                import sys
                from base64 import b64decode
                from requests.auth import HTTPBasicAuth
                import taxii2client
                baseurl, api_root, collection, key, envelope = sys.argv[1:6]
                auth = HTTPBasicAuth(*b64decode(key.encode()).split(b':'))
                api_root_url = baseurl + "/" + api_root
                with taxii2client.ApiRoot(api_root_url, auth=auth) as root:
                    max_content_length = root.max_content_length
                with taxii2client.Collection(api_root_url + '/collections/' + collection, auth=auth) as c:
                    status = c.add_objects(open(envelope, 'rb').read(), wait_for_completion=False)
                print(max_content_length, status.status, status.success_count, status.failure_count)
                """);
        ObjectNode envelope = JSON.createObjectNode();
        ArrayNode objects = envelope.putArray("objects");
        ObjectNode a = Samples.indicator("indicator--" + UUID.randomUUID(), "2026-02-01T00:00:00.000Z");
        ObjectNode b = Samples.indicator("indicator--" + UUID.randomUUID(), "2026-02-01T00:00:00.000Z");
        ObjectNode broken = Samples.indicator("indicator--" + UUID.randomUUID(), "2026-02-01T00:00:00.000Z").put("pattern", "[nope");
        objects.add(a).add(b).add(broken);
        Path file = Peers.write(tmp.resolve("misp-envelope.json"), envelope.toString());
        // requests' defaults, as in MISP: the trust store the environment names, no verify= of its own
        Ran ran = python(script, Map.of("REQUESTS_CA_BUNDLE", ca.toString()), base, "cert-ee", intelligence, key, file.toString());
        assertThat(ran.status()).as(ran.output()).isZero();
        assertThat(ran.output().strip()).isEqualTo(TaxiiConfig.DEFAULT_MAX_CONTENT_LENGTH + " complete 2 1");
        for (ObjectNode o : List.of(a, b)) {
            assertThat(node.entries("intelligence")).anyMatch(v -> v.object().id().equals(StixObject.of(o).id()));
        }
    }

    @Test
    void theCollectionAliasInACollectionUrlFailsTheClientsCheck() throws Exception {
        Path script = Peers.write(tmp.resolve("alias.py"), """
                import sys
                from taxii2client.v21 import Collection
                url, token, ca = sys.argv[1:4]
                try:
                    Collection(url + "/cert-ee/collections/intelligence/", user="any", password=token, verify=ca).get_objects()
                    print("read")
                except Exception as e:
                    print(type(e).__name__, e)
                    sys.exit(3)
                """);
        Ran ran = python(script, Map.of(), base, token, ca.toString());
        assertThat(ran.status()).as(ran.output()).isEqualTo(3);
        assertThat(ran.output()).contains("ValidationError").contains("does not match the url for queries");
    }

    private static SSLContext trusting(Path cert) throws Exception {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(NodeTls.trustStore(NodeTls.readCertificate(cert)));
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return ssl;
    }
}
