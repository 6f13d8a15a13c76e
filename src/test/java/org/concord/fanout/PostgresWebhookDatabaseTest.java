package org.concord.fanout;

import org.concord.store.StoreConfig;
import org.concord.store.TestDatabases;

class PostgresWebhookDatabaseTest extends WebhookDatabaseContract {
    @Override
    StoreConfig config() {
        return TestDatabases.newPostgres();
    }
}
