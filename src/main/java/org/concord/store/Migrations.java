package org.concord.store;

import javax.sql.DataSource;
import org.concord.ConcordException;
import org.concord.ErrorCode;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/** Brings a database's schema up to date with Flyway (src/main/resources/db/migration/…). */
final class Migrations {
    private Migrations() {}

    static void run(DataSource source, Dialect dialect, String description) {
        try {
            Flyway.configure(Migrations.class.getClassLoader())
                    .dataSource(source)
                    .locations(dialect.migrations())
                    .failOnMissingLocations(true)
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            throw new ConcordException(ErrorCode.STORE_FAILURE,
                    "migrating the schema of " + description + " failed: " + rootMessage(e), e);
        }
    }

    /** The first line of the innermost cause's message: what the database said, without Flyway's report around it. */
    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        String m = t.getMessage() != null ? t.getMessage() : e.getMessage();
        if (m == null) return t.getClass().getSimpleName();
        int nl = m.indexOf('\n');
        return (nl < 0 ? m : m.substring(0, nl)).strip();
    }
}
