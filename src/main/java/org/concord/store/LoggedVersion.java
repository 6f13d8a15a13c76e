package org.concord.store;

import java.util.Objects;

/**
 * A stored version as the node's transparency log records it: its place in the order versions
 * were first stored, and what identifies its bytes.
 *
 * @param seq        1 for the first version the store ever stored, then 2, 3, … without gaps
 * @param id         the STIX id
 * @param versionKey {@link org.concord.stix.StixObject#versionKey()}: "" when unversioned
 * @param sha256     the SHA-256 its log entry records: of the version's canonical JSON, or what the
 *                   {@link LogWriter#entryHash} chose instead (never mutated; do not modify)
 */
public record LoggedVersion(long seq, String id, String versionKey, byte[] sha256) {
    public LoggedVersion {
        if (seq < 1) throw new IllegalArgumentException("seq starts at 1: " + seq);
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(versionKey, "versionKey");
        Objects.requireNonNull(sha256, "sha256");
    }
}
