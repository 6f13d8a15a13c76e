package org.concord.integrity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;

/**
 * An RFC 9162 §2.1.4 consistency proof: the hashes that show the tree of {@code oldSize} leaves
 * is a prefix of the tree of {@code newSize} leaves, so the log only appended in between.
 * Between equal sizes, and from the empty tree, the path is empty.
 *
 * @param path the consistency path (each 32 bytes; do not modify)
 */
public record ConsistencyProof(long oldSize, long newSize, List<byte[]> path) {

    public ConsistencyProof {
        if (oldSize < 0 || oldSize > newSize) {
            throw new IllegalArgumentException("sizes must be 0 <= old <= new: " + oldSize + ", " + newSize);
        }
        path = Codec.copyHashes(Objects.requireNonNull(path, "path"), "a consistency path hash");
    }

    /** Whether this proves the tree with root {@code oldRoot} a prefix of the one with {@code newRoot}. */
    public boolean verify(byte[] oldRoot, byte[] newRoot) {
        return Merkle.verifyConsistency(oldSize, newSize, oldRoot, newRoot, path);
    }

    /** {@code {"tree_size_1", "tree_size_2", "consistency_path": [hex…]}} (member names of RFC 9162 §4, ConsistencyProofDataV2). */
    public ObjectNode toJson() {
        ObjectNode o = Codec.JSON.objectNode();
        o.put("tree_size_1", oldSize).put("tree_size_2", newSize).set("consistency_path", Codec.hexArray(path));
        return o;
    }

    /** Reads {@link #toJson()}'s form. @throws org.concord.ConcordException INVALID_ARGUMENT */
    public static ConsistencyProof fromJson(JsonNode json) {
        long first = Codec.count(json, "tree_size_1");
        long second = Codec.count(json, "tree_size_2");
        if (first > second) {
            throw new org.concord.ConcordException(org.concord.ErrorCode.INVALID_ARGUMENT,
                    "tree_size_1 must not exceed tree_size_2: " + first + ", " + second);
        }
        return new ConsistencyProof(first, second, Codec.hashes(json, "consistency_path"));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConsistencyProof p && p.oldSize == oldSize && p.newSize == newSize
                && Codec.sameHashes(p.path, path);
    }

    @Override
    public int hashCode() {
        return Objects.hash(oldSize, newSize, Codec.hashCode(path));
    }

    @Override
    public String toString() {
        return "ConsistencyProof[" + oldSize + " -> " + newSize + ", " + path.size() + " hashes]";
    }
}
