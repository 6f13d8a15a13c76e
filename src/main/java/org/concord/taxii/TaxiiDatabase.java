package org.concord.taxii;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import org.concord.ConcordException;
import org.concord.ErrorCode;
import org.concord.store.StoreConfig;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * The TAXII server's state (tokens, rights, partners, statuses) in the node's own database, beside
 * the store: the same SQLite file or PostgreSQL database, tables from migration
 * {@code V2__taxii.sql}. Opening brings the schema up to date, as opening the store does.
 */
public final class TaxiiDatabase implements AutoCloseable {
    private final HikariDataSource pool;
    private final JdbcTaxiiState state;

    private TaxiiDatabase(HikariDataSource pool, boolean postgres) {
        this.pool = pool;
        this.state = new JdbcTaxiiState(pool, postgres);
    }

    /**
     * Opens the database of {@code config} and migrates it.
     *
     * @throws ConcordException STORE_FAILURE if it cannot be opened or migrated
     */
    public static TaxiiDatabase open(StoreConfig config) {
        HikariConfig hc = new HikariConfig();
        String location;
        String description;
        boolean postgres;
        switch (config) {
            case StoreConfig.Embedded e -> {
                Path file = e.file().toAbsolutePath();
                try {
                    if (file.getParent() != null) Files.createDirectories(file.getParent());
                } catch (java.io.IOException ex) {
                    throw new ConcordException(ErrorCode.STORE_FAILURE, "cannot create the folder of " + file + ": " + ex, ex);
                }
                hc.setJdbcUrl("jdbc:sqlite:" + file);
                // WAL lets readers run beside the store's writer; a writer waits for the lock
                hc.setConnectionInitSql("PRAGMA busy_timeout = 30000");
                hc.addDataSourceProperty("journal_mode", "WAL");
                hc.setMaximumPoolSize(4);
                location = "classpath:db/migration/sqlite";
                description = "the embedded store " + file;
                postgres = false;
            }
            case StoreConfig.Postgres p -> {
                hc.setJdbcUrl(p.jdbcUrl());
                hc.setUsername(p.user());
                hc.setPassword(p.password());
                hc.setMaximumPoolSize(4);
                hc.addDataSourceProperty("ApplicationName", "concord-taxii");
                location = "classpath:db/migration/postgresql";
                description = config.toString();
                postgres = true;
            }
        }
        hc.setPoolName("concord-taxii");
        hc.setMinimumIdle(1);
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(hc);
        } catch (RuntimeException e) {
            throw new ConcordException(ErrorCode.STORE_FAILURE, "cannot open " + description + ": " + e.getMessage(), e);
        }
        try {
            Flyway.configure(TaxiiDatabase.class.getClassLoader())
                    .dataSource(pool)
                    .locations(location)
                    .failOnMissingLocations(true)
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            pool.close();
            throw new ConcordException(ErrorCode.STORE_FAILURE, "migrating " + description + " failed: " + e.getMessage(), e);
        }
        return new TaxiiDatabase(pool, postgres);
    }

    public Tokens tokens() {
        return state;
    }

    public Rights rights() {
        return state;
    }

    public Partners partners() {
        return state;
    }

    public Statuses statuses() {
        return state;
    }

    @Override
    public void close() {
        pool.close();
    }
}
