package org.concord.integrity;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.concord.ConcordException;
import org.concord.ErrorCode;

/**
 * The shape of RFC 9162 Merkle trees: where the stored perfect subtrees sit, which leaf ranges
 * make up roots and proofs (§2.1.3.1, §2.1.4.1), and how a range's hash folds from the perfect
 * subtrees it is made of (§2.1.1).
 *
 * <p>The perfect subtree of {@code 2^level} leaves starting at leaf {@code index · 2^level} sits
 * at position {@code level · 2^57 + index}. Every range a root or proof asks for is a node of the
 * RFC's tree, hence a run of aligned perfect subtrees, largest first; its hash is their right
 * fold, exactly MTH's split at the largest power of two below the range's size.
 */
final class Tree {
    static final int LEVEL_SHIFT = 57;
    /** Leaves a log may hold: positions need the index below 2^57. */
    static final long MAX_SIZE = 1L << LEVEL_SHIFT;

    private Tree() {}

    /** Leaves {@code [from, to)}. */
    record Range(long from, long to) {}

    static long position(int level, long index) {
        return ((long) level << LEVEL_SHIFT) | index;
    }

    /** The largest power of two strictly less than {@code n} (n ≥ 2): RFC 9162's k. */
    static long split(long n) {
        return Long.highestOneBit(n - 1);
    }

    /** PATH(m, D[n]) of RFC 9162 §2.1.3.1 as the ranges whose hashes make it, leaf side first. */
    static List<Range> inclusionPath(long m, long n) {
        List<Range> out = new ArrayList<>(64);
        path(m, 0, n, out);
        return out;
    }

    private static void path(long m, long from, long to, List<Range> out) {
        long n = to - from;
        if (n == 1) return;
        long k = split(n);
        if (m < k) {
            path(m, from, from + k, out);
            out.add(new Range(from + k, to));
        } else {
            path(m - k, from + k, to, out);
            out.add(new Range(from, from + k));
        }
    }

    /** PROOF(m, D[n]) = SUBPROOF(m, D[n], true) of RFC 9162 §2.1.4.1, as ranges; 0 < m ≤ n. */
    static List<Range> consistencyPath(long m, long n) {
        List<Range> out = new ArrayList<>(64);
        subproof(m, 0, n, true, out);
        return out;
    }

    private static void subproof(long m, long from, long to, boolean whole, List<Range> out) {
        long n = to - from;
        if (m == n) {
            if (!whole) out.add(new Range(from, to));
            return;
        }
        long k = split(n);
        if (m <= k) {
            subproof(m, from, from + k, whole, out);
            out.add(new Range(from + k, to));
        } else {
            subproof(m - k, from + k, to, false, out);
            out.add(new Range(from, from + k));
        }
    }

    /** The positions of the perfect subtrees that make up {@code r}, left (largest) first. */
    static long[] pieces(Range r) {
        long[] out = new long[Long.bitCount(r.to() - r.from())];
        long at = r.from();
        for (int i = 0; at < r.to(); i++) {
            long size = Long.highestOneBit(r.to() - at);
            if (at % size != 0) throw new IllegalStateException("not a node of an RFC 9162 tree: " + r);
            int level = Long.numberOfTrailingZeros(size);
            out[i] = position(level, at >> level);
            at += size;
        }
        return out;
    }

    /**
     * The perfect subtrees on the right edge of a tree of {@code size} leaves, one per bit set in
     * size: what the next appends combine with.
     */
    static long[] frontier(long size) {
        long[] out = new long[Long.bitCount(size)];
        int i = 0;
        for (int level = 63 - Long.numberOfLeadingZeros(size); level >= 0; level--) {
            if ((size >> level & 1) == 1) out[i++] = position(level, (size >> level) - 1);
        }
        return out;
    }

    /** MTH of a range from the hashes of its {@link #pieces}: their right fold. */
    static byte[] fold(long[] pieces, Map<Long, byte[]> hashes, MessageDigest md) {
        byte[] h = need(hashes, pieces[pieces.length - 1]);
        for (int i = pieces.length - 2; i >= 0; i--) h = Merkle.nodeHash(md, need(hashes, pieces[i]), h);
        return h;
    }

    static byte[] need(Map<Long, byte[]> hashes, long position) {
        byte[] h = hashes.get(position);
        if (h == null) {
            throw new ConcordException(ErrorCode.STORE_FAILURE, "the transparency log lacks the hash of the subtree at level "
                    + (position >>> LEVEL_SHIFT) + ", index " + (position & (MAX_SIZE - 1)));
        }
        return h;
    }
}
