package org.concord.fanout;

import java.nio.file.Path;
import org.concord.store.StoreConfig;
import org.junit.jupiter.api.io.TempDir;

class SqliteWebhookDatabaseTest extends WebhookDatabaseContract {
    @TempDir
    Path dir;

    @Override
    StoreConfig config() {
        return new StoreConfig.Embedded(dir.resolve("concord.db"));
    }
}
