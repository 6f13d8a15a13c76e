/**
 * Internal: the JDBC implementation of {@link org.concord.store.Store} and
 * {@link org.concord.store.Database}, for SQLite and PostgreSQL alike. Not API: only
 * {@code org.concord.store} uses it (its public types are public for that alone), and it may change
 * with any release. Tests and benchmarks that need its internals reach them from this package in
 * the test sources ({@code StoreInternals}, {@code RawJdbcFloor}).
 *
 * <p>{@link org.concord.store.jdbc.JdbcDatabase} holds the reader and writer pools, the one write
 * lock of the process and the one translation of {@code SQLException}; {@code JdbcStore} and
 * {@code BatchWrite} are the store (the write path, batched statements under the writer exclusion);
 * {@code Rows} and {@code Query} read rows and assemble statements; {@code SqliteDialect} and
 * {@code PostgresDialect} are what differs ({@code Dialect}); {@code Migrations} runs Flyway over the
 * store's and every capability's migration folders; {@code WalCheckpointer} copies the embedded
 * store's WAL on a thread of its own; {@code JdbcLogStorage} and {@code JdbcSignatureCache} keep the
 * transparency log's and the signature cache's tables.
 */
package org.concord.store.jdbc;
