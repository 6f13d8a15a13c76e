package org.concord.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import javax.sql.DataSource;

/**
 * The few JDBC steps the node's side tables (TAXII state, sync ledger, …, opened with
 * {@link Stores#pool}) share: bind plain values, run one update, run work in one transaction.
 * Callers translate {@link SQLException} into their own {@code STORE_FAILURE} message.
 */
public final class Sql {
    private Sql() {}

    /** Work on a connection inside a transaction. */
    @FunctionalInterface
    public interface Work<T> {
        T apply(Connection c) throws SQLException;
    }

    /** Runs {@code work} in one transaction on a connection of {@code source}: committed, or rolled back on any failure. */
    public static <T> T transaction(DataSource source, Work<T> work) throws SQLException {
        try (Connection c = source.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.apply(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        }
    }

    /** Reads a result. */
    @FunctionalInterface
    public interface Reader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** Runs one query and reads its result with {@code reader}. */
    public static <T> T query(DataSource source, String sql, Reader<T> reader, Object... args) throws SQLException {
        try (Connection c = source.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                return reader.read(rs);
            }
        }
    }

    /** Runs one update statement; returns the rows it changed. */
    public static int update(DataSource source, String sql, Object... args) throws SQLException {
        try (Connection c = source.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            return ps.executeUpdate();
        }
    }

    /** An instant as the tables keep it: microseconds since the epoch, rounded down; saturates far outside the years a store sees. */
    public static long micros(Instant t) {
        long seconds = t.getEpochSecond();
        if (seconds >= Long.MAX_VALUE / 1_000_000L) return Long.MAX_VALUE;
        if (seconds <= Long.MIN_VALUE / 1_000_000L) return Long.MIN_VALUE;
        return seconds * 1_000_000L + t.getNano() / 1_000;
    }

    /** Microseconds since the epoch as an instant. */
    public static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }

    /** Binds null, String, Long, Integer and Boolean values to the statement's parameters, in order. */
    public static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case null -> ps.setNull(i + 1, Types.VARCHAR);
                case String s -> ps.setString(i + 1, s);
                case Long l -> ps.setLong(i + 1, l);
                case Integer n -> ps.setInt(i + 1, n);
                case Boolean b -> ps.setBoolean(i + 1, b);
                default -> throw new IllegalArgumentException("cannot bind " + args[i]);
            }
        }
    }
}
