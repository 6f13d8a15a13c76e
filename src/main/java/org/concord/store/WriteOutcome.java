package org.concord.store;

import java.time.Instant;

/** What {@link Store#write} did with one object. */
public sealed interface WriteOutcome {
    String id();

    /** A new version, or a known version newly added to the collection. */
    record Stored(String id, String version, Instant dateAdded) implements WriteOutcome {}

    /** The version was already in the collection; nothing changed. */
    record Duplicate(String id, String version) implements WriteOutcome {}
}
