package org.concord.federation;

import java.util.Objects;
import org.concord.store.Database;

/**
 * Sync's tables in the node's own database, beside the store: this package's migrations
 * {@code V7__sync.sql}, {@code V13__push_withheld.sql} and {@code V15__feed_checkpoints.sql}
 * (resources {@code org/concord/federation/migration}), which opening the {@link Database} applies.
 */
public final class SyncDatabase {
    private final SyncLedger ledger;

    /** Sync's ledger on the node's database {@code db} (which its opener closes). */
    public SyncDatabase(Database db) {
        this.ledger = new JdbcSyncLedger(Objects.requireNonNull(db, "db"));
    }

    public SyncLedger ledger() {
        return ledger;
    }
}
