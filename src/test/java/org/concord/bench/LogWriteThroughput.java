package org.concord.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.concord.integrity.MerkleLog;
import org.concord.stix.StixObject;
import org.concord.store.CollectionInfo;
import org.concord.store.Store;
import org.concord.store.StoreConfig;
import org.concord.store.Stores;

/**
 * What the transparency log costs the import path: N small indicators (~600 bytes) written in
 * batches of 2,000 to two new embedded stores, one with {@link MerkleLog#writer()} appending in
 * each write transaction and one without, batch by batch in turn (both see the same machine);
 * prints objects/s for both and their ratio, then the cost of one root and two proofs at the end.
 * The same on two PostgreSQL databases (zonky's embedded server) with {@code postgres}.
 * {@code java -cp … org.concord.bench.LogWriteThroughput [N] [sqlite|postgres]} (default 200,000 on SQLite).
 */
public final class LogWriteThroughput {
    private static final int BATCH = 2_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private LogWriteThroughput() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        boolean postgres = args.length > 1 && args[1].equals("postgres");
        Path dir = Files.createTempDirectory("concord-log-bench");
        String collection = UUID.randomUUID().toString();
        System.out.printf("%,d indicators, batches of %,d, %s%n", n, BATCH, postgres ? "PostgreSQL" : "embedded stores in " + dir);
        EmbeddedPostgres pg = postgres ? EmbeddedPostgres.builder().setServerConfig("listen_addresses", "127.0.0.1").start() : null;
        StoreConfig loggedConfig = postgres ? database(pg, "logged") : new StoreConfig.Embedded(dir.resolve("logged.db"));
        StoreConfig plainConfig = postgres ? database(pg, "plain") : new StoreConfig.Embedded(dir.resolve("plain.db"));
        try (pg; Store logged = Stores.open(loggedConfig, InstantSource.system(), MerkleLog.writer());
             Store plain = Stores.open(plainConfig)) {
            for (Store s : List.of(logged, plain)) s.createCollection(new CollectionInfo(collection, null, "bench", null));
            long withLog = 0, without = 0;
            for (int from = 0; from < n; from += BATCH) {
                List<StixObject> batch = batch(from, Math.min(n, from + BATCH));
                // alternate which goes first, so neither always meets a warmer cache
                boolean logFirst = (from / BATCH) % 2 == 0;
                for (int turn = 0; turn < 2; turn++) {
                    Store s = (turn == 0) == logFirst ? logged : plain;
                    long t = System.nanoTime();
                    s.write(collection, batch);
                    if (s == logged) withLog += System.nanoTime() - t;
                    else without += System.nanoTime() - t;
                }
            }
            System.out.printf("write with log     %,10.0f objects/s%n", n / (withLog / 1e9));
            System.out.printf("write without log  %,10.0f objects/s%n", n / (without / 1e9));
            System.out.printf("with/without       %.2f (time ratio; 1.00 = free)%n", (double) withLog / without);
            if (!postgres) {
                System.out.printf("files: with log %,d MiB, without %,d MiB%n", Files.size(dir.resolve("logged.db")) >> 20,
                        Files.size(dir.resolve("plain.db")) >> 20);
            }

            MerkleLog log = new MerkleLog(logged.log());
            int rounds = 2_000;
            long t = System.nanoTime();
            for (int i = 0; i < rounds; i++) {
                long size = log.size();
                log.root(size);
                log.inclusionProof((i * 7919L) % size, size);
                log.consistencyProof(1 + (i * 104_729L) % (size - 1), size);
            }
            System.out.printf("root + inclusion + consistency proof: %.0f µs (log of %,d leaves)%n",
                    (System.nanoTime() - t) / 1e3 / rounds, log.size());
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static StoreConfig database(EmbeddedPostgres pg, String name) throws Exception {
        try (Connection c = DriverManager.getConnection(pg.getJdbcUrl("postgres", "postgres")); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
        return new StoreConfig.Postgres("jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/" + name, "postgres", null);
    }

    static List<StixObject> batch(int from, int to) {
        List<StixObject> out = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) out.add(indicator(i));
        return out;
    }

    static StixObject indicator(int i) {
        String uuid = UUID.nameUUIDFromBytes(("log-bench-" + i).getBytes()).toString();
        ObjectNode o = JSON.createObjectNode()
                .put("type", "indicator").put("spec_version", "2.1").put("id", "indicator--" + uuid)
                .put("created", "2024-03-01T10:00:00.000Z").put("modified", "2024-03-01T10:00:00.000Z")
                .put("name", "Malicious domain " + i)
                .put("description", "Domain seen in phishing campaign infrastructure, reported by a sector ISAC.")
                .put("pattern", "[domain-name:value = 'login-" + uuid.substring(0, 13) + ".example.net']")
                .put("pattern_type", "stix").put("valid_from", "2024-03-01T10:00:00Z")
                .put("created_by_ref", "identity--f431f809-377b-45e0-aa1c-6a4751cae5ff")
                .put("confidence", 80);
        o.putArray("indicator_types").add("malicious-activity");
        o.putArray("labels").add("phishing");
        o.putArray("object_marking_refs").add("marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb");
        return StixObject.of(o);
    }
}
