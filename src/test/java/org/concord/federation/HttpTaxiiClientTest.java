package org.concord.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.concord.ConcordException;
import org.concord.node.NodeTls;
import org.concord.stix.StixObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TAXII client against a third-party-style server (medallion's behaviour, {@link
 * ReferenceTaxiiServer}) over real HTTP and HTTPS on 127.0.0.1: discovery, paging by next tokens,
 * Basic credentials from a file, plain HTTP only when allowed, trust from a CA file, bounded
 * answers, and errors that name the URL.
 */
class HttpTaxiiClientTest {
    static final String COLLECTION = "91a7b528-80eb-42ed-a74d-c6fbd5a26116";

    @TempDir
    Path tmp;

    private Feed feed(ReferenceTaxiiServer server, String password, boolean allowHttp, Path ca) throws Exception {
        Path pw = tmp.resolve("pw-" + UUID.randomUUID());
        Files.writeString(pw, password + "\n");
        return new Feed("ref", server.discovery(), COLLECTION, "intelligence", new FeedAuth.Basic("analyst", pw), ca, allowHttp,
                false, Instant.now());
    }

    static List<ObjectNode> indicators(int n) {
        return IntStream.range(0, n).mapToObj(i -> Samples.indicator("indicator--" + UUID.randomUUID(), "2026-01-0" + (1 + i % 9) + "T00:00:00.000Z")).toList();
    }

    @Test
    void discoversPagesByNextAndPostsOverPlainHttpWhenAllowed() throws Exception {
        try (ReferenceTaxiiServer server = ReferenceTaxiiServer.http("analyst", "s3cret")) {
            server.collection(COLLECTION);
            server.add(COLLECTION, indicators(25));
            try (HttpTaxiiClient client = HttpTaxiiClient.forFeed(feed(server, "s3cret", true, null), HttpTaxiiClient.Limits.DEFAULT)) {
                TaxiiRemote.Discovery d = client.discover(server.discovery());
                assertThat(d.apiRoots()).containsExactly(URI.create(server.base() + ReferenceTaxiiServer.ROOT));
                URI root = d.apiRoots().getFirst();
                assertThat(client.apiRoot(root).maxContentLength()).isEqualTo(9_765_625);
                assertThat(client.collections(root)).extracting(TaxiiRemote.Collection::id).containsExactly(COLLECTION);

                List<String> ids = new ArrayList<>();
                TaxiiRemote.Page page = client.objects(root, COLLECTION, new TaxiiRemote.PageRequest(null, null, 10));
                int pages = 1;
                page.objects().forEach(o -> ids.add(o.get("id").asText()));
                while (page.more()) {
                    assertThat(page.next()).isNotNull();
                    assertThat(page.dateAddedLast()).matches("2026-03-01T10:00:00\\.\\d{6}Z");
                    page = client.objects(root, COLLECTION, new TaxiiRemote.PageRequest(null, page.next(), 10));
                    page.objects().forEach(o -> ids.add(o.get("id").asText()));
                    pages++;
                }
                assertThat(pages).isEqualTo(3);
                assertThat(ids).hasSize(25).doesNotHaveDuplicates()
                        .isEqualTo(server.entries(COLLECTION).stream().map(e -> e.object().get("id").asText()).toList());
                // added_after continues after a checkpoint, as a resumed pull does
                String after = server.entries(COLLECTION).get(19).dateAdded().toString();
                assertThat(client.objects(root, COLLECTION, new TaxiiRemote.PageRequest(after, null, 100)).objects()).hasSize(5);
                assertThat(server.requests).anyMatch(r -> r.contains("match%5Bversion%5D=all"));

                StixObject posted = StixObject.of(Samples.indicator("indicator--" + UUID.randomUUID(), "2026-02-01T00:00:00.000Z"));
                TaxiiRemote.Status s = client.add(root, COLLECTION, new TaxiiRemote.Outgoing(List.of(posted), List.of()));
                assertThat(s.complete()).isFalse();
                TaxiiRemote.Status polled = client.status(root, s.id());
                assertThat(polled.complete()).isTrue();
                assertThat(polled.successes()).extracting(TaxiiRemote.Detail::id).containsExactly(posted.id());
            }
        }
    }

    @Test
    void refusesPlainHttpUnlessAllowedAndNamesTheUrlOfARefusal() throws Exception {
        try (ReferenceTaxiiServer server = ReferenceTaxiiServer.http("analyst", "s3cret")) {
            server.collection(COLLECTION);
            assertThatThrownBy(() -> feed(server, "s3cret", false, null)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("--allow-http");
            try (HttpTaxiiClient wrong = HttpTaxiiClient.forFeed(feed(server, "not-it", true, null), HttpTaxiiClient.Limits.DEFAULT)) {
                URI root = URI.create(server.base() + ReferenceTaxiiServer.ROOT);
                assertThatThrownBy(() -> wrong.collections(root)).isInstanceOf(TaxiiException.class)
                        .hasMessageContaining("GET " + root + "collections/ answered 401").hasMessageContaining("credentials")
                        .hasMessageNotContaining("not-it")
                        .satisfies(e -> assertThat(((TaxiiException) e).kind()).isEqualTo(TaxiiException.Kind.REFUSED));
                assertThatThrownBy(() -> wrong.objects(root, "nope", new TaxiiRemote.PageRequest(null, null, 5)))
                        .hasMessageContaining("/collections/nope/objects/");
            }
        }
    }

    @Test
    void trustsTheFeedsCaFileOverHttpsAndRefusesAnotherCertificate() throws Exception {
        NodeTls serverTls = NodeTls.create(tmp.resolve("server"), "reference");
        NodeTls other = NodeTls.create(tmp.resolve("other"), "other");
        try (ReferenceTaxiiServer server = ReferenceTaxiiServer.https(serverTls, "analyst", "s3cret")) {
            server.collection(COLLECTION);
            server.add(COLLECTION, indicators(3));
            URI root = URI.create(server.base() + ReferenceTaxiiServer.ROOT);
            try (HttpTaxiiClient client = HttpTaxiiClient.forFeed(feed(server, "s3cret", false,
                    NodeTls.certificateFile(tmp.resolve("server"))), HttpTaxiiClient.Limits.DEFAULT)) {
                assertThat(client.objects(root, COLLECTION, new TaxiiRemote.PageRequest(null, null, 10)).objects()).hasSize(3);
            }
            try (HttpTaxiiClient client = HttpTaxiiClient.forFeed(feed(server, "s3cret", false,
                    NodeTls.certificateFile(tmp.resolve("other"))), HttpTaxiiClient.Limits.DEFAULT)) {
                assertThatThrownBy(() -> client.apiRoot(root)).isInstanceOf(TaxiiException.class)
                        .hasMessageContaining("GET " + root).hasMessageContaining("TLS handshake failed")
                        .satisfies(e -> assertThat(((TaxiiException) e).kind()).isEqualTo(TaxiiException.Kind.UNREACHABLE));
            }
            assertThat(other.fingerprint()).isNotEqualTo(serverTls.fingerprint());
        }
    }

    @Test
    void boundsPagesAndTimesOut() throws Exception {
        try (ReferenceTaxiiServer server = ReferenceTaxiiServer.http("analyst", "s3cret")) {
            server.collection(COLLECTION);
            server.add(COLLECTION, indicators(40));
            URI root = URI.create(server.base() + ReferenceTaxiiServer.ROOT);
            HttpTaxiiClient.Limits small = new HttpTaxiiClient.Limits(Duration.ofSeconds(5), Duration.ofSeconds(5), 4096, 4096);
            try (HttpTaxiiClient client = HttpTaxiiClient.forFeed(feed(server, "s3cret", true, null), small)) {
                assertThatThrownBy(() -> client.objects(root, COLLECTION, new TaxiiRemote.PageRequest(null, null, 40)))
                        .isInstanceOf(TaxiiException.class).hasMessageContaining("larger than 4096 bytes")
                        .satisfies(e -> assertThat(((TaxiiException) e).kind()).isEqualTo(TaxiiException.Kind.MALFORMED));
                assertThat(client.objects(root, COLLECTION, new TaxiiRemote.PageRequest(null, null, 2)).objects()).hasSize(2);
            }
        }
        // a server that accepts and never answers
        try (java.net.ServerSocket silent = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            HttpTaxiiClient.Limits quick = new HttpTaxiiClient.Limits(Duration.ofSeconds(2), Duration.ofMillis(300), 4096, 4096);
            Feed f = new Feed("silent", URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/taxii2/"), COLLECTION, "intelligence",
                    new FeedAuth.None(), null, true, false, Instant.now());
            try (HttpTaxiiClient client = HttpTaxiiClient.forFeed(f, quick)) {
                assertThatThrownBy(() -> client.discover(f.url())).isInstanceOf(TaxiiException.class)
                        .hasMessageContaining("GET " + f.url() + ": no answer within");
            }
        }
    }

    @Test
    void credentialFilesMustBeReadableAndAreNeverShown() throws Exception {
        Feed f = new Feed("x", URI.create("https://127.0.0.1:1/taxii2/"), COLLECTION, "intelligence",
                new FeedAuth.Bearer(tmp.resolve("missing-token")), null, false, false, Instant.now());
        assertThatThrownBy(() -> HttpTaxiiClient.forFeed(f, HttpTaxiiClient.Limits.DEFAULT)).isInstanceOf(ConcordException.class)
                .hasMessageContaining("token file of feed x cannot be read").hasMessageContaining("missing-token");
        Path token = tmp.resolve("token");
        Files.writeString(token, "ct1.abcdef.very-secret");
        try (HttpTaxiiClient c = HttpTaxiiClient.forFeed(new Feed("x", f.url(), COLLECTION, "intelligence", new FeedAuth.Bearer(token), null,
                false, false, Instant.now()), HttpTaxiiClient.Limits.DEFAULT)) {
            assertThat(c.toString()).doesNotContain("very-secret").contains("Bearer");
        }
    }

    @Test
    void readsProvenanceClaimsAndNamesWhatIsWrongWithABadOne() throws Exception {
        JsonNode member = ReferenceTaxiiServer.JSON.readTree("""
                [{"id":"indicator--1","version":"2026-01-01T00:00:00.000Z","origin":"cert-ee","country":"EE",
                  "path":["cert-ee","cert-lv"],"may_reshare":true},
                 {"id":"indicator--2","version":"","origin":"cert-ee","path":["cert-lv"],"may_reshare":true},
                 {"id":"indicator--3","version":"v","origin":"cert-ee","path":["cert-ee"]}]""");
        ProvenanceClaim.Claims claims = ProvenanceClaim.parse(member);
        assertThat(claims.of("indicator--1", "2026-01-01T00:00:00.000Z").path()).containsExactly("cert-ee", "cert-lv");
        assertThat(claims.of("indicator--2", "")).isNull();
        assertThat(claims.problem("indicator--2", "")).contains("path must start at the origin cert-ee");
        assertThat(claims.problem("indicator--3", "v")).contains("may_reshare");
        assertThat(ProvenanceClaim.parse(ReferenceTaxiiServer.JSON.readTree("{}")).problem("a", "b")).contains("not an array");
        assertThat(ProvenanceClaim.parse(null).of("a", "b")).isNull();
    }
}
