package org.concord.taxii;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.concord.Time;
import org.concord.fanout.AlertFeed;
import org.concord.fanout.FanOutConfig;
import org.concord.fanout.TestAlerts;
import org.concord.integrity.MerkleLog;
import org.concord.integrity.OriginSignature;
import org.concord.integrity.OriginSigner;
import org.concord.node.NodeKeys;
import org.concord.node.NodeTls;
import org.concord.partner.PartnerEgress;
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
import org.concord.store.CollectionInfo;
import org.concord.store.Database;
import org.concord.store.DetachedSignature;
import org.concord.store.Store;
import org.concord.store.StoreConfig;
import org.concord.store.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alert stream ({@code GET {api root}concord/alerts/stream}) on the node's real HTTPS server, read
 * with the JDK HttpClient: one event per new alert version, resumed exactly with Last-Event-ID, a
 * partner filtered by its agreement (TLP:RED never reaches it, every decision audited), access as for
 * TAXII, heartbeats, bounded streams, a consumer that stops reading dropped; and the alerts TAXII
 * collection read by a member and by a partner under the same policy.
 */
class AlertStreamTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final NodeKeys KEYS = NodeKeys.generate();

    @TempDir
    Path dir;
    @TempDir
    Path partnerDir;
    private StreamNode node;

    @AfterEach
    void close() {
        if (node != null) node.close();
    }

    @Test
    void aMemberReceivesEveryNewAlertVersionAsOneEventFromNowOn() throws Exception {
        node = new StreamNode(dir, new FanOutConfig(4, 4, Duration.ofMillis(200), Duration.ofSeconds(2)), Duration.ofSeconds(30));
        node.write(TestAlerts.alert("domain:before.example"));
        String token = node.token("soc", Set.of("alerts"));
        try (EventStreamClient s = node.stream(node.client(null), token, null)) {
            assertThat(s.status()).isEqualTo(200);
            assertThat(s.response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/event-stream");
            assertThat(s.response.headers().firstValue("Cache-Control")).hasValue("no-cache");
            String id = TestAlerts.newId();
            StixObject v1 = node.write(TestAlerts.alert(id, "domain:evil.example", Instant.parse("2026-11-24T10:00:00Z"), "medium",
                    List.of("DE", "EE", "FI")));
            StixObject v2 = node.write(TestAlerts.alert(id, "domain:evil.example", Instant.parse("2026-11-24T10:05:00Z"), "high",
                    List.of("DE", "EE", "FI", "LV")));
            EventStreamClient.Event e1 = s.next(), e2 = s.next();
            assertThat(List.of(e1.event(), e2.event())).containsOnly("alert");
            assertThat(List.of(e1.data(), e2.data())).containsExactly(v1.json(), v2.json());
            assertThat(List.of(e1, e2)).extracting(EventStreamClient.Event::signature).containsOnlyNulls(); // a member's: no signature
            // ids are the collection's date_added: a TAXII added_after cursor too
            List<String> added = node.dateAdded();
            assertThat(List.of(e1.id(), e2.id())).containsExactly(added.get(1), added.get(2));
            assertThat(s.nextWithin(Duration.ofMillis(300))).as("the alert from before is not sent, nothing twice").isNull();
        }
        // the server learns that the client went at its next write (a heartbeat), then logs the request
        until(() -> node.requestLog.stream().anyMatch(l -> l.startsWith("member:soc GET /testnode/concord/alerts/stream 200")));
    }

    @Test
    void aMemberGetsOneEventPerChangeOfAnAlertsMeaningAndAPartnerEveryVersionReleased() throws Exception {
        node = new StreamNode(dir, FanOutConfig.defaults(), Duration.ofSeconds(30));
        NodeTls partner = NodeTls.create(partnerDir, "cert-fi");
        node.db.partners().add(new Partners.Partner("cert-fi", partner.fingerprint(), Instant.now()));
        node.db.rights().set(Principal.partnerKey("cert-fi"), new Permissions(Set.of(node.alerts), Set.of()));
        String token = node.token("soc", Set.of("alerts"));
        try (EventStreamClient member = node.stream(node.client(null), token, null);
             EventStreamClient partnerNode = node.stream(node.client(partner), null, null)) {
            String id = TestAlerts.newId();
            Instant t = Instant.parse("2026-11-24T10:00:00Z");
            StixObject v1 = node.write(TestAlerts.alert(id, "domain:evil.example", t, "medium", List.of("DE", "EE", "FI")));
            StixObject v2 = node.write(TestAlerts.alert(id, "domain:evil.example", t.plusSeconds(60), "medium", List.of("DE", "EE", "FI")));
            StixObject v3 = node.write(TestAlerts.alert(id, "domain:evil.example", t.plusSeconds(120), "high", List.of("DE", "EE", "FI", "LV")));
            assertThat(List.of(member.next().data(), member.next().data())).as("the second version means what the first did")
                    .containsExactly(v1.json(), v3.json());
            assertThat(member.nextWithin(Duration.ofMillis(300))).isNull();
            assertThat(List.of(partnerNode.next().data(), partnerNode.next().data(), partnerNode.next().data()))
                    .containsExactly(v1.json(), v2.json(), v3.json());
        }
    }

    @Test
    void aClientResumesExactlyAfterTheLastEventIdItSaw() throws Exception {
        node = new StreamNode(dir, FanOutConfig.defaults(), Duration.ofSeconds(30));
        String token = node.token("soc", Set.of("alerts"));
        HttpClient client = node.client(null);
        List<StixObject> written = new ArrayList<>();
        String last;
        try (EventStreamClient s = node.stream(client, token, null)) {
            for (int i = 0; i < 3; i++) written.add(node.write(TestAlerts.alert("domain:r" + i + ".example")));
            for (int i = 0; i < 3; i++) assertThat(s.next().data()).isEqualTo(written.get(i).json());
            last = s.lastEventId();
        }
        // while disconnected
        for (int i = 3; i < 6; i++) written.add(node.write(TestAlerts.alert("domain:r" + i + ".example")));
        try (EventStreamClient s = node.stream(client, token, last)) {
            for (int i = 3; i < 6; i++) assertThat(s.next().data()).isEqualTo(written.get(i).json());
            written.add(node.write(TestAlerts.alert("domain:r6.example")));
            assertThat(s.next().data()).isEqualTo(written.get(6).json());
            assertThat(s.nextWithin(Duration.ofMillis(300))).isNull();
        }
        // from the first event on, as a browser's EventSource would after a reconnect
        String first = node.dateAdded().getFirst();
        try (EventStreamClient s = node.stream(client, token, first)) {
            for (int i = 1; i < 7; i++) assertThat(s.next().data()).isEqualTo(written.get(i).json());
        }
        // and the same cursor as a query parameter (clients that cannot set headers)
        HttpRequest q = HttpRequest.newBuilder(node.uri(StreamNode.STREAM + "?added_after=" + first)).header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + token).build();
        HttpResponse<java.io.InputStream> r = client.send(q, HttpResponse.BodyHandlers.ofInputStream());
        try (var in = new java.io.BufferedReader(new java.io.InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            String line;
            do {
                line = in.readLine();
            } while (line != null && !line.startsWith("data: "));
            assertThat(line).isEqualTo("data: " + written.get(1).json());
        }
    }

    @Test
    void aPartnerReceivesOnlyWhatItsAgreementReleasesAndNeverRedOverTheStreamAndTaxii() throws Exception {
        node = new StreamNode(dir, FanOutConfig.defaults(), Duration.ofSeconds(30));
        NodeTls partner = NodeTls.create(partnerDir, "cert-fi");
        node.db.partners().add(new Partners.Partner("cert-fi", partner.fingerprint(), Instant.now()));
        node.db.rights().set(Principal.partnerKey("cert-fi"), new Permissions(Set.of(node.alerts), Set.of()));
        HttpClient asPartner = node.client(partner);
        Instant t = Instant.now();
        List<StixObject> released = new ArrayList<>(), withheld = new ArrayList<>();
        try (EventStreamClient s = node.stream(asPartner, null, null)) {
            assertThat(s.status()).isEqualTo(200);
            for (Tlp tlp : Tlp.values()) {
                StixObject a = node.write(TestAlerts.alert(TestAlerts.newId(), "domain:" + tlp.name().toLowerCase() + ".example", t,
                        "critical", List.of("DE", "EE", "FI"), tlp));
                (tlp == Tlp.RED || tlp == Tlp.AMBER_STRICT ? withheld : released).add(a);
            }
            List<String> got = new ArrayList<>();
            for (int i = 0; i < released.size(); i++) {
                EventStreamClient.Event e = s.next();
                got.add(e.data());
                // the alert as stored, this node's signature beside it
                JsonNode sig = JSON.readTree(e.signature());
                DetachedSignature beside = new DetachedSignature(sig.get("key_fingerprint").textValue(), sig.get("signer").textValue(),
                        sig.get("signature").textValue());
                assertThat(sig.get("alg").textValue()).isEqualTo("Ed25519");
                assertThat(OriginSignature.verify(released.get(i), beside, KEYS.publicKey()))
                        .isInstanceOf(OriginSignature.Verification.Valid.class);
            }
            assertThat(got).containsExactlyElementsOf(released.stream().map(StixObject::json).toList());
            assertThat(s.nextWithin(Duration.ofMillis(500))).as("TLP:RED and AMBER+STRICT never reach the partner").isNull();
        }
        List<Disclosure> audit = node.audit.log().find(AuditQuery.all());
        for (StixObject w : withheld) {
            assertThat(audit).as("withheld and audited").anySatisfy(d -> {
                assertThat(d.objectId()).isEqualTo(w.id());
                assertThat(d.partner()).isEqualTo("cert-fi");
                assertThat(d.released()).isFalse();
            });
        }
        assertThat(audit).filteredOn(Disclosure::released).extracting(Disclosure::objectId)
                .containsAll(released.stream().map(StixObject::id).toList());

        // the alerts TAXII collection: the partner reads the same under the same policy, a member reads all
        JsonNode partnerRead = json(node.get(asPartner, StreamNode.ROOT + "collections/alerts/objects/", null));
        assertThat(ids(partnerRead)).containsExactlyInAnyOrderElementsOf(released.stream().map(StixObject::id).toList());
        String token = node.token("analyst", Set.of("alerts"));
        JsonNode memberRead = json(node.get(node.client(null), StreamNode.ROOT + "collections/alerts/objects/", token));
        assertThat(ids(memberRead)).hasSize(Tlp.values().length);
    }

    @Test
    void aPartnerWithoutAnAgreementForAlertsReceivesNothing() throws Exception {
        node = new StreamNode(dir, FanOutConfig.defaults(), Duration.ofSeconds(30));
        NodeTls stranger = NodeTls.create(partnerDir, "cert-xx");
        node.db.partners().add(new Partners.Partner("cert-xx", stranger.fingerprint(), Instant.now()));
        node.db.rights().set(Principal.partnerKey("cert-xx"), new Permissions(Set.of(node.alerts), Set.of()));
        try (EventStreamClient s = node.stream(node.client(stranger), null, null)) {
            assertThat(s.status()).isEqualTo(200);
            node.write(TestAlerts.alert("domain:clear.example"));
            assertThat(s.nextWithin(Duration.ofMillis(800))).isNull();
        }
        assertThat(node.audit.log().find(AuditQuery.all())).singleElement().satisfies(d -> assertThat(d.released()).isFalse());
    }

    @Test
    void whoMayNotReadAlertsIsRefusedAsByTaxii() throws Exception {
        node = new StreamNode(dir, FanOutConfig.defaults(), Duration.ofSeconds(30));
        HttpClient client = node.client(null);
        try (EventStreamClient s = node.stream(client, null, null)) {
            assertThat(s.status()).isEqualTo(401);
            assertThat(s.response.headers().firstValue("WWW-Authenticate")).isPresent();
        }
        try (EventStreamClient s = node.stream(client, node.token("intel-only", Set.of("intelligence")), null)) {
            assertThat(s.status()).as("a collection it cannot see does not exist for it").isEqualTo(404);
            String body = new String(s.response.body().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(body).as("the alert stream's 404 names no collection the member may not see")
                    .doesNotContain(node.alerts).contains("no alert stream");
        }
        String writer = node.access.issueToken("writer", new Permissions(Set.of(), Set.of(node.alerts)), Permissions.NONE).secret();
        try (EventStreamClient s = node.stream(client, writer, null)) {
            assertThat(s.status()).isEqualTo(403);
        }
        String reader = node.token("soc", Set.of("alerts"));
        HttpResponse<String> wrongType = client.send(HttpRequest.newBuilder(node.uri(StreamNode.STREAM)).header("Accept", "application/json")
                .header("Authorization", "Bearer " + reader).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(wrongType.statusCode()).isEqualTo(406);
        assertThat(wrongType.body()).contains("text/event-stream");
        try (EventStreamClient s = node.stream(client, reader, "yesterday")) {
            assertThat(s.status()).isEqualTo(400);
            assertThat(new String(s.response.body().readAllBytes(), StandardCharsets.UTF_8)).contains("Last-Event-ID");
        }
    }

    @Test
    void streamsAreBoundedInAllAndPerCredential() throws Exception {
        node = new StreamNode(dir, new FanOutConfig(2, 1, Duration.ofMillis(200), Duration.ofSeconds(2)), Duration.ofSeconds(30));
        HttpClient client = node.client(null);
        String a = node.token("a", Set.of("alerts")), b = node.token("b", Set.of("alerts")), c = node.token("c", Set.of("alerts"));
        try (EventStreamClient first = node.stream(client, a, null)) {
            assertThat(first.status()).isEqualTo(200);
            try (EventStreamClient again = node.stream(client, a, null)) {
                assertThat(again.status()).as("one per credential").isEqualTo(503);
                assertThat(again.response.headers().firstValue("Retry-After")).isPresent();
            }
            try (EventStreamClient second = node.stream(client, b, null); EventStreamClient third = node.stream(client, c, null)) {
                assertThat(second.status()).isEqualTo(200);
                assertThat(third.status()).as("two in all").isEqualTo(503);
            }
        }
        until(() -> node.server.alertStreams() == 0);
        try (EventStreamClient later = node.stream(client, c, null)) {
            assertThat(later.status()).as("slots come back when streams end").isEqualTo(200);
        }
    }

    @Test
    void heartbeatsKeepAnIdleStreamOpenPastTheIdleTimeout() throws Exception {
        node = new StreamNode(dir, new FanOutConfig(4, 4, Duration.ofMillis(200), Duration.ofSeconds(2)), Duration.ofSeconds(1));
        String token = node.token("soc", Set.of("alerts"));
        try (EventStreamClient s = node.stream(node.client(null), token, null)) {
            until(() -> s.comments.get() >= 12); // more than twice the idle timeout of heartbeats
            assertThat(s.endsWithin(Duration.ZERO)).isFalse();
            StixObject a = node.write(TestAlerts.alert("domain:late.example"));
            assertThat(s.next().data()).isEqualTo(a.json());
        }
    }

    @Test
    void aConsumerThatStopsReadingIsDroppedAndOthersCarryOn() throws Exception {
        node = new StreamNode(dir, new FanOutConfig(4, 4, Duration.ofMillis(300), Duration.ofSeconds(2)), Duration.ofSeconds(1));
        String token = node.token("soc", Set.of("alerts"));
        SSLSocket stalled = (SSLSocket) node.sslContext(null).getSocketFactory().createSocket();
        stalled.setReceiveBufferSize(4096);
        stalled.connect(new java.net.InetSocketAddress("127.0.0.1", node.server.port()));
        OutputStream out = stalled.getOutputStream();
        out.write(("GET " + StreamNode.STREAM + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\nAuthorization: Bearer "
                + token + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush(); // and never read
        until(() -> node.server.alertStreams() == 1);
        String padding = "x".repeat(8_000);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (node.server.alertStreams() > 0) {
            if (System.nanoTime() > deadline) throw new AssertionError("the stalled stream was not dropped");
            List<StixObject> batch = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                ObjectNode o = TestAlerts.json(TestAlerts.newId(), "domain:flood.example", Instant.now(), "low", List.of("DE", "EE", "FI"), Tlp.GREEN);
                o.put("description", padding);
                batch.add(StixObject.of(o));
            }
            node.store.write(node.alerts, batch);
            Thread.sleep(100);
        }
        stalled.close();
        try (EventStreamClient s = node.stream(node.client(null), token, null)) {
            assertThat(s.status()).isEqualTo(200);
            StixObject a = node.write(TestAlerts.alert("domain:after.example"));
            assertThat(s.next().data()).isEqualTo(a.json());
        }
    }

    @Test
    void stoppingTheServerEndsItsStreams() throws Exception {
        node = new StreamNode(dir, FanOutConfig.defaults(), Duration.ofSeconds(30));
        try (EventStreamClient s = node.stream(node.client(null), node.token("soc", Set.of("alerts")), null)) {
            assertThat(s.status()).isEqualTo(200);
            node.server.close();
            assertThat(s.endsWithin(Duration.ofSeconds(20))).isTrue();
        }
    }

    @Test
    void aHeartbeatNotShorterThanTheIdleTimeoutIsRefused() throws Exception {
        node = new StreamNode(dir, FanOutConfig.defaults(), Duration.ofSeconds(30));
        TaxiiServer other = new TaxiiServer(TaxiiConfig.defaults("testnode").withTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(10))
                .withListener("127.0.0.1", 0, true), null, node.store, node.access, node.db.statuses(), ObjectValidator.of(new StixValidator()), InstantSource.system(),
                l -> { }, null, PartnerEgress.NOTHING);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> other.alertStream(node.feed, FanOutConfig.defaults()))
                .hasMessageContaining("fanout.heartbeat_seconds (15) must be shorter than taxii.idle_timeout_seconds (10)");
    }

    // ---- helpers

    private static void until(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("condition not met within 30 s");
            Thread.sleep(20);
        }
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static List<String> ids(JsonNode envelope) {
        List<String> ids = new ArrayList<>();
        envelope.path("objects").forEach(o -> ids.add(o.path("id").asText()));
        return ids;
    }

    /** A node serving TAXII and the alert stream over HTTPS on 127.0.0.1, partner reads under an agreement for alerts. */
    private static final class StreamNode implements AutoCloseable {
        static final String ROOT = "/testnode/";
        static final String STREAM = ROOT + "concord/alerts/stream";

        final Path dir;
        final Database database;
        final Store store;
        final TaxiiDatabase db;
        final AuditDatabase audit;
        final Access access;
        final AlertFeed feed;
        final TaxiiServer server;
        final String intelligence, alerts;
        final List<String> requestLog = new java.util.concurrent.CopyOnWriteArrayList<>();

        StreamNode(Path dir, FanOutConfig fanout, Duration idleTimeout) {
            this.dir = dir;
            StoreConfig config = new StoreConfig.Embedded(dir.resolve("concord.db"));
            NodeTls tls = NodeTls.ensure(dir, "testnode", List.of(), InstantSource.system());
            database = Database.open(config);
            store = Stores.open(database, InstantSource.system(), MerkleLog.writer());
            intelligence = collection("intelligence");
            alerts = collection("alerts");
            db = new TaxiiDatabase(database);
            audit = new AuditDatabase(database);
            access = new Access(db.tokens(), db.rights(), db.partners(), InstantSource.system(), Duration.ZERO);
            EgressPolicy policy = new EgressPolicy("testnode", Tlp.AMBER, PseudonymKey.of(new byte[32]), new StixValidator());
            Agreements agreements = new Agreements(List.of(Agreement.outbound("cert-fi").collections("alerts")
                    .tlp(Tlp.CLEAR, Tlp.GREEN, Tlp.AMBER).types("*")
                    .sightings(Agreement.Sightings.IDENTITY).build())); // evidence as stored (policy rule 6 otherwise redacts it)
            EgressGate gate = new EgressGate(policy, () -> agreements, audit.log(), InstantSource.system(),
                    new OriginSigner(KEYS, "identity--testnode-member", store.signatures())::sign, store, Provenance.local("testnode", "EE"));
            feed = new AlertFeed(store, alerts, fanout.poll(), Time.system()).start();
            TaxiiConfig taxii = TaxiiConfig.defaults("testnode").withTimeouts(idleTimeout, Duration.ofSeconds(10));
            server = new TaxiiServer(taxii, tls, store, access, db.statuses(), ObjectValidator.of(new StixValidator()),
                    InstantSource.system(), requestLog::add, null, new PolicyEgress(gate, Provenance.local("testnode", "EE"), Tlp.AMBER))
                    .alertStream(feed, fanout).start();
        }

        private String collection(String alias) {
            String id = UUID.randomUUID().toString();
            store.createCollection(new CollectionInfo(id, alias, alias, alias));
            return id;
        }

        StixObject write(StixObject alert) {
            store.write(alerts, List.of(alert));
            return alert;
        }

        /** The date_added of every version in the alerts collection, as stream ids. */
        List<String> dateAdded() {
            return feed.after(null, 1000).stream().map(v -> org.concord.stix.StixTimestamp.formatMicros(v.dateAdded())).toList();
        }

        String token(String member, Set<String> read) {
            Set<String> ids = new java.util.HashSet<>();
            for (String a : read) ids.add(store.collection(a).orElseThrow().id());
            return access.issueToken(member, new Permissions(ids, Set.of()), Permissions.NONE).secret();
        }

        URI uri(String path) {
            return server.baseUri().resolve(path);
        }

        EventStreamClient stream(HttpClient client, String token, String lastEventId) throws Exception {
            return EventStreamClient.open(client, uri(STREAM), token, lastEventId);
        }

        HttpResponse<String> get(HttpClient client, String path, String token) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).header("Accept", "application/taxii+json;version=2.1");
            if (token != null) b.header("Authorization", "Bearer " + token);
            return client.send(b.build(), HttpResponse.BodyHandlers.ofString());
        }

        SSLContext sslContext(NodeTls identity) throws GeneralSecurityException, java.io.IOException {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(NodeTls.trustStore(NodeTls.readCertificate(NodeTls.certificateFile(dir))));
            KeyManagerFactory kmf = null;
            if (identity != null) {
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                char[] pw = "test".toCharArray();
                KeyStore ks = identity.keyStore(pw);
                kmf.init(ks, pw);
            }
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return ssl;
        }

        HttpClient client(NodeTls identity) throws Exception {
            return HttpClient.newBuilder().sslContext(sslContext(identity)).connectTimeout(Duration.ofSeconds(10)).build();
        }

        @Override
        public void close() {
            server.close();
            feed.close();
            store.close();
            database.close();
        }
    }
}
