package org.concord.taxii;

import java.util.Objects;
import org.concord.partner.Partners;
import org.concord.store.Database;

/**
 * The TAXII server's state (tokens, rights, partners, statuses) in the node's own database, beside
 * the store: tables from this package's migrations {@code V2__taxii.sql} and {@code V5__peers.sql}
 * (resources {@code org/concord/taxii/migration}), which opening the {@link Database} applies.
 */
public final class TaxiiDatabase {
    private final JdbcTaxiiState state;

    /** The TAXII state on the node's database {@code db} (which its opener closes). */
    public TaxiiDatabase(Database db) {
        this.state = new JdbcTaxiiState(Objects.requireNonNull(db, "db"));
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
}
