package org.concord.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
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
import org.concord.ConcordException;
import org.concord.ErrorCode;
import org.concord.Time;
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
 * Escalation notices of the {@code cases} collection delivered to the duty webhooks
 * (docs/response-design.md §4): level 1 to the duty list, level 2 to it and the second list, over
 * the signed-webhook lanes to real receivers on 127.0.0.1 (HTTPS and HTTP) that verify every
 * signature; a node stopped between the write and the delivery, or between the delivery and its
 * acknowledgement being recorded (store, database, feed and dispatcher closed and opened again),
 * still ends with exactly one distinct delivery id per notice per endpoint.
 */
class EscalationDeliveryTest {
    private static final String SECRET = "0123456789abcdef-webhook-secret";
    private static final WebhookDispatcher.Timing FAST = new WebhookDispatcher.Timing(Duration.ofMillis(20), Duration.ofMillis(200),
            Duration.ofSeconds(2));
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private Database database;
    private Store store;
    private String cases;
    private Feed feed;
    private WebhookDatabase db;
    private final List<AutoCloseable> running = new ArrayList<>();
    private final List<AutoCloseable> receivers = new ArrayList<>();

    @BeforeEach
    void open() {
        cases = UUID.randomUUID().toString();
        openNode();
        store.createCollection(new CollectionInfo(cases, "cases", "Cases", ""));
    }

    @AfterEach
    void close() throws Exception {
        closeNode();
        for (AutoCloseable r : receivers) r.close();
    }

    @Test
    void levelOneGoesToTheDutyWebhooksAndLevelTwoToThemAndTheSecondList() throws Exception {
        Receiver pager = tlsReceiver(), manager = receiver(0), soc = receiver(0);
        Escalations routing = Escalations.of(List.of(hook("soc", soc), trusted("duty-pager", pager), hook("duty-manager", manager)),
                List.of("duty-pager"), List.of("duty-manager"), Set.of(TestNotices.SELF));
        assertThat(routing.endpoints()).extracting(Webhook::name).containsExactly("duty-pager", "duty-manager");
        start(routing);

        String request = TestNotices.request();
        Instant due = Instant.now().minusSeconds(90);
        StixObject first = write(TestNotices.notice(request, "acknowledge", 1, due));
        StixObject second = write(TestNotices.notice(request, "acknowledge", 2, due.plusSeconds(30)));

        Receiver.Delivery p1 = pager.next(), p2 = pager.next(), m2 = manager.next();
        assertThat(List.of(p1, p2, m2)).allSatisfy(d -> {
            assertThat(d.signatureValid()).as("signature verified by the receiver").isTrue();
            assertThat(d.event()).isEqualTo("escalation");
            assertThat(d.node()).isEqualTo("cert-ee");
        });
        assertThat(List.of(p1.id(), p2.id())).containsExactly(WebhookDispatcher.deliveryId("duty-pager", first),
                WebhookDispatcher.deliveryId("duty-pager", second));
        assertThat(m2.id()).isEqualTo(WebhookDispatcher.deliveryId("duty-manager", second));

        JsonNode body = JSON.readTree(p2.body());
        assertThat(body.get("notice")).isEqualTo(JSON.readTree(second.canonical()));
        assertThat(body.get("level").intValue()).isEqualTo(2);
        assertThat(body.get("deadline").textValue()).isEqualTo("acknowledge");
        assertThat(body.get("request_ref").textValue()).isEqualTo(request);
        assertThat(body.get("late_seconds").longValue()).isBetween(55L, 600L);
        assertThat(body.get("summary").textValue()).startsWith("level 2: request " + request)
                .contains("acknowledge deadline passed", "still sent", "escalated");

        until("the manager skipped level 1", "escalations/duty-manager", st -> st.delivered() == 1 && st.skipped() == 1);
        until("both delivered to the pager", "escalations/duty-pager", st -> st.delivered() == 2);
        assertThat(manager.nextWithin(Duration.ofMillis(300))).as("level 1 is not for the second list").isNull();
        assertThat(soc.nextWithin(Duration.ofMillis(100))).as("a webhook in neither list hears nothing").isNull();
    }

    @Test
    void aPartnersNoticeIsNotPagedHereAndAnAlertLaneOfTheSameWebhookKeepsItsOwnQueue() throws Exception {
        Receiver pager = receiver(0);
        Webhook hook = hook("duty-pager", pager);
        start(Escalations.of(List.of(hook), List.of("duty-pager"), List.of(), Set.of(TestNotices.SELF)));
        AlertFeed alerts = new AlertFeed(store, cases, Duration.ofMillis(50), Time.system()).start(); // an alert lane beside it
        running.add(alerts);
        running.add(new WebhookDispatcher(List.of(hook), alerts, db, "cert-ee", Tlp.AMBER, InstantSource.system(), FAST,
                Duration.ofMillis(50)).start());
        until("alert lane begun", "duty-pager", st -> true);

        String request = TestNotices.request();
        write(TestNotices.notice(request, "fulfil", 1, Instant.now(), TestNotices.PARTNER)); // the receiver's sweep, come by sync
        StixObject ours = write(TestNotices.notice(request, "fulfil", 1, Instant.now()));
        Receiver.Delivery d = pager.next();
        assertThat(d.id()).isEqualTo(WebhookDispatcher.deliveryId("duty-pager", ours));
        assertThat(pager.nextWithin(Duration.ofMillis(300))).isNull();
        assertThat(db.state("escalations/duty-pager").orElseThrow().skipped()).isEqualTo(1);
        assertThat(db.state("duty-pager").orElseThrow().delivered()).as("no notice on the alert queue").isZero();
    }

    @Test
    void aWebhookTheDutyListsNameThatDoesNotExistIsAConfigurationErrorNamingIt() {
        Webhook soc = new Webhook("soc", java.net.URI.create("https://soc.example/hook"), WebhookSecret.of(SECRET), null, Tlp.AMBER,
                Duration.ofSeconds(5), Duration.ofHours(1), List.of());
        assertThatThrownBy(() -> Escalations.of(List.of(soc), List.of("soc", "duty-pager"), List.of("manager"), Set.of()))
                .isInstanceOf(ConcordException.class)
                .satisfies(e -> assertThat(((ConcordException) e).code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION))
                .hasMessageContaining("response.duty.webhooks[1]: no webhook is named \"duty-pager\"")
                .hasMessageContaining("response.duty.second_webhooks[0]: no webhook is named \"manager\"")
                .hasMessageContaining("the webhooks are: soc");
        assertThatThrownBy(() -> Escalations.of(List.of(), List.of("pager"), List.of(), Set.of()))
                .hasMessageContaining("node.json defines no webhooks");
    }

    @Test
    void aStopBetweenWriteAndDeliveryAndBetweenDeliveryAndCommitEndsWithOneDeliveryIdPerNoticePerEndpoint() throws Exception {
        Receiver pager = receiver(0), manager = receiver(0);
        CountDownLatch hold = new CountDownLatch(1);
        AtomicInteger managerCalls = new AtomicInteger();
        manager.answer = d -> {
            if (managerCalls.incrementAndGet() == 1) { // the first POST hangs until the node is gone: delivered, never recorded
                try {
                    hold.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return 200;
        };
        List<Webhook> hooks = List.of(hook("duty-pager", pager), hook("duty-manager", manager));
        Escalations routing = Escalations.of(hooks, List.of("duty-pager"), List.of("duty-manager"), Set.of(TestNotices.SELF));
        start(routing);
        String request = TestNotices.request();
        Instant due = Instant.now().minusSeconds(5);

        // 1. written while no lane runs (the node stops right after its sweep wrote the notice)
        closeNode();
        openNode();
        StixObject level1 = write(TestNotices.notice(request, "acknowledge", 1, due));
        closeNode();
        openNode();
        start(routing);
        List<Receiver.Delivery> toPager = new ArrayList<>(List.of(pager.next()));

        // 2. delivered to the manager, the node gone before the acknowledgement is recorded
        StixObject level2 = write(TestNotices.notice(request, "acknowledge", 2, due.plusSeconds(2)));
        Receiver.Delivery inFlight = manager.next();
        closeNode();
        hold.countDown();
        openNode();
        assertThat(db.state("escalations/duty-manager").orElseThrow().delivered()).as("the answer never arrived").isZero();
        start(routing);
        Receiver.Delivery again = manager.next();
        assertThat(again.id()).isEqualTo(inFlight.id());
        assertThat(again.body()).isEqualTo(inFlight.body());
        until("the pager acknowledged both", "escalations/duty-pager", st -> st.delivered() == 2);
        until("the manager acknowledged", "escalations/duty-manager", st -> st.delivered() == 1);

        // 3. the sweep, restarted too, writes the same bytes again: a no-op, nothing sent anew
        write(TestNotices.notice(request, "acknowledge", 1, due));
        write(TestNotices.notice(request, "acknowledge", 2, due.plusSeconds(2)));
        toPager.addAll(drain(pager));
        List<Receiver.Delivery> toManager = new ArrayList<>(List.of(inFlight, again));
        toManager.addAll(drain(manager));

        assertThat(toPager).allMatch(Receiver.Delivery::signatureValid).extracting(Receiver.Delivery::id).as("one id per notice")
                .containsOnly(WebhookDispatcher.deliveryId("duty-pager", level1), WebhookDispatcher.deliveryId("duty-pager", level2))
                .contains(WebhookDispatcher.deliveryId("duty-pager", level1), WebhookDispatcher.deliveryId("duty-pager", level2));
        assertThat(toManager).allMatch(Receiver.Delivery::signatureValid).extracting(Receiver.Delivery::id)
                .as("level 2 only, under one id, resent once after the stop").hasSize(2)
                .containsOnly(WebhookDispatcher.deliveryId("duty-manager", level2));
    }

    // ---- helpers

    private void openNode() {
        database = Database.open(new StoreConfig.Embedded(dir.resolve("concord.db")));
        store = Stores.open(database, InstantSource.system(), null);
        feed = ResponseEvents.escalations(store, cases, Duration.ofMillis(50), Time.system()).start();
        db = new WebhookDatabase(database);
    }

    private void closeNode() throws Exception {
        for (AutoCloseable c : running.reversed()) c.close();
        running.clear();
        feed.close();
        store.close();
        database.close();
    }

    private void start(Escalations routing) throws InterruptedException {
        WebhookDispatcher d = new WebhookDispatcher(routing.endpoints(), feed, routing, db, "cert-ee", Tlp.AMBER,
                InstantSource.system(), FAST, Duration.ofMillis(50)).start();
        running.add(d);
        for (Webhook h : routing.endpoints()) until("begun", routing.queue(h), st -> true);
    }

    private StixObject write(StixObject notice) {
        store.write(cases, List.of(notice));
        return notice;
    }

    private List<Receiver.Delivery> drain(Receiver r) throws InterruptedException {
        List<Receiver.Delivery> out = new ArrayList<>();
        for (Receiver.Delivery d = r.nextWithin(Duration.ofMillis(500)); d != null; d = r.nextWithin(Duration.ofMillis(500))) out.add(d);
        return out;
    }

    private Receiver receiver(int port) throws Exception {
        Receiver r = Receiver.start(SECRET, port);
        receivers.add(r);
        return r;
    }

    private Receiver tlsReceiver() throws Exception {
        NodeTls identity = NodeTls.create(dir.resolve("pager"), "pager");
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        char[] pw = "pw".toCharArray();
        KeyStore ks = identity.keyStore(pw);
        kmf.init(ks, pw);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        Receiver r = Receiver.startTls(SECRET, tls);
        receivers.add(r);
        return r;
    }

    private Webhook trusted(String name, Receiver r) throws Exception {
        return new Webhook(name, r.url(), WebhookSecret.of(SECRET), null, Tlp.AMBER_STRICT, Duration.ofSeconds(5), Duration.ofHours(1),
                List.of(NodeTls.readCertificate(NodeTls.certificateFile(dir.resolve("pager")))));
    }

    private static Webhook hook(String name, Receiver r) {
        return new Webhook(name, r.url(), WebhookSecret.of(SECRET), null, Tlp.AMBER_STRICT, Duration.ofSeconds(5), Duration.ofHours(1),
                List.of());
    }

    /** Waits (up to 30 s) for the queue's state to satisfy {@code condition}. */
    private WebhookDatabase.EndpointState until(String what, String queue, Predicate<WebhookDatabase.EndpointState> condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        Optional<WebhookDatabase.EndpointState> s = db.state(queue);
        while (s.isEmpty() || !condition.test(s.get())) {
            if (System.nanoTime() > deadline) throw new AssertionError("queue " + queue + " not " + what + ": " + s);
            Thread.sleep(10);
            s = db.state(queue);
        }
        return s.get();
    }
}
