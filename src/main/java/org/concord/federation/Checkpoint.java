package org.concord.federation;

import java.time.Instant;
import java.util.Objects;

/**
 * Where the pull of one remote collection stands: the remote's {@code X-TAXII-Date-Added-Last} of
 * the last page whose objects were committed here, verbatim (never compared with this node's
 * clock), and when (this node's clock) it last advanced.
 */
public record Checkpoint(String party, String remoteCollection, String addedAfter, Instant updated) {
    public Checkpoint {
        Objects.requireNonNull(party, "party");
        Objects.requireNonNull(remoteCollection, "remoteCollection");
        Objects.requireNonNull(addedAfter, "addedAfter");
        Objects.requireNonNull(updated, "updated");
    }
}
