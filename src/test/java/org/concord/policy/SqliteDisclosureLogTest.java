package org.concord.policy;

import java.nio.file.Path;
import org.concord.store.StoreConfig;
import org.junit.jupiter.api.io.TempDir;

class SqliteDisclosureLogTest extends DisclosureLogContract {
    @TempDir
    Path dir;

    @Override
    StoreConfig config() {
        return new StoreConfig.Embedded(dir.resolve("store.db"));
    }
}
