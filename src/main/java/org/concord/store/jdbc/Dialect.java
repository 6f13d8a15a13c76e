package org.concord.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/**
 * What differs between SQLite and PostgreSQL. Everything else — tables, statements, the write
 * algorithm — is shared by {@link JdbcStore}.
 */
interface Dialect {

    /** The name of the folder each migration location keeps this dialect's migrations in ({@link Migrations}). */
    String flavour();

    /**
     * Whether the database has one writer, which capabilities' writes share with the store's (and so
     * take the process's write lock): SQLite yes, PostgreSQL no.
     */
    boolean oneWriter();

    /**
     * Begins a transaction of the store that excludes every other store writer of the database, in
     * this process or another, until {@link #commit} or {@link #rollback}.
     */
    void beginWrite(Connection c) throws SQLException;

    /** Begins a capability's write transaction (no exclusion beyond what the database itself does). */
    void begin(Connection c) throws SQLException;

    void commit(Connection c) throws SQLException;

    void rollback(Connection c) throws SQLException;

    /** A predicate "{@code column} is one of {@code n} values", bound by {@link #bindList}. */
    String in(String column, int n);

    /**
     * Binds the values of an {@link #in} predicate, all strings or all longs, from {@code index};
     * returns the next index.
     */
    int bindList(PreparedStatement ps, int index, List<?> values) throws SQLException;

    /** How many values one {@link #in} predicate may take. */
    int maxList();

    /**
     * A hint, placed after a table name, to read that table through {@code index}. SQLite plans
     * without statistics and needs it where the best index depends on the data; PostgreSQL plans
     * from statistics and gets none.
     */
    String indexedBy(String index);

    /** Prepares {@code c} to stream a long result in bounded memory; undone by {@link #endStream}. */
    void beginStream(Connection c) throws SQLException;

    void endStream(Connection c) throws SQLException;

    /** Rows fetched per round trip when streaming. */
    int fetchSize();
}
