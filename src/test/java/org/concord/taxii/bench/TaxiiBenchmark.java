package org.concord.taxii.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.concord.integrity.MerkleLog;
import org.concord.integrity.OriginSigner;
import org.concord.node.NodeKeys;
import org.concord.node.NodeTls;
import org.concord.partner.PartnerEgress;
import org.concord.partner.Partners;
import org.concord.policy.Agreement;
import org.concord.policy.Agreements;
import org.concord.policy.AuditDatabase;
import org.concord.policy.EgressGate;
import org.concord.policy.EgressPolicy;
import org.concord.policy.PolicyEgress;
import org.concord.policy.Provenance;
import org.concord.policy.PseudonymKey;
import org.concord.stix.StixObject;
import org.concord.stix.StixValidator;
import org.concord.stix.Tlp;
import org.concord.store.CollectionInfo;
import org.concord.store.Database;
import org.concord.store.Store;
import org.concord.store.StoreConfig;
import org.concord.store.Stores;
import org.concord.taxii.Access;
import org.concord.taxii.HttpFloor;
import org.concord.taxii.ObjectValidator;
import org.concord.taxii.Permissions;
import org.concord.taxii.TaxiiConfig;
import org.concord.taxii.TaxiiDatabase;
import org.concord.taxii.TaxiiServer;

/**
 * The TAXII headline figures (issues 4 and 5), on the embedded store:
 * <ol>
 *   <li>read: walk an N-object collection in pages of 1,000 over HTTPS with 1 client, then with 64
 *       concurrent clients (each walking 1/64 of it); objects/s, CPU per object, p50/p99 page latency;</li>
 *   <li>the floors, in the same run and in turns with the TAXII walks: the same rows read by plain JDBC
 *       and written as the same JSON pages, served on the same HTTP stack and TLS ({@link HttpFloor}) to
 *       the same client, and written in-process to nothing (no HTTP, no TLS, no client);</li>
 *   <li>partner reads (issue 5): a pinned partner walks the collection over mutual TLS through the
 *       egress policy, the disclosure audit and origin signing, first with no signature cached (every
 *       object signed on the fly), then cached; each as a ratio to the member's unfiltered walk;</li>
 *   <li>write: POST bundles of 1,000 valid indicators until each status is complete; objects/s.</li>
 * </ol>
 * Run: {@code ./bench taxii [N [BUNDLES]] [--read-only]} ({@code --read-only}: the read figures only);
 * {@code -Dbench.rounds=R} (default 3) rounds of read figures, {@code -Dbench.marks=true} prints when each
 * walk starts (to cut a JFR recording to it). See BENCHMARKS.md.
 */
public final class TaxiiBenchmark {
    static final String TAXII = "application/taxii+json;version=2.1";
    static final int PAGE = 1_000, CLIENTS = 64;
    static final String PARTNER = "bench-partner", UNSIGNED = "bench-unsigned";
    static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        // the clients read pages of ~0.5 MiB: 64 KiB socket reads, not 16 KiB, so a quarter of the read events
        if (System.getProperty("jdk.httpclient.bufsize") == null) System.setProperty("jdk.httpclient.bufsize", "65536");
        int n = args.length > 0 ? Integer.parseInt(args[0].replace("_", "").replace(",", "")) : 1_000_000;
        int bundles = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        boolean readOnly = List.of(args).contains("--read-only");
        int roundCount = Integer.parseInt(System.getProperty("bench.rounds", "3"));
        Path dir = Files.createTempDirectory("taxii-bench");
        try {
            run(dir, n, bundles, readOnly, roundCount);
        } finally {
            deleteTree(dir); // a 1,000,000-object store is ~1 GiB
        }
    }

    static void deleteTree(Path dir) throws java.io.IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }

    static void run(Path dir, int n, int bundles, boolean readOnly, int roundCount) throws Exception {
        StoreConfig cfg = new StoreConfig.Embedded(dir.resolve("concord.db"));
        System.out.printf("TAXII benchmark: %,d objects, pages of %,d, %d clients, %s, JDK %s, %d cores%n", n, PAGE, CLIENTS,
                dir, Runtime.version(), Runtime.getRuntime().availableProcessors());
        try (Database database = Database.open(cfg); Store store = Stores.open(database, InstantSource.system(), MerkleLog.writer())) {
            TaxiiDatabase db = new TaxiiDatabase(database);
            AuditDatabase audit = new AuditDatabase(database);
            String collection = UUID.randomUUID().toString();
            store.createCollection(new CollectionInfo(collection, "bench", "Bench", ""));
            String inbox = UUID.randomUUID().toString();
            store.createCollection(new CollectionInfo(inbox, "inbox", "Inbox", ""));
            long t0 = System.nanoTime();
            List<StixObject> batch = new ArrayList<>(2_000);
            for (int i = 0; i < n; i++) {
                batch.add(StixObject.of(indicator(i)));
                if (batch.size() == 2_000 || i == n - 1) {
                    store.write(collection, batch);
                    batch.clear();
                }
            }
            System.out.printf("loaded %,d objects in %.1f s%n", n, secs(t0));

            Access access = new Access(db.tokens(), db.rights(), db.partners(), InstantSource.system(), Duration.ofSeconds(2));
            String token = access.issueToken("bench", new Permissions(Set.of(collection, inbox), Set.of(inbox)), Permissions.NONE).secret();
            NodeTls tls = NodeTls.create(dir, "bench");
            TaxiiConfig config = TaxiiConfig.defaults("bench").withRateLimit(1e9, 1_000_000_000);
            // a pinned partner whose agreement lets every (TLP:GREEN) indicator go: the policy, audit and signing path
            NodeTls partnerTls = NodeTls.create(dir.resolve("partner"), PARTNER);
            NodeTls unsignedTls = NodeTls.create(dir.resolve("unsigned"), UNSIGNED);
            for (var p : List.of(java.util.Map.entry(PARTNER, partnerTls), java.util.Map.entry(UNSIGNED, unsignedTls))) {
                db.partners().add(new Partners.Partner(p.getKey(), p.getValue().fingerprint(), java.time.Instant.now()));
                db.rights().set("partner:" + p.getKey(), new Permissions(Set.of(collection), Set.of()));
            }
            StixValidator validator = new StixValidator();
            EgressPolicy policy = new EgressPolicy("bench", Tlp.AMBER, PseudonymKey.of(new byte[32]), validator);
            Agreements agreements = new Agreements(List.of(
                    Agreement.outbound(PARTNER).collections("bench").tlp(Tlp.CLEAR, Tlp.GREEN).types("*").build(),
                    Agreement.outbound(UNSIGNED).collections("bench").tlp(Tlp.CLEAR, Tlp.GREEN).types("*").build()));
            OriginSigner signer = new OriginSigner(NodeKeys.generate(), "identity--bench", store.signatures());
            Provenance local = Provenance.local("bench", "EE");
            PartnerEgress signing = new PolicyEgress(new EgressGate(policy, () -> agreements, audit.log(), InstantSource.system(),
                    signer::sign, store, local), local, Tlp.AMBER);
            // the same policy and audit without signing, to tell the two costs apart
            PartnerEgress policyOnly = new PolicyEgress(new EgressGate(policy, () -> agreements, audit.log(), InstantSource.system(),
                    null, store, local), local, Tlp.AMBER);
            PartnerEgress egress = new PartnerEgress() {
                record Routed(PartnerEgress by, Decided inner) implements Decided {
                    @Override
                    public int size() {
                        return inner.size();
                    }

                    @Override
                    public boolean released(int i) {
                        return inner.released(i);
                    }
                }

                @Override
                public Decided decide(String partner, org.concord.store.CollectionInfo c, org.concord.store.Page page) {
                    PartnerEgress by = partner.equals(UNSIGNED) ? policyOnly : signing;
                    return new Routed(by, by.decide(partner, c, page));
                }

                @Override
                public List<org.concord.store.StoredVersion> release(Decided d, int count) {
                    return ((Routed) d).by().release(((Routed) d).inner(), count);
                }
            };
            try (TaxiiServer server = new TaxiiServer(config, tls, store, access, db.statuses(),
                    ObjectValidator.of(validator), InstantSource.system(), line -> {}, null, egress).start()) {
                HttpClient client = client(tls);
                Pager pager = pager(ssl(tls, null));
                URI objects = server.baseUri().resolve("/bench/collections/" + collection + "/objects/");
                double one;
                try (HttpFloor transportFloor = HttpFloor.start(dir.resolve("concord.db"), collection, config, tls)) {
                    URI floorObjects = transportFloor.objects();
                    walk(pager, objects, token, n, new ArrayList<>(), new ArrayList<>()); // warm-up passes
                    walk(pager, floorObjects, token, n, new ArrayList<>(), new ArrayList<>());

                    // rounds of: 1 client, then 64, on TAXII and on the transport floor in turn, then the in-process
                    // floor (the machine is shared: its load drifts, so the figures are taken in turns)
                    List<List<Walk>> rounds = new ArrayList<>();
                    for (int round = 1; round <= roundCount; round++) {
                        System.out.printf("round %d of %d (load average %.2f)%n", round, roundCount, loadAverage());
                        List<String> cursors = new ArrayList<>(), floorCursors = new ArrayList<>();
                        Walk taxiiOne, floorOne;
                        if (round % 2 == 0) { // the first walk of a round runs slower (it follows the in-process floor): take turns
                            floorOne = oneClient("HTTP floor 1 client", pager, floorObjects, token, n, floorCursors);
                            taxiiOne = oneClient("TAXII 1 client", pager, objects, token, n, cursors);
                        } else {
                            taxiiOne = oneClient("TAXII 1 client", pager, objects, token, n, cursors);
                            floorOne = oneClient("HTTP floor 1 client", pager, floorObjects, token, n, floorCursors);
                        }
                        Walk taxii64 = clients("TAXII 64 clients", pager, objects, token, cursors);
                        Walk floor64 = clients("HTTP floor 64 clients", pager, floorObjects, token, floorCursors);
                        Walk inProcess = inProcessFloor(dir.resolve("concord.db"), collection);
                        rounds.add(List.of(taxiiOne, floorOne, taxii64, floor64, inProcess));
                    }
                    mark("end");
                    // each figure's best round: the one the other load on the machine disturbed least
                    System.out.printf("best of %d rounds (load average now %.2f):%n", roundCount, loadAverage());
                    Walk[] best = new Walk[5];
                    for (int f = 0; f < best.length; f++) {
                        for (List<Walk> r : rounds) if (best[f] == null || r.get(f).rate() > best[f].rate()) best[f] = r.get(f);
                        best[f].print();
                    }
                    one = best[0].rate();
                    System.out.printf("ratio HTTP floor/TAXII        1 client %.2fx, 64 clients %.2fx%n",
                            best[1].rate() / best[0].rate(), best[3].rate() / best[2].rate());
                    System.out.printf("ratio in-process floor/TAXII  1 client %.2fx, 64 clients %.2fx%n",
                            best[4].rate() / best[0].rate(), best[4].rate() / best[2].rate());
                }

                if (readOnly) return;
                // a partner reading the same collection: egress policy, disclosure audit, origin signatures. First with
                // no signature cached (each signed on the fly), then, in turn, without signing and with every signature
                // cached (twice each: the audit log grows by one row per object read, so later walks pay a larger log)
                Pager asPartner = pager(ssl(tls, partnerTls));
                Pager asUnsigned = pager(ssl(tls, unsignedTls));
                double cold = partnerWalk("partner, cold", asPartner, objects, n);
                double[] policyOnlyRates = new double[2], cachedRates = new double[2];
                for (int round = 0; round < 2; round++) {
                    policyOnlyRates[round] = partnerWalk("partner, no signing", asUnsigned, objects, n);
                    cachedRates[round] = partnerWalk("partner, cached", asPartner, objects, n);
                }
                System.out.printf("ratio member/partner  policy and audit only %.2fx / %.2fx, signatures cached %.2fx / %.2fx,"
                        + " signing on the fly %.2fx (baseline: the member's unfiltered walk, %,.0f objects/s)%n",
                        one / policyOnlyRates[0], one / policyOnlyRates[1], one / cachedRates[0], one / cachedRates[1], one / cold, one);

                // write: bundles of 1,000 indicators until the status is complete
                URI post = server.baseUri().resolve("/bench/collections/" + inbox + "/objects/");
                long p0 = System.nanoTime();
                long posted = 0;
                for (int b = 0; b < bundles; b++) {
                    ArrayNode arr = JSON.createArrayNode();
                    for (int i = 0; i < 1_000; i++) arr.add(indicator(n + b * 1_000 + i));
                    ObjectNode env = JSON.createObjectNode();
                    env.set("objects", arr);
                    HttpResponse<String> r = client.send(HttpRequest.newBuilder(post).header("Accept", TAXII)
                            .header("Content-Type", TAXII).header("Authorization", "Bearer " + token)
                            .POST(HttpRequest.BodyPublishers.ofString(env.toString())).build(), HttpResponse.BodyHandlers.ofString());
                    JsonNode status = JSON.readTree(r.body());
                    if (r.statusCode() != 202 || !status.path("status").asText().equals("complete")
                            || status.path("success_count").asInt() != 1_000) {
                        throw new IllegalStateException("POST failed: " + r.statusCode() + " " + r.body().substring(0, 300));
                    }
                    posted += 1_000;
                }
                System.out.printf("POST bundles of 1,000  %,12d objects  %,10.0f objects/s (status complete)%n", posted, posted / secs(p0));
            }
        }
    }

    /** One partner's walk of the whole collection (by its certificate); objects/s. */
    static double partnerWalk(String who, Pager c, URI objects, int n) throws Exception {
        List<Long> latencies = new ArrayList<>();
        long t0 = System.nanoTime();
        long seen = walk(c, objects, null, n, latencies, new ArrayList<>());
        double rate = seen / secs(t0);
        report("TAXII " + who, seen, rate, latencies);
        return rate;
    }

    /** One client's walk of the whole collection, following next; objects/s. Records the page boundaries in {@code cursors}. */
    static Walk oneClient(String who, Pager c, URI objects, String token, int n, List<String> cursors) throws Exception {
        List<Long> latencies = new ArrayList<>();
        mark(who);
        long t0 = System.nanoTime(), cpu0 = cpuNanos();
        long seen = walk(c, objects, token, n, latencies, cursors);
        if (seen != n) throw new IllegalStateException(who + " saw " + seen + " objects of " + n);
        return Walk.of(who, seen, secs(t0), cpuNanos() - cpu0, latencies).print();
    }

    /**
     * {@link #CLIENTS} concurrent clients (virtual threads sharing one HTTP client, so one connection
     * each), each walking 1/64 of the collection by added_after from one of {@code cursors}; objects/s.
     */
    static Walk clients(String who, Pager c, URI objects, String token, List<String> cursors) throws Exception {
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        int pagesPerClient = Math.max(1, (cursors.size() + CLIENTS - 1) / CLIENTS);
        mark(who);
        long t0 = System.nanoTime(), cpu0 = cpuNanos();
        long total = 0;
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Long>> parts = new ArrayList<>();
            for (int k = 0; k < cursors.size(); k += pagesPerClient) {
                String from = k == 0 ? null : cursors.get(k - 1);
                int pages = Math.min(pagesPerClient, cursors.size() - k);
                parts.add(pool.submit(() -> walkPages(c, objects, token, from, pages, latencies)));
            }
            for (Future<Long> f : parts) total += f.get();
        }
        return Walk.of(who, total, secs(t0), cpuNanos() - cpu0, latencies).print();
    }

    /** The in-process floor: the same rows by plain JDBC, written as the same JSON pages to nothing. */
    static Walk inProcessFloor(Path db, String collection) throws Exception {
        long t0 = System.nanoTime(), cpu0 = cpuNanos();
        long rows = floor(db, collection);
        return Walk.of("in-process floor", rows, secs(t0), cpuNanos() - cpu0, List.of()).print();
    }

    /** One walk's figures: objects/s, this process's CPU time per object (server and clients), page latencies. */
    record Walk(String who, long objects, double rate, double cpuMicrosPerObject, double p50, double p99) {
        static Walk of(String who, long objects, double seconds, long cpuNanos, List<Long> latenciesNanos) {
            List<Long> sorted = new ArrayList<>(latenciesNanos);
            Collections.sort(sorted);
            double p50 = sorted.isEmpty() ? Double.NaN : sorted.get(sorted.size() / 2) / 1e6;
            double p99 = sorted.isEmpty() ? Double.NaN : sorted.get(Math.min(sorted.size() - 1, (int) (sorted.size() * 0.99))) / 1e6;
            return new Walk(who, objects, objects / seconds, cpuNanos / 1e3 / objects, p50, p99);
        }

        Walk print() {
            System.out.printf("%-24s %,10d objects %,10.0f objects/s  CPU %5.2f µs/object%s%n", who, objects, rate, cpuMicrosPerObject,
                    Double.isNaN(p50) ? "" : String.format("  page p50 %.1f ms, p99 %.1f ms", p50, p99));
            return this;
        }
    }

    static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    /** Walks by next from the start; records each page's X-TAXII-Date-Added-Last as a cursor. */
    static long walk(Pager c, URI objects, String token, int n, List<Long> latencies, List<String> cursors) throws Exception {
        long seen = 0;
        String next = null;
        do {
            long t = System.nanoTime();
            Pager.Got page = c.get(URI.create(objects + "?limit=" + PAGE + (next == null ? "" : "&next=" + next)), token);
            latencies.add(System.nanoTime() - t);
            seen += page.envelope().objects();
            if (page.lastAdded() != null) cursors.add(page.lastAdded());
            next = page.envelope().more() ? page.envelope().next() : null;
        } while (next != null);
        return seen;
    }

    /** {@code pages} pages from {@code addedAfter} (null: the start). */
    static long walkPages(Pager c, URI objects, String token, String addedAfter, int pages, List<Long> latencies) throws Exception {
        long seen = 0;
        String after = addedAfter;
        for (int p = 0; p < pages; p++) {
            long t = System.nanoTime();
            Pager.Got page = c.get(URI.create(objects + "?limit=" + PAGE
                    + (after == null ? "" : "&added_after=" + URLEncoder.encode(after, StandardCharsets.UTF_8))), token);
            latencies.add(System.nanoTime() - t);
            seen += page.envelope().objects();
            if (page.lastAdded() != null) after = page.lastAdded();
            if (!page.envelope().more()) break;
        }
        return seen;
    }

    /** Plain JDBC: the latest version of every entry in date_added order, written as envelopes of 1,000. */
    static long floor(Path db, String collection) throws Exception {
        long rows = 0;
        OutputStream sink = OutputStream.nullOutputStream();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             PreparedStatement ps = c.prepareStatement("SELECT e.date_added, v.canonical FROM collection_entry e "
                     + "JOIN object_version v ON v.seq = e.version_seq JOIN collection k ON k.pk = e.collection_pk "
                     + "WHERE k.id = ? AND e.is_last ORDER BY e.date_added")) {
            ps.setString(1, collection);
            ps.setFetchSize(PAGE);
            try (ResultSet rs = ps.executeQuery()) {
                java.io.ByteArrayOutputStream page = new java.io.ByteArrayOutputStream(1 << 20);
                int inPage = 0;
                while (rs.next()) {
                    page.write(inPage == 0 ? "{\"more\":true,\"objects\":[".getBytes() : new byte[] {','});
                    rs.getLong(1);
                    page.write(rs.getBytes(2));
                    rows++;
                    if (++inPage == PAGE) {
                        page.write("]}".getBytes());
                        page.writeTo(sink);
                        page.reset();
                        inPage = 0;
                    }
                }
                if (inPage > 0) page.write("]}".getBytes());
                page.writeTo(sink);
            }
        }
        return rows;
    }

    /** What a paging client needs from an envelope: more, next and the exact number of objects. */
    record Envelope(boolean more, String next, int objects) {}

    static ObjectNode indicator(int i) {
        ObjectNode o = JSON.createObjectNode();
        o.put("type", "indicator").put("spec_version", "2.1").put("id", "indicator--" + UUID.nameUUIDFromBytes(("b" + i).getBytes()))
                .put("created", "2024-01-01T00:00:00.000Z").put("modified", "2024-01-01T00:00:00.000Z")
                .put("name", "Malicious domain " + i).put("description", "Seen in campaign " + (i % 97) + " against the energy sector")
                .put("pattern", "[domain-name:value = 'evil-" + i + ".example.com']").put("pattern_type", "stix")
                .put("valid_from", "2024-01-01T00:00:00Z");
        o.putArray("indicator_types").add("malicious-activity");
        o.putArray("object_marking_refs").add("marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb");
        return o;
    }

    static void report(String who, long objects, double perSecond, List<Long> latenciesNanos) {
        if (latenciesNanos.isEmpty()) throw new IllegalStateException(who + ": no pages");
        List<Long> sorted = new ArrayList<>(latenciesNanos);
        Collections.sort(sorted);
        double p50 = sorted.get(sorted.size() / 2) / 1e6, p99 = sorted.get(Math.min(sorted.size() - 1, (int) (sorted.size() * 0.99))) / 1e6;
        System.out.printf("%-24s %,10d objects %,10.0f objects/s  page p50 %.1f ms, p99 %.1f ms%n", who, objects, perSecond, p50, p99);
    }

    static HttpClient client(NodeTls tls) throws Exception {
        return HttpClient.newBuilder().sslContext(ssl(tls, null)).version(HttpClient.Version.HTTP_1_1).build();
    }

    /** The readers' client. */
    static Pager pager(SSLContext ssl) {
        return Pager.jdk(ssl);
    }

    /** TLS trusting the server's certificate, presenting {@code identity} (mutual TLS) when not null. */
    static SSLContext ssl(NodeTls tls, NodeTls identity) throws Exception {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(tls.trustStore());
        javax.net.ssl.KeyManager[] keys = null;
        if (identity != null) {
            javax.net.ssl.KeyManagerFactory kmf = javax.net.ssl.KeyManagerFactory.getInstance(javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(identity.keyStore("bench".toCharArray()), "bench".toCharArray());
            keys = kmf.getKeyManagers();
        }
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(keys, tmf.getTrustManagers(), null);
        return ssl;
    }

    /** With -Dbench.marks=true, the wall-clock time a phase starts (to cut a profile to it). */
    static void mark(String phase) {
        if (Boolean.getBoolean("bench.marks")) System.out.printf("mark %s|%d%n", phase, System.currentTimeMillis());
    }

    /** CPU time of this process (server and clients together), ns. */
    static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    static double secs(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }
}
