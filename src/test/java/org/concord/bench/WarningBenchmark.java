package org.concord.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.UUID;
import org.concord.integrity.MerkleLog;
import org.concord.node.Node;
import org.concord.node.NodeConfig;
import org.concord.stix.StixObject;
import org.concord.stix.Tlp;
import org.concord.warning.Correlator;
import org.concord.warning.Sightings;
import org.concord.warning.WarningConfig;
import org.concord.warning.Warninglists;

/**
 * Macro benchmark of issue 6's headline figure: sightings ingested and correlated per second in
 * one node with 1,000,000 live correlation keys, in bounded memory; beside it, in the same run,
 * the raw insert rate of the store (sighting objects through {@code Store.write} in batches of 10,000, transparency log
 * included, as every write of a node is).
 *
 * <p>A node on the embedded store holds N indicators, each naming a domain and an address (2N
 * live keys), and 24 reporting members in 8 countries. Reports arrive through
 * {@link Sightings#record} in batches of 1,000, as a sensor pipeline sends them. (A) first touch:
 * every indicator sighted once by its "home" member (each first sighting reads the indicator from
 * the store). (B) steady state for S seconds: reports pick an indicator at random, 99% from its
 * home member, 1% from a member elsewhere (so some keys reach three countries and alert); the
 * correlator folds, correlates, warninglists (MISP's lists, default exclusions) and writes new
 * aggregated sightings at once, changed ones once per flush interval (60 s), and alerts, in the
 * background as {@code serve} does. (C) everything pending written. Reported: the steady-state
 * rate (the headline: what the node sustains), the end-to-end rate of A+B+C, the heap in use after
 * a full GC with every key live, the time and heap to load all of MISP's warninglists, and the
 * store path (sightings written as STIX objects, as a TAXII POST does, then read and correlated).
 *
 * <p>{@code ./bench warning [--indicators N] [--seconds S] [--baseline B]}
 */
public final class WarningBenchmark {
    private static final Path SHARED = Path.of(System.getProperty("concord.shared", "../shared"));
    private static final Path WORK = Path.of("target/bench");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] COUNTRIES = {"EE", "FI", "LV", "LT", "DE", "PL", "SE", "DK"};
    private static final String[] SECTORS = {"energy", "financial-services", "healthcare", "telecommunications", "retail",
            "government-national", "transportation", "education"};

    public static void main(String[] args) throws Exception {
        int indicators = 500_000;
        long seconds = 90;
        int baseline = 200_000;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--indicators" -> indicators = Integer.parseInt(args[++i]);
                case "--seconds" -> seconds = Long.parseLong(args[++i]);
                case "--baseline" -> baseline = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Files.createDirectories(WORK);
        System.out.printf("JVM %s, %d cores, max heap %d MB%n", Runtime.version(), Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().maxMemory() >> 20);

        Path misp = SHARED.resolve("data/misp/warninglists");
        long used0 = usedHeap();
        long t0 = System.nanoTime();
        Warninglists all = Warninglists.load(List.of(misp), java.util.Set.of(), java.util.Set.of());
        double loadMs = (System.nanoTime() - t0) / 1e6;
        long listHeap = usedHeap() - used0;
        System.out.printf(Locale.ROOT, "warninglists: %,d entries in %d lists loaded in %.0f ms, %,d MB retained (tables %,d MB)%n",
                all.entries(), all.lists().size(), loadMs, listHeap >> 20, all.bytes() >> 20);
        all = null;

        double storeRate = baseline(baseline);
        System.out.printf(Locale.ROOT, "baseline: Store.write of %,d sighting objects: %,.0f objects/s%n", baseline, storeRate);

        double[] rate = correlate(indicators, seconds);
        System.out.printf(Locale.ROOT, "%nRESULT sightings ingested and correlated, steady state: %,.0f /s   end to end: %,.0f /s"
                + "   baseline (store insert): %,.0f /s   ratio (steady / baseline) %.1fx%n", rate[0], rate[1], storeRate, rate[0] / storeRate);
    }

    /** The store's raw insert rate: distinct sighting objects, batches of 10,000 (as the correlator writes), transparency log on. */
    private static double baseline(int count) throws Exception {
        Path dir = Files.createTempDirectory(WORK, "baseline");
        try (Node node = node(dir)) {
            String sightings = node.collectionId(Node.SIGHTINGS);
            List<StixObject> batch = new ArrayList<>();
            String now = "2026-03-14T12:00:00.000Z";
            long nanos = 0;
            for (int i = 0; i < count; i++) {
                ObjectNode s = JSON.createObjectNode();
                s.put("type", "sighting").put("spec_version", "2.1").put("id", "sighting--" + UUID.randomUUID())
                        .put("created", now).put("modified", now).put("created_by_ref", node.config().member().identityId())
                        .put("sighting_of_ref", "indicator--" + UUID.randomUUID()).put("count", 1).put("first_seen", now)
                        .put("last_seen", now);
                s.putArray("where_sighted_refs").add(node.config().member().identityId());
                s.putArray("object_marking_refs").add(Tlp.GREEN.markingId());
                batch.add(StixObject.of(s));
                if (batch.size() == 10_000 || i == count - 1) {
                    long t = System.nanoTime();
                    node.store().write(sightings, batch);
                    nanos += System.nanoTime() - t;
                    batch.clear();
                }
            }
            return count / (nanos / 1e9);
        }
    }

    /** Returns {steady-state reports/s, end-to-end reports/s}. */
    private static double[] correlate(int indicatorCount, long seconds) throws Exception {
        Path dir = Files.createTempDirectory(WORK, "warning");
        try (Node node = node(dir)) {
            // members and indicators
            String intel = node.collectionId(Node.INTELLIGENCE);
            List<StixObject> objects = new ArrayList<>();
            String[] members = new String[24];
            for (int m = 0; m < members.length; m++) {
                members[m] = "identity--" + UUID.randomUUID();
                ObjectNode id = envelope("identity", members[m]).put("name", "member " + m).put("identity_class", "organization")
                        .put("x_concord_country", COUNTRIES[m % COUNTRIES.length]);
                id.putArray("sectors").add(SECTORS[m % SECTORS.length]);
                objects.add(StixObject.of(id));
            }
            node.store().write(intel, objects);
            String[] targets = new String[indicatorCount];
            long t0 = System.nanoTime();
            for (int i = 0; i < indicatorCount; i++) {
                targets[i] = "indicator--" + UUID.randomUUID();
                objects.add(StixObject.of(envelope("indicator", targets[i]).put("pattern_type", "stix")
                        .put("pattern", "[domain-name:value = 'host-" + i + ".campaign-" + (i % 9973) + ".example'] OR [ipv4-addr:value = '"
                                + (185 + (i >>> 24)) + "." + ((i >>> 16) & 255) + "." + ((i >>> 8) & 255) + "." + (i & 255) + "']")
                        .put("valid_from", "2026-03-01T00:00:00Z").put("confidence", 70)));
                if (objects.size() == 10_000 || i == indicatorCount - 1) {
                    node.store().write(intel, objects);
                    objects.clear();
                }
            }
            System.out.printf(Locale.ROOT, "setup: %,d indicators (%,d keys) stored in %.1f s%n", indicatorCount, 2L * indicatorCount,
                    (System.nanoTime() - t0) / 1e9);

            WarningConfig config = WarningConfig.defaults().withWarninglists(List.of(SHARED.resolve("data/misp/warninglists")));
            SplittableRandom random = new SplittableRandom(42);
            Instant dayStart = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.DAYS);
            long dayMillis = Math.max(1, Duration.between(dayStart, Instant.now()).toMillis());
            try (Correlator correlator = Correlator.open(config, node.store(), node.config().member(), node.config().defaultTlp(), node.clock()).start()) {
                Sightings sightings = correlator.sightings();
                // A: every indicator sighted once by its home member (each first touch reads the indicator from the store)
                long start = System.nanoTime();
                feed(sightings, random, targets, members, indicatorCount, true, dayStart, dayMillis, Long.MAX_VALUE);
                double touch = (System.nanoTime() - start) / 1e9;
                Correlator.Stats st = correlator.stats();
                System.out.printf(Locale.ROOT, "A first touch: %,d reports in %.1f s: %,.0f /s; %,d live keys%n", indicatorCount, touch,
                        indicatorCount / touch, st.liveKeys());
                // B: steady state for the given time, the correlator persisting in the background as serve does
                long bStart = System.nanoTime(), deadline = bStart + seconds * 1_000_000_000L, fed = 0;
                long lastT = bStart, lastFed = 0, lastWritten = st.sightingVersions();
                while (System.nanoTime() < deadline) {
                    fed += feed(sightings, random, targets, members, 1_000_000, false, dayStart, dayMillis, deadline);
                    long t = System.nanoTime();
                    if (t - lastT >= 10_000_000_000L || t >= deadline) {
                        st = correlator.stats();
                        System.out.printf(Locale.ROOT, "  B %5.0f s: %,9.0f reports/s, %,7.0f sighting versions written/s, %,d aggregates (%,d pending), %,d alert versions%n",
                                (t - bStart) / 1e9, (fed - lastFed) / ((t - lastT) / 1e9), (st.sightingVersions() - lastWritten) / ((t - lastT) / 1e9),
                                st.aggregates(), st.pendingAggregates(), st.alertVersions());
                        lastT = t;
                        lastFed = fed;
                        lastWritten = st.sightingVersions();
                    }
                }
                double steady = (System.nanoTime() - bStart) / 1e9;
                long heap = usedHeap();
                st = correlator.stats();
                System.out.printf(Locale.ROOT, "B steady state: %,d reports in %.1f s: %,.0f /s; %,d live keys; heap in use after GC %,d MB"
                        + " (the benchmark's own ids ~%,d MB of it)%n", fed, steady, fed / steady, st.liveKeys(), heap >> 20,
                        (indicatorCount * 104L) >> 20);
                // C: everything pending written
                long cStart = System.nanoTime();
                long before = st.sightingVersions();
                correlator.sync();
                double flush = (System.nanoTime() - cStart) / 1e9;
                st = correlator.stats();
                System.out.printf(Locale.ROOT, "C final flush: %,d sighting versions in %.1f s%n", st.sightingVersions() - before, flush);
                double total = (System.nanoTime() - start) / 1e9;
                System.out.printf(Locale.ROOT, "end to end (A+B+C): %,d reports in %.1f s: %,.0f /s%n", indicatorCount + fed, total,
                        (indicatorCount + fed) / total);
                System.out.printf(Locale.ROOT, "  live keys %,d, cells %,d, evidence lines %,d, aggregates %,d, sighting versions %,d,"
                                + " alert versions %,d, keys refused %,d%n", st.liveKeys(), st.cells(), st.entries(), st.aggregates(),
                        st.sightingVersions(), st.alertVersions(), st.droppedKeys());
                storePath(node, correlator, targets, members);
                latency(node, correlator, members);
                return new double[] {fed / steady, (indicatorCount + fed) / total};
            }
        }
    }

    /**
     * Feeds reports in batches of 1,000: every indicator in turn (first touch), or random ones, 99%
     * from their home member and 1% from a member elsewhere; stops after {@code count} or the deadline.
     */
    private static long feed(Sightings sightings, SplittableRandom random, String[] targets, String[] members, long count,
                             boolean touch, Instant dayStart, long dayMillis, long deadline) {
        List<Sightings.Report> batch = new ArrayList<>(1_000);
        long done = 0;
        for (long r = 0; r < count; r++) {
            int target = touch ? (int) r : random.nextInt(targets.length);
            int home = target % members.length;
            int who = !touch && random.nextInt(100) == 0 ? random.nextInt(members.length) : home;
            Instant t = dayStart.plusMillis(random.nextLong(dayMillis));
            batch.add(new Sightings.Report(members[who], targets[target], 1, t, t, Tlp.GREEN));
            if (batch.size() == 1_000 || r == count - 1) {
                sightings.record(batch);
                done += batch.size();
                batch = new ArrayList<>(1_000);
                if (System.nanoTime() >= deadline) break;
            }
        }
        return done;
    }

    /** Sightings written as STIX objects (a TAXII POST's path), read and correlated by the catch-up. */
    private static void storePath(Node node, Correlator correlator, String[] targets, String[] members) {
        String sightings = node.collectionId(Node.SIGHTINGS);
        int count = 100_000;
        SplittableRandom random = new SplittableRandom(7);
        String now = org.concord.stix.StixTimestamp.formatMillis(Instant.now());
        long start = System.nanoTime();
        List<StixObject> batch = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int target = random.nextInt(targets.length);
            String who = members[random.nextInt(members.length)];
            ObjectNode s = JSON.createObjectNode();
            s.put("type", "sighting").put("spec_version", "2.1").put("id", "sighting--" + UUID.randomUUID()).put("created", now)
                    .put("modified", now).put("created_by_ref", who).put("sighting_of_ref", targets[target]).put("count", 1)
                    .put("first_seen", now).put("last_seen", now);
            s.putArray("where_sighted_refs").add(who);
            batch.add(StixObject.of(s));
            if (batch.size() == 2_000) {
                node.store().write(sightings, batch);
                batch.clear();
            }
        }
        long observed = correlator.stats().observations();
        correlator.sync();
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "store path: %,d sighting objects written and correlated in %.1f s: %,.0f /s (%,d observations read)%n",
                count, seconds, count / seconds, correlator.stats().observations() - observed);
    }

    /**
     * In one node, with every key live: from the commit of the sighting that makes three countries
     * (a TAXII POST's write) to the commit of its alert, over 200 new campaigns.
     */
    private static void latency(Node node, Correlator correlator, String[] members) throws Exception {
        String intel = node.collectionId(Node.INTELLIGENCE), sightings = node.collectionId(Node.SIGHTINGS);
        java.util.concurrent.ConcurrentHashMap<String, Long> alerted = new java.util.concurrent.ConcurrentHashMap<>();
        node.store().onStored((collection, added) -> {
            long t = System.nanoTime();
            for (StixObject o : added) if (o.type().equals("x-concord-alert")) alerted.putIfAbsent(o.id(), t);
        });
        int n = 200;
        long[] nanos = new long[n];
        String now = org.concord.stix.StixTimestamp.formatMillis(Instant.now());
        for (int i = 0; i < n; i++) {
            String indicator = "indicator--" + UUID.randomUUID(), domain = "campaign-" + i + "-" + UUID.randomUUID() + ".example";
            node.store().write(intel, List.of(StixObject.of(envelope("indicator", indicator).put("pattern_type", "stix")
                    .put("pattern", "[domain-name:value = '" + domain + "']").put("valid_from", "2026-03-01T00:00:00Z"))));
            List<StixObject> three = new ArrayList<>();
            for (int m = 0; m < 3; m++) { // members 0, 1, 2: three countries
                ObjectNode s = JSON.createObjectNode();
                s.put("type", "sighting").put("spec_version", "2.1").put("id", "sighting--" + UUID.randomUUID()).put("created", now)
                        .put("modified", now).put("created_by_ref", members[m]).put("sighting_of_ref", indicator).put("count", 1)
                        .put("first_seen", now).put("last_seen", now);
                s.putArray("where_sighted_refs").add(members[m]);
                three.add(StixObject.of(s));
            }
            node.store().write(sightings, three.subList(0, 2));
            String id = correlator.alertId("domain:" + domain, Instant.now());
            long t0 = System.nanoTime();
            node.store().write(sightings, three.subList(2, 3));
            long deadline = t0 + 10_000_000_000L;
            while (!alerted.containsKey(id) && System.nanoTime() < deadline) Thread.onSpinWait();
            nanos[i] = alerted.getOrDefault(id, deadline) - t0;
        }
        java.util.Arrays.sort(nanos);
        System.out.printf(Locale.ROOT, "latency: third country's sighting committed -> alert committed, %d campaigns: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                n, nanos[n / 2] / 1e6, nanos[n * 99 / 100] / 1e6, nanos[n - 1] / 1e6);
    }

    private static Node node(Path dir) throws Exception {
        return Node.init(dir, new Node.Setup("bench", "Bench CERT", "EE", List.of("government-national"),
                new NodeConfig.StoreSettings.Embedded("concord.db"), Tlp.AMBER), InstantSource.system(), MerkleLog.writer());
    }

    private static ObjectNode envelope(String type, String id) {
        ObjectNode o = JSON.createObjectNode();
        o.put("type", type).put("spec_version", "2.1").put("id", id).put("created", "2026-03-01T00:00:00.000Z")
                .put("modified", "2026-03-01T00:00:00.000Z");
        return o;
    }

    private static long usedHeap() {
        for (int i = 0; i < 3; i++) System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
