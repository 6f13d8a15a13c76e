package org.concord.fanout.bench;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.concord.Time;
import org.concord.fanout.AlertFeed;
import org.concord.fanout.FanOutConfig;
import org.concord.fanout.Receiver;
import org.concord.fanout.TestAlerts;
import org.concord.fanout.Webhook;
import org.concord.fanout.WebhookDatabase;
import org.concord.fanout.WebhookDispatcher;
import org.concord.fanout.WebhookSecret;
import org.concord.integrity.MerkleLog;
import org.concord.node.NodeTls;
import org.concord.partner.PartnerEgress;
import org.concord.stix.StixObject;
import org.concord.stix.StixValidator;
import org.concord.stix.Tlp;
import org.concord.store.CollectionInfo;
import org.concord.store.Database;
import org.concord.store.Store;
import org.concord.store.StoreConfig;
import org.concord.store.Stores;
import org.concord.taxii.Access;
import org.concord.taxii.ObjectValidator;
import org.concord.taxii.Permissions;
import org.concord.taxii.TaxiiConfig;
import org.concord.taxii.TaxiiDatabase;
import org.concord.taxii.TaxiiServer;

/**
 * Fan-out latency on loopback (issue 6): the time from an alert being stored (its
 * {@code Store.write} returned, committed) to (a) its event arriving at an SSE client reading
 * {@code concord/alerts/stream} over HTTPS and (b) its signed webhook POST arriving at a receiver
 * that verifies the HMAC, each alert written alone and waited for (event, POST, and the delivery
 * recorded) before the next: alerts come seconds apart, so nothing queues.
 * Baselines in the same run, on the same server and receiver: an HTTPS GET round trip of the API
 * root (the floor of anything served over the node's TLS) and a plain POST of the same alert bytes
 * to the receiver (the floor of a webhook delivery). Embedded store, transparency log on, real TLS.
 *
 * <p>Run: {@code ./bench fanout [N]} (default 1,000 alerts after 100 warm-up alerts).
 */
public final class FanOutBenchmark {
    private static final String SECRET = "bench-webhook-secret-0123456789";

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
        int warmup = Math.min(100, Math.max(10, n / 10));
        Path dir = Files.createTempDirectory("concord-fanout-bench");
        StoreConfig config = new StoreConfig.Embedded(dir.resolve("concord.db"));
        InstantSource clock = InstantSource.system();
        try (Database database = Database.open(config);
             Store store = Stores.open(database, clock, MerkleLog.writer());
             Receiver receiver = Receiver.start(SECRET, 0)) {
            TaxiiDatabase db = new TaxiiDatabase(database);
            WebhookDatabase hooks = new WebhookDatabase(database);
            String alerts = UUID.randomUUID().toString();
            store.createCollection(new CollectionInfo(alerts, "alerts", "Alerts", ""));
            NodeTls tls = NodeTls.ensure(dir, "bench", List.of(), clock);
            Access access = new Access(db.tokens(), db.rights(), db.partners(), clock, Duration.ofSeconds(2));
            String token = access.issueToken("bench", new Permissions(Set.of(alerts), Set.of()), Permissions.NONE).secret();
            AlertFeed feed = new AlertFeed(store, alerts, Duration.ofSeconds(2), Time.system()).start();
            Map<String, Long> sse = new ConcurrentHashMap<>(), webhook = new ConcurrentHashMap<>();
            receiver.answer = d -> {
                if (!d.signatureValid()) throw new IllegalStateException("a signature did not verify");
                webhook.put(d.id(), System.nanoTime());
                return 200;
            };
            TaxiiServer server = new TaxiiServer(TaxiiConfig.defaults("bench").withRateLimit(1e6, 1_000_000), tls, store, access, db.statuses(),
                    ObjectValidator.of(new StixValidator()), clock, line -> { }, null, PartnerEgress.NOTHING)
                    .alertStream(feed, FanOutConfig.defaults()).start();
            Webhook hook = new Webhook("bench", receiver.url(), WebhookSecret.of(SECRET), null, Tlp.AMBER_STRICT,
                    Duration.ofSeconds(10), Duration.ofHours(1), List.of());
            WebhookDispatcher dispatcher = new WebhookDispatcher(List.of(hook), feed, hooks, "bench", Tlp.AMBER, clock,
                    WebhookDispatcher.Timing.defaults(), Duration.ofSeconds(2)).start();
            try {
                while (hooks.state("bench").isEmpty()) Thread.sleep(10);
                HttpClient client = HttpClient.newBuilder().sslContext(trusting(dir)).build();
                CountDownLatch open = new CountDownLatch(1);
                Thread reader = Thread.ofVirtual().start(() -> readStream(client, server, token, sse, open));
                if (!open.await(30, TimeUnit.SECONDS)) throw new IllegalStateException("the stream did not open");

                long[] write = new long[n], toSse = new long[n], toHook = new long[n];
                for (int i = -warmup; i < n; i++) {
                    StixObject alert = TestAlerts.alert("domain:bench-" + (i + warmup) + ".example");
                    String delivery = WebhookDispatcher.deliveryId("bench", alert);
                    long t0 = System.nanoTime();
                    store.write(alerts, List.of(alert));
                    long stored = System.nanoTime();
                    while (!sse.containsKey(alert.id()) || !webhook.containsKey(delivery)) Thread.onSpinWait();
                    // and the lane has recorded the acknowledgement: alerts arrive seconds apart, not back to back
                    while (hooks.state("bench").orElseThrow().delivered() < i + warmup + 1) Thread.sleep(1);
                    if (i >= 0) {
                        write[i] = stored - t0;
                        toSse[i] = sse.get(alert.id()) - stored;
                        toHook[i] = webhook.get(delivery) - stored;
                    }
                }

                // baselines, same run: an HTTPS round trip on the same server, a plain POST to the same receiver
                long[] https = new long[n], post = new long[n];
                HttpRequest get = HttpRequest.newBuilder(server.baseUri().resolve("/bench/"))
                        .header("Accept", "application/taxii+json;version=2.1").header("Authorization", "Bearer " + token).build();
                HttpClient plain = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                byte[] body = TestAlerts.alert("domain:baseline.example").canonical();
                receiver.answer = d -> 200;
                for (int i = -warmup; i < n; i++) {
                    long t0 = System.nanoTime();
                    if (client.send(get, HttpResponse.BodyHandlers.discarding()).statusCode() != 200) throw new IllegalStateException("GET failed");
                    long t1 = System.nanoTime();
                    plain.send(HttpRequest.newBuilder(receiver.url()).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.discarding());
                    long t2 = System.nanoTime();
                    if (i >= 0) {
                        https[i] = t1 - t0;
                        post[i] = t2 - t1;
                    }
                }
                reader.interrupt();
                System.out.printf("fan-out latency on loopback, %,d alerts (after %d warm-up), one at a time, embedded store%n", n, warmup);
                System.out.printf("%-52s %9s %9s %9s%n", "", "p50 ms", "p99 ms", "max ms");
                row("store.write of one alert (commit; not in the figures)", write);
                row("stored -> SSE event at the client (HTTPS)", toSse);
                row("stored -> webhook POST at the receiver (HMAC ok)", toHook);
                row("baseline: HTTPS GET round trip, same server", https);
                row("baseline: plain POST of the alert to the receiver", post);
                System.out.printf("ratio p50: SSE / HTTPS round trip %.2f, webhook / plain POST %.2f%n",
                        pct(toSse, 50) / pct(https, 50), pct(toHook, 50) / pct(post, 50));
            } finally {
                dispatcher.close();
                server.close();
                feed.close();
            }
        }
    }

    private static void readStream(HttpClient client, TaxiiServer server, String token, Map<String, Long> arrivals, CountDownLatch open) {
        try {
            HttpResponse<InputStream> r = client.send(HttpRequest.newBuilder(URI.create(server.baseUri() + server.apiRootPath()
                    + "concord/alerts/stream")).header("Accept", "text/event-stream").header("Authorization", "Bearer " + token).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            open.countDown();
            try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    if (!line.startsWith("data: ")) continue;
                    long at = System.nanoTime();
                    int i = line.indexOf("\"id\":\"") + 6;
                    arrivals.put(line.substring(i, line.indexOf('"', i)), at);
                }
            }
        } catch (Exception e) {
            // the benchmark ends
        }
    }

    private static void row(String what, long[] nanos) {
        System.out.printf("%-52s %9.2f %9.2f %9.2f%n", what, pct(nanos, 50), pct(nanos, 99), pct(nanos, 100));
    }

    private static double pct(long[] nanos, int p) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        int i = Math.min(s.length - 1, (int) Math.ceil(p / 100.0 * s.length) - 1);
        return s[Math.max(i, 0)] / 1e6;
    }

    private static SSLContext trusting(Path dir) throws Exception {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(NodeTls.trustStore(NodeTls.readCertificate(NodeTls.certificateFile(dir))));
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return ssl;
    }
}
