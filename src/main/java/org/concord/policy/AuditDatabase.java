package org.concord.policy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.concord.ConcordException;
import org.concord.ErrorCode;
import org.concord.store.StoreConfig;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The disclosure audit log in the node's own database, beside the store: the same SQLite file or
 * PostgreSQL database, table {@code disclosure} from migration {@code V4__policy.sql}. Opening
 * brings the schema up to date, as opening the store does.
 */
public final class AuditDatabase implements AutoCloseable {
    private final HikariDataSource pool;
    private final DisclosureLog log;

    private AuditDatabase(HikariDataSource pool) {
        this.pool = pool;
        this.log = new JdbcDisclosureLog(pool);
    }

    /**
     * Opens the database of {@code config} and migrates it.
     *
     * @throws ConcordException STORE_FAILURE if it cannot be opened or migrated
     */
    public static AuditDatabase open(StoreConfig config) {
        HikariConfig hc = new HikariConfig();
        String location;
        String description;
        switch (config) {
            case StoreConfig.Embedded e -> {
                Path file = e.file().toAbsolutePath();
                try {
                    if (file.getParent() != null) Files.createDirectories(file.getParent());
                } catch (IOException ex) {
                    throw new ConcordException(ErrorCode.STORE_FAILURE, "cannot create the folder of " + file + ": " + ex, ex);
                }
                SQLiteConfig sc = new SQLiteConfig();
                sc.setBusyTimeout(30_000); // the store's writer may hold the lock for a batch
                sc.setJournalMode(SQLiteConfig.JournalMode.WAL);
                sc.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
                SQLiteDataSource ds = new SQLiteDataSource(sc);
                ds.setUrl("jdbc:sqlite:" + file);
                hc.setDataSource(ds);
                location = "classpath:db/migration/sqlite";
                description = "the embedded store " + file;
            }
            case StoreConfig.Postgres p -> {
                hc.setJdbcUrl(p.jdbcUrl());
                hc.setUsername(p.user());
                hc.setPassword(p.password());
                hc.addDataSourceProperty("ApplicationName", "concord-audit");
                location = "classpath:db/migration/postgresql";
                description = config.toString();
            }
        }
        hc.setPoolName("concord-audit");
        hc.setMaximumPoolSize(2);
        hc.setMinimumIdle(1);
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(hc);
        } catch (RuntimeException e) {
            throw new ConcordException(ErrorCode.STORE_FAILURE, "cannot open " + description + ": " + e.getMessage(), e);
        }
        try {
            Flyway.configure(AuditDatabase.class.getClassLoader())
                    .dataSource(pool)
                    .locations(location)
                    .failOnMissingLocations(true)
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            pool.close();
            throw new ConcordException(ErrorCode.STORE_FAILURE, "migrating " + description + " failed: " + e.getMessage(), e);
        }
        return new AuditDatabase(pool);
    }

    /** The disclosure log. */
    public DisclosureLog log() {
        return log;
    }

    @Override
    public void close() {
        pool.close();
    }
}
