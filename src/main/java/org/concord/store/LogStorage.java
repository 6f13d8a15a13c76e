package org.concord.store;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Where the node's transparency log keeps its hashes: in the store's own database, beside the
 * versions it records, so that a version and its log entry can commit in one transaction (see
 * {@link LogWriter}). The store knows nothing of Merkle trees: {@code org.concord.integrity}
 * decides what a position means and what is hashed; this keeps 32-byte hashes by position, the
 * number of leaves logged and each version's salt, and reads the versions the log records.
 *
 * <p>Positions, once written, never change; nor does a salt, once recorded. A reader that learned
 * the size first may read any position the log held at that size. Implementations are thread-safe.
 */
public interface LogStorage {

    /** How many leaves the log holds. */
    long size();

    /** The hashes stored at {@code positions}; a position never written is absent from the map. */
    Map<Long, byte[]> hashes(Collection<Long> positions);

    /**
     * Writes {@code hashes} (at positions not yet written), records {@code salts} (by seq) for the
     * versions appended that had none, and moves the size from {@code expectedSize} to
     * {@code newSize}, all at once.
     *
     * @throws org.concord.ConcordException ALREADY_EXISTS when the size is no longer
     *         {@code expectedSize} (another writer appended first); nothing is written then
     */
    void append(long expectedSize, long newSize, Map<Long, byte[]> hashes, Map<Long, byte[]> salts);

    /** {@link #append(long, long, Map, Map)} of versions that all had their salts. */
    default void append(long expectedSize, long newSize, Map<Long, byte[]> hashes) {
        append(expectedSize, newSize, hashes, Map.of());
    }

    /** At most {@code limit} versions first stored after the {@code seq}-th, in seq order, with their salts. */
    List<LoggedVersion> versionsAfter(long seq, int limit);

    /** The stored version (id, version key) with its seq and salt, if the store holds it. */
    Optional<LoggedVersion> version(String id, String versionKey);

    /**
     * The ids of the collections that hold the version (id, version key) now; empty if none does or
     * the store does not hold it. One query whether it does or not.
     */
    Set<String> collectionsHolding(String id, String versionKey);
}
