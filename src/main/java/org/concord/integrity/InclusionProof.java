package org.concord.integrity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;

/**
 * An RFC 9162 §2.1.3 inclusion proof: the hashes that take leaf {@code leafIndex} up to the root
 * of the tree of {@code treeSize} leaves, the leaf's sibling first.
 *
 * @param path the inclusion path (each 32 bytes; do not modify)
 */
public record InclusionProof(long leafIndex, long treeSize, List<byte[]> path) {

    public InclusionProof {
        if (leafIndex < 0 || leafIndex >= treeSize) {
            throw new IllegalArgumentException("leaf index must be within the tree: " + leafIndex + " of " + treeSize);
        }
        path = Codec.copyHashes(Objects.requireNonNull(path, "path"), "an inclusion path hash");
    }

    /**
     * Whether this proves that {@code leafHash} (see {@link LogEntry#leafHash}) is leaf
     * {@link #leafIndex} of the tree of {@link #treeSize} leaves with root {@code rootHash}.
     */
    public boolean verify(byte[] leafHash, byte[] rootHash) {
        return Merkle.verifyInclusion(leafHash, leafIndex, treeSize, path, rootHash);
    }

    /** {@code {"leaf_index", "tree_size", "inclusion_path": [hex…]}} (member names of RFC 9162 §4, InclusionProofDataV2). */
    public ObjectNode toJson() {
        ObjectNode o = Codec.JSON.objectNode();
        o.put("leaf_index", leafIndex).put("tree_size", treeSize).set("inclusion_path", Codec.hexArray(path));
        return o;
    }

    /** Reads {@link #toJson()}'s form. @throws org.concord.ConcordException INVALID_ARGUMENT */
    public static InclusionProof fromJson(JsonNode json) {
        long index = Codec.count(json, "leaf_index");
        long size = Codec.count(json, "tree_size");
        if (index >= size) {
            throw new org.concord.ConcordException(org.concord.ErrorCode.INVALID_ARGUMENT,
                    "leaf_index must be less than tree_size: " + index + " of " + size);
        }
        return new InclusionProof(index, size, Codec.hashes(json, "inclusion_path"));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InclusionProof p && p.leafIndex == leafIndex && p.treeSize == treeSize
                && Codec.sameHashes(p.path, path);
    }

    @Override
    public int hashCode() {
        return Objects.hash(leafIndex, treeSize, Codec.hashCode(path));
    }

    @Override
    public String toString() {
        return "InclusionProof[leaf " + leafIndex + " of " + treeSize + ", " + path.size() + " hashes]";
    }
}
