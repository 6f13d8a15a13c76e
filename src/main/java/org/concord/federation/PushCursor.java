package org.concord.federation;

import java.time.Instant;
import java.util.Objects;

/**
 * Where the push to a peer stands in one local collection.
 *
 * @param dateAdded the date_added of the last entry the peer acknowledged
 * @param terms     the terms every version held back in the collection was last decided under;
 *                  "" when held back under terms not known, null when the cursor moved before
 *                  Concord kept what it held back (migration V13) and that is still to be found
 */
public record PushCursor(Instant dateAdded, String terms) {
    public PushCursor {
        Objects.requireNonNull(dateAdded, "dateAdded");
    }
}
