package org.concord.cli;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.concord.cli.DemoFederation.RunningNode;
import org.concord.node.Node;
import org.concord.stix.StixObject;
import org.concord.store.ObjectFilter;
import org.concord.store.VersionMatch;

/**
 * {@code ./bench federation [CAMPAIGNS]}: three nodes in three countries on loopback, wired as
 * {@code concord demo} wires them (HTTPS with mutual TLS, push on write, early warning with a 1 s
 * flush). Each campaign is a new indicator (a new key) published by one node and pushed to the
 * others; two members sight it and their sightings reach every node; then the third member
 * reports its sighting to its own node. Measured: from that report to the alert's first version
 * stored at <em>every</em> node (p50, p99, max), and, as the baseline in the same run, to the
 * alert stored at the reporting node itself. The third country rotates over the three nodes.
 */
public final class FederationAlertBenchmark {
    private static final Duration STEP_LIMIT = Duration.ofSeconds(30);

    public static void main(String[] args) throws Exception {
        int campaigns = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        if (campaigns < 1) throw new IllegalArgumentException("campaigns must be at least 1: " + campaigns);
        Path warninglists = Path.of(System.getProperty("concord.shared", "../shared"), "data", "misp", "warninglists");
        Path root = Files.createTempDirectory("concord-bench-federation");
        System.out.printf(Locale.ROOT, "machine: %d cores, %s, load average %.2f; %s%n", Runtime.getRuntime().availableProcessors(),
                cpu(), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), System.getProperty("java.vm.name") + " "
                        + Runtime.version());
        try (DemoFederation f = DemoFederation.create(root, FederatedEarlyWarningTest.freePorts(3), warninglists,
                DemoFederation.Timing.DEMO, InstantSource.system()).start()) {
            List<RunningNode> nodes = f.nodes();
            List<Map<String, Long>> stored = new ArrayList<>();
            for (RunningNode n : nodes) {
                Map<String, Long> first = new ConcurrentHashMap<>();
                stored.add(first);
                String alerts = n.node().collectionId(Node.ALERTS);
                n.node().store().onStored((collection, added) -> {
                    if (!collection.equals(alerts)) return;
                    long t = System.nanoTime();
                    for (StixObject o : added) if (o.type().equals("x-concord-alert")) first.putIfAbsent(o.id(), t);
                });
            }
            int warmup = Math.min(10, campaigns);
            run(nodes, stored, warmup, "warm-up");
            long[][] r = run(nodes, stored, campaigns, "measured");
            long[] all = r[0], local = r[1];
            System.out.printf(Locale.ROOT, "federation: third country's sighting reported -> alert stored at all 3 nodes, %d campaigns: "
                    + "p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", campaigns, pct(all, 50), pct(all, 99), all[all.length - 1] / 1e6);
            System.out.printf(Locale.ROOT, "baseline:   third country's sighting reported -> alert stored at its own node:       "
                    + "p50 %.1f ms, p99 %.1f ms, max %.1f ms%n", pct(local, 50), pct(local, 99), local[local.length - 1] / 1e6);
            System.out.printf(Locale.ROOT, "ratio (federation / local): p50 %.1fx, p99 %.1fx; goal p99 < 1000 ms: %s; load average after %.2f%n",
                    pct(all, 50) / pct(local, 50), pct(all, 99) / pct(local, 99), pct(all, 99) < 1000 ? "met" : "NOT met",
                    ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        } finally {
            deleteTree(root);
        }
    }

    /** Runs {@code n} campaigns; returns the sorted latencies to every node and to the reporting node, in nanoseconds. */
    private static long[][] run(List<RunningNode> nodes, List<Map<String, Long>> stored, int n, String what) throws Exception {
        long[] all = new long[n], local = new long[n];
        for (int i = 0; i < n; i++) {
            RunningNode publisher = nodes.get(i % 3), third = nodes.get((i + 1) % 3);
            Instant t = Instant.now();
            DemoCampaign c = DemoCampaign.of(what + "-" + i + "-" + UUID.randomUUID(), publisher.node().config().member().identityId(), t);
            publisher.node().store().write(publisher.node().collectionId(Node.INTELLIGENCE), List.of(c.phishing()));
            require(DemoFederation.await(() -> nodes.stream().allMatch(x -> x.has(c.phishing().id())), STEP_LIMIT), "indicator pushed", i);
            List<String> earlier = new ArrayList<>();
            for (RunningNode x : nodes) {
                if (x == third) continue;
                earlier.add(x.correlator().sightings().record(DemoCampaign.sighted(c.phishing(), 1, t)));
                x.correlator().sightings().flush();
            }
            require(DemoFederation.await(() -> nodes.stream().allMatch(x -> earlier.stream().allMatch(id -> hasSighting(x, id))), STEP_LIMIT),
                    "two countries' sightings at every node", i);
            String alert = third.correlator().alertId(c.alertKey(), t);
            long t0 = System.nanoTime();
            third.correlator().sightings().record(DemoCampaign.sighted(c.phishing(), 1, t));
            third.correlator().sightings().flush();
            require(DemoFederation.await(() -> stored.stream().allMatch(m -> m.containsKey(alert)), STEP_LIMIT), "alert at every node", i);
            long last = 0;
            for (Map<String, Long> m : stored) last = Math.max(last, m.get(alert) - t0);
            all[i] = last;
            local[i] = stored.get(nodes.indexOf(third)).get(alert) - t0;
        }
        Arrays.sort(all);
        Arrays.sort(local);
        return new long[][] {all, local};
    }

    private static boolean hasSighting(RunningNode n, String id) {
        return !n.node().store().objects(n.node().collectionId(Node.SIGHTINGS),
                new ObjectFilter(null, List.of(id), List.of(), VersionMatch.LAST, List.of(), 1)).items().isEmpty();
    }

    private static void require(Duration took, String what, int campaign) {
        if (took == null) throw new IllegalStateException("campaign " + campaign + ": no " + what + " within " + STEP_LIMIT.toSeconds() + " s");
    }

    private static double pct(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, sorted.length * p / 100)] / 1e6;
    }

    private static String cpu() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) return line.substring(line.indexOf(':') + 1).strip();
            }
        } catch (IOException e) {
            // not Linux: the core count says enough
        }
        return System.getProperty("os.arch");
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var s = Files.walk(dir)) {
            for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
