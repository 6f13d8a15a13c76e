package org.concord.store.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;
import org.concord.stix.StixObject;
import org.concord.store.CollectionInfo;
import org.concord.store.ScanFilter;
import org.concord.store.Store;
import org.concord.store.StoreConfig;
import org.concord.store.Stores;
import org.concord.store.jdbc.RawJdbcFloor;

/**
 * A rough check of {@code Store.write} on the embedded store against {@link RawJdbcFloor}: imports
 * N small indicators (~600 bytes) in batches of 2,000 into a new file each, prints objects/s for
 * both and the ratio, then times a full scan. Not a test; run by hand:
 * {@code java -cp target/classes:target/test-classes:$(cat cp.txt) org.concord.store.bench.WriteThroughput 1000000}
 */
public final class WriteThroughput {
    private static final int BATCH = 2_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private WriteThroughput() {}

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        Path dir = Files.createTempDirectory("concord-write-bench");
        String collection = UUID.randomUUID().toString();
        System.out.printf("%,d indicators of ~%d bytes, batches of %,d, in %s%n", n, indicator(0).canonical().length, BATCH, dir);

        try (Store store = Stores.open(new StoreConfig.Embedded(dir.resolve("store.db")));
             RawJdbcFloor floor = RawJdbcFloor.openSqlite(dir.resolve("floor.db"), collection)) {
            store.createCollection(new CollectionInfo(collection, null, "bench", null));
            // store and floor take turns batch by batch, so both see the same machine (other load, cache)
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long storeWall = 0, storeCpu = 0, floorWall = 0, floorCpu = 0;
            for (int from = 0; from < n; from += BATCH) {
                List<StixObject> batch = batch(from, Math.min(n, from + BATCH));
                long w = System.nanoTime(), c = threads.getCurrentThreadCpuTime();
                store.write(collection, batch);
                storeWall += System.nanoTime() - w;
                storeCpu += threads.getCurrentThreadCpuTime() - c;
                w = System.nanoTime();
                c = threads.getCurrentThreadCpuTime();
                floor.write(batch);
                floorWall += System.nanoTime() - w;
                floorCpu += threads.getCurrentThreadCpuTime() - c;
            }
            System.out.printf("Store.write   %,10.0f objects/s wall, %,10.0f per CPU second%n", n / (storeWall / 1e9), n / (storeCpu / 1e9));
            System.out.printf("raw JDBC      %,10.0f objects/s wall, %,10.0f per CPU second%n", n / (floorWall / 1e9), n / (floorCpu / 1e9));
            System.out.printf("store/floor   %.2f (wall), %.2f (CPU)%n", (double) storeWall / floorWall, (double) storeCpu / floorCpu);
            System.out.printf("files: store %,d MiB, floor %,d MiB%n", Files.size(dir.resolve("store.db")) >> 20,
                    Files.size(dir.resolve("floor.db")) >> 20);

            // re-import of the same batch: all duplicates
            long again = 0;
            int m = Math.min(n, 100_000);
            for (int from = 0; from < m; from += BATCH) {
                List<StixObject> batch = batch(from, Math.min(m, from + BATCH));
                long t = System.nanoTime();
                store.write(collection, batch);
                again += System.nanoTime() - t;
            }
            System.out.printf("re-import     %,10.0f objects/s (all duplicates)%n", m / (again / 1e9));

            LongAdder count = new LongAdder();
            long t3 = System.nanoTime();
            store.scan(ScanFilter.ALL, v -> count.increment());
            System.out.printf("scan          %,10.0f objects/s (%,d), heap used after: %,d MiB%n",
                    count.sum() / ((System.nanoTime() - t3) / 1e9), count.sum(),
                    (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20);
        }
    }

    static List<StixObject> batch(int from, int to) {
        List<StixObject> out = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) out.add(indicator(i));
        return out;
    }

    /** A small indicator, about 600 bytes of canonical JSON. */
    static StixObject indicator(int i) {
        String uuid = UUID.nameUUIDFromBytes(("bench-" + i).getBytes()).toString();
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
