package org.concord.store.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import org.concord.ConcordException;
import org.concord.ErrorCode;
import org.concord.store.StoreConfig;

/**
 * PostgreSQL through two HikariCP pools, readers and writers. The store's writers, in any number of
 * node processes, serialise on one transaction-scoped advisory lock taken first in every store write
 * transaction, so date_added and seq follow commit order (the lock is released only once the commit
 * is visible). Capabilities' writes do not take it: their tables need no order with date_added, and
 * PostgreSQL's own row locks keep them consistent.
 */
final class PostgresDialect implements Dialect {
    /** The advisory lock key of Concord's writers ("Concord" in ASCII). */
    static final long WRITE_LOCK = 0x436f6e636f7264L;
    /** Readers: the store's reads and every capability's. */
    private static final int READERS = 8;
    /** Writers: the store's one at a time, and capabilities' beside it. */
    private static final int WRITERS = 4;
    private static final PostgresDialect INSTANCE = new PostgresDialect();

    private PostgresDialect() {}

    /** Connects to and migrates the database of {@code config}: a pool of readers, a pool of writers. */
    static JdbcDatabase open(StoreConfig.Postgres config) {
        String description = "PostgreSQL at " + withoutParameters(config.jdbcUrl());
        HikariDataSource writers = pool(config, "concord-writers", WRITERS, description);
        HikariDataSource readers = null;
        try {
            Migrations.run(writers, INSTANCE, description);
            readers = pool(config, "concord-readers", READERS, description);
        } catch (RuntimeException e) {
            writers.close();
            throw e;
        }
        return new JdbcDatabase(INSTANCE, readers, writers, description, null);
    }

    /** A pool of {@code size} connections named {@code name}. */
    private static HikariDataSource pool(StoreConfig.Postgres config, String name, int size, String description) {
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(config.jdbcUrl());
        hc.setUsername(config.user());
        hc.setPassword(config.password());
        hc.setPoolName(name);
        hc.setMaximumPoolSize(size);
        hc.setMinimumIdle(1);
        hc.addDataSourceProperty("reWriteBatchedInserts", "true"); // multi-row INSERTs from executeBatch
        hc.addDataSourceProperty("ApplicationName", name);
        // the server's "Detail" (a failing row, a duplicate key) holds bound values, which may be objects'
        // content: kept out of exception messages, and so out of logs (JdbcDatabase#failure)
        hc.addDataSourceProperty("logServerErrorDetail", "false");
        try {
            return new HikariDataSource(hc);
        } catch (RuntimeException e) {
            throw new ConcordException(ErrorCode.STORE_FAILURE,
                    "cannot connect to " + description + (config.user() == null ? "" : " as " + config.user()) + ": "
                            + Migrations.rootMessage(e), e);
        }
    }

    @Override
    public String flavour() {
        return "postgresql";
    }

    @Override
    public boolean oneWriter() {
        return false;
    }

    @Override
    public void beginWrite(Connection c) throws SQLException {
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
            ps.setLong(1, WRITE_LOCK);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
            }
        }
    }

    @Override
    public void begin(Connection c) throws SQLException {
        c.setAutoCommit(false);
    }

    @Override
    public void commit(Connection c) throws SQLException {
        c.commit();
        c.setAutoCommit(true);
    }

    @Override
    public void rollback(Connection c) throws SQLException {
        c.rollback();
        c.setAutoCommit(true);
    }

    @Override
    public String in(String column, int n) {
        return column + " = ANY (?)";
    }

    @Override
    public int bindList(PreparedStatement ps, int index, List<?> values) throws SQLException {
        Object first = values.isEmpty() ? null : values.getFirst();
        if (first instanceof byte[]) {
            ps.setArray(index, ps.getConnection().createArrayOf("bytea", values.toArray(new byte[0][])));
            return index + 1;
        }
        String type = first instanceof Long ? "bigint" : "text";
        ps.setArray(index, ps.getConnection().createArrayOf(type, values.toArray()));
        return index + 1;
    }

    @Override
    public int maxList() {
        return Integer.MAX_VALUE;
    }

    @Override
    public String indexedBy(String index) {
        return "";
    }

    // The driver streams with a cursor only inside a transaction and with a fetch size.
    @Override
    public void beginStream(Connection c) throws SQLException {
        c.setAutoCommit(false);
    }

    @Override
    public void endStream(Connection c) throws SQLException {
        c.rollback();
        c.setAutoCommit(true);
    }

    @Override
    public int fetchSize() {
        return 500;
    }

    /** The URL without its query, where a password may hide. */
    static String withoutParameters(String jdbcUrl) {
        int q = jdbcUrl.indexOf('?');
        return q < 0 ? jdbcUrl : jdbcUrl.substring(0, q);
    }
}
