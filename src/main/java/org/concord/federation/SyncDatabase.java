package org.concord.federation;

import com.zaxxer.hikari.HikariDataSource;
import org.concord.store.StoreConfig;
import org.concord.store.Stores;

/**
 * Sync's tables in the node's own database, beside the store: the same SQLite file or PostgreSQL
 * database, migration {@code V7__sync.sql}. Opening brings the schema up to date, as opening the
 * store does.
 */
public final class SyncDatabase implements AutoCloseable {
    private final HikariDataSource pool;
    private final SyncLedger ledger;

    private SyncDatabase(HikariDataSource pool) {
        this.pool = pool;
        this.ledger = new JdbcSyncLedger(pool);
    }

    /**
     * Opens the database of {@code config} and migrates it.
     *
     * @throws org.concord.ConcordException STORE_FAILURE if it cannot be opened or migrated
     */
    public static SyncDatabase open(StoreConfig config) {
        return new SyncDatabase(Stores.pool(config, "concord-sync", 3));
    }

    public SyncLedger ledger() {
        return ledger;
    }

    @Override
    public void close() {
        pool.close();
    }
}
