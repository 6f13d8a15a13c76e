package org.concord.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * What differs between SQLite and PostgreSQL. Everything else — tables, statements, the write
 * algorithm — is shared by {@link JdbcStore}.
 */
interface Dialect {

    /** Flyway location of this dialect's migrations. */
    String migrations();

    /**
     * Begins a transaction that excludes every other writer of the database, in this process or
     * another, until {@link #commit} or {@link #rollback}.
     */
    void beginWrite(Connection c) throws SQLException;

    void commit(Connection c) throws SQLException;

    void rollback(Connection c) throws SQLException;

    /** A predicate "{@code column} is one of {@code n} values", bound by {@link #bindList}. */
    String in(String column, int n);

    /** Binds the values of an {@link #in} predicate from {@code index}; returns the next index. */
    int bindList(PreparedStatement ps, int index, List<String> values) throws SQLException;

    /** How many values one {@link #in} predicate may take. */
    int maxList();

    /** Prepares {@code c} to stream a long result in bounded memory; undone by {@link #endStream}. */
    void beginStream(Connection c) throws SQLException;

    void endStream(Connection c) throws SQLException;

    /** Rows fetched per round trip when streaming. */
    int fetchSize();
}
