package org.concord.federation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.concord.store.CollectionInfo;
import org.concord.store.ObjectFilter;
import org.concord.store.Page;
import org.concord.store.Store;
import org.concord.store.VersionMatch;

/** How far behind sync is with a party, for {@code peer show} and {@code feed list}. */
public final class SyncStatus {
    /** Entries counted at most, per collection, when telling the push lag. */
    public static final int COUNTED = ObjectFilter.MAX_LIMIT;

    private SyncStatus() {}

    /**
     * Local entries of one collection after a peer's push cursor (read by the next push round, and
     * sent as far as the egress policy lets them).
     *
     * @param cursor  the date_added acknowledged last, or null when nothing was pushed yet
     * @param atLeast true when there are more than {@code entries} ({@link #COUNTED} were counted)
     */
    public record Waiting(CollectionInfo collection, Instant cursor, int entries, boolean atLeast) {}

    /** The push lag to {@code peer}: entries waiting in each local collection that has an alias. */
    public static List<Waiting> waiting(Store store, SyncLedger ledger, String peer) {
        List<Waiting> out = new ArrayList<>();
        for (CollectionInfo c : store.collections()) {
            if (c.alias() == null) continue;
            Instant cursor = ledger.cursor(peer, c.id()).orElse(null);
            Page p = store.objects(c.id(), new ObjectFilter(cursor, List.of(), List.of(), VersionMatch.ALL, List.of(), COUNTED));
            out.add(new Waiting(c, cursor, p.items().size(), p.more()));
        }
        return out;
    }
}
