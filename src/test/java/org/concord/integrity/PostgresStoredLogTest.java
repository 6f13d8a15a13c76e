package org.concord.integrity;

import org.concord.store.StoreConfig;
import org.concord.store.TestDatabases;

/** The stored log on PostgreSQL (the test JVM's one embedded server). */
class PostgresStoredLogTest extends StoredLogContract {

    @Override
    protected StoreConfig newDatabase() {
        return TestDatabases.newPostgres();
    }
}
