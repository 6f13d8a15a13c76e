package org.concord.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.concord.cli.CliTest.concord;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.concord.cli.CliTest.Run;
import org.concord.cli.Main;
import org.concord.node.Node;
import org.concord.node.NodeTls;
import org.concord.runtime.NodeServices;
import org.concord.stix.StixObject;
import org.concord.store.ObjectFilter;
import org.concord.store.Origin;
import org.concord.store.ScanFilter;
import org.concord.store.StoredVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Feeds over HTTPS, driven through the CLI as an operator would, from the OASIS reference server
 * medallion serving TLS with a certificate of its own: trusted through {@code --ca-file}, Basic
 * credentials read from a file, objects stored with origin {@code feed:NAME} in the collection
 * {@code --into} names, resumed from the checkpoint; bad credentials and an untrusted certificate
 * refused with a message and counted. Paging, ties and cut rounds: MedallionFeedTest.
 */
@Tag("process")
class FeedSyncTest {
    static final String INTEL = "91a7b528-80eb-42ed-a74d-c6fbd5a26116";
    static final String SENSORS = "e2c1bd6d-5b5a-4b1f-9e0c-7d6f58f6a0a4";

    @TempDir
    static Path shared;
    @TempDir
    Path tmp;
    static Medallion medallion;
    static Path ca;

    @BeforeAll
    static void start() throws Exception {
        NodeTls.create(shared.resolve("medallion-tls"), "medallion");
        ca = NodeTls.certificateFile(shared.resolve("medallion-tls"));
        Files.createDirectories(shared.resolve("medallion"));
        medallion = Medallion.startTls(shared.resolve("medallion"), Map.of(INTEL, List.of(), SENSORS, List.of()),
                shared.resolve("medallion-tls"));
    }

    @AfterAll
    static void stop() {
        if (medallion != null) medallion.close();
    }

    private Path init(String name) {
        Path dir = tmp.resolve(name);
        Run r = concord("init", "--dir", dir.toString(), "--name", name, "--country", "EE");
        assertThat(r.status()).as(r.err()).isZero();
        return dir;
    }

    private Path secret(String value) throws Exception {
        Path p = tmp.resolve("secret-" + UUID.randomUUID());
        Files.writeString(p, value + "\n");
        Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        return p;
    }

    @Test
    void pullsAFeedOverHttpsTrustingItsCaFileResumesAndNeverStoresTwice() throws Exception {
        Path dir = init("cert-ee");
        assertThat(medallion.discovery().getScheme()).isEqualTo("https");
        List<ObjectNode> first = MedallionFeedTest.indicators(12);
        medallion.post(INTEL, first);
        Run added = concord("feed", "add", "med", "--dir", dir.toString(), "--url", medallion.discovery().toString(),
                "--collection", INTEL, "--user", Medallion.USER, "--password-file", secret(medallion.password).toString(),
                "--ca-file", ca.toString());
        assertThat(added.status()).as(added.err()).isZero();
        assertThat(added.out()).contains("added feed med").doesNotContain(medallion.password).doesNotContain("WARNING plain HTTP");

        Run r1 = concord("sync", "--dir", dir.toString(), "--feed", "med");
        assertThat(r1.status()).as(r1.out() + r1.err()).isZero();
        assertThat(r1.out()).contains("pull feed:med").contains("received 12, stored 12, duplicate 0");
        List<ObjectNode> second = MedallionFeedTest.indicators(3);
        String lastAdded = medallion.post(INTEL, second).get("request_timestamp").asText();
        Run r2 = concord("sync", "--dir", dir.toString());
        assertThat(r2.out()).contains("received 3, stored 3, duplicate 0");
        assertThat(concord("feed", "list", "--dir", dir.toString()).out()).contains("med  " + medallion.discovery())
                .contains("last sync   succeeded").contains("everything the feed added up to " + lastAdded + " (checkpoint");

        try (NodeServices s = NodeServices.open(dir, InstantSource.system())) {
            List<StoredVersion> entries = new ArrayList<>();
            s.node().store().scan(ScanFilter.ALL, entries::add);
            assertThat(entries.stream().filter(v -> !v.local())).hasSize(15);
            List<ObjectNode> all = new ArrayList<>(first);
            all.addAll(second);
            for (ObjectNode o : all) {
                Origin origin = s.node().store().latest(StixObject.of(o).id()).orElseThrow().origin();
                assertThat(origin).isEqualTo(new Origin("feed:med", null, List.of("feed:med"), false, "feed:med", Origin.Signature.UNSIGNED));
            }
        }
        assertThat(concord("feed", "remove", "med", "--dir", dir.toString()).status()).isZero();
        assertThat(concord("feed", "list", "--dir", dir.toString()).out()).contains("no feeds");
    }

    @Test
    void refusesBadCredentialsAndACertificateItWasNotToldToTrustThenPullsIntoAnotherCollection() throws Exception {
        Path dir = init("cert-ee");
        ObjectNode sighting = TestFederation.JSON.createObjectNode().put("type", "sighting").put("spec_version", "2.1")
                .put("id", "sighting--" + UUID.randomUUID()).put("created", "2026-01-01T00:00:00.000Z")
                .put("modified", "2026-01-01T00:00:00.000Z").put("sighting_of_ref", "indicator--" + UUID.randomUUID());
        medallion.post(SENSORS, List.of(sighting));
        assertThat(concord("feed", "add", "sensors", "--dir", dir.toString(), "--url", medallion.discovery().toString(),
                "--collection", SENSORS, "--into", "sightings", "--user", Medallion.USER, "--password-file", secret("wrong").toString(),
                "--ca-file", ca.toString(), "--may-reshare").status()).isZero();
        Run refused = concord("sync", "--dir", dir.toString());
        assertThat(refused.status()).isEqualTo(Main.REJECTED);
        assertThat(refused.out()).contains("answered 401").contains("credentials").doesNotContain("wrong");
        assertThat(concord("feed", "list", "--dir", dir.toString()).out()).contains("failing     1 rounds in a row")
                .contains("nothing known complete yet");

        // the JDK's certificate authorities, or another CA file, do not vouch for medallion's certificate
        NodeTls.create(tmp.resolve("other"), "other");
        for (String[] trust : List.of(new String[0], new String[] {"--ca-file", NodeTls.certificateFile(tmp.resolve("other")).toString()})) {
            assertThat(concord("feed", "remove", "sensors", "--dir", dir.toString()).status()).isZero();
            List<String> args = new ArrayList<>(List.of("feed", "add", "sensors", "--dir", dir.toString(), "--url",
                    medallion.discovery().toString(), "--collection", SENSORS, "--into", "sightings", "--user", Medallion.USER,
                    "--password-file", secret(medallion.password).toString()));
            args.addAll(List.of(trust));
            assertThat(concord(args.toArray(String[]::new)).status()).isZero();
            Run untrusted = concord("sync", "--dir", dir.toString());
            assertThat(untrusted.status()).isEqualTo(Main.REJECTED);
            assertThat(untrusted.out()).contains("TLS handshake failed").contains("GET " + medallion.discovery());
        }

        assertThat(concord("feed", "remove", "sensors", "--dir", dir.toString()).status()).isZero();
        assertThat(concord("feed", "add", "sensors", "--dir", dir.toString(), "--url", medallion.discovery().toString(),
                "--collection", SENSORS, "--into", "sightings", "--user", Medallion.USER, "--password-file",
                secret(medallion.password).toString(), "--ca-file", ca.toString(), "--may-reshare").status()).isZero();
        Run ok = concord("sync", "--dir", dir.toString());
        assertThat(ok.status()).as(ok.out()).isZero();
        try (NodeServices s = NodeServices.open(dir, InstantSource.system())) {
            StoredVersion v = s.node().store().latest(sighting.get("id").asText()).orElseThrow();
            assertThat(v.origin().mayReshare()).isTrue();
            assertThat(s.node().store().objects(s.node().collectionId(Node.SIGHTINGS), ObjectFilter.all(10)).items()).hasSize(1);
        }
    }
}
