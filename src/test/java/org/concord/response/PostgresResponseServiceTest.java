package org.concord.response;

import org.concord.node.NodeConfig;
import org.concord.store.StoreConfig;
import org.concord.store.TestDatabases;

class PostgresResponseServiceTest extends ResponseServiceContract {
    @Override
    NodeConfig.StoreSettings store() {
        StoreConfig.Postgres pg = TestDatabases.newPostgres();
        return new NodeConfig.StoreSettings.Postgres(pg.jdbcUrl(), pg.user(), null);
    }
}
