package org.concord.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.concord.integrity.MerkleLog;
import org.concord.intake.BundleReader;
import org.concord.intake.Importer;
import org.concord.stix.StixObject;
import org.concord.stix.StixValidator;
import org.concord.stix.Tlp;
import org.concord.store.CollectionInfo;
import org.concord.store.Store;
import org.concord.store.StoreConfig;
import org.concord.store.Stores;
import org.concord.store.jdbc.RawJdbcFloor;

/**
 * Macro benchmark of issue 3's headline figures: import throughput (objects/s) of the ATT&CK
 * bundle and of a generated bundle of N indicators, on the embedded store and on PostgreSQL, each
 * beside the floor measured in the same run (the same rows inserted by plain JDBC batches with no
 * parsing or validation); and the peak heap of a 256 MB JVM importing the generated bundle. The
 * ATT&CK import, under a second long, is measured three times after three warm-up imports (as is
 * its floor) and the medians compared.
 *
 * <p>{@code ./bench import [--count N] [--stores sqlite,postgres] [--no-heap]}
 */
public final class ImportBenchmark {
    private static final Path SHARED = Path.of(System.getProperty("concord.shared", "../shared"));
    private static final Path WORK = Path.of("target/bench");

    public static void main(String[] args) throws Exception {
        long count = 1_000_000;
        List<String> stores = List.of("sqlite", "postgres");
        boolean heap = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--count" -> count = Long.parseLong(args[++i]);
                case "--stores" -> stores = List.of(args[++i].split(","));
                case "--no-heap" -> heap = false;
                case "--child" -> {
                    child(Path.of(args[++i]));
                    return;
                }
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        Files.createDirectories(WORK);
        Path generated = WORK.resolve("indicators-" + count + ".json");
        if (!Files.exists(generated)) {
            long t = System.nanoTime();
            IndicatorGenerator.write(count, generated, 42);
            System.out.printf("generated %,d indicators (%,d MB) in %.1f s%n", count, Files.size(generated) >> 20, (System.nanoTime() - t) / 1e9);
        }
        Path attack = SHARED.resolve("data/enterprise-attack-18.1.json");
        System.out.printf("machine: %d cores, JDK %s, max heap %d MB%n", Runtime.getRuntime().availableProcessors(),
                Runtime.version(), Runtime.getRuntime().maxMemory() >> 20);

        // warm-up on throwaway embedded stores: the JIT compiles the parse and write paths over the
        // first ~150,000 objects, and one ATT&CK import is only 24,771; the measured runs are the
        // steady state, and the warm-up runs are printed (the first is a cold JVM's, as a one-off
        // `concord import` sees)
        double[] warmup = new double[WARMUP_IMPORTS];
        for (int i = 0; i < WARMUP_IMPORTS; i++) {
            try (Target t = sqlite("warmup")) {
                warmup[i] = importFile(t.store, attack);
            }
        }
        System.out.printf(Locale.ROOT, "sqlite %s warm-up imports (the first in a cold JVM): %s (objects/s)%n",
                attack.getFileName(), java.util.Arrays.toString(round(warmup)));
        EmbeddedPostgres pg = stores.contains("postgres")
                ? EmbeddedPostgres.builder().setServerConfig("listen_addresses", "127.0.0.1").start() : null;
        try {
            List<String> rows = new ArrayList<>();
            for (String kind : stores) {
                for (Path file : List.of(attack, generated)) {
                    // ATT&CK imports in under a second, where one stall of a shared machine moves the
                    // figure: it runs SHORT_RUNS times, each into a fresh store, as does its floor, and
                    // the medians are compared
                    int runs = file == attack ? SHORT_RUNS : 1;
                    double[] concordRuns = new double[runs], floorRuns = new double[runs];
                    for (int i = 0; i < runs; i++) {
                        try (Target t = kind.equals("sqlite") ? sqlite(file.getFileName() + "-concord") : postgres(pg)) {
                            concordRuns[i] = importFile(t.store, file);
                        }
                        try (Target t = kind.equals("sqlite") ? sqlite(file.getFileName() + "-floor") : postgres(pg)) {
                            floorRuns[i] = floor(t, file);
                        }
                    }
                    double concord = median(concordRuns), floor = median(floorRuns);
                    if (runs > 1) {
                        System.out.printf(Locale.ROOT, "%s %s runs: Concord %s, floor %s (objects/s)%n", kind, file.getFileName(),
                                java.util.Arrays.toString(round(concordRuns)), java.util.Arrays.toString(round(floorRuns)));
                    }
                    String row = String.format(Locale.ROOT, "| %s | %s | %,.0f | %,.0f | %.2f |", kind, file.getFileName(), concord, floor, floor / concord);
                    System.out.println(row);
                    rows.add(row);
                }
            }
            System.out.println();
            System.out.println("| store | bundle | Concord import (objects/s) | floor: plain JDBC batches (objects/s) | floor / Concord |");
            System.out.println("|---|---|---|---|---|");
            rows.forEach(System.out::println);
        } finally {
            if (pg != null) pg.close();
        }
        if (heap) peakHeap(generated);
    }

    /** ATT&CK imports before anything is measured. */
    private static final int WARMUP_IMPORTS = 6;
    /** Runs of the short (ATT&CK) import and of its floor; the median of each is reported. */
    private static final int SHORT_RUNS = 5;

    private static double median(double[] values) {
        double[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static long[] round(double[] values) {
        long[] out = new long[values.length];
        for (int i = 0; i < values.length; i++) out[i] = Math.round(values[i]);
        return out;
    }

    private record Target(Store store, Path file, String jdbcUrl) implements AutoCloseable {
        /** Closes the store and deletes its files and its floor's: a 1M import leaves 1.5 GB each. */
        @Override
        public void close() throws IOException {
            store.close();
            if (file == null) return;
            for (String name : List.of("", "-raw.db")) {
                for (String suffix : List.of("", "-wal", "-shm")) {
                    Files.deleteIfExists(file.resolveSibling(file.getFileName() + name + suffix));
                }
            }
        }
    }

    private static Target sqlite(String name) throws IOException {
        Path file = WORK.resolve(name + "-" + UUID.randomUUID() + ".db");
        Store s = Stores.open(new StoreConfig.Embedded(file), InstantSource.system(), MerkleLog.writer());
        s.createCollection(new CollectionInfo(UUID.randomUUID().toString(), "intelligence", "Intelligence", null));
        return new Target(s, file, null);
    }

    private static Target postgres(EmbeddedPostgres pg) throws Exception {
        String db = "bench_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection c = DriverManager.getConnection(pg.getJdbcUrl("postgres", "postgres")); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + db);
        }
        String url = "jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/" + db;
        Store s = Stores.open(new StoreConfig.Postgres(url, "postgres", null), InstantSource.system(), MerkleLog.writer());
        s.createCollection(new CollectionInfo(UUID.randomUUID().toString(), "intelligence", "Intelligence", null));
        return new Target(s, null, url);
    }

    /** Imports with the real pipeline; returns objects/s. */
    private static double importFile(Store store, Path file) throws IOException {
        Importer importer = new Importer(store, new StixValidator());
        String collection = store.collection("intelligence").orElseThrow().id();
        long t = System.nanoTime();
        Importer.Report r;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            r = importer.run(in, file.toString(), Importer.Options.into(collection, Tlp.AMBER), Importer.Listener.NONE);
        }
        double secs = (System.nanoTime() - t) / 1e9;
        if (!r.clean()) throw new IllegalStateException("benchmark input was not clean: " + r);
        return (r.stored() + r.duplicates()) / secs;
    }

    /** The floor: the same rows by plain JDBC batches; only the inserts are timed. */
    private static double floor(Target target, Path file) throws Exception {
        target.store.close(); // the floor writes on its own connection
        String collection = UUID.randomUUID().toString();
        ObjectMapper json = new ObjectMapper();
        long timed = 0, n = 0;
        try (RawJdbcFloor floor = target.jdbcUrl == null ? RawJdbcFloor.openSqlite(target.file.resolveSibling(target.file.getFileName() + "-raw.db"), collection)
                : RawJdbcFloor.openPostgres(target.jdbcUrl, "postgres", collection);
             BundleReader reader = new BundleReader(new BufferedInputStream(Files.newInputStream(file), 1 << 16), BundleReader.Limits.DEFAULT)) {
            List<StixObject> batch = new ArrayList<>(Importer.Options.DEFAULT_BATCH);
            for (BundleReader.Element e; ; ) {
                e = reader.next();
                if (e != null) {
                    ObjectNode o = (ObjectNode) json.readTree(e.json());
                    if (!o.has("object_marking_refs")) o.putArray("object_marking_refs").add(Tlp.AMBER.markingId());
                    batch.add(StixObject.of(o));
                }
                if (batch.size() == Importer.Options.DEFAULT_BATCH || (e == null && !batch.isEmpty())) {
                    long t = System.nanoTime();
                    floor.write(batch);
                    timed += System.nanoTime() - t;
                    n += batch.size();
                    batch.clear();
                }
                if (e == null) break;
            }
        }
        return n / (timed / 1e9);
    }

    /** Runs the import of {@code file} in a JVM with a 256 MB heap and reports its peak heap. */
    private static void peakHeap(Path file) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx256m", "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                ImportBenchmark.class.getName(), "--child", file.toString()).inheritIO().start();
        if (p.waitFor() != 0) throw new IllegalStateException("the 256 MB import failed: exit " + p.exitValue());
    }

    private static void child(Path file) throws Exception {
        // the heap in use (live and garbage), sampled every 5 ms by a daemon thread
        java.lang.management.MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long[] max = {0};
        Thread sampler = new Thread(() -> {
            while (true) {
                max[0] = Math.max(max[0], memory.getHeapMemoryUsage().getUsed());
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
        try (Target t = sqlite("heap")) {
            double rate = importFile(t.store, file);
            sampler.interrupt();
            sampler.join();
            System.out.printf(Locale.ROOT, "import of %s in a JVM limited to -Xmx256m: completed, %,.0f objects/s; "
                    + "most heap in use (sampled every 5 ms) %d MB%n", file.getFileName(), rate, max[0] >> 20);
        }
    }
}
