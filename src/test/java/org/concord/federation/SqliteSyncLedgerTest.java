package org.concord.federation;

import java.nio.file.Path;
import org.concord.store.StoreConfig;
import org.junit.jupiter.api.io.TempDir;

class SqliteSyncLedgerTest extends SyncLedgerContract {
    @TempDir
    Path dir;

    @Override
    StoreConfig config() {
        return new StoreConfig.Embedded(dir.resolve("concord.db"));
    }

    @Override
    StoreConfig freshConfig() {
        return new StoreConfig.Embedded(dir.resolve("other-" + java.util.UUID.randomUUID() + ".db"));
    }
}
