package org.concord.taxii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.concord.taxii.TestNode.ROOT;
import static org.concord.taxii.TestNode.TAXII;
import static org.concord.taxii.TestNode.json;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Proxy;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.concord.store.Store;
import org.concord.store.StoreConfig;
import org.concord.store.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Oversized bodies, rate limits, secrets in logs, internal errors, statuses across restarts. */
class LimitsTest {
    @TempDir
    Path dir;

    private static String bigEnvelope(int objects) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < objects; i++) m.put(TestNode.newIndicatorId(), "2024-01-01T00:00:00.000Z");
        return TestNode.envelopeOf(m);
    }

    @Test
    void bodiesOverMaxContentLengthAre413WhetherDeclaredOrStreamedAndNothingIsStored() {
        try (TestNode n = TestNode.start(dir, new StoreConfig.Embedded(dir.resolve("c.db")), c -> c.withMaxContentLength(64 * 1024))) {
            String token = n.token("alice");
            assertThat(json(n.get(ROOT, token)).path("max_content_length").asLong()).isEqualTo(64 * 1024);
            String body = bigEnvelope(400); // ~150 KB
            HttpResponse<String> declared = n.post(n.objectsPath("intelligence"), token, body);
            assertThat(declared.statusCode()).isEqualTo(413);
            assertThat(json(declared).path("http_status").asText()).isEqualTo("413");
            // chunked: no Content-Length, refused while reading
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            HttpResponse<String> streamed = n.send(HttpRequest.newBuilder(n.uri(n.objectsPath("intelligence")))
                    .header("Accept", TAXII).header("Content-Type", TAXII)
                    .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))), token);
            assertThat(streamed.statusCode()).isEqualTo(413);
            assertThat(n.get(n.objectsPath("intelligence"), token).body()).isEqualTo("{\"more\":false}");
            // a body under the limit is fine afterwards
            assertThat(n.post(n.objectsPath("intelligence"), token, bigEnvelope(10)).statusCode()).isEqualTo(202);
        }
    }

    @Test
    void eachCredentialHasItsOwnRateLimitAnd429SaysWhenToRetry() {
        try (TestNode n = TestNode.start(dir, new StoreConfig.Embedded(dir.resolve("c.db")), c -> c.withRateLimit(0.5, 3))) {
            String a = n.token("a"), b = n.token("b");
            for (int i = 0; i < 3; i++) assertThat(n.get(ROOT, a).statusCode()).isEqualTo(200);
            HttpResponse<String> limited = n.get(ROOT, a);
            assertThat(limited.statusCode()).isEqualTo(429);
            assertThat(limited.headers().firstValue("Retry-After")).contains("2");
            assertThat(json(limited).path("http_status").asText()).isEqualTo("429");
            assertThat(n.get(ROOT, b).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void tokensNeverAppearInAnyLog() {
        PrintStream err = System.err, out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream tee = new PrintStream(captured, true, StandardCharsets.UTF_8);
        System.setErr(tee);
        System.setOut(tee);
        String token;
        List<String> requestLog;
        try (TestNode n = TestNode.start(dir)) {
            token = n.token("alice");
            n.get(ROOT + "collections/", token);
            n.get(ROOT + "collections/?token=" + token, token);
            n.get(ROOT + "collections/nope/", token);
            n.get(ROOT + "collections/", token + "x");
            n.send(HttpRequest.newBuilder(n.uri(ROOT)).header("Accept", TAXII).header("Authorization",
                    "Basic " + java.util.Base64.getEncoder().encodeToString(("alice:" + token).getBytes())), null);
            n.post(n.objectsPath("intelligence"), token, "{not json " + token);
            requestLog = List.copyOf(n.requestLog);
        } finally {
            System.setErr(err);
            System.setOut(out);
        }
        String secret = token.substring(token.lastIndexOf('.') + 1);
        assertThat(requestLog).hasSizeGreaterThanOrEqualTo(6).allSatisfy(l -> assertThat(l).doesNotContain(secret).doesNotContain("Authorization"));
        assertThat(requestLog).anyMatch(l -> l.startsWith("member:alice GET " + ROOT + "collections/ 200"));
        assertThat(requestLog).anyMatch(l -> l.startsWith("- GET " + ROOT + "collections/ 401"));
        assertThat(captured.toString(StandardCharsets.UTF_8)).doesNotContain(secret);
    }

    @Test
    void anInternalErrorShowsAnIdNeverAStackTrace() {
        List<String> log = new CopyOnWriteArrayList<>();
        StoreConfig cfg = new StoreConfig.Embedded(dir.resolve("c.db"));
        try (Store real = Stores.open(cfg); TaxiiDatabase db = TaxiiDatabase.open(cfg)) {
            real.createCollection(new org.concord.store.CollectionInfo("11111111-1111-4111-8111-111111111111", "intelligence", "I", ""));
            Store broken = (Store) Proxy.newProxyInstance(Store.class.getClassLoader(), new Class<?>[] {Store.class}, (p, m, args) -> {
                if (m.getName().equals("objects") || m.getName().equals("canonical")) { // both read paths
                    throw new IllegalStateException("disk on fire at /secret/path");
                }
                try {
                    return m.invoke(real, args);
                } catch (java.lang.reflect.InvocationTargetException e) {
                    throw e.getCause();
                }
            });
            Access access = new Access(db.tokens(), db.rights(), db.partners(), InstantSource.system(), java.time.Duration.ZERO);
            String token = access.issueToken("alice", new Permissions(java.util.Set.of("11111111-1111-4111-8111-111111111111"),
                    java.util.Set.of()), Permissions.NONE).secret();
            org.concord.node.NodeTls tls = org.concord.node.NodeTls.create(dir, "testnode");
            try (TaxiiServer s = new TaxiiServer(TaxiiConfig.defaults("testnode"), tls, broken, access, db.statuses(),
                    ObjectValidator.ENVELOPE_ONLY, InstantSource.system(), log::add).start()) {
                TestNode.JSON.getNodeFactory();
                var client = java.net.http.HttpClient.newBuilder().sslContext(sslTrusting(tls)).build();
                var r = client.send(HttpRequest.newBuilder(s.baseUri().resolve("/testnode/collections/intelligence/objects/"))
                        .header("Accept", TAXII).header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(500);
                var e = TestNode.JSON.readTree(r.body());
                assertThat(e.path("error_id").asText()).matches("[0-9a-f-]{36}");
                assertThat(r.body()).doesNotContain("disk on fire").doesNotContain("IllegalStateException").doesNotContain("\tat ");
                assertThat(e.path("description").asText()).contains(e.path("error_id").asText());
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aStatusIsReadableAfterARestart() {
        String statusId, token;
        JsonHolder before = new JsonHolder();
        try (TestNode n = TestNode.start(dir)) {
            token = n.token("alice");
            HttpResponse<String> r = n.post(n.objectsPath("intelligence"), token, bigEnvelope(3));
            before.body = r.body();
            statusId = json(r).path("id").asText();
        }
        try (TestNode again = TestNode.restart(dir)) {
            HttpResponse<String> r = again.get(ROOT + "status/" + statusId + "/", token);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(json(r)).isEqualTo(TestNode.jsonOf(before.body));
        }
    }

    private static final class JsonHolder {
        String body;
    }

    static javax.net.ssl.SSLContext sslTrusting(org.concord.node.NodeTls tls) throws Exception {
        javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(tls.trustStore());
        javax.net.ssl.SSLContext ssl = javax.net.ssl.SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return ssl;
    }
}
