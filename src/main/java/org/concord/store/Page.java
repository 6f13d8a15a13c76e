package org.concord.store;

import java.util.List;

/** One page of a collection: its entries in date_added order and whether more follow. */
public record Page(List<StoredVersion> items, boolean more) {
    public Page {
        items = List.copyOf(items);
    }
}
