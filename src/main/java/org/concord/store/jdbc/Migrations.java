package org.concord.store.jdbc;

import java.util.List;
import javax.sql.DataSource;
import org.concord.ConcordException;
import org.concord.ErrorCode;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;

/**
 * Brings a database's whole schema up to date with Flyway, in one run over every location, so that
 * versions apply in their order whichever capability they belong to.
 *
 * <p>Each location holds a {@code sqlite} and a {@code postgresql} folder. The store's migrations
 * are under {@code db/migration}; each capability keeps its own beside its code, in its package's
 * resource folder {@code migration}. Version numbers are one sequence over all of them (no two
 * files share one), and a file never changes once released: Flyway checks each applied one's
 * checksum, which depends only on its name and contents, not on its folder.
 */
final class Migrations {
    /** Where the migrations are, without the dialect's folder: the store's, then each capability's. */
    static final List<String> LOCATIONS = List.of(
            "db/migration",                   // store: versions, collections, log, provenance, handling, salts, signatures
            "org/concord/taxii/migration",    // tokens, rights, partners, statuses (V2, V5)
            "org/concord/policy/migration",   // the disclosure audit log (V4)
            "org/concord/federation/migration", // sync's ledger (V7, V13, V15)
            "org/concord/fanout/migration",   // webhook delivery state (V9)
            "org/concord/response/migration"); // the read side of cases and requests, deadlines (V17)

    private Migrations() {}

    /** The Flyway locations of {@code flavour}'s migrations ({@code sqlite} or {@code postgresql}). */
    static String[] locations(String flavour) {
        return LOCATIONS.stream().map(l -> "classpath:" + l + "/" + flavour).toArray(String[]::new);
    }

    static void run(DataSource source, Dialect dialect, String description) {
        try {
            Flyway.configure(Migrations.class.getClassLoader())
                    .dataSource(source)
                    .locations(locations(dialect.flavour()))
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
