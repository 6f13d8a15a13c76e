package org.concord.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.concord.store.jdbc.StoreInternals;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;

/** The one embedded PostgreSQL of the test JVM, for tests outside this package (TAXII state). */
public final class TestDatabases {
    private TestDatabases() {}

    /** A new empty PostgreSQL database on the shared server. */
    public static StoreConfig.Postgres newPostgres() {
        return new StoreConfig.Postgres(PostgresServer.newDatabase(), "postgres", null);
    }

    /**
     * Brings the database of {@code config} up to the last migration before {@code version} and no
     * further, as a node of an older release left it (for tests of a later migration).
     */
    public static void migrateToBefore(StoreConfig config, String version) {
        var flyway = Flyway.configure(TestDatabases.class.getClassLoader()).locations(StoreInternals.migrationLocations(config));
        switch (config) {
            case StoreConfig.Embedded e -> flyway.dataSource("jdbc:sqlite:" + e.file().toAbsolutePath(), null, null);
            case StoreConfig.Postgres p -> flyway.dataSource(p.jdbcUrl(), p.user(), p.password());
        }
        MigrationVersion before = MigrationVersion.fromVersion(version);
        MigrationVersion target = null;
        for (MigrationInfo m : flyway.load().info().all()) {
            if (m.getVersion().isNewerThan(before.getVersion()) || m.getVersion().equals(before)) continue;
            if (target == null || m.getVersion().isNewerThan(target.getVersion())) target = m.getVersion();
        }
        flyway.target(target).load().migrate();
    }

    /** A plain JDBC connection to the database of {@code config}, in auto-commit. */
    public static Connection connect(StoreConfig config) throws SQLException {
        return switch (config) {
            case StoreConfig.Embedded e -> DriverManager.getConnection("jdbc:sqlite:" + e.file().toAbsolutePath());
            case StoreConfig.Postgres p -> DriverManager.getConnection(p.jdbcUrl(), p.user(), p.password());
        };
    }
}
