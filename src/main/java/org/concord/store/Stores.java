package org.concord.store;

import com.zaxxer.hikari.HikariDataSource;
import java.time.InstantSource;
import java.util.Objects;

/**
 * Opens a node's {@link Store}: the embedded one (SQLite) or PostgreSQL, as the configuration
 * says. Opening creates the schema or brings it up to date (Flyway migrations under
 * {@code db/migration/{sqlite,postgresql}}); the returned store is ready and thread-safe.
 *
 * <p>The embedded store survives the process being killed at any moment (every acknowledged write
 * is kept, no unfinished one is visible); it does not promise to keep the last writes through a
 * power loss. PostgreSQL keeps whatever durability the server is configured for.
 */
public final class Stores {
    private Stores() {}

    /** Opens the store with the system clock. */
    public static Store open(StoreConfig config) {
        return open(config, InstantSource.system());
    }

    /**
     * Opens the store, taking the time for date_added from {@code clock} (tests inject one that
     * stands still or goes backwards; date_added still strictly increases).
     *
     * @throws org.concord.ConcordException STORE_FAILURE if the database cannot be opened or migrated
     */
    public static Store open(StoreConfig config, InstantSource clock) {
        return open(config, clock, null);
    }

    /**
     * Opens the store as {@link #open(StoreConfig, InstantSource)} does, and has every write append
     * the versions it stores for the first time to the transparency log through {@code logWriter},
     * in the same transaction ({@code org.concord.integrity.MerkleLog.writer()}).
     *
     * @param logWriter null to write without logging (the log then catches up later)
     */
    public static Store open(StoreConfig config, InstantSource clock, LogWriter logWriter) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(clock, "clock");
        Database db = switch (config) {
            case StoreConfig.Embedded embedded -> SqliteDialect.open(embedded.file());
            case StoreConfig.Postgres postgres -> PostgresDialect.open(postgres);
        };
        return new JdbcStore(db, clock, logWriter);
    }

    /**
     * A migrated connection pool on the node's database, for a capability that keeps tables of its
     * own beside the store's (TAXII state, the disclosure log): the same SQLite file with the
     * store's settings (WAL, busy timeout, foreign keys), or the same PostgreSQL database.
     *
     * @throws org.concord.ConcordException STORE_FAILURE if it cannot be opened or migrated
     */
    public static HikariDataSource pool(StoreConfig config, String name, int size) {
        Objects.requireNonNull(config, "config");
        return switch (config) {
            case StoreConfig.Embedded embedded -> SqliteDialect.sidePool(embedded.file(), name, size);
            case StoreConfig.Postgres postgres -> PostgresDialect.sidePool(postgres, name, size);
        };
    }

    /** The 64-bit lookup key the schema stores beside each STIX id (for tools writing the schema directly). */
    public static long idHash(String id) {
        return Rows.idHash(id);
    }

    /** For benchmarks: how many recent ids the store lets wait before it merges them (see migration V10). */
    public static long idMergeAt(long merged) {
        return BatchWrite.mergeAt(merged);
    }
}
