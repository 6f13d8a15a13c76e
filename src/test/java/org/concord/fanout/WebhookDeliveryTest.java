package org.concord.fanout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.concord.Time;
import org.concord.config.ConfigFile;
import org.concord.node.NodeTls;
import org.concord.stix.StixObject;
import org.concord.stix.Tlp;
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
 * Webhook delivery against a real receiver on 127.0.0.1 that verifies every signature with its own
 * HMAC code: in order, at least once, retried after 5xx, 408, 429 and while the receiver is down,
 * given up on other 4xx (recorded), sent again with the same delivery id after a restart in the
 * middle of a delivery, and once only when two node processes share the database.
 */
class WebhookDeliveryTest {
    private static final String SECRET = "0123456789abcdef-webhook-secret";
    private static final WebhookDispatcher.Timing FAST = new WebhookDispatcher.Timing(Duration.ofMillis(20), Duration.ofMillis(200),
            Duration.ofSeconds(2));

    @TempDir
    Path dir;
    private Database database;
    private Store store;
    private String alerts;
    private AlertFeed feed;
    private WebhookDatabase db;
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeEach
    void open() {
        StoreConfig config = new StoreConfig.Embedded(dir.resolve("concord.db"));
        database = Database.open(config);
        store = Stores.open(database, InstantSource.system(), null);
        alerts = UUID.randomUUID().toString();
        store.createCollection(new CollectionInfo(alerts, "alerts", "Alerts", ""));
        feed = new AlertFeed(store, alerts, Duration.ofMillis(50), Time.system()).start();
        db = new WebhookDatabase(database);
    }

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : open.reversed()) c.close();
        feed.close();
        store.close();
        database.close();
    }

    @Test
    void deliversEveryNewAlertVersionSignedInOrderAndNothingFromBefore() throws Exception {
        store.write(alerts, List.of(TestAlerts.alert("domain:before.example")));
        Receiver r = receiver(0);
        start(hook("soc", r));
        String id = TestAlerts.newId();
        StixObject v1 = TestAlerts.alert(id, "domain:evil.example", Instant.parse("2026-11-24T10:00:00Z"), "medium", List.of("DE", "EE", "FI"));
        StixObject v2 = TestAlerts.alert(id, "domain:evil.example", Instant.parse("2026-11-24T10:05:00Z"), "high", List.of("DE", "EE", "FI", "LV"));
        StixObject other = TestAlerts.alert("ip:192.0.2.7");
        store.write(alerts, List.of(v1));
        store.write(alerts, List.of(v2));
        store.write(alerts, List.of(other));

        List<Receiver.Delivery> got = List.of(r.next(), r.next(), r.next());
        assertThat(got).extracting(Receiver.Delivery::text).containsExactly(v1.json(), v2.json(), other.json());
        assertThat(got).allSatisfy(d -> {
            assertThat(d.signatureValid()).as("signature verified by the receiver").isTrue();
            assertThat(d.event()).isEqualTo("alert");
            assertThat(d.node()).isEqualTo("cert-ee");
            assertThat(d.contentType()).isEqualTo("application/json");
        });
        assertThat(got).extracting(Receiver.Delivery::id).containsExactly(WebhookDispatcher.deliveryId("soc", v1),
                WebhookDispatcher.deliveryId("soc", v2), WebhookDispatcher.deliveryId("soc", other)).doesNotHaveDuplicates();
        WebhookDatabase.EndpointState s = until("all three acknowledged", "soc", st -> st.delivered() == 3);
        assertThat(s.after()).isEqualTo(feed.end());
        assertThat(s.lastSuccess()).isNotNull();
        assertThat(r.nextWithin(Duration.ofMillis(300))).as("nothing twice, nothing from before").isNull();
    }

    @Test
    void anAlertVersionThatDoesNotChangeWhatTheAlertMeansIsNoDelivery() throws Exception {
        Receiver r = receiver(0);
        start(hook("soc", r));
        String id = TestAlerts.newId();
        Instant t = Instant.parse("2026-11-24T10:00:00Z");
        StixObject v1 = write(TestAlerts.alert(id, "domain:evil.example", t, "medium", List.of("DE", "EE", "FI")));
        write(TestAlerts.alert(id, "domain:evil.example", t.plusSeconds(60), "medium", List.of("DE", "EE", "FI"))); // counts grew
        StixObject v3 = write(TestAlerts.alert(id, "domain:evil.example", t.plusSeconds(120), "high", List.of("DE", "EE", "FI", "LV")));
        assertThat(List.of(r.next(), r.next())).extracting(Receiver.Delivery::text).containsExactly(v1.json(), v3.json());
        until("all three settled", "soc", st -> st.after() != null && st.after().equals(feed.end()));
        assertThat(r.nextWithin(Duration.ofMillis(300))).as("one delivery per change of meaning").isNull();
    }

    @Test
    void retriesAfterServerErrorsWithTheSameDeliveryIdUntilAcknowledged() throws Exception {
        Receiver r = receiver(0);
        AtomicInteger calls = new AtomicInteger();
        r.answer = d -> calls.incrementAndGet() <= 2 ? 500 : 200;
        start(hook("soc", r));
        StixObject a = write(TestAlerts.alert("domain:retry.example"));

        Receiver.Delivery first = r.next(), second = r.next(), third = r.next();
        assertThat(List.of(first.id(), second.id(), third.id())).containsOnly(WebhookDispatcher.deliveryId("soc", a));
        assertThat(List.of(first, second, third)).allMatch(Receiver.Delivery::signatureValid);
        WebhookDatabase.EndpointState s = until("acknowledged", "soc", st -> st.delivered() == 1);
        assertThat(s.attempts()).as("reset once acknowledged").isZero();
        assertThat(s.lastError()).isEqualTo("HTTP 500");
        assertThat(r.nextWithin(Duration.ofMillis(300))).isNull();
    }

    @Test
    void keepsRetryingWhileTheReceiverIsDownThenDeliversWhenItIsBack() throws Exception {
        Receiver probe = Receiver.start(SECRET, 0);
        int port = probe.port();
        probe.stop(); // nobody listens on the port now
        start(hook("soc", probe));
        StixObject a = write(TestAlerts.alert("domain:down.example"));

        WebhookDatabase.EndpointState failing = until("failing", "soc", st -> st.attempts() >= 2);
        assertThat(failing.lastError()).containsIgnoringCase("connect");
        assertThat(failing.firstFailure()).isNotNull();
        assertThat(failing.nextAttempt()).isAfterOrEqualTo(failing.lastErrorAt());

        Receiver back = receiver(port);
        Receiver.Delivery d = back.next();
        assertThat(d.id()).isEqualTo(WebhookDispatcher.deliveryId("soc", a));
        assertThat(d.signatureValid()).isTrue();
        until("acknowledged", "soc", st -> st.delivered() == 1 && st.attempts() == 0);
    }

    @Test
    void aClientErrorGivesTheDeliveryUpRecordsItAndTheQueueMovesOn() throws Exception {
        Receiver r = receiver(0);
        r.answer = d -> d.text().contains("domain:refused.example") ? 422 : 200;
        start(hook("soc", r));
        StixObject refused = write(TestAlerts.alert("domain:refused.example"));
        StixObject fine = write(TestAlerts.alert("domain:fine.example"));

        assertThat(r.next().text()).isEqualTo(refused.json());
        assertThat(r.next().text()).as("no retry of the refused one; the next one goes").isEqualTo(fine.json());
        WebhookDatabase.EndpointState s = until("settled", "soc", st -> st.delivered() == 1 && st.givenUp() == 1);
        assertThat(s.after()).isEqualTo(feed.end());
        List<WebhookDatabase.GivenUp> given = db.givenUp("soc", 10);
        assertThat(given).singleElement().satisfies(g -> {
            assertThat(g.objectId()).isEqualTo(refused.id());
            assertThat(g.version()).isEqualTo(refused.version());
            assertThat(g.deliveryId()).isEqualTo(WebhookDispatcher.deliveryId("soc", refused));
            assertThat(g.status()).isEqualTo(422);
            assertThat(g.attempts()).isEqualTo(1);
            assertThat(g.reason()).contains("HTTP 422");
        });
        assertThat(r.nextWithin(Duration.ofMillis(300))).isNull();
    }

    @Test
    void requestTimeoutAndTooManyRequestsAreRetriedNotGivenUp() throws Exception {
        Receiver r = receiver(0);
        AtomicInteger calls = new AtomicInteger();
        r.retryAfter = "0";
        r.answer = d -> switch (calls.incrementAndGet()) {
            case 1 -> 408;
            case 2 -> 429;
            default -> 200;
        };
        start(hook("soc", r));
        StixObject a = write(TestAlerts.alert("domain:busy.example"));
        assertThat(List.of(r.next().id(), r.next().id(), r.next().id())).containsOnly(WebhookDispatcher.deliveryId("soc", a));
        WebhookDatabase.EndpointState s = until("acknowledged", "soc", st -> st.delivered() == 1);
        assertThat(s.givenUp()).isZero();
    }

    @Test
    void aRestartInTheMiddleOfADeliverySendsTheSameDeliveryAgainAndNothingTwiceAfter() throws Exception {
        Receiver r = receiver(0);
        CountDownLatch hold = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        r.answer = d -> {
            if (calls.incrementAndGet() == 1) {
                try {
                    hold.await(30, TimeUnit.SECONDS); // the first attempt hangs until the node is gone
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return 200;
        };
        Webhook hook = hook("soc", r);
        WebhookDispatcher first = start(hook);
        StixObject a = write(TestAlerts.alert("domain:restart.example"));
        Receiver.Delivery inFlight = r.next();
        first.close(); // the node stops while the POST waits for its answer
        hold.countDown();
        assertThat(db.state("soc").orElseThrow().delivered()).as("not acknowledged: the answer never arrived").isZero();

        start(hook); // the node again, same database
        Receiver.Delivery again = r.next();
        assertThat(again.id()).isEqualTo(inFlight.id()).isEqualTo(WebhookDispatcher.deliveryId("soc", a));
        assertThat(again.text()).isEqualTo(inFlight.text());
        until("acknowledged", "soc", st -> st.delivered() == 1);
        StixObject b = write(TestAlerts.alert("domain:after.example"));
        assertThat(r.next().text()).isEqualTo(b.json());
        assertThat(r.nextWithin(Duration.ofMillis(300))).isNull();
    }

    @Test
    void sendsOnlyWhatTheEndpointTakesAndNeverRed() throws Exception {
        Receiver r = receiver(0);
        start(new Webhook("soc", r.url(), WebhookSecret.of(SECRET), SeverityFloor.parse("high"), Tlp.AMBER, Duration.ofSeconds(5),
                Duration.ofHours(1), List.of()));
        Instant t = Instant.now();
        write(TestAlerts.alert(TestAlerts.newId(), "domain:low.example", t, "low", List.of("DE", "EE", "FI")));
        write(TestAlerts.alert(TestAlerts.newId(), "domain:red.example", t, "critical", List.of("DE", "EE", "FI"), Tlp.RED));
        write(TestAlerts.alert(TestAlerts.newId(), "domain:strict.example", t, "critical", List.of("DE", "EE", "FI"), Tlp.AMBER_STRICT));
        StixObject amber = write(TestAlerts.alert(TestAlerts.newId(), "domain:amber.example", t, "high", List.of("DE", "EE", "FI"), Tlp.AMBER));
        StixObject unmarked = write(TestAlerts.alert(TestAlerts.newId(), "domain:unmarked.example", t, "critical", List.of("DE", "EE", "FI"), null));

        assertThat(List.of(r.next().text(), r.next().text())).containsExactly(amber.json(), unmarked.json());
        WebhookDatabase.EndpointState s = until("settled", "soc", st -> st.delivered() == 2 && st.skipped() == 3);
        assertThat(s.after()).isEqualTo(feed.end());
        assertThat(r.nextWithin(Duration.ofMillis(300))).isNull();
    }

    @Test
    void aDeliveryFailingLongerThanAllowedIsGivenUp() throws Exception {
        Receiver r = receiver(0);
        r.answer = d -> d.text().contains("domain:never.example") ? 503 : 200;
        start(new Webhook("soc", r.url(), WebhookSecret.of(SECRET), null, Tlp.AMBER_STRICT, Duration.ofSeconds(5),
                Duration.ofMillis(300), List.of()));
        StixObject never = write(TestAlerts.alert("domain:never.example"));
        WebhookDatabase.EndpointState s = until("given up", "soc", st -> st.givenUp() == 1);
        assertThat(s.lastError()).contains("HTTP 503").contains("still failing");
        assertThat(db.givenUp("soc", 10)).singleElement().satisfies(g -> {
            assertThat(g.objectId()).isEqualTo(never.id());
            assertThat(g.attempts()).isGreaterThan(1);
            assertThat(g.status()).isEqualTo(503);
        });
        StixObject next = write(TestAlerts.alert("domain:next.example"));
        Receiver.Delivery d;
        do {
            d = r.next();
        } while (d.text().contains("domain:never.example"));
        assertThat(d.text()).isEqualTo(next.json());
    }

    @Test
    void twoNodeProcessesOnOneDatabaseDeliverEachAlertOnce() throws Exception {
        Receiver r = receiver(0);
        Webhook hook = hook("soc", r);
        start(hook);
        start(hook); // a second process: same endpoint, same database, another owner
        Set<String> written = new HashSet<>();
        for (int i = 0; i < 5; i++) written.add(write(TestAlerts.alert("domain:n" + i + ".example")).json());
        Set<String> got = new HashSet<>();
        for (int i = 0; i < 5; i++) got.add(r.next().text());
        assertThat(got).isEqualTo(written);
        assertThat(r.nextWithin(Duration.ofMillis(500))).as("no alert delivered twice").isNull();
        assertThat(db.state("soc").orElseThrow().delivered()).isEqualTo(5);
    }

    @Test
    void anHttpsEndpointIsTrustedThroughItsCaFileAndRefusedWithoutIt() throws Exception {
        NodeTls soc = NodeTls.create(dir.resolve("soc"), "soc");
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        char[] pw = "pw".toCharArray();
        KeyStore ks = soc.keyStore(pw);
        kmf.init(ks, pw);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        Receiver r = Receiver.startTls(SECRET, tls);
        open.add(r);
        Files.writeString(dir.resolve("soc.secret"), SECRET + "\n");
        ObjectNode trusted = new ObjectMapper().createObjectNode().put("name", "soc").put("url", r.url().toString())
                .put("secret_file", "soc.secret").put("ca_file", "soc/tls/cert.pem");
        ObjectNode untrusted = trusted.deepCopy().put("name", "strict");
        untrusted.remove("ca_file");
        String array = new ObjectMapper().createArrayNode().add(trusted).add(untrusted).toString();
        List<Webhook> hooks = ConfigFile.of(dir.resolve("node.json"), "{\"webhooks\": " + array + "}")
                .parse(root -> Webhooks.parse(root.get(Webhooks.SECTION)));
        start(hooks.get(0));
        start(hooks.get(1));
        StixObject a = write(TestAlerts.alert("domain:tls.example"));

        Receiver.Delivery d = r.next();
        assertThat(d.text()).isEqualTo(a.json());
        assertThat(d.signatureValid()).isTrue();
        until("acknowledged over TLS", "soc", st -> st.delivered() == 1);
        WebhookDatabase.EndpointState refused = until("refused by the JDK's trust", "strict", st -> st.attempts() >= 1);
        assertThat(refused.lastError()).startsWith("TLS failed");
        assertThat(refused.delivered()).isZero();
    }

    // ---- helpers

    private Receiver receiver(int port) throws Exception {
        Receiver r = Receiver.start(SECRET, port);
        open.add(r);
        return r;
    }

    private static Webhook hook(String name, Receiver r) {
        return new Webhook(name, r.url(), WebhookSecret.of(SECRET), null, Tlp.AMBER_STRICT, Duration.ofSeconds(5), Duration.ofHours(1),
                List.of());
    }

    /** A dispatcher (a node process's) with fast retries; returns once its lanes have begun (a new endpoint starts at the end). */
    private WebhookDispatcher start(Webhook... hooks) throws InterruptedException {
        WebhookDispatcher d = new WebhookDispatcher(List.of(hooks), feed, db, "cert-ee", Tlp.AMBER, InstantSource.system(), FAST,
                Duration.ofMillis(50)).start();
        open.add(d);
        for (Webhook h : hooks) until("begun", h.name(), st -> true);
        return d;
    }

    private StixObject write(StixObject alert) {
        store.write(alerts, List.of(alert));
        return alert;
    }

    /** Waits (up to 30 s) for the endpoint's state to satisfy {@code condition}. */
    private WebhookDatabase.EndpointState until(String what, String endpoint, Predicate<WebhookDatabase.EndpointState> condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        Optional<WebhookDatabase.EndpointState> s = db.state(endpoint);
        while (s.isEmpty() || !condition.test(s.get())) {
            if (System.nanoTime() > deadline) throw new AssertionError("webhook " + endpoint + " not " + what + ": " + s);
            Thread.sleep(10);
            s = db.state(endpoint);
        }
        return s.get();
    }
}
