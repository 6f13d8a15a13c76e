package org.concord.store;

import java.time.Instant;
import java.util.Objects;
import org.concord.stix.StixObject;
import org.concord.stix.Tlp;

/**
 * A stored version and the time it was added (to the collection it was read from, or to the
 * store when read outside a collection), with microsecond precision, where it came from, and the
 * level this node handles it at when it carries no TLP marking of its own.
 *
 * @param origin   where the version came from when another node originated it; null when it was
 *                 originated here (docs/federation.md, Provenance)
 * @param handling the TLP level recorded beside a version that carries no TLP marking (given
 *                 explicitly on import, or by the Concord peer that sent it); null when none was
 *                 recorded: the version's own TLP marking governs, else the node's default
 *                 (docs/sovereignty.md, effective TLP)
 * @param signature the origin signature that goes beside the object to a Concord peer
 *                  (docs/federation.md, {@code x_concord_signatures}): read from the store, the one
 *                  kept with a relayed version ({@link Origin#detached()}); released by the egress,
 *                  the one sent with it (this node's, or its origin's as kept); null when none goes
 *                  beside it (a signature inside the object, or none)
 */
public record StoredVersion(StixObject object, Instant dateAdded, Origin origin, Tlp handling, DetachedSignature signature) {
    public StoredVersion {
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(dateAdded, "dateAdded");
    }

    /** A version as stored: the signature beside it is the one kept with its origin, if any. */
    public StoredVersion(StixObject object, Instant dateAdded, Origin origin, Tlp handling) {
        this(object, dateAdded, origin, handling, origin == null ? null : origin.detached());
    }

    /** A version without a recorded handling level. */
    public StoredVersion(StixObject object, Instant dateAdded, Origin origin) {
        this(object, dateAdded, origin, null);
    }

    /** A version originated here. */
    public StoredVersion(StixObject object, Instant dateAdded) {
        this(object, dateAdded, null, null);
    }

    /** Whether this node originated the version (it has no {@link #origin}). */
    public boolean local() {
        return origin == null;
    }

    /**
     * The version's TLP level: the strictest TLP marking among its {@code object_marking_refs}, else
     * its {@link #handling} level, else {@code nodeDefault}.
     */
    public Tlp effectiveTlp(Tlp nodeDefault) {
        Tlp marked = Tlp.strictestOf(object.markingRefs()).orElse(null);
        if (marked != null) return marked;
        return handling != null ? handling : nodeDefault;
    }
}
