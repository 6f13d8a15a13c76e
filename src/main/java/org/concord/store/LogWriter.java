package org.concord.store;

import java.util.List;
import java.util.Objects;
import org.concord.stix.StixObject;

/**
 * Keeps the node's transparency log in step with the store: {@link Store#write} calls it inside
 * its write transaction with the versions that transaction stores for the first time, in seq
 * order, and a {@link LogStorage} bound to the same transaction. What it appends commits with the
 * versions or rolls back with them; an exception it throws fails the whole write.
 * {@code org.concord.integrity.MerkleLog.writer()} is the implementation; pass it to
 * {@link Stores#open(StoreConfig, java.time.InstantSource, LogWriter)}.
 */
@FunctionalInterface
public interface LogWriter {

    /** Appends {@code versions} (non-empty, increasing seq) through {@code storage}. */
    void append(LogStorage storage, List<LoggedVersion> versions);

    /**
     * What the log entry of {@code object} commits to, worked out before the write transaction on
     * the caller's thread ({@link Store#prepare}: the importer's parser threads): the SHA-256 it
     * records, the version's secret salt and the leaf hash. The store keeps the salt beside the
     * version (column {@code log_salt}), and the hash when it is not the bytes' own, so the log can
     * be caught up and proofs served later without the writer. By default (a store opened without
     * a writer) the bytes' own hash and no salt: the log draws one when it appends the version.
     */
    default Commitment prepare(StixObject object) {
        return new Commitment(object.sha256(), null, null);
    }

    /**
     * What {@link #prepare} worked out for one object.
     *
     * @param sha256   the SHA-256 the log entry records
     * @param salt     the version's secret salt, or null: drawn when it is logged
     * @param leafHash the leaf hash the entry gives, or null: computed when it is logged
     */
    record Commitment(byte[] sha256, byte[] salt, byte[] leafHash) {
        public Commitment {
            Objects.requireNonNull(sha256, "sha256");
            if (leafHash != null && salt == null) throw new IllegalArgumentException("a leaf hash commits to a salt");
        }
    }
}
