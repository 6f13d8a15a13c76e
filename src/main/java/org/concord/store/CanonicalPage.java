package org.concord.store;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One page of a collection as stored bytes ({@link Store#canonical}): its entries in date_added
 * order and whether more follow.
 */
public record CanonicalPage(List<Entry> items, boolean more) {
    public CanonicalPage {
        items = List.copyOf(items);
    }

    /**
     * One entry: its date_added and the version's canonical JSON bytes as stored (never mutated;
     * do not modify).
     */
    public record Entry(Instant dateAdded, byte[] canonical) {
        public Entry {
            Objects.requireNonNull(dateAdded, "dateAdded");
            Objects.requireNonNull(canonical, "canonical");
        }
    }
}
