package org.concord.integrity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Objects;
import org.concord.stix.Canonical;

/**
 * A tree head (RFC 9162 §2.1 and the TreeHeadDataV2 of §4): the size and root of a log at a time,
 * which its node signs ({@link SignedTreeHead}).
 *
 * <p>What is signed is the RFC 8785 canonical JSON of exactly four members,
 * {@code {"log_id":…,"root_hash":…,"timestamp":…,"tree_size":…}}: {@code log_id} a string naming
 * the log (Concord uses the node key's fingerprint, {@code NodeKeys.fingerprint()}),
 * {@code root_hash} the root in 64 lowercase hex digits, {@code timestamp} milliseconds since the
 * epoch (as RFC 9162's), {@code tree_size} the number of leaves. For example
 * <pre>{"log_id":"9f86d0…","root_hash":"5dc9da79…","timestamp":1767225600000,"tree_size":8}</pre>
 * A STIX object always has {@code type} and {@code id}, so no signed head is ever the signed form
 * of an object, nor the reverse, though one key signs both.
 *
 * @param rootHash  32 bytes (copied; do not modify what the accessor returns)
 * @param timestamp when the head was made, to the millisecond (finer parts are dropped)
 */
public record TreeHead(String logId, long treeSize, byte[] rootHash, Instant timestamp) {

    public TreeHead {
        Objects.requireNonNull(logId, "logId");
        if (logId.isEmpty()) throw new IllegalArgumentException("logId must not be empty");
        if (treeSize < 0) throw new IllegalArgumentException("tree size must not be negative: " + treeSize);
        rootHash = Merkle.requireHash(rootHash, "rootHash").clone();
        timestamp = Objects.requireNonNull(timestamp, "timestamp").truncatedTo(ChronoUnit.MILLIS);
        if (timestamp.toEpochMilli() < 0) throw new IllegalArgumentException("timestamp must not be before 1970: " + timestamp);
    }

    /** The bytes the node signs: the RFC 8785 canonical form of {@link #toJson()}. */
    public byte[] signedBytes() {
        return Canonical.bytes(toJson());
    }

    /** The four members, in canonical order. */
    public ObjectNode toJson() {
        ObjectNode o = Codec.JSON.objectNode();
        o.put("log_id", logId).put("root_hash", Codec.hex(rootHash)).put("timestamp", timestamp.toEpochMilli())
                .put("tree_size", treeSize);
        return o;
    }

    /** Reads the members of {@link #toJson()} (others are ignored). @throws org.concord.ConcordException INVALID_ARGUMENT */
    public static TreeHead fromJson(JsonNode json) {
        String logId = Codec.text(json, "log_id");
        if (logId.isEmpty()) {
            throw new org.concord.ConcordException(org.concord.ErrorCode.INVALID_ARGUMENT, "log_id must not be empty");
        }
        return new TreeHead(logId, Codec.count(json, "tree_size"), Codec.hash(json, "root_hash"),
                Instant.ofEpochMilli(Codec.count(json, "timestamp")));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TreeHead h && h.logId.equals(logId) && h.treeSize == treeSize
                && Arrays.equals(h.rootHash, rootHash) && h.timestamp.equals(timestamp);
    }

    @Override
    public int hashCode() {
        return Objects.hash(logId, treeSize, Arrays.hashCode(rootHash), timestamp);
    }

    @Override
    public String toString() {
        return "TreeHead[" + logId + ", size " + treeSize + ", root " + Codec.hex(rootHash) + ", " + timestamp + "]";
    }
}
