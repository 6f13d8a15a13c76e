package org.concord.policy;

import java.util.Objects;
import org.concord.store.Database;

/**
 * The disclosure audit log in the node's own database, beside the store: table {@code disclosure}
 * from this package's migration {@code V4__policy.sql} (resources {@code org/concord/policy/migration}),
 * which opening the {@link Database} applies.
 */
public final class AuditDatabase {
    private final DisclosureLog log;

    /** The disclosure log on the node's database {@code db} (which its opener closes). */
    public AuditDatabase(Database db) {
        this.log = new JdbcDisclosureLog(Objects.requireNonNull(db, "db"));
    }

    /** The disclosure log. */
    public DisclosureLog log() {
        return log;
    }
}
