package org.concord.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import org.concord.store.jdbc.JdbcDatabase;

/**
 * The node's one database, opened once and shared by the {@link Store} and every capability that
 * keeps tables beside it (TAXII state, the disclosure audit log, sync's ledger, webhook state): the
 * embedded SQLite file or the PostgreSQL database a {@link StoreConfig} names.
 *
 * <p>Opening brings the whole schema up to date, the store's migrations and every capability's
 * (Flyway reads each capability's folder beside its code; docs/architecture.md, "Database layer").
 * The handle holds one reader pool and one writer pool. On the embedded store the writer is one
 * connection, the store's single writer: every write, the store's and a capability's, takes it in
 * turn (in this process, fairly; other processes queue on SQLite's lock). On PostgreSQL the
 * store's writes also serialise on an advisory lock, which capabilities' writes do not take: their
 * tables need no order with date_added.
 *
 * <p>Every {@link SQLException} becomes a {@link org.concord.ConcordException} here, in one place:
 * {@code STORE_FAILURE}, saying what failed ({@code what}) and on which database (never a password,
 * never a batch's bound values).
 *
 * <p>A write may not be started by a thread inside one of the store's write transactions (a
 * {@link LogWriter}, say): on the embedded store it would wait for itself. It is refused at once.
 */
public interface Database extends AutoCloseable {

    /**
     * Opens the database of {@code config} (creating the embedded file and its folder if needed) and
     * migrates it.
     *
     * @throws org.concord.ConcordException STORE_FAILURE if it cannot be opened or migrated
     */
    static Database open(StoreConfig config) {
        return JdbcDatabase.open(config);
    }

    /** Work on a connection. */
    @FunctionalInterface
    interface Work<T> {
        T apply(Connection c) throws SQLException;
    }

    /** Reads a result. */
    @FunctionalInterface
    interface Reader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /**
     * Runs {@code work} on a reader connection, in auto-commit (each statement sees the data as of
     * its start); the connection refuses writes on the embedded store.
     *
     * @param what what is being read, for the error message ("reading the tokens")
     */
    <T> T read(String what, Work<T> work);

    /** Runs one query on a reader and reads its result with {@code reader}; {@code args} as {@link #bind}. */
    default <T> T query(String what, String sql, Reader<T> reader, Object... args) {
        return read(what, c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                bind(ps, args);
                try (ResultSet rs = ps.executeQuery()) {
                    return reader.read(rs);
                }
            }
        });
    }

    /**
     * Runs {@code work} in one write transaction on the writer: committed when it returns, rolled
     * back when it throws. Reads inside it see the transaction's own writes.
     *
     * @param what what is being written, for the error message ("recording 3 disclosures")
     * @throws IllegalStateException on a thread inside one of the store's write transactions
     */
    <T> T write(String what, Work<T> work);

    /** Runs one update statement as a write of its own; returns the rows it changed. {@code args} as {@link #bind}. */
    int update(String what, String sql, Object... args);

    /** Closes both pools (the store and capabilities on this handle stop working). */
    @Override
    void close();

    /**
     * Binds null, String, Long, Integer and Boolean values to the statement's parameters, in order.
     * A null leaves its type to the database (the column it goes into decides).
     */
    static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case null -> ps.setNull(i + 1, Types.NULL);
                case String s -> ps.setString(i + 1, s);
                case Long l -> ps.setLong(i + 1, l);
                case Integer n -> ps.setInt(i + 1, n);
                case Boolean b -> ps.setBoolean(i + 1, b);
                default -> throw new IllegalArgumentException("cannot bind a " + args[i].getClass().getSimpleName());
            }
        }
    }

    /**
     * An instant as the tables keep it: microseconds since the epoch, rounded down; saturates far
     * outside the years a store sees.
     */
    static long micros(Instant t) {
        long seconds = t.getEpochSecond();
        if (seconds >= Long.MAX_VALUE / 1_000_000L) return Long.MAX_VALUE;
        if (seconds <= Long.MIN_VALUE / 1_000_000L) return Long.MIN_VALUE;
        return seconds * 1_000_000L + t.getNano() / 1_000;
    }

    /** Microseconds since the epoch (as {@link #micros} keeps them) as an instant. */
    static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }
}
