package org.concord.store;

import java.util.Objects;

/**
 * A stored version as the node's transparency log records it: its place in the order versions
 * were first stored, what identifies its bytes, and the secret salt its log entry commits to.
 *
 * @param seq        1 for the first version the store ever stored, then 2, 3, … without gaps
 * @param id         the STIX id
 * @param versionKey {@link org.concord.stix.StixObject#versionKey()}: "" when unversioned
 * @param sha256     the SHA-256 its log entry records: of the version's canonical JSON, or what the
 *                   {@link LogWriter#prepare} chose instead (never mutated; do not modify)
 * @param salt       the 32 random bytes its log entry commits to; null while none was drawn (a
 *                   version stored without a log writer, or before migration V12: the log draws it
 *                   when it appends the version, {@link LogStorage#append})
 * @param leafHash   the leaf hash worked out ahead of the write ({@link LogWriter#prepare}), or
 *                   null: the log computes it. Never read back from the database.
 */
public record LoggedVersion(long seq, String id, String versionKey, byte[] sha256, byte[] salt, byte[] leafHash) {
    public LoggedVersion {
        if (seq < 1) throw new IllegalArgumentException("seq starts at 1: " + seq);
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(versionKey, "versionKey");
        Objects.requireNonNull(sha256, "sha256");
        if (leafHash != null && salt == null) throw new IllegalArgumentException("a leaf hash commits to a salt: " + id);
    }

    /** A version with no salt drawn yet. */
    public LoggedVersion(long seq, String id, String versionKey, byte[] sha256) {
        this(seq, id, versionKey, sha256, null, null);
    }
}
