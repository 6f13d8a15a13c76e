package org.concord.store;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Where the node's transparency log keeps its hashes: in the store's own database, beside the
 * versions it records, so that a version and its log entry can commit in one transaction (see
 * {@link LogWriter}). The store knows nothing of Merkle trees: {@code org.concord.integrity}
 * decides what a position means and what is hashed; this keeps 32-byte hashes by position and the
 * number of leaves logged, and reads the versions the log records.
 *
 * <p>Positions, once written, never change; a reader that learned the size first may read any
 * position the log held at that size. Implementations are thread-safe.
 */
public interface LogStorage {

    /** How many leaves the log holds. */
    long size();

    /** The hashes stored at {@code positions}; a position never written is absent from the map. */
    Map<Long, byte[]> hashes(Collection<Long> positions);

    /**
     * Writes {@code hashes} (at positions not yet written) and moves the size from
     * {@code expectedSize} to {@code newSize}, all at once.
     *
     * @throws org.concord.ConcordException ALREADY_EXISTS when the size is no longer
     *         {@code expectedSize} (another writer appended first); nothing is written then
     */
    void append(long expectedSize, long newSize, Map<Long, byte[]> hashes);

    /** At most {@code limit} versions first stored after the {@code seq}-th, in seq order. */
    List<LoggedVersion> versionsAfter(long seq, int limit);

    /** The seq of the stored version (id, version key), if the store holds it. */
    OptionalLong seqOf(String id, String versionKey);
}
