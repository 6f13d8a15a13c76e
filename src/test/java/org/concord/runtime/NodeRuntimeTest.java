package org.concord.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
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
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.concord.TestObjects;
import org.concord.cli.CliTest;
import org.concord.config.ConfigFile;
import org.concord.fanout.Receiver;
import org.concord.fanout.WebhookDatabase;
import org.concord.federation.TestFederation;
import org.concord.integrity.MerkleLog;
import org.concord.node.Node;
import org.concord.node.NodeConfig;
import org.concord.stix.StixObject;
import org.concord.stix.Tlp;
import org.concord.store.CollectionInfo;
import org.concord.store.ObjectFilter;
import org.concord.store.StoredVersion;
import org.concord.taxii.Access;
import org.concord.taxii.Permissions;
import org.concord.warning.Sightings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One node started through {@link NodeRuntime} with a subset of its roles runs those parts only, as
 * a partner, a member, a webhook receiver and the store can tell: {@code api} alone serves TAXII and
 * the alert stream, pulls from no peer, raises no alert and delivers to no webhook; without
 * {@code api} nothing listens; roles start later and stop first, the node staying open; closing
 * writes what early warning holds pending.
 */
class NodeRuntimeTest {
    private static final String SECRET = "runtime-webhook-secret-0123456789";
    private static final String TAXII = "application/taxii+json;version=2.1";

    @TempDir
    Path tmp;
    private Path dir;
    /** A peer this node pulls from: a socket that counts the connections made to it. */
    private ServerSocket peer;
    private final AtomicInteger pulls = new AtomicInteger();
    private Receiver hook;

    @BeforeEach
    void node() throws IOException {
        dir = tmp.resolve("cert-ee");
        CliTest.Run init = CliTest.concord("init", "--dir", dir.toString(), "--name", "cert-ee", "--country", "EE");
        assertThat(init.status()).as(init.err()).isZero();
        peer = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> {
            while (!peer.isClosed()) {
                try (Socket s = peer.accept()) {
                    pulls.incrementAndGet();
                } catch (IOException closed) {
                    return;
                }
            }
        });
        CliTest.Run add = CliTest.concord("peer", "add", "cert-lv", "--dir", dir.toString(), "--url",
                "https://127.0.0.1:" + peer.getLocalPort() + "/cert-lv/", "--pull", "--no-push",
                "--fingerprint", "ab".repeat(32));
        assertThat(add.status()).as(add.out() + add.err()).isZero();
        hook = Receiver.start(SECRET, 0);
        Files.writeString(dir.resolve("soc.secret"), SECRET + "\n");
        ConfigFile.edit(dir.resolve(NodeConfig.FILE), config -> {
            config.putArray("agreements").add(TestFederation.inbound("cert-lv", false));
            config.putObject("sync").put("poll_seconds", 1).put("pull_seconds", 1);
            config.putObject("fanout").put("poll_seconds", 1);
            ObjectNode soc = config.putArray("webhooks").addObject();
            soc.put("name", "soc").put("url", hook.url().toString()).put("secret_file", "soc.secret");
        });
    }

    @AfterEach
    void close() throws IOException {
        peer.close();
        hook.close();
    }

    @Test
    void apiAloneServesTaxiiAndTheAlertStreamAndPullsNothingRaisesNothingDeliversNothing() throws Exception {
        NodeRuntime runtime = NodeRuntime.open(dir, InstantSource.system());
        try (runtime) {
            runtime.start(Roles.of(Role.API), plainHttp(0));
            assertThat(runtime.roles()).isEqualTo(Roles.of(Role.API));
            String token = token(runtime);
            String base = "http://127.0.0.1:" + runtime.server().port();
            assertThat(get(base + "/taxii2/", token, TAXII).statusCode()).isEqualTo(200);
            HttpResponse<InputStream> stream = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create(base + runtime.server().apiRootPath() + "concord/alerts/stream"))
                    .header("Accept", "text/event-stream").header("Authorization", "Bearer " + token).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(stream.statusCode()).as("the alert stream reads the alert feed, which runs with api").isEqualTo(200);
            assertThat(stream.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
            stream.body().close();

            Thread.sleep(2_500); // sync would have pulled at once, and again every second
            assertThat(pulls.get()).as("no sync loop").isZero();
            assertThat(alertsCollection(runtime)).as("no correlator: it publishes the alert extension definition as it starts").isEmpty();
            assertThat(new WebhookDatabase(runtime.node().database()).state("soc")).as("no webhook lane").isEmpty();
            assertThatThrownBy(runtime::warning).isInstanceOf(IllegalStateException.class)
                    .hasMessage("the node cert-ee does not run the role warning");

            // the same node, the other roles started beside api: each shows
            runtime.start(Roles.ALL);
            assertThat(runtime.roles()).isEqualTo(Roles.ALL);
            assertThat(TestFederation.eventually(() -> pulls.get() > 0)).as("sync pulls from the peer").isTrue();
            assertThat(alertsCollection(runtime)).isNotEmpty();
            assertThat(TestFederation.eventually(() -> new WebhookDatabase(runtime.node().database()).state("soc").isPresent()))
                    .as("the webhook lane begins").isTrue();
            assertThat(get(base + "/taxii2/", token, TAXII).statusCode()).as("api still serves").isEqualTo(200);
        }
    }

    @Test
    void withoutApiNothingListensAndTheOtherRolesRunUntilApiStartsAndStopsAgain() throws Exception {
        int port = freePort();
        NodeRuntime runtime = NodeRuntime.open(dir, InstantSource.system());
        try (runtime) {
            runtime.start(Roles.parse("sync,warning,fanout"), plainHttp(port));
            assertThat(listening(port)).as("no server").isFalse();
            assertThatThrownBy(runtime::server).isInstanceOf(IllegalStateException.class)
                    .hasMessage("the node cert-ee does not run the role api");
            assertThat(TestFederation.eventually(() -> pulls.get() > 0)).as("sync pulls").isTrue();
            assertThat(alertsCollection(runtime)).as("early warning started").isNotEmpty();
            assertThat(TestFederation.eventually(() -> new WebhookDatabase(runtime.node().database()).state("soc").isPresent()))
                    .as("the webhook lane begins").isTrue();

            runtime.start(Roles.of(Role.API), plainHttp(port));
            assertThat(listening(port)).as("api listens where told").isTrue();
            runtime.stop(Roles.of(Role.API, Role.SYNC));
            assertThat(listening(port)).isFalse();
            assertThat(runtime.roles()).isEqualTo(Roles.of(Role.WARNING, Role.FANOUT));
            int pulled = pulls.get();
            Thread.sleep(2_500);
            assertThat(pulls.get()).as("sync stopped").isEqualTo(pulled);
            StixObject written = StixObject.of(TestObjects.randomIndicator());
            runtime.node().store().write(runtime.node().collectionId(Node.INTELLIGENCE), List.of(written));
            assertThat(runtime.warning().describe()).as("the node stays open, early warning runs").isNotEmpty();
        }
        assertThat(listening(port)).isFalse();
    }

    @Test
    void closingTheRuntimeWritesWhatEarlyWarningHoldsPending() throws Exception {
        StixObject indicator = StixObject.of(TestObjects.randomIndicator());
        NodeRuntime runtime = NodeRuntime.open(dir, InstantSource.system());
        try (runtime) {
            runtime.start(Roles.of(Role.WARNING));
            runtime.node().store().write(runtime.node().collectionId(Node.INTELLIGENCE), List.of(indicator));
            Instant t = Instant.now();
            runtime.warning().sightings().record(new Sightings.Report(runtime.node().config().member().identityId(), indicator.id(),
                    3, t, t, Tlp.GREEN)); // held: new aggregates are written within a second
        }
        try (Node n = Node.open(dir, InstantSource.system(), MerkleLog.writer())) {
            List<StoredVersion> sightings = n.store().objects(n.collectionId(Node.SIGHTINGS), ObjectFilter.all(100)).items();
            assertThat(sightings).as("the report, written as the node stopped").anySatisfy(v ->
                    assertThat(TestFederation.JSON.readTree(v.object().json()).path("sighting_of_ref").asText()).isEqualTo(indicator.id()));
        }
    }

    @Test
    void theResponseStreamIsServedAndTheEscalationLanesStartWithFanout() throws Exception {
        NodeRuntime runtime = NodeRuntime.open(dir, InstantSource.system());
        try (runtime) {
            runtime.start(Roles.of(Role.API, Role.FANOUT), plainHttp(0));
            NodeServices s = runtime.services();
            Access access = new Access(s.taxii().tokens(), s.taxii().rights(), s.taxii().partners(), InstantSource.system(), Duration.ZERO);
            Permissions rights = new Permissions(Set.of(runtime.node().collectionId("cases")), Set.of());
            String token = access.issueToken("duty", rights, Permissions.NONE).secret();
            HttpResponse<InputStream> stream = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                            + runtime.server().port() + runtime.server().apiRootPath() + "concord/response/stream"))
                    .header("Accept", "text/event-stream").header("Authorization", "Bearer " + token).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(stream.statusCode()).isEqualTo(200);
            stream.body().close();
            runtime.stop(Roles.of(Role.FANOUT));
            assertThat(runtime.roles()).isEqualTo(Roles.of(Role.API));
        }
    }

    @Test
    void rolesAreParsedFromTheirNamesAndAnUnknownOneIsSaid() {
        assertThat(Roles.parse("all")).isEqualTo(Roles.ALL);
        assertThat(Roles.parse("api,fanout")).isEqualTo(Roles.of(Role.API, Role.FANOUT));
        assertThat(Roles.parse(" fanout , api ").toString()).isEqualTo("api,fanout");
        assertThat(Roles.parse("warning,all").set()).isEqualTo(Set.of(Role.values()));
        assertThatThrownBy(() -> Roles.parse("api,dashboard")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown role \"dashboard\" in \"api,dashboard\": roles are api,sync,warning,fanout,response (or all)");
        assertThatThrownBy(() -> Roles.parse("")).hasMessageContaining("unknown role \"\"");
        assertThat(Roles.ALL.without(Roles.of(Role.SYNC))).isEqualTo(Roles.parse("api,warning,fanout,response"));
    }

    private static NodeRuntime.Listener plainHttp(int port) {
        return new NodeRuntime.Listener("127.0.0.1", port, true, line -> {});
    }

    /** A member's token: reads the alerts. */
    private static String token(NodeRuntime runtime) {
        NodeServices s = runtime.services();
        Access access = new Access(s.taxii().tokens(), s.taxii().rights(), s.taxii().partners(), InstantSource.system(), Duration.ZERO);
        Permissions rights = new Permissions(Set.of(runtime.node().collectionId(Node.ALERTS)), Set.of());
        return access.issueToken("soc", rights, rights).secret();
    }

    private static List<StoredVersion> alertsCollection(NodeRuntime runtime) {
        Node n = runtime.node();
        return n.store().objects(n.collectionId(Node.ALERTS), ObjectFilter.all(100)).items();
    }

    private static HttpResponse<String> get(String uri, String token, String accept) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(uri)).header("Accept", accept)
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A port nobody listens on now. */
    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
