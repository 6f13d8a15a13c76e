package org.concord.taxii;

import com.zaxxer.hikari.HikariDataSource;
import org.concord.store.StoreConfig;
import org.concord.store.Stores;

/**
 * The TAXII server's state (tokens, rights, partners, statuses) in the node's own database, beside
 * the store: the same SQLite file or PostgreSQL database, tables from migration
 * {@code V2__taxii.sql}. Opening brings the schema up to date, as opening the store does.
 */
public final class TaxiiDatabase implements AutoCloseable {
    private final HikariDataSource pool;
    private final JdbcTaxiiState state;

    private TaxiiDatabase(HikariDataSource pool, boolean postgres) {
        this.pool = pool;
        this.state = new JdbcTaxiiState(pool, postgres);
    }

    /**
     * Opens the database of {@code config} and migrates it.
     *
     * @throws org.concord.ConcordException STORE_FAILURE if it cannot be opened or migrated
     */
    public static TaxiiDatabase open(StoreConfig config) {
        return new TaxiiDatabase(Stores.pool(config, "concord-taxii", 4), config instanceof StoreConfig.Postgres);
    }

    public Tokens tokens() {
        return state;
    }

    public Rights rights() {
        return state;
    }

    public Partners partners() {
        return state;
    }

    public Statuses statuses() {
        return state;
    }

    @Override
    public void close() {
        pool.close();
    }
}
