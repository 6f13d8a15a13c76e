package org.concord.policy;

import org.concord.store.StoreConfig;
import org.concord.store.TestDatabases;

class PostgresDisclosureLogTest extends DisclosureLogContract {
    private StoreConfig.Postgres config;

    @Override
    StoreConfig config() {
        if (config == null) config = TestDatabases.newPostgres();
        return config;
    }
}
