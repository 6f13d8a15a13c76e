package org.concord.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The database handle on PostgreSQL: the store's writes serialise on the advisory lock, capabilities' do not. */
class PostgresDatabaseTest extends DatabaseContract {

    @Override
    StoreConfig newDatabase() {
        return TestDatabases.newPostgres();
    }

    @Override
    boolean capabilityWritesWaitForTheStore() {
        return false;
    }

    @Test
    void oneHandleConnectsAsOneReaderPoolAndOneWriterPool() {
        try (Store store = Stores.open(db, java.time.InstantSource.system(), null)) {
            store.collections();
            db.update("adding p", "INSERT INTO scratch (k, v) VALUES (?, ?)", "p", 1L);
            List<String> pools = db.query("listing the pools", "SELECT DISTINCT application_name FROM pg_stat_activity"
                    + " WHERE datname = current_database() AND application_name LIKE 'concord-%' ORDER BY 1", rs -> {
                List<String> out = new ArrayList<>();
                while (rs.next()) out.add(rs.getString(1));
                return out;
            });
            assertThat(pools).containsExactly("concord-readers", "concord-writers");
        }
    }
}
