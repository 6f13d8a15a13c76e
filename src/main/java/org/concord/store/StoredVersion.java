package org.concord.store;

import java.time.Instant;
import java.util.Objects;
import org.concord.stix.StixObject;

/**
 * A stored version and the time it was added (to the collection it was read from, or to the
 * store when read outside a collection), with microsecond precision, and where it came from.
 *
 * @param origin where the version came from when another node originated it; null when it was
 *               originated here (docs/federation.md, Provenance)
 */
public record StoredVersion(StixObject object, Instant dateAdded, Origin origin) {
    public StoredVersion {
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(dateAdded, "dateAdded");
    }

    /** A version originated here. */
    public StoredVersion(StixObject object, Instant dateAdded) {
        this(object, dateAdded, null);
    }

    /** Whether this node originated the version (it has no {@link #origin}). */
    public boolean local() {
        return origin == null;
    }
}
