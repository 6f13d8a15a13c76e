package org.concord.store;

import java.time.InstantSource;
import java.util.Objects;
import org.concord.Time;
import org.concord.store.jdbc.JdbcDatabase;

/**
 * Opens a node's {@link Store}: the embedded one (SQLite) or PostgreSQL, as the configuration
 * says, on the node's {@link Database}. Opening the database creates the schema or brings it up to
 * date (Flyway migrations, docs/architecture.md "Database layer"); the returned store is ready and
 * thread-safe.
 *
 * <p>The embedded store survives the process being killed at any moment (every acknowledged write
 * is kept, no unfinished one is visible); it does not promise to keep the last writes through a
 * power loss. PostgreSQL keeps whatever durability the server is configured for.
 */
public final class Stores {
    private Stores() {}

    /** Opens the store, and a database of its own, with the system clock. */
    public static Store open(StoreConfig config) {
        return open(config, Time.system());
    }

    /**
     * Opens the store, and a database of its own, taking the time for date_added from {@code clock}
     * (tests inject one that stands still or goes backwards; date_added still strictly increases).
     *
     * @throws org.concord.ConcordException STORE_FAILURE if the database cannot be opened or migrated
     */
    public static Store open(StoreConfig config, InstantSource clock) {
        return open(config, clock, null);
    }

    /**
     * Opens the store as {@link #open(StoreConfig, InstantSource)} does, and has every write append
     * the versions it stores for the first time to the transparency log through {@code logWriter},
     * in the same transaction ({@code org.concord.integrity.MerkleLog.writer()}). Closing the store
     * closes the database it opened.
     *
     * @param logWriter null to write without logging (the log then catches up later)
     */
    public static Store open(StoreConfig config, InstantSource clock, LogWriter logWriter) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(clock, "clock");
        JdbcDatabase db = JdbcDatabase.open(config);
        try {
            return db.store(clock, logWriter, true);
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /**
     * The store on the node's database {@code db}, which capabilities share: as
     * {@link #open(StoreConfig, InstantSource, LogWriter)}, except that closing the store leaves the
     * database open (its opener closes it, after the store).
     */
    public static Store open(Database db, InstantSource clock, LogWriter logWriter) {
        Objects.requireNonNull(clock, "clock");
        return JdbcDatabase.of(db).store(clock, logWriter, false);
    }
}
