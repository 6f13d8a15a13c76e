package org.concord.federation;

import java.time.Instant;
import java.util.Objects;

/**
 * An object refused during sync, with the reason: invalid STIX, refused by the inbound agreement, a
 * bad origin signature, or refused by the receiver (a push status's failure). {@code objectId} is
 * "" when the error concerns no one object.
 */
public record SyncError(Instant at, String party, Direction direction, String objectId, String version, String reason) {
    public SyncError {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(party, "party");
        Objects.requireNonNull(direction, "direction");
        objectId = objectId == null ? "" : objectId;
        version = version == null ? "" : version;
        Objects.requireNonNull(reason, "reason");
    }
}
