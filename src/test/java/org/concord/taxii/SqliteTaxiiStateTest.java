package org.concord.taxii;

import java.nio.file.Path;
import org.concord.store.StoreConfig;
import org.junit.jupiter.api.io.TempDir;

class SqliteTaxiiStateTest extends TaxiiStateContract {
    @TempDir
    Path dir;

    @Override
    StoreConfig config() {
        return new StoreConfig.Embedded(dir.resolve("concord.db"));
    }
}
