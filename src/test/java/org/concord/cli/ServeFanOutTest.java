package org.concord.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.concord.cli.CliTest.concord;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.concord.fanout.Receiver;
import org.concord.fanout.TestAlerts;
import org.concord.fanout.WebhookDatabase;
import org.concord.fanout.WebhookDispatcher;
import org.concord.integrity.MerkleLog;
import org.concord.node.Node;
import org.concord.node.NodeConfig;
import org.concord.node.NodeTls;
import org.concord.stix.StixObject;
import org.concord.store.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code concord serve} as a separate process with a webhook configured: an alert written by another
 * process (this test) reaches the SSE stream and the webhook; the node killed with SIGKILL in the
 * middle of a delivery sends the same delivery again after it is started anew; SIGTERM stops it
 * cleanly, letting go of its endpoints. It serves the {@code api} and {@code fanout} roles only: the
 * test's alerts are written by hand, and early warning would join those whose window happens to be
 * one of its own rule's (between 00:00 and 01:00 UTC), writing versions the test does not expect.
 */
@Tag("process")
class ServeFanOutTest {
    private static final Pattern API_ROOT = Pattern.compile("API root\\s+(https://\\S+)");
    private static final String SECRET = "serve-webhook-secret-0123456789";

    @TempDir
    Path tmp;
    private Process serve;

    @AfterEach
    void stop() throws Exception {
        if (serve != null && serve.isAlive()) {
            serve.destroyForcibly();
            serve.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void servedAlertsReachTheStreamAndTheWebhookAcrossACrashAndStopCleanly() throws Exception {
        Path dir = tmp.resolve("cert-ee");
        assertThat(concord("init", "--dir", dir.toString(), "--name", "cert-ee", "--country", "EE").status()).isZero();
        String token = concord("token", "create", "--dir", dir.toString(), "--member", "soc", "--read", "alerts").out().strip();
        try (Receiver hook = Receiver.start(SECRET, 0)) {
            Files.writeString(dir.resolve("soc.secret"), SECRET + "\n");
            ObjectNode config = (ObjectNode) new ObjectMapper().readTree(dir.resolve("node.json").toFile());
            config.putObject("fanout").put("poll_seconds", 1);
            config.putArray("webhooks").addObject().put("name", "soc").put("url", hook.url().toString()).put("secret_file", "soc.secret");
            Files.writeString(dir.resolve("node.json"), config.toPrettyString());

            String apiRoot = start(dir);
            HttpClient client = trusting(dir);
            HttpResponse<InputStream> stream = client.send(HttpRequest.newBuilder(URI.create(apiRoot + "concord/alerts/stream"))
                    .header("Accept", "text/event-stream").header("Authorization", "Bearer " + token).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(stream.statusCode()).isEqualTo(200);
            BlockingQueue<String> data = new LinkedBlockingQueue<>();
            Thread.ofVirtual().start(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                    for (String line; (line = in.readLine()) != null; ) if (line.startsWith("data: ")) data.add(line.substring(6));
                } catch (java.io.IOException e) {
                    // the server went
                }
            });
            awaitBegun(dir);

            // written by another process: the server finds it by polling
            StixObject first = write(dir, TestAlerts.alert("domain:served.example"));
            assertThat(data.poll(30, TimeUnit.SECONDS)).isEqualTo(first.json());
            Receiver.Delivery d1 = hook.next();
            assertThat(d1.text()).isEqualTo(first.json());
            assertThat(d1.signatureValid()).isTrue();
            assertThat(d1.node()).isEqualTo("cert-ee");

            // the node dies in the middle of the next delivery
            CountDownLatch hold = new CountDownLatch(1);
            AtomicInteger calls = new AtomicInteger();
            hook.answer = d -> {
                if (!d.id().equals(d1.id()) && calls.incrementAndGet() == 1) { // hold the second alert's first attempt
                    try {
                        hold.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return 200;
            };
            StixObject second = write(dir, TestAlerts.alert("domain:crash.example"));
            Receiver.Delivery inFlight = hook.next();
            while (inFlight.id().equals(d1.id())) inFlight = hook.next(); // at least once: a repeat of the first may come (a lease lapsed on a loaded machine)
            serve.destroyForcibly(); // SIGKILL
            serve.waitFor(30, TimeUnit.SECONDS);
            hold.countDown();

            start(dir);
            Receiver.Delivery again = hook.next();
            while (again.id().equals(d1.id())) again = hook.next();
            assertThat(again.id()).isEqualTo(inFlight.id()).isEqualTo(WebhookDispatcher.deliveryId("soc", second));
            assertThat(again.text()).isEqualTo(second.json());
            assertThat(again.signatureValid()).isTrue();

            // SIGTERM: a clean stop that lets go of the endpoint
            until(() -> state(dir).delivered() == 2);
            serve.destroy();
            assertThat(serve.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(state(dir).owner()).as("released on a clean stop").isNull();
            CliTest.Run show = concord("webhook", "show", "soc", "--dir", dir.toString());
            assertThat(show.out()).contains("delivered 2").contains("given up 0").contains("waiting 0");
        }
    }

    /** Starts {@code concord serve} on a free port; returns its API root once it listens. */
    private String start(Path dir) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        serve = new ProcessBuilder(java, "-Xmx256m", "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "serve", "--dir", dir.toString(), "--port", "0", "--roles", "api,fanout").redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (String line; (line = out.readLine()) != null; ) {
            seen.append(line).append('\n');
            Matcher m = API_ROOT.matcher(line);
            if (m.find()) {
                Thread.ofVirtual().start(() -> out.lines().forEach(l -> { })); // keep draining its output
                return m.group(1);
            }
        }
        throw new AssertionError("serve did not start:\n" + seen);
    }

    private static StixObject write(Path dir, StixObject alert) {
        try (Node n = Node.open(dir, InstantSource.system(), MerkleLog.writer())) {
            n.store().write(n.collectionId(Node.ALERTS), List.of(alert));
        }
        return alert;
    }

    private static WebhookDatabase.EndpointState state(Path dir) {
        try (Database db = Database.open(NodeConfig.load(dir).storeConfig(dir))) {
            return new WebhookDatabase(db).state("soc").orElseThrow();
        }
    }

    private static void awaitBegun(Path dir) throws InterruptedException {
        until(() -> {
            try (Database db = Database.open(NodeConfig.load(dir).storeConfig(dir))) {
                return new WebhookDatabase(db).state("soc").isPresent();
            }
        });
    }

    private static void until(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("condition not met within 30 s");
            Thread.sleep(50);
        }
    }

    private static HttpClient trusting(Path dir) throws Exception {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(NodeTls.trustStore(NodeTls.readCertificate(NodeTls.certificateFile(dir))));
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(10)).build();
    }
}
