package org.concord.integrity;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The hashes of RFC 9162 §2.1.1 and the verification algorithms of §2.1.3.2 and §2.1.4.2, as a
 * partner runs them: nothing here reads a log, so a partner needs only this class, the proofs and
 * the tree heads it was sent.
 *
 * <p>HASH is SHA-256. A leaf hash is {@code HASH(0x00 ‖ entry)}, an interior node hash
 * {@code HASH(0x01 ‖ left ‖ right)}, and the root of the empty tree {@code HASH()}, the hash of
 * the empty string. Concord's entries are {@link LogEntry}s.
 *
 * <p>The verifiers follow the RFC's steps and share no code with the proof generation of
 * {@link MerkleLog}. Beyond the RFC, which defines consistency for {@code 0 < first < second},
 * they accept the trivial cases: from the empty tree (an empty proof, and the old root the empty
 * root) and between equal sizes (an empty proof and equal roots).
 */
public final class Merkle {
    /** Length of every hash: SHA-256. */
    public static final int HASH_SIZE = 32;

    /** Never updated: only cloned ({@link #sha256()}). */
    private static final MessageDigest SHA256 = newSha256();
    private static final byte[] EMPTY_ROOT = sha256().digest();

    private Merkle() {}

    /** The root of the empty tree, {@code HASH()} (RFC 9162 §2.1.1). */
    public static byte[] emptyRoot() {
        return EMPTY_ROOT.clone();
    }

    /** {@code HASH(0x00 ‖ entry)}: the hash of a leaf (RFC 9162 §2.1.1). */
    public static byte[] leafHash(byte[] entry) {
        MessageDigest md = sha256();
        md.update((byte) 0x00);
        return md.digest(entry);
    }

    /** {@code HASH(0x01 ‖ left ‖ right)}: the hash of an interior node (RFC 9162 §2.1.1). */
    public static byte[] nodeHash(byte[] left, byte[] right) {
        return nodeHash(sha256(), left, right);
    }

    static byte[] nodeHash(MessageDigest md, byte[] left, byte[] right) {
        md.update((byte) 0x01);
        md.update(left);
        return md.digest(right);
    }

    /**
     * Whether {@code path} proves that the leaf with hash {@code leafHash} is leaf
     * {@code leafIndex} of the tree of {@code treeSize} leaves whose root is {@code rootHash}
     * (RFC 9162 §2.1.3.2).
     */
    public static boolean verifyInclusion(byte[] leafHash, long leafIndex, long treeSize, List<byte[]> path,
                                          byte[] rootHash) {
        if (!isHash(leafHash) || !isHash(rootHash) || !allHashes(path)) return false;
        // 1. leaf_index must be within the tree
        if (leafIndex < 0 || leafIndex >= treeSize) return false;
        // 2. fn = leaf_index, sn = tree_size - 1
        long fn = leafIndex;
        long sn = treeSize - 1;
        // 3. r = hash
        byte[] r = leafHash;
        MessageDigest md = sha256();
        // 4. for each p in inclusion_path
        for (byte[] p : path) {
            if (sn == 0) return false; // a.
            if ((fn & 1) == 1 || fn == sn) { // b.
                r = nodeHash(md, p, r);
                while ((fn & 1) == 0 && fn != 0) { // ii. (or iii.) until LSB(fn) is set or fn is 0
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                r = nodeHash(md, r, p);
            }
            fn >>= 1; // c.
            sn >>= 1;
        }
        // 5. sn must be 0 and r the root
        return sn == 0 && MessageDigest.isEqual(r, rootHash);
    }

    /**
     * Whether {@code path} proves that the tree of {@code firstSize} leaves with root
     * {@code firstRoot} is a prefix of the tree of {@code secondSize} leaves with root
     * {@code secondRoot} (RFC 9162 §2.1.4.2): that the log only appended in between.
     */
    public static boolean verifyConsistency(long firstSize, long secondSize, byte[] firstRoot, byte[] secondRoot,
                                            List<byte[]> path) {
        if (!isHash(firstRoot) || !isHash(secondRoot) || !allHashes(path)) return false;
        if (firstSize < 0 || firstSize > secondSize) return false;
        if (firstSize == 0) return path.isEmpty() && MessageDigest.isEqual(firstRoot, EMPTY_ROOT);
        if (firstSize == secondSize) return path.isEmpty() && MessageDigest.isEqual(firstRoot, secondRoot);
        // 1. an empty path proves nothing
        if (path.isEmpty()) return false;
        // 2. if first is an exact power of 2, prepend first_hash
        List<byte[]> c = path;
        if (Long.bitCount(firstSize) == 1) {
            c = new ArrayList<>(path.size() + 1);
            c.add(firstRoot);
            c.addAll(path);
        }
        // 3. fn = first - 1, sn = second - 1
        long fn = firstSize - 1;
        long sn = secondSize - 1;
        // 4. shift while LSB(fn) is set
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }
        // 5. fr = sr = the first value
        byte[] fr = c.getFirst();
        byte[] sr = c.getFirst();
        MessageDigest md = sha256();
        // 6. for each subsequent value
        for (int i = 1; i < c.size(); i++) {
            byte[] v = c.get(i);
            if (sn == 0) return false; // a.
            if ((fn & 1) == 1 || fn == sn) { // b.
                fr = nodeHash(md, v, fr);
                sr = nodeHash(md, v, sr);
                while ((fn & 1) == 0 && fn != 0) { // ii. (or iii.) until LSB(fn) is set or fn is 0
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                sr = nodeHash(md, sr, v);
            }
            fn >>= 1; // c.
            sn >>= 1;
        }
        // 7. both roots recomputed, and sn is 0
        return MessageDigest.isEqual(fr, firstRoot) && MessageDigest.isEqual(sr, secondRoot) && sn == 0;
    }

    static MessageDigest sha256() {
        try {
            return (MessageDigest) SHA256.clone(); // a copy of a fresh digest: cheaper than looking the provider up again
        } catch (CloneNotSupportedException e) {
            return newSha256();
        }
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }

    static boolean isHash(byte[] h) {
        return h != null && h.length == HASH_SIZE;
    }

    private static boolean allHashes(List<byte[]> path) {
        if (path == null) return false;
        for (byte[] h : path) if (!isHash(h)) return false;
        return true;
    }

    static byte[] requireHash(byte[] h, String what) {
        Objects.requireNonNull(h, what);
        if (h.length != HASH_SIZE) throw new IllegalArgumentException(what + " must be " + HASH_SIZE + " bytes: " + h.length);
        return h;
    }
}
