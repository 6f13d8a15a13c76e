package org.concord.federation.bench;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.concord.bench.IndicatorGenerator;
import org.concord.federation.PeerFlags;
import org.concord.federation.Report;
import org.concord.federation.Samples;
import org.concord.federation.TestFederation;
import org.concord.node.Node;
import org.concord.stix.StixObject;

/**
 * Node-to-node sync, macro (./bench sync ...), between real nodes on loopback (mutual TLS, JDK
 * HttpClient, embedded stores, each node in its own folder):
 * <ul>
 *   <li>{@code throughput [N]}: N generated indicators from A to B by pull (B's round until A's
 *       collection is read, pages of 1,000) and by push (A's round to a fresh node C, posts of
 *       1,000); baseline in the same run: writing the same objects locally into A's empty store;</li>
 *   <li>{@code chain [N]}: N versions written one at a time at A, each timed until readable at C,
 *       pushed A→B→C by the continuous sync of serve; p50/p99 against A→B, the one hop, timed on
 *       the same versions.</li>
 * </ul>
 */
public final class SyncBenchmark {
    private SyncBenchmark() {}

    public static void main(String[] args) throws Exception {
        String what = args.length > 0 ? args[0] : "";
        long n = args.length > 1 ? Long.parseLong(args[1].replace("_", "")) : 0;
        Path root = Files.createTempDirectory("concord-sync-bench");
        try {
            switch (what) {
                case "throughput" -> throughput(root, n > 0 ? n : 100_000);
                case "chain" -> chain(root, (int) (n > 0 ? n : 200));
                default -> {
                    System.err.println("usage: ./bench sync throughput [N] | chain [N]");
                    System.exit(2);
                }
            }
        } finally {
            deleteTree(root);
        }
        System.exit(0);
    }

    static void throughput(Path root, long n) throws IOException {
        try (TestFederation f = new TestFederation(root)) {
            TestFederation.Member a = f.node("cert-ee", "EE"), b = f.node("cert-lv", "LV"), c = f.node("cert-fi", "FI");
            f.link(a, b, new PeerFlags(false, false), new PeerFlags(true, false)); // B pulls from A
            f.link(a, c, PeerFlags.DEFAULT, new PeerFlags(false, false));          // A pushes to C
            a.agree(TestFederation.outbound("cert-lv", true), TestFederation.outbound("cert-fi", true));
            b.agree(TestFederation.inbound("cert-ee", true));
            c.agree(TestFederation.inbound("cert-ee", true));
            b.syncSettings(TestFederation.JSON.createObjectNode().put("page_size", 1000).put("timeout_seconds", 120));
            a.syncSettings(TestFederation.JSON.createObjectNode().put("push_batch", 1000).put("timeout_seconds", 120));
            Path bundle = root.resolve("bundle.json");
            IndicatorGenerator.write(n, bundle, 42);

            // baseline: the same objects written into A's empty store, locally
            String intel = a.node().collectionId(Node.INTELLIGENCE);
            long t0 = System.nanoTime();
            long written = 0;
            try (JsonParser p = TestFederation.JSON.createParser(bundle.toFile())) {
                List<StixObject> batch = new ArrayList<>(5_000);
                while (p.nextToken() != null) {
                    if (p.currentToken() == JsonToken.START_ARRAY && "objects".equals(p.currentName())) {
                        while (p.nextToken() == JsonToken.START_OBJECT) {
                            batch.add(StixObject.of((ObjectNode) TestFederation.JSON.readTree(p)));
                            if (batch.size() == 5_000) {
                                a.node().store().write(intel, batch);
                                written += batch.size();
                                batch.clear();
                            }
                        }
                        if (!batch.isEmpty()) a.node().store().write(intel, batch);
                        written += batch.size();
                    }
                }
            }
            double local = rate(written, System.nanoTime() - t0);
            Files.delete(bundle); // the disk is shared: three stores of N objects are enough
            System.out.printf(Locale.ROOT, "sync throughput, %,d indicators, over mutual TLS on loopback (embedded stores)%n", n);
            System.out.printf(Locale.ROOT, "  baseline: local write into A's empty store   %,10.0f objects/s%n", local);
            f.start();

            long t1 = System.nanoTime();
            List<Report> pulled = b.sync();
            double pull = rate(n, System.nanoTime() - t1);
            check(pulled, b, n);
            System.out.printf(Locale.ROOT, "  pull A -> B (pages of 1,000)                 %,10.0f objects/s   baseline/pull %.1f%n", pull, local / pull);

            long t2 = System.nanoTime();
            List<Report> pushed = a.sync();
            double push = rate(n, System.nanoTime() - t2);
            check(pushed, c, n);
            System.out.printf(Locale.ROOT, "  push A -> C (posts of 1,000)                 %,10.0f objects/s   baseline/push %.1f%n", push, local / push);
        }
    }

    /** Every round succeeded and the receiver holds the n indicators. */
    private static void check(List<Report> reports, TestFederation.Member to, long n) {
        for (Report r : reports) if (!r.ok()) throw new IllegalStateException(r.summary());
        long indicators = to.node().store().countByType().getOrDefault("indicator", 0L);
        if (indicators < n) throw new IllegalStateException("only " + indicators + " indicators arrived at " + to.name + " of " + n);
    }

    static void chain(Path root, int n) {
        try (TestFederation f = new TestFederation(root)) {
            TestFederation.Member a = f.node("cert-ee", "EE"), b = f.node("cert-lv", "LV"), c = f.node("cert-fi", "FI");
            f.link(a, b, PeerFlags.DEFAULT, new PeerFlags(false, false)); // A pushes to B
            f.link(b, c, PeerFlags.DEFAULT, new PeerFlags(false, false)); // B pushes to C
            a.agree(TestFederation.outbound("cert-lv", true));
            b.agree(TestFederation.inbound("cert-ee", true), TestFederation.outbound("cert-fi", true));
            c.agree(TestFederation.inbound("cert-lv", true));
            f.start();
            a.startSync();
            b.startSync();
            // warm up: the first pushes learn keys and read catalogs
            for (int i = 0; i < 5; i++) {
                StixObject x = a.put(Samples.indicator("indicator--" + UUID.randomUUID(), "2026-02-01T00:00:00.000Z"));
                if (!TestFederation.eventually(() -> c.version(x).isPresent())) throw new IllegalStateException("warm-up version never reached C");
            }
            long[] toB = new long[n], toC = new long[n];
            for (int i = 0; i < n; i++) {
                StixObject x = a.put(Samples.indicator("indicator--" + UUID.randomUUID(), "2026-02-01T00:00:00.000Z"));
                long t0 = System.nanoTime();
                long atB = -1;
                while (true) {
                    if (atB < 0 && b.version(x).isPresent()) atB = System.nanoTime() - t0;
                    if (atB >= 0 && c.version(x).isPresent()) break;
                    if (System.nanoTime() - t0 > 60_000_000_000L) throw new IllegalStateException("version " + i + " did not reach C in 60 s");
                    Thread.onSpinWait();
                }
                toC[i] = System.nanoTime() - t0;
                toB[i] = atB;
            }
            Arrays.sort(toB);
            Arrays.sort(toC);
            System.out.printf(Locale.ROOT, "push chain A -> B -> C, %d versions written one at a time at A, each until readable%n", n);
            System.out.printf(Locale.ROOT, "  baseline A -> B (one hop)  p50 %7.1f ms  p99 %7.1f ms%n", ms(toB, 0.50), ms(toB, 0.99));
            System.out.printf(Locale.ROOT, "  A -> B -> C (two hops)     p50 %7.1f ms  p99 %7.1f ms   ratio p50 %.1f, p99 %.1f%n",
                    ms(toC, 0.50), ms(toC, 0.99), ms(toC, 0.50) / ms(toB, 0.50), ms(toC, 0.99) / ms(toB, 0.99));
        }
    }

    private static double ms(long[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)] / 1e6;
    }

    private static double rate(long n, long nanos) {
        return n / (nanos / 1e9);
    }

    private static void deleteTree(Path root) throws IOException {
        try (var s = Files.walk(root)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
