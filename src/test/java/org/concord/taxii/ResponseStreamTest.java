package org.concord.taxii;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.concord.Time;
import org.concord.fanout.FanOutConfig;
import org.concord.fanout.Feed;
import org.concord.fanout.ResponseEvents;
import org.concord.fanout.TestNotices;
import org.concord.node.NodeTls;
import org.concord.partner.Partners;
import org.concord.stix.StixObject;
import org.concord.stix.StixTimestamp;
import org.concord.stix.StixValidator;
import org.concord.store.CollectionInfo;
import org.concord.store.Database;
import org.concord.store.Store;
import org.concord.store.StoreConfig;
import org.concord.store.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The response stream ({@code GET {api root}concord/response/stream}, docs/response-design.md §4)
 * on the node's real HTTPS server, read with the JDK HttpClient: an escalation notice written after
 * the member connected arrives as an {@code escalation} event, cases and requests as {@code case}
 * and {@code request} events, other objects of the collection not at all; a reconnect with
 * Last-Event-ID resumes exactly; access as for TAXII (read on {@code cases}), partners not served.
 */
class ResponseStreamTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STREAM = "/testnode/concord/response/stream";

    @TempDir
    Path dir;
    @TempDir
    Path partnerDir;
    private Database database;
    private Store store;
    private Access access;
    private TaxiiDatabase db;
    private Feed feed;
    private TaxiiServer server;
    private String cases, intelligence;

    @BeforeEach
    void open() {
        NodeTls tls = NodeTls.ensure(dir, "testnode", List.of(), InstantSource.system());
        database = Database.open(new StoreConfig.Embedded(dir.resolve("concord.db")));
        store = Stores.open(database, InstantSource.system(), null);
        cases = collection("cases");
        intelligence = collection("intelligence");
        db = new TaxiiDatabase(database);
        access = new Access(db.tokens(), db.rights(), db.partners(), InstantSource.system(), Duration.ZERO);
        feed = ResponseEvents.stream(store, cases, Duration.ofSeconds(2), Time.system()).start();
        server = new TaxiiServer(TaxiiConfig.defaults("testnode"), tls, store, access, db.statuses(), ObjectValidator.of(new StixValidator()),
                InstantSource.system(), line -> { })
                .responseStream(feed, FanOutConfig.defaults()).start();
    }

    @AfterEach
    void close() {
        server.close();
        feed.close();
        store.close();
        database.close();
    }

    @Test
    void aMemberReceivesAnEscalationWrittenAfterItConnectedAndCasesAndRequestsByName() throws Exception {
        write(TestNotices.notice(TestNotices.request(), "acknowledge", 1, Instant.now().minusSeconds(60))); // before: not sent
        String token = token("duty", Set.of("cases"));
        try (EventStreamClient s = EventStreamClient.open(client(null), uri(STREAM), token, null)) {
            assertThat(s.status()).isEqualTo(200);
            assertThat(s.response.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/event-stream");
            String request = TestNotices.request();
            StixObject incident = write(object("incident", "name", "phishing campaign"));
            write(object("note", "content", "a journal entry")); // not an event of its own
            StixObject req = write(object("x-concord-request", "kind", "preservation"));
            StixObject notice = write(TestNotices.notice(request, "acknowledge", 1, Instant.now()));

            EventStreamClient.Event e1 = s.next(), e2 = s.next(), e3 = s.next();
            assertThat(List.of(e1.event(), e2.event(), e3.event())).containsExactly("case", "request", "escalation");
            assertThat(List.of(e1.data(), e2.data(), e3.data())).containsExactly(incident.json(), req.json(), notice.json());
            assertThat(JSON.readTree(e3.data()).get("request_ref").textValue()).isEqualTo(request);
            assertThat(e3.signature()).as("a member's: no signature field").isNull();
            assertThat(e3.id()).isEqualTo(StixTimestamp.formatMicros(store.objects(cases,
                    new org.concord.store.ObjectFilter(null, List.of(notice.id()), List.of(), org.concord.store.VersionMatch.ALL, List.of(), 10))
                    .items().getFirst().dateAdded()));
            assertThat(s.nextWithin(Duration.ofMillis(300))).as("nothing twice, nothing from before").isNull();
        }
    }

    @Test
    void aClientResumesExactlyAfterTheLastEventIdItSaw() throws Exception {
        String token = token("duty", Set.of("cases"));
        HttpClient client = client(null);
        String request = TestNotices.request();
        Instant due = Instant.now().minusSeconds(30);
        String last;
        try (EventStreamClient s = EventStreamClient.open(client, uri(STREAM), token, null)) {
            StixObject first = write(TestNotices.notice(request, "acknowledge", 1, due));
            assertThat(s.next().data()).isEqualTo(first.json());
            last = s.lastEventId();
        }
        StixObject missed = write(TestNotices.notice(request, "acknowledge", 2, due.plusSeconds(15))); // while disconnected
        try (EventStreamClient s = EventStreamClient.open(client, uri(STREAM), token, last)) {
            EventStreamClient.Event e = s.next();
            assertThat(e.event()).isEqualTo("escalation");
            assertThat(e.data()).isEqualTo(missed.json());
            StixObject after = write(TestNotices.notice(request, "fulfil", 1, due.plusSeconds(20)));
            assertThat(s.next().data()).isEqualTo(after.json());
            assertThat(s.nextWithin(Duration.ofMillis(300))).isNull();
        }
    }

    @Test
    void whoMayNotReadCasesIsRefusedAsByTaxiiAndAPartnerIsNotServed() throws Exception {
        HttpClient client = client(null);
        try (EventStreamClient s = EventStreamClient.open(client, uri(STREAM), null, null)) {
            assertThat(s.status()).isEqualTo(401);
        }
        try (EventStreamClient s = EventStreamClient.open(client, uri(STREAM), token("intel-only", Set.of("intelligence")), null)) {
            assertThat(s.status()).as("a collection it cannot see does not exist for it").isEqualTo(404);
            String body = new String(s.response.body().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(body).doesNotContain(cases).contains("no response stream");
        }
        NodeTls partner = NodeTls.create(partnerDir, "cert-fi");
        db.partners().add(new Partners.Partner("cert-fi", partner.fingerprint(), Instant.now()));
        db.rights().set(Principal.partnerKey("cert-fi"), new Permissions(Set.of(cases), Set.of()));
        try (EventStreamClient s = EventStreamClient.open(client(partner), uri(STREAM), null, null)) {
            assertThat(s.status()).as("partners get cases over TAXII, under their agreement").isEqualTo(404);
        }
    }

    // ---- helpers

    private String collection(String alias) {
        String id = UUID.randomUUID().toString();
        store.createCollection(new CollectionInfo(id, alias, alias, alias));
        return id;
    }

    private StixObject write(StixObject o) {
        store.write(cases, List.of(o));
        return o;
    }

    private static StixObject object(String type, String field, String value) {
        String now = StixTimestamp.formatMillis(Instant.now());
        return StixObject.of(JSON.createObjectNode().put("type", type).put("spec_version", "2.1").put("id", type + "--" + UUID.randomUUID())
                .put("created", now).put("modified", now).put(field, value));
    }

    private String token(String member, Set<String> read) {
        Set<String> ids = new HashSet<>();
        for (String a : read) ids.add(store.collection(a).orElseThrow().id());
        return access.issueToken(member, new Permissions(ids, Set.of()), Permissions.NONE).secret();
    }

    private URI uri(String path) {
        return server.baseUri().resolve(path);
    }

    private HttpClient client(NodeTls identity) throws Exception {
        return HttpClient.newBuilder().sslContext(sslContext(identity)).connectTimeout(Duration.ofSeconds(10)).build();
    }

    private SSLContext sslContext(NodeTls identity) throws GeneralSecurityException, java.io.IOException {
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
}
