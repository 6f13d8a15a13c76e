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
import org.concord.stix.StixObject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TAXII client against the OASIS reference server medallion (../shared/peers, plain HTTP on
 * 127.0.0.1, pages of 100): discovery, paging by {@code next} sent with the query's own
 * {@code added_after} (medallion answers 400 otherwise), Basic credentials from a file, plain HTTP
 * only when allowed, bounded answers, errors that name the URL; and, against
 * {@link PendingStatusServer}, a status pending when first answered (medallion completes at once).
 * HTTPS and a feed's CA file: FeedSyncTest, against medallion over TLS.
 */
@Tag("process")
class HttpTaxiiClientTest {
    static final String COLLECTION = "91a7b528-80eb-42ed-a74d-c6fbd5a26116";
    static final String EMPTY = "52892447-4d7e-4f70-b94d-d7f22742ff63";

    @TempDir
    static Path shared;
    @TempDir
    Path tmp;
    static Medallion medallion;
    static List<String> posted = new ArrayList<>();
    static String firstAdded;

    @BeforeAll
    static void start() {
        medallion = Medallion.start(shared, java.util.Map.of(COLLECTION, List.of(), EMPTY, List.of()));
        List<ObjectNode> first = indicators(25), second = indicators(5);
        firstAdded = medallion.post(COLLECTION, first).get("request_timestamp").asText();
        medallion.post(COLLECTION, second);
        first.forEach(o -> posted.add(o.get("id").asText()));
        second.forEach(o -> posted.add(o.get("id").asText()));
    }

    @AfterAll
    static void stop() {
        if (medallion != null) medallion.close();
    }

    private Feed feed(URI url, String password, boolean allowHttp) throws Exception {
        Path pw = tmp.resolve("pw-" + UUID.randomUUID());
        Files.writeString(pw, password + "\n");
        return new Feed("med", url, COLLECTION, "intelligence", new FeedAuth.Basic(Medallion.USER, pw), null, allowHttp,
                false, Instant.now());
    }

    static List<ObjectNode> indicators(int n) {
        return IntStream.range(0, n).mapToObj(i -> Samples.indicator("indicator--" + UUID.randomUUID(), "2026-01-0" + (1 + i % 9) + "T00:00:00.000Z")).toList();
    }

    @Test
    void discoversAndPagesByNextSentWithTheQueryOverPlainHttpWhenAllowed() throws Exception {
        try (HttpTaxiiClient client = HttpTaxiiClient.forFeed(feed(medallion.discovery(), medallion.password, true),
                HttpTaxiiClient.Limits.DEFAULT)) {
            TaxiiRemote.Discovery d = client.discover(medallion.discovery());
            assertThat(d.apiRoots()).containsExactly(medallion.apiRoot());
            URI root = d.apiRoots().getFirst();
            assertThat(client.apiRoot(root).maxContentLength()).isEqualTo(9_765_625);
            assertThat(client.collections(root)).extracting(TaxiiRemote.Collection::id).containsExactlyInAnyOrder(COLLECTION, EMPTY);

            List<String> ids = new ArrayList<>();
            TaxiiRemote.Page page = client.objects(root, COLLECTION, new TaxiiRemote.PageRequest(null, null, 10));
            int pages = 1;
            page.objects().forEach(o -> ids.add(o.get("id").asText()));
            while (page.more()) {
                assertThat(page.next()).isNotNull();
                assertThat(page.dateAddedLast()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
                page = client.objects(root, COLLECTION, new TaxiiRemote.PageRequest(null, page.next(), 10));
                page.objects().forEach(o -> ids.add(o.get("id").asText()));
                pages++;
            }
            assertThat(pages).isEqualTo(3);
            assertThat(ids).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(posted);

            // after a checkpoint: the 5 of the second POST, and next goes with that added_after
            TaxiiRemote.Page after = client.objects(root, COLLECTION, new TaxiiRemote.PageRequest(firstAdded, null, 2));
            assertThat(after.more()).isTrue();
            assertThat(client.objects(root, COLLECTION, new TaxiiRemote.PageRequest(firstAdded, after.next(), 2)).objects()).hasSize(2);
            assertThatThrownBy(() -> client.objects(root, COLLECTION, new TaxiiRemote.PageRequest(null, after.next(), 2)))
                    .as("medallion: a next without the query's parameters is refused").isInstanceOf(TaxiiException.class)
                    .hasMessageContaining("answered 400").hasMessageContaining("params changed");
            assertThat(medallion.output()).contains("match%5Bversion%5D=all");

            StixObject added = StixObject.of(Samples.indicator("indicator--" + UUID.randomUUID(), "2026-02-01T00:00:00.000Z"));
            TaxiiRemote.Status s = client.add(root, EMPTY, new TaxiiRemote.Outgoing(List.of(added), List.of()));
            assertThat(s.complete()).isTrue();
            assertThat(client.status(root, s.id()).successes()).extracting(TaxiiRemote.Detail::id).containsExactly(added.id());
        }
    }

    @Test
    void pollsAStatusThatIsPendingWhenFirstAnswered() throws Exception {
        try (PendingStatusServer server = PendingStatusServer.start(COLLECTION);
             HttpTaxiiClient client = HttpTaxiiClient.forFeed(feed(server.apiRoot(), "unused", true), HttpTaxiiClient.Limits.DEFAULT)) {
            StixObject posted = StixObject.of(Samples.indicator("indicator--" + UUID.randomUUID(), "2026-02-01T00:00:00.000Z"));
            TaxiiRemote.Status s = client.add(server.apiRoot(), COLLECTION, new TaxiiRemote.Outgoing(List.of(posted), List.of()));
            assertThat(s.complete()).isFalse();
            TaxiiRemote.Status polled = client.status(server.apiRoot(), s.id());
            assertThat(polled.complete()).isTrue();
            assertThat(polled.successes()).extracting(TaxiiRemote.Detail::id).containsExactly(posted.id());
        }
    }

    @Test
    void refusesPlainHttpUnlessAllowedAndNamesTheUrlOfARefusal() throws Exception {
        assertThatThrownBy(() -> feed(medallion.discovery(), medallion.password, false)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--allow-http");
        try (HttpTaxiiClient wrong = HttpTaxiiClient.forFeed(feed(medallion.discovery(), "not-it", true), HttpTaxiiClient.Limits.DEFAULT)) {
            URI root = medallion.apiRoot();
            assertThatThrownBy(() -> wrong.collections(root)).isInstanceOf(TaxiiException.class)
                    .hasMessageContaining("GET " + root + "collections/ answered 401").hasMessageContaining("credentials")
                    .hasMessageNotContaining("not-it")
                    .satisfies(e -> assertThat(((TaxiiException) e).kind()).isEqualTo(TaxiiException.Kind.REFUSED));
        }
        try (HttpTaxiiClient client = HttpTaxiiClient.forFeed(feed(medallion.discovery(), medallion.password, true),
                HttpTaxiiClient.Limits.DEFAULT)) {
            assertThatThrownBy(() -> client.objects(medallion.apiRoot(), "nope", new TaxiiRemote.PageRequest(null, null, 5)))
                    .hasMessageContaining("/collections/nope/objects/ answered 404");
        }
    }

    @Test
    void boundsPagesAndTimesOut() throws Exception {
        HttpTaxiiClient.Limits small = new HttpTaxiiClient.Limits(Duration.ofSeconds(30), Duration.ofSeconds(30), 4096, 4096);
        try (HttpTaxiiClient client = HttpTaxiiClient.forFeed(feed(medallion.discovery(), medallion.password, true), small)) {
            URI root = medallion.apiRoot();
            assertThatThrownBy(() -> client.objects(root, COLLECTION, new TaxiiRemote.PageRequest(null, null, 40)))
                    .isInstanceOf(TaxiiException.class).hasMessageContaining("larger than 4096 bytes")
                    .satisfies(e -> assertThat(((TaxiiException) e).kind()).isEqualTo(TaxiiException.Kind.MALFORMED));
            assertThat(client.objects(root, COLLECTION, new TaxiiRemote.PageRequest(null, null, 2)).objects()).hasSize(2);
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
        JsonNode member = Medallion.JSON.readTree("""
                [{"id":"indicator--1","version":"2026-01-01T00:00:00.000Z","origin":"cert-ee","country":"EE",
                  "path":["cert-ee","cert-lv"],"may_reshare":true},
                 {"id":"indicator--2","version":"","origin":"cert-ee","path":["cert-lv"],"may_reshare":true},
                 {"id":"indicator--3","version":"v","origin":"cert-ee","path":["cert-ee"]}]""");
        EnvelopeClaims<ProvenanceClaim> claims = ProvenanceClaim.parse(member);
        assertThat(claims.of("indicator--1", "2026-01-01T00:00:00.000Z").path()).containsExactly("cert-ee", "cert-lv");
        assertThat(claims.of("indicator--2", "")).isNull();
        assertThat(claims.problem("indicator--2", "")).contains("path must start at the origin cert-ee");
        assertThat(claims.problem("indicator--3", "v")).contains("may_reshare");
        assertThat(ProvenanceClaim.parse(Medallion.JSON.readTree("{}")).problem("a", "b")).contains("not an array");
        assertThat(ProvenanceClaim.parse(null).of("a", "b")).isNull();
    }
}
