package org.concord.store;

import java.time.Instant;
import java.util.Objects;
import org.concord.stix.StixObject;

/**
 * A stored version and the time it was added (to the collection it was read from, or to the
 * store when read outside a collection), with microsecond precision.
 */
public record StoredVersion(StixObject object, Instant dateAdded) {
    public StoredVersion {
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(dateAdded, "dateAdded");
    }
}
