package org.concord.store;

import java.util.List;
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
     * The SHA-256 the log entry of {@code object} records ({@link LoggedVersion#sha256()}): by
     * default that of its canonical JSON. The store calls it before the write transaction and keeps
     * the answer beside the version when it differs, so the log can be caught up and proofs served
     * later without it. A store opened without a writer records the default.
     */
    default byte[] entryHash(StixObject object) {
        return object.sha256();
    }
}
