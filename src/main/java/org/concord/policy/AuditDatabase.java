package org.concord.policy;

import com.zaxxer.hikari.HikariDataSource;
import org.concord.store.StoreConfig;
import org.concord.store.Stores;

/**
 * The disclosure audit log in the node's own database, beside the store: the same SQLite file or
 * PostgreSQL database, table {@code disclosure} from migration {@code V4__policy.sql}. Opening
 * brings the schema up to date, as opening the store does.
 */
public final class AuditDatabase implements AutoCloseable {
    private final HikariDataSource pool;
    private final DisclosureLog log;

    private AuditDatabase(HikariDataSource pool) {
        this.pool = pool;
        this.log = new JdbcDisclosureLog(pool);
    }

    /**
     * Opens the database of {@code config} and migrates it.
     *
     * @throws org.concord.ConcordException STORE_FAILURE if it cannot be opened or migrated
     */
    public static AuditDatabase open(StoreConfig config) {
        return new AuditDatabase(Stores.pool(config, "concord-audit", 2));
    }

    /** The disclosure log. */
    public DisclosureLog log() {
        return log;
    }

    @Override
    public void close() {
        pool.close();
    }
}
