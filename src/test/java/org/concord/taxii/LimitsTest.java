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
import org.concord.store.Database;
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

    /** The paging walk of PagingContract once read a 429 as an empty last page and stopped short. */
    @Test
    void aPageRequestRefusedByTheRateLimitIsNoPageAndTheWalkResumesWithItsNext() {
        try (TestNode n = TestNode.start(dir, new StoreConfig.Embedded(dir.resolve("c.db")), c -> c.withRateLimit(0.001, 4))) {
            String writer = n.token("w"), first = n.token("r"), second = n.token("r"); // one member, two credentials
            Map<String, String> objects = new LinkedHashMap<>();
            for (int i = 0; i < 10; i++) objects.put(TestNode.newIndicatorId(), "2024-01-01T00:00:00.000Z");
            assertThat(json(n.post(n.objectsPath("intelligence"), writer, TestNode.envelopeOf(objects))).path("success_count").asInt())
                    .isEqualTo(10);
            List<String> seen = new java.util.ArrayList<>();
            String next = null;
            for (int page = 0; page < 4; page++) { // the credential's burst: 4 pages of 2
                HttpResponse<String> r = n.get(n.objectsPath("intelligence") + "?limit=2" + (next == null ? "" : "&next=" + next), first);
                assertThat(r.statusCode()).isEqualTo(200);
                json(r).path("objects").forEach(o -> seen.add(o.path("id").asText()));
                next = json(r).path("next").asText();
            }
            HttpResponse<String> refused = n.get(n.objectsPath("intelligence") + "?limit=2&next=" + next, first);
            assertThat(refused.statusCode()).isEqualTo(429);
            assertThat(refused.headers().firstValue("X-TAXII-Date-Added-First")).isEmpty();
            assertThat(refused.headers().firstValue("X-TAXII-Date-Added-Last")).isEmpty();
            assertThat(json(refused).has("more")).isFalse();
            assertThat(json(refused).has("objects")).isFalse();
            // the same next, later or (here) with the member's other credential: the walk goes on where it was
            HttpResponse<String> resumed = n.get(n.objectsPath("intelligence") + "?limit=2&next=" + next, second);
            assertThat(resumed.statusCode()).isEqualTo(200);
            json(resumed).path("objects").forEach(o -> seen.add(o.path("id").asText()));
            assertThat(json(resumed).path("more").asBoolean()).isFalse();
            assertThat(seen).containsExactlyElementsOf(objects.keySet());
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
        try (Database database = Database.open(cfg); Store real = Stores.open(database, InstantSource.system(), null)) {
            TaxiiDatabase db = new TaxiiDatabase(database);
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

    /** Runs {@code r} with System.out and System.err captured; returns what they got. */
    private static String capturingConsole(Runnable r) {
        PrintStream err = System.err, out = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream tee = new PrintStream(captured, true, StandardCharsets.UTF_8);
        System.setErr(tee);
        System.setOut(tee);
        try {
            r.run();
        } finally {
            System.setErr(err);
            System.setOut(out);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    private static HttpResponse<String> postBytes(TestNode n, String token, byte[] body) {
        return n.send(HttpRequest.newBuilder(n.uri(n.objectsPath("intelligence"))).header("Accept", TAXII).header("Content-Type", TAXII)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)), token);
    }

    @Test
    void aPostPastTheDepthOrStringBoundIs422NamingTheBoundWithOneLogLineAndNoStackTrace() {
        try (TestNode n = TestNode.start(dir)) {
            String token = n.token("alice");
            String deep = "{\"objects\":[{\"a\":" + "[".repeat(100) + "]".repeat(100) + "}]}";
            String longString = "{\"objects\":[{\"type\":\"indicator\",\"name\":\"" + "a".repeat(8 * 1024 * 1024 + 1) + "\"}]}";
            String deepEnvelope = "{\"x\":" + "[".repeat(100) + "]".repeat(100) + ",\"objects\":[]}";
            List<HttpResponse<String>> answers = new java.util.ArrayList<>();
            String console = capturingConsole(() -> {
                answers.add(n.post(n.objectsPath("intelligence"), token, deep));
                answers.add(n.post(n.objectsPath("intelligence"), token, longString));
                answers.add(n.post(n.objectsPath("intelligence"), token, deepEnvelope));
            });
            for (HttpResponse<String> r : answers) {
                assertThat(r.statusCode()).as(r.body()).isEqualTo(422);
                assertThat(json(r).path("error_code").asText()).isEqualTo("LIMIT_EXCEEDED");
                assertThat(json(r).path("http_status").asText()).isEqualTo("422");
            }
            assertThat(json(answers.get(0)).path("description").asText())
                    .startsWith("objects[0] nests deeper than 64 levels (the limit of nesting depth in one STIX object)");
            assertThat(json(answers.get(1)).path("description").asText())
                    .startsWith("objects[0] holds a string longer than 8388608 characters (the limit of one string: 8 MiB)");
            assertThat(json(answers.get(2)).path("description").asText()).startsWith("the envelope nests deeper than");
            assertThat(console).doesNotContain("\tat ").doesNotContain("Exception");
            assertThat(n.requestLog).filteredOn(l -> l.contains(" POST ")).hasSize(3).allMatch(l -> l.contains(" 422 "));
            assertThat(n.get(n.objectsPath("intelligence"), token).body()).isEqualTo("{\"more\":false}");
        }
    }

    @Test
    void aPostThatIsNotUtf8OrNamesObjectsTwiceIsRefusedAndNothingIsStored() {
        try (TestNode n = TestNode.start(dir)) {
            String token = n.token("alice");
            String valid = TestNode.indicator(TestNode.newIndicatorId(), "2024-01-01T00:00:00.000Z").toString();
            byte[] good = ("{\"objects\":[" + valid + "]}").getBytes(StandardCharsets.UTF_8);
            int at = new String(good, StandardCharsets.UTF_8).indexOf("bad domain") + 3; // the space in "bad domain"
            byte[] overlong = new byte[good.length + 1]; // ' ' written as C0 A0
            System.arraycopy(good, 0, overlong, 0, at);
            overlong[at] = (byte) 0xC0;
            overlong[at + 1] = (byte) 0xA0;
            System.arraycopy(good, at + 1, overlong, at + 2, good.length - at - 1);
            HttpResponse<String> r = postBytes(n, token, overlong);
            assertThat(r.statusCode()).isEqualTo(422);
            assertThat(json(r).path("description").asText()).isEqualTo("the body is not valid UTF-8 at byte " + at
                    + " (an invalid, overlong or truncated byte sequence); JSON text is UTF-8 (RFC 8259 §8.1)");
            HttpResponse<String> twice = n.post(n.objectsPath("intelligence"), token, "{\"objects\":[],\"objects\":[" + valid + "]}");
            assertThat(twice.statusCode()).isEqualTo(422);
            assertThat(json(twice).path("description").asText()).contains("Duplicate field 'objects'");
            assertThat(n.get(n.objectsPath("intelligence"), token).body()).isEqualTo("{\"more\":false}");
            assertThat(postBytes(n, token, good).statusCode()).as("the same object, as UTF-8").isEqualTo(202);
        }
    }

    @Test
    void upperCaseHexIdsAreRefusedAlikeOnWriteAndOnRead() {
        try (TestNode n = TestNode.start(dir)) {
            String token = n.token("alice");
            String upper = "indicator--8E2E2D2B-17D4-4CBF-938F-98EE46B3CD3F";
            HttpResponse<String> posted = n.post(n.objectsPath("intelligence"), token,
                    TestNode.envelope(List.of(TestNode.indicator(upper, "2024-01-01T00:00:00.000Z"))));
            assertThat(posted.statusCode()).isEqualTo(202);
            assertThat(json(posted).path("failure_count").asInt()).isEqualTo(1);
            assertThat(json(posted).at("/failures/0/message").asText()).contains("lower-case hex");
            HttpResponse<String> read = n.get(n.objectsPath("intelligence") + upper + "/", token);
            assertThat(read.statusCode()).isEqualTo(400);
            assertThat(json(read).path("description").asText()).contains("lower-case hex");
            HttpResponse<String> filtered = n.get(n.objectsPath("intelligence") + "?match%5Bid%5D=" + upper, token);
            assertThat(filtered.statusCode()).isEqualTo(400);
            String lower = upper.toLowerCase(java.util.Locale.ROOT);
            assertThat(n.post(n.objectsPath("intelligence"), token,
                    TestNode.envelope(List.of(TestNode.indicator(lower, "2024-01-01T00:00:00.000Z")))).statusCode()).isEqualTo(202);
            assertThat(n.get(n.objectsPath("intelligence") + lower + "/", token).statusCode()).isEqualTo(200);
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
