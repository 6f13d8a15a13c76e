package org.concord.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.concord.cli.CliTest.concord;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.concord.cli.CliTest.Run;
import org.concord.cli.Main;
import org.concord.node.Node;
import org.concord.node.NodeTls;
import org.concord.stix.StixObject;
import org.concord.store.Origin;
import org.concord.store.StoredVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Feeds, driven through the CLI as an operator would: a third-party TAXII 2.1 server (medallion's
 * behaviour) over plain HTTP with --allow-http and over HTTPS with --ca-file, Basic credentials from
 * a file, objects stored with origin feed:NAME, resumed from the checkpoint, failures counted.
 */
class FeedSyncTest {
    static final String COLLECTION = HttpTaxiiClientTest.COLLECTION;

    @TempDir
    Path tmp;

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
    void pullsAFeedOverPlainHttpWhenAllowedResumesAndNeverStoresTwice() throws Exception {
        Path dir = init("cert-ee");
        try (ReferenceTaxiiServer server = ReferenceTaxiiServer.http("analyst", "s3cret")) {
            server.collection(COLLECTION);
            server.add(COLLECTION, HttpTaxiiClientTest.indicators(12));
            Path pw = secret("s3cret");
            Run refused = concord("feed", "add", "ref", "--dir", dir.toString(), "--url", server.discovery().toString(),
                    "--collection", COLLECTION, "--user", "analyst", "--password-file", pw.toString());
            assertThat(refused.status()).isEqualTo(Main.USAGE);
            assertThat(refused.err()).contains("plain HTTP").contains("--allow-http");
            Run added = concord("feed", "add", "ref", "--dir", dir.toString(), "--url", server.discovery().toString(),
                    "--collection", COLLECTION, "--user", "analyst", "--password-file", pw.toString(), "--allow-http");
            assertThat(added.status()).as(added.err()).isZero();
            assertThat(added.out()).contains("added feed ref").contains("WARNING plain HTTP").doesNotContain("s3cret");

            Run first = concord("sync", "--dir", dir.toString(), "--feed", "ref");
            assertThat(first.status()).as(first.out() + first.err()).isZero();
            assertThat(first.out()).contains("pull feed:ref").contains("stored 12");
            server.add(COLLECTION, HttpTaxiiClientTest.indicators(3));
            Run second = concord("sync", "--dir", dir.toString());
            assertThat(second.out()).contains("received 3, stored 3, duplicate 0");
            assertThat(server.requests).anyMatch(r -> r.contains("added_after="));

            // the server fails: the round fails, is counted, and the next one picks up
            server.add(COLLECTION, HttpTaxiiClientTest.indicators(2));
            server.failAtPage = server.pagesServed.get() + 1;
            Run failed = concord("sync", "--dir", dir.toString(), "--feed", "ref");
            assertThat(failed.status()).isEqualTo(Main.REJECTED);
            assertThat(failed.out()).contains("FAILED").contains("answered 503").contains("/api1/collections/" + COLLECTION + "/objects/");
            assertThat(concord("feed", "list", "--dir", dir.toString()).out()).contains("failing     1 rounds in a row");
            server.failAtPage = 0;
            assertThat(concord("sync", "--dir", dir.toString(), "--feed", "ref").out()).contains("stored 2");
            assertThat(concord("feed", "list", "--dir", dir.toString()).out()).contains("ref  " + server.discovery())
                    .contains("last sync   succeeded").contains("checkpoint 2026-03-01T10:00:00.017000Z");

            try (var s = org.concord.cli.NodeServices.open(dir, java.time.InstantSource.system())) {
                List<StoredVersion> entries = new java.util.ArrayList<>();
                s.node().store().scan(org.concord.store.ScanFilter.ALL, entries::add);
                assertThat(entries).hasSize(3 + 17);
                for (ReferenceTaxiiServer.Entry e : server.entries(COLLECTION)) {
                    StixObject o = StixObject.of(e.object());
                    Origin origin = s.node().store().latest(o.id()).orElseThrow().origin();
                    assertThat(origin).isEqualTo(new Origin("feed:ref", null, List.of("feed:ref"), false, "feed:ref", Origin.Signature.UNSIGNED));
                }
            }
            assertThat(concord("feed", "remove", "ref", "--dir", dir.toString()).status()).isZero();
            assertThat(concord("feed", "list", "--dir", dir.toString()).out()).contains("no feeds");
        }
    }

    @Test
    void pullsAFeedOverHttpsTrustingItsCaFileAndRefusesBadCredentials() throws Exception {
        Path dir = init("cert-ee");
        NodeTls serverTls = NodeTls.create(tmp.resolve("server"), "reference");
        try (ReferenceTaxiiServer server = ReferenceTaxiiServer.https(serverTls, "analyst", "s3cret")) {
            server.collection(COLLECTION);
            ObjectNode sighting = TestFederation.JSON.createObjectNode().put("type", "sighting").put("spec_version", "2.1")
                    .put("id", "sighting--" + UUID.randomUUID()).put("created", "2026-01-01T00:00:00.000Z")
                    .put("modified", "2026-01-01T00:00:00.000Z").put("sighting_of_ref", "indicator--" + UUID.randomUUID());
            server.add(COLLECTION, List.of(sighting));
            Path ca = NodeTls.certificateFile(tmp.resolve("server"));
            assertThat(concord("feed", "add", "sensors", "--dir", dir.toString(), "--url", server.discovery().toString(),
                    "--collection", COLLECTION, "--into", "sightings", "--user", "analyst", "--password-file", secret("wrong").toString(),
                    "--ca-file", ca.toString(), "--may-reshare").status()).isZero();
            Run refused = concord("sync", "--dir", dir.toString());
            assertThat(refused.status()).isEqualTo(Main.REJECTED);
            assertThat(refused.out()).contains("answered 401").doesNotContain("wrong");
            assertThat(concord("feed", "remove", "sensors", "--dir", dir.toString()).status()).isZero();
            assertThat(concord("feed", "add", "sensors", "--dir", dir.toString(), "--url", server.discovery().toString(),
                    "--collection", COLLECTION, "--into", "sightings", "--user", "analyst", "--password-file", secret("s3cret").toString(),
                    "--ca-file", ca.toString(), "--may-reshare").status()).isZero();
            Run ok = concord("sync", "--dir", dir.toString());
            assertThat(ok.status()).as(ok.out()).isZero();
            try (var s = org.concord.cli.NodeServices.open(dir, java.time.InstantSource.system())) {
                StoredVersion v = s.node().store().latest(sighting.get("id").asText()).orElseThrow();
                assertThat(v.origin().mayReshare()).isTrue();
                assertThat(s.node().store().objects(s.node().collectionId(Node.SIGHTINGS), org.concord.store.ObjectFilter.all(10)).items())
                        .hasSize(1);
            }
        }
    }
}
