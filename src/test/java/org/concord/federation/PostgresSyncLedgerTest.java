package org.concord.federation;

import org.concord.store.StoreConfig;
import org.concord.store.TestDatabases;

class PostgresSyncLedgerTest extends SyncLedgerContract {
    private StoreConfig config;

    @Override
    StoreConfig config() {
        if (config == null) config = TestDatabases.newPostgres();
        return config;
    }

    @Override
    StoreConfig freshConfig() {
        return TestDatabases.newPostgres();
    }
}
