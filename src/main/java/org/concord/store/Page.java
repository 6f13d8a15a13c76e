package org.concord.store;

import java.util.BitSet;
import java.util.List;

/**
 * One page of a collection: its entries in date_added order, whether more follow, and which
 * entries are older versions, not the newest of their id in the collection (the egress policy's
 * rule "a stricter newer version withdraws the older ones" looks those up; docs/sovereignty.md).
 *
 * @param older the indices of the entries that are not the newest version of their id in the
 *              collection; null when the page does not know (every entry must then be looked up)
 */
public record Page(List<StoredVersion> items, boolean more, BitSet older) {
    public Page {
        items = List.copyOf(items);
        older = older == null ? null : (BitSet) older.clone();
    }

    /** A page that does not know which entries are the newest of their id. */
    public Page(List<StoredVersion> items, boolean more) {
        this(items, more, null);
    }

    /** Whether the page knows which of its entries are the newest version of their id. */
    public boolean knowsNewest() {
        return older != null;
    }

    /**
     * Whether entry {@code i} is the newest version of its id in the collection.
     *
     * @throws IllegalStateException when the page does not know ({@link #knowsNewest()})
     */
    public boolean newest(int i) {
        if (older == null) throw new IllegalStateException("this page does not know which entries are the newest");
        return !older.get(i);
    }

    @Override
    public BitSet older() {
        return older == null ? null : (BitSet) older.clone();
    }
}
