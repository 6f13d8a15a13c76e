package org.concord.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.concord.cli.CliTest.concord;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.concord.integrity.MerkleLog;
import org.concord.node.Node;
import org.concord.node.NodeTls;
import org.concord.runtime.NodeRuntime;
import org.concord.runtime.Role;
import org.concord.runtime.Roles;
import org.concord.store.ObjectFilter;
import org.concord.store.StoredVersion;
import org.concord.taxii.TaxiiServer;
import org.concord.warning.Correlator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code concord sighting add}, and sightings POSTed over TAXII to a serving node raising an alert. */
class SightingCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TAXII = "application/taxii+json;version=2.1";

    @TempDir
    Path tmp;

    private Path init(String name, String country) {
        Path dir = tmp.resolve(name);
        CliTest.Run r = concord("init", "--dir", dir.toString(), "--name", name, "--country", country, "--sector", "energy");
        assertThat(r.status()).as(r.err()).isZero();
        return dir;
    }

    private static List<StoredVersion> stored(Path dir, String collection) {
        try (Node n = Node.open(dir, InstantSource.system(), MerkleLog.writer())) {
            return n.store().objects(n.collectionId(collection), ObjectFilter.all(1000)).items();
        }
    }

    @Test
    void addRecordsSightingsOfObjectsAndOfValues() throws Exception {
        Path dir = init("cert-ee", "EE");
        String indicator = "indicator--" + UUID.randomUUID();
        CliTest.Run of = concord("sighting", "add", "--dir", dir.toString(), "--of", indicator, "--count", "2",
                "--first-seen", "2026-03-14T09:00:00Z", "--last-seen", "2026-03-14T09:30:00.5Z", "--tlp", "green");
        assertThat(of.status()).as(of.err()).isZero();
        assertThat(of.out()).contains("Recorded sighting sighting--").contains(indicator);
        CliTest.Run value = concord("sighting", "add", "--dir", dir.toString(), "--value", "domain:Evil.Example.", "--count", "3");
        assertThat(value.status()).as(value.err()).isZero();
        List<StoredVersion> sightings = stored(dir, Node.SIGHTINGS);
        assertThat(sightings).hasSize(2);
        JsonNode first = JSON.readTree(sightings.getFirst().object().canonical());
        assertThat(first.path("sighting_of_ref").asText()).isEqualTo(indicator);
        assertThat(first.path("count").asInt()).isEqualTo(2);
        assertThat(first.path("last_seen").asText()).isEqualTo("2026-03-14T09:30:00.500Z");
        assertThat(stored(dir, Node.INTELLIGENCE)).extracting(v -> v.object().type()).contains("domain-name", "indicator");
        // the same sighting again folds into the same object
        CliTest.Run again = concord("sighting", "add", "--dir", dir.toString(), "--of", indicator,
                "--first-seen", "2026-03-14T10:00:00Z", "--tlp", "green");
        assertThat(again.out()).contains(sightings.getFirst().object().id());
        assertThat(JSON.readTree(stored(dir, Node.SIGHTINGS).getFirst().object().canonical()).path("count").asInt()).isEqualTo(3);
    }

    @Test
    void helpSaysHowToReport() {
        assertThat(concord("sighting", "add", "--help").out()).contains("Usage: concord sighting add").contains("--value")
                .contains("--of").contains("--first-seen");
        assertThat(concord("sighting", "--help").out()).contains("add");
    }

    @Test
    void badInputIsRefusedSayingWhatToFix() throws Exception {
        Path dir = init("cert-ee", "EE");
        CliTest.Run r = concord("sighting", "add", "--dir", dir.toString(), "--value", "registry:HKLM\\Run");
        assertThat(r.status()).isEqualTo(Main.USAGE);
        assertThat(r.err()).contains("registry").contains("domain, ip, url");
        r = concord("sighting", "add", "--dir", dir.toString(), "--of", "indicator--" + UUID.randomUUID(), "--first-seen", "yesterday");
        assertThat(r.status()).isEqualTo(Main.USAGE);
        assertThat(r.err()).contains("--first-seen").contains("yesterday");
        assertThat(concord("sighting", "add", "--dir", dir.toString()).status()).isEqualTo(Main.USAGE);
        String tomorrow = java.time.Instant.now().plus(java.time.Duration.ofDays(1)).toString();
        r = concord("sighting", "add", "--dir", dir.toString(), "--of", "indicator--" + UUID.randomUUID(), "--last-seen", tomorrow);
        assertThat(r.status()).as("stored, it would never count").isEqualTo(Main.USAGE);
        assertThat(r.err()).contains("--last-seen").contains("is in the future").contains("warning.max_skew (PT5M)")
                .doesNotContain("Exception");
        ObjectNode config = (ObjectNode) JSON.readTree(dir.resolve("node.json").toFile());
        config.putObject("warning").putObject("rule").put("group_by", "country").put("threshold", 0);
        Files.writeString(dir.resolve("node.json"), config.toString());
        r = concord("sighting", "add", "--dir", dir.toString(), "--of", "indicator--" + UUID.randomUUID());
        assertThat(r.status()).isEqualTo(Main.USAGE);
        assertThat(r.err()).contains("node.json /warning/rule/threshold: must be a whole number 1..1000: 0");
    }

    @Test
    void sightingsPostedOverTaxiiFromThreeCountriesRaiseAnAlertReadOverTaxii() throws Exception {
        Path dir = init("cert-ee", "EE");
        String token = concord("token", "create", "--dir", dir.toString(), "--member", "soc",
                "--read", "intelligence,sightings,alerts", "--write", "intelligence,sightings").out().strip();
        NodeRuntime runtime = NodeRuntime.open(dir, InstantSource.system());
        try (runtime) {
            runtime.start(Roles.of(Role.API, Role.WARNING), NodeRuntime.Listener.loopback(0));
            Node n = runtime.node();
            Correlator warning = runtime.warning();
            TaxiiServer server = runtime.server();
            String root = server.baseUri() + server.apiRootPath() + "collections/";
            HttpClient client = client(NodeTls.load(dir));
            Instant now = Instant.now();
            String indicator = "indicator--" + UUID.randomUUID();
            ArrayNode intel = JSON.createArrayNode();
            intel.add(object("indicator", indicator).put("pattern", "[domain-name:value = 'campaign.example']")
                    .put("pattern_type", "stix").put("valid_from", now.toString()));
            ArrayNode sightings = JSON.createArrayNode();
            for (String country : List.of("FI", "LV", "LT")) {
                String identity = "identity--" + UUID.randomUUID();
                intel.add(object("identity", identity).put("name", "CERT-" + country).put("identity_class", "organization")
                        .put("x_concord_country", country));
                ObjectNode s = object("sighting", "sighting--" + UUID.randomUUID()).put("sighting_of_ref", indicator)
                        .put("created_by_ref", identity).put("first_seen", now.toString()).put("last_seen", now.toString());
                s.putArray("where_sighted_refs").add(identity);
                sightings.add(s);
            }
            assertThat(post(client, root + n.collectionId(Node.INTELLIGENCE) + "/objects/", token, intel)).isEqualTo(202);
            assertThat(post(client, root + n.collectionId(Node.SIGHTINGS) + "/objects/", token, sightings)).isEqualTo(202);
            JsonNode alert = null;
            for (long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos(); alert == null && System.nanoTime() < deadline; ) {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(root + n.collectionId(Node.ALERTS)
                                + "/objects/?match[type]=x-concord-alert")).header("Accept", TAXII)
                        .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
                JsonNode objects = JSON.readTree(r.body()).path("objects");
                if (objects.size() > 0) alert = objects.get(0);
                else Thread.sleep(50);
            }
            assertThat(alert).as("an alert within 20 s").isNotNull();
            assertThat(alert.path("key").asText()).isEqualTo("domain:campaign.example");
            assertThat(CorrelatorGroups.of(alert)).containsExactly("FI", "LT", "LV");
            assertThat(alert.path("id").asText()).isEqualTo(warning.alertId("domain:campaign.example", now));
        }
    }

    /** The groups of an alert, as a list. */
    static final class CorrelatorGroups {
        static List<String> of(JsonNode alert) {
            return java.util.stream.StreamSupport.stream(alert.path("groups").spliterator(), false).map(JsonNode::asText).toList();
        }
    }

    private static ObjectNode object(String type, String id) {
        String now = org.concord.stix.StixTimestamp.formatMillis(Instant.now());
        ObjectNode o = JSON.createObjectNode();
        o.put("type", type).put("spec_version", "2.1").put("id", id).put("created", now).put("modified", now);
        return o;
    }

    private static int post(HttpClient client, String url, String token, ArrayNode objects) throws Exception {
        ObjectNode envelope = JSON.createObjectNode();
        envelope.set("objects", objects);
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url)).header("Accept", TAXII)
                .header("Content-Type", TAXII).header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(envelope.toString())).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.body()).doesNotContain("\"failure_count\":1");
        return r.statusCode();
    }

    private static HttpClient client(NodeTls tls) throws Exception {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(tls.trustStore());
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(5)).build();
    }
}
