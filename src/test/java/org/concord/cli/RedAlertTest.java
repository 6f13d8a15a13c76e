package org.concord.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.concord.cli.DemoFederation.RunningNode;
import org.concord.fanout.Receiver;
import org.concord.node.Node;
import org.concord.node.NodeConfig;
import org.concord.node.NodeTls;
import org.concord.stix.StixObject;
import org.concord.stix.Tlp;
import org.concord.warning.Sightings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An alert derived from a TLP:RED indicator is TLP:RED and never leaves its node (issue 12, section
 * 1): three real nodes of {@code concord demo}, whose agreements go up to AMBER; at cert-ee, members
 * in three countries sight a RED indicator (their sightings GREEN) and, as the positive control, a
 * GREEN one. The GREEN alert reaches the partners by push, a partner's TAXII read of the alerts
 * collection, a partner's alert stream and a webhook with {@code max_tlp: green}; nothing of the
 * RED alert does — neither its id, nor its key, nor the RED indicator's id.
 */
class RedAlertTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "red-alert-webhook-secret-0123456789";
    private static final Duration LIMIT = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    @Test
    void anAlertFromARedIndicatorReachesNoPartnerNoPartnersStreamAndNoGreenWebhook() throws Exception {
        try (Receiver hook = Receiver.start(SECRET, 0)) {
            DemoFederation f = DemoFederation.create(tmp, FederatedEarlyWarningTest.freePorts(3), FederatedEarlyWarningTest.WARNINGLISTS,
                    DemoFederation.Timing.DEMO, InstantSource.system());
            DemoFederation.Member eeMember = f.members().getFirst();
            Path eeDir = f.dir(eeMember);
            Files.writeString(eeDir.resolve("soc.secret"), SECRET + "\n");
            ObjectNode config = (ObjectNode) JSON.readTree(eeDir.resolve(NodeConfig.FILE).toFile());
            config.putObject("fanout").put("poll_seconds", 1);
            config.putArray("webhooks").addObject().put("name", "soc").put("url", hook.url().toString())
                    .put("secret_file", "soc.secret").put("max_tlp", "green");
            Files.writeString(eeDir.resolve(NodeConfig.FILE), config.toPrettyString());

            try (DemoFederation running = f.start()) {
                RunningNode ee = running.nodes().get(0), fi = running.nodes().get(1), lv = running.nodes().get(2);
                String tag = UUID.randomUUID().toString().substring(0, 8);
                String redDomain = "red-" + tag + ".example", greenDomain = "green-" + tag + ".example";
                StixObject red = indicator(redDomain, Tlp.RED), green = indicator(greenDomain, Tlp.GREEN);
                List<String> reporters = List.of(constituent(ee, "EE"), constituent(ee, "FI"), constituent(ee, "LV"));
                ee.node().store().write(ee.node().collectionId(Node.INTELLIGENCE), List.of(red, green));

                // a partner's alert stream on cert-ee, from the start of the collection
                BlockingQueue<String> stream = partnerStream(f, ee, fi);

                Instant t = Instant.now();
                for (String who : reporters) ee.correlator().sightings().record(new Sightings.Report(who, red.id(), 1, t, t, Tlp.GREEN));
                ee.correlator().sightings().flush();
                String redAlert = ee.correlator().alertId("domain:" + redDomain, t);
                assertThat(DemoFederation.await(() -> ee.latestAlert("domain:" + redDomain) != null, LIMIT)).as("the RED alert at cert-ee").isNotNull();
                assertThat(ee.latestAlert("domain:" + redDomain).markingRefs()).containsExactly(Tlp.RED.markingId());

                for (String who : reporters) ee.correlator().sightings().record(new Sightings.Report(who, green.id(), 1, t, t, Tlp.GREEN));
                ee.correlator().sightings().flush();
                String greenAlert = ee.correlator().alertId("domain:" + greenDomain, t);
                assertThat(DemoFederation.await(() -> fi.latestAlert("domain:" + greenDomain) != null
                        && lv.latestAlert("domain:" + greenDomain) != null, LIMIT)).as("the GREEN alert pushed to both partners").isNotNull();

                List<String> secrets = List.of(redAlert, redDomain, red.id());
                // push: the partners hold the GREEN alert and nothing of the RED one
                for (RunningNode partner : List.of(fi, lv)) {
                    for (StixObject v : partner.alertVersions()) assertThat(v.json()).doesNotContain(secrets);
                }
                // the stream, in date_added order: the GREEN alert came after the RED one was stored, and alone
                String event = stream.poll(60, TimeUnit.SECONDS);
                assertThat(event).as("the GREEN alert on the partner's stream").isNotNull().contains(greenAlert);
                assertThat(event).doesNotContain(secrets);
                // the webhook takes GREEN and below: the GREEN alert, nothing before it
                Receiver.Delivery d = hook.next();
                assertThat(d.text()).contains(greenAlert).doesNotContain(secrets);
                // a partner's TAXII read of the alerts collection
                HttpResponse<String> read = client(f, ee, fi).send(HttpRequest.newBuilder(URI.create(ee.apiRoot() + "collections/"
                        + ee.node().collectionId(Node.ALERTS) + "/objects/?match[type]=x-concord-alert"))
                        .header("Accept", "application/taxii+json;version=2.1").build(), HttpResponse.BodyHandlers.ofString());
                assertThat(read.statusCode()).as(read.body()).isEqualTo(200);
                assertThat(read.body()).contains(greenAlert).doesNotContain(secrets);
                assertThat(read.headers().map().toString()).doesNotContain(secrets);
                assertThat(stream.poll(500, TimeUnit.MILLISECONDS)).as("nothing more on the stream").isNull();
                assertThat(hook.nextWithin(Duration.ofMillis(500))).as("nothing more to the webhook").isNull();
            }
        }
    }

    private static StixObject indicator(String domain, Tlp tlp) {
        ObjectNode o = JSON.createObjectNode();
        o.put("type", "indicator").put("spec_version", "2.1").put("id", "indicator--" + UUID.randomUUID())
                .put("created", "2026-03-01T00:00:00.000Z").put("modified", "2026-03-01T00:00:00.000Z")
                .put("name", "a " + tlp.label() + " indicator").put("pattern", "[domain-name:value = '" + domain + "']")
                .put("pattern_type", "stix").put("valid_from", "2026-03-01T00:00:00Z").put("confidence", 80);
        o.putArray("object_marking_refs").add(tlp.markingId());
        return StixObject.of(o);
    }

    /** An organisation of cert-ee's constituency in {@code country}; its id. */
    private static String constituent(RunningNode n, String country) {
        String id = "identity--" + UUID.randomUUID();
        ObjectNode o = JSON.createObjectNode();
        o.put("type", "identity").put("spec_version", "2.1").put("id", id).put("created", "2026-03-01T00:00:00.000Z")
                .put("modified", "2026-03-01T00:00:00.000Z").put("name", "Constituent in " + country)
                .put("identity_class", "organization").put("x_concord_country", country);
        o.putArray("object_marking_refs").add(Tlp.GREEN.markingId());
        n.node().store().write(n.node().collectionId(Node.INTELLIGENCE), List.of(StixObject.of(o)));
        return id;
    }

    /** The data lines of {@code partner}'s alert stream on {@code at}, read by a thread into a queue. */
    private static BlockingQueue<String> partnerStream(DemoFederation f, RunningNode at, RunningNode partner) throws Exception {
        HttpResponse<java.io.InputStream> r = client(f, at, partner).send(HttpRequest.newBuilder(URI.create(at.apiRoot()
                        + "concord/alerts/stream?added_after=1970-01-01T00:00:00Z")).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        BlockingQueue<String> data = new LinkedBlockingQueue<>();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) if (line.startsWith("data: ")) data.add(line.substring(6));
            } catch (java.io.IOException e) {
                // the server went
            }
        });
        return data;
    }

    /** An HTTPS client with {@code as}'s TLS identity (mutual TLS, as a pinned partner) trusting {@code at}'s certificate. */
    private static HttpClient client(DemoFederation f, RunningNode at, RunningNode as) throws Exception {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(NodeTls.trustStore(NodeTls.readCertificate(NodeTls.certificateFile(f.dir(at.member)))));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        char[] pw = "test".toCharArray();
        KeyStore ks = NodeTls.load(f.dir(as.member)).keyStore(pw);
        kmf.init(ks, pw);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(10)).build();
    }
}
