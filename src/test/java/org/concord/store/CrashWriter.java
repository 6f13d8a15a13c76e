package org.concord.store;

import java.nio.file.Path;
import java.util.List;
import org.concord.stix.StixObject;

/**
 * A child process for {@link SqliteStoreTest}: writes batches to the embedded store at args[0]
 * forever and prints "committed N" once write() has returned for batch N, until it is killed.
 */
public final class CrashWriter {
    static final String COLLECTION = "c0ffee00-0000-4000-8000-000000000001";
    static final int BATCH = 400;

    private CrashWriter() {}

    static List<StixObject> batch(int n) {
        return Fixtures.indicators("crash-" + n, BATCH, "2024-01-01T00:00:00.000Z");
    }

    public static void main(String[] args) {
        try (Store store = Stores.open(new StoreConfig.Embedded(Path.of(args[0])))) {
            for (int n = 0; ; n++) {
                store.write(COLLECTION, batch(n));
                System.out.println("committed " + n);
                System.out.flush();
            }
        }
    }
}
