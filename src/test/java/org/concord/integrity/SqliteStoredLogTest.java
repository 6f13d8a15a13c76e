package org.concord.integrity;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.concord.store.StoreConfig;
import org.junit.jupiter.api.io.TempDir;

/** The stored log on the embedded store. */
class SqliteStoredLogTest extends StoredLogContract {
    private static final AtomicInteger FILES = new AtomicInteger();

    @TempDir
    Path dir;

    @Override
    protected StoreConfig newDatabase() {
        return new StoreConfig.Embedded(dir.resolve("store-" + FILES.incrementAndGet() + ".db"));
    }
}
