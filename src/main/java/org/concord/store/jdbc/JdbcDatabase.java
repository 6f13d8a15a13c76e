package org.concord.store.jdbc;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.InstantSource;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;
import org.concord.ConcordException;
import org.concord.ErrorCode;
import org.concord.store.Database;
import org.concord.store.LogWriter;
import org.concord.store.Store;
import org.concord.store.StoreConfig;

/**
 * The {@link Database} over JDBC: its dialect, a reader pool and a writer pool, a description for
 * error messages (never a password), the embedded store's background checkpointer (null for
 * PostgreSQL), and the one lock the writes of this process queue on.
 *
 * <p>Three kinds of use: reads on a reader connection; the store's writes ({@link #exclusive}),
 * which exclude every other store writer of the database, in this process (the fair lock) and in
 * others (the dialect: SQLite's write lock, PostgreSQL's advisory lock); and capabilities' writes
 * ({@link #write}, {@link #update}), which on the embedded store take the same lock and the same one
 * writer connection, and on PostgreSQL a writer connection of their own, without the advisory lock.
 * {@link #failure} is where every {@link SQLException} becomes a {@link ConcordException}.
 */
public final class JdbcDatabase implements Database {
    private static final int MAX_MESSAGE = 1_000;

    private final Dialect dialect;
    private final HikariDataSource readers;
    private final HikariDataSource writers;
    private final String description;
    private final WalCheckpointer checkpointer;
    private final ReentrantLock writeLock = new ReentrantLock(true);

    JdbcDatabase(Dialect dialect, HikariDataSource readers, HikariDataSource writers, String description,
                 WalCheckpointer checkpointer) {
        this.dialect = dialect;
        this.readers = readers;
        this.writers = writers;
        this.description = description;
        this.checkpointer = checkpointer;
    }

    /**
     * Opens and migrates the database of {@code config} (see {@link Database#open}).
     *
     * @throws ConcordException STORE_FAILURE if it cannot be opened or migrated
     */
    public static JdbcDatabase open(StoreConfig config) {
        Objects.requireNonNull(config, "config");
        return switch (config) {
            case StoreConfig.Embedded embedded -> SqliteDialect.open(embedded.file());
            case StoreConfig.Postgres postgres -> PostgresDialect.open(postgres);
        };
    }

    /**
     * The store on this database, taking the time for date_added from {@code clock} and appending
     * what it stores first to the transparency log through {@code logWriter} (null: none).
     *
     * @param owner whether closing the store closes this database
     */
    public Store store(InstantSource clock, LogWriter logWriter, boolean owner) {
        return new JdbcStore(this, clock, logWriter, owner);
    }

    /** {@code db} as this implementation. */
    public static JdbcDatabase of(Database db) {
        Objects.requireNonNull(db, "db");
        if (db instanceof JdbcDatabase j) return j;
        throw new IllegalArgumentException("not a database opened by Database.open: " + db.getClass().getName());
    }

    Dialect dialect() {
        return dialect;
    }

    @Override
    public <T> T read(String what, Work<T> work) {
        try (Connection c = readers.getConnection()) {
            return work.apply(c);
        } catch (SQLException e) {
            throw failure(what, e);
        }
    }

    @Override
    public <T> T write(String what, Work<T> work) {
        boolean locked = lockWriter(what, dialect.oneWriter());
        try (Connection c = writers.getConnection()) {
            return inTransaction(c, work, false);
        } catch (SQLException e) {
            throw failure(what, e);
        } finally {
            if (locked) writeLock.unlock();
        }
    }

    @Override
    public int update(String what, String sql, Object... args) {
        boolean locked = lockWriter(what, dialect.oneWriter());
        try (Connection c = writers.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            Database.bind(ps, args);
            return ps.executeUpdate(); // one statement: its own transaction
        } catch (SQLException e) {
            throw failure(what, e);
        } finally {
            if (locked) writeLock.unlock();
        }
    }

    /**
     * Runs {@code work} in a write transaction of the store, excluding every other store writer of the
     * database (in this process and others); rolls back on any failure. {@code bytes}: about how many
     * bytes of objects it writes (the embedded store's checkpointer counts them).
     */
    <T> T exclusive(String what, long bytes, Work<T> work) {
        lockWriter(what, true);
        try (Connection c = writers.getConnection()) {
            T result = inTransaction(c, work, true);
            if (checkpointer != null) checkpointer.committed(bytes);
            return result;
        } catch (SQLException e) {
            throw failure(what, e);
        } finally {
            writeLock.unlock();
        }
    }

    /** Takes the process's write lock when {@code take}; refuses a write nested in a store write (it would wait for itself). */
    private boolean lockWriter(String what, boolean take) {
        if (writeLock.isHeldByCurrentThread()) {
            throw new IllegalStateException(what + " inside a write transaction of the store on " + description
                    + ": it would wait for that transaction's own writer; write after it, or through it");
        }
        if (take) writeLock.lock();
        return take;
    }

    private <T> T inTransaction(Connection c, Work<T> work, boolean exclusive) throws SQLException {
        if (exclusive) dialect.beginWrite(c);
        else dialect.begin(c);
        boolean committed = false;
        try {
            T result = work.apply(c);
            dialect.commit(c);
            committed = true;
            return result;
        } finally {
            if (!committed) rollback(c);
        }
    }

    private void rollback(Connection c) {
        try {
            dialect.rollback(c);
        } catch (SQLException | RuntimeException e) {
            writers.evictConnection(c); // its transaction state is unknown: never hand it out again
        }
    }

    /**
     * The one translation of a database error: a STORE_FAILURE saying what failed and where. A failed
     * batch is reported by the database's own error: the driver's batch message carries the bound
     * values, the objects themselves, which must not reach logs (they may be TLP:RED).
     */
    ConcordException failure(String what, SQLException e) {
        SQLException cause = e instanceof BatchUpdateException && e.getNextException() != null ? e.getNextException() : e;
        String message = String.valueOf(cause.getMessage());
        if (message.length() > MAX_MESSAGE) message = message.substring(0, MAX_MESSAGE) + "…";
        return new ConcordException(ErrorCode.STORE_FAILURE, what + " failed on " + description + ": " + message, cause);
    }

    @Override
    public void close() {
        try {
            if (checkpointer != null) checkpointer.close();
        } finally {
            try {
                if (readers != writers) readers.close();
            } finally {
                writers.close();
            }
        }
    }

    @Override
    public String toString() {
        return description;
    }
}
