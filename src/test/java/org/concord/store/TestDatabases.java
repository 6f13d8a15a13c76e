package org.concord.store;

/** The one embedded PostgreSQL of the test JVM, for tests outside this package (TAXII state). */
public final class TestDatabases {
    private TestDatabases() {}

    /** A new empty PostgreSQL database on the shared server. */
    public static StoreConfig.Postgres newPostgres() {
        return new StoreConfig.Postgres(PostgresServer.newDatabase(), "postgres", null);
    }
}
