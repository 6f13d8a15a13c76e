package org.concord.taxii;

import org.concord.store.StoreConfig;
import org.concord.store.TestDatabases;

class PostgresTaxiiStateTest extends TaxiiStateContract {
    private StoreConfig config;

    @Override
    StoreConfig config() {
        if (config == null) config = TestDatabases.newPostgres();
        return config;
    }
}
