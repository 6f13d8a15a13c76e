package org.concord.integrity;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 9162 §2.1 written out as its definitions read, over whole lists of entries: MTH (§2.1.1),
 * PATH (§2.1.3.1) and PROOF / SUBPROOF (§2.1.4.1). Slow and obviously right; the log is checked
 * against it. Shares no code with {@link Merkle} or {@link MerkleLog}.
 */
final class Reference {
    private Reference() {}

    /** MTH(D[n]). */
    static byte[] mth(List<byte[]> d) {
        int n = d.size();
        if (n == 0) return hash(new byte[0]);
        if (n == 1) return hash(concat(new byte[] {0x00}, d.getFirst()));
        int k = largestPowerOfTwoBelow(n);
        return hash(concat(new byte[] {0x01}, mth(d.subList(0, k)), mth(d.subList(k, n))));
    }

    /** PATH(m, D[n]). */
    static List<byte[]> path(int m, List<byte[]> d) {
        int n = d.size();
        List<byte[]> out = new ArrayList<>();
        if (n == 1) return out;
        int k = largestPowerOfTwoBelow(n);
        if (m < k) {
            out.addAll(path(m, d.subList(0, k)));
            out.add(mth(d.subList(k, n)));
        } else {
            out.addAll(path(m - k, d.subList(k, n)));
            out.add(mth(d.subList(0, k)));
        }
        return out;
    }

    /** PROOF(m, D[n]) for 0 < m < n. */
    static List<byte[]> proof(int m, List<byte[]> d) {
        return subproof(m, d, true);
    }

    private static List<byte[]> subproof(int m, List<byte[]> d, boolean b) {
        int n = d.size();
        List<byte[]> out = new ArrayList<>();
        if (m == n) {
            if (!b) out.add(mth(d));
            return out;
        }
        int k = largestPowerOfTwoBelow(n);
        if (m <= k) {
            out.addAll(subproof(m, d.subList(0, k), b));
            out.add(mth(d.subList(k, n)));
        } else {
            out.addAll(subproof(m - k, d.subList(k, n), false));
            out.add(mth(d.subList(0, k)));
        }
        return out;
    }

    private static int largestPowerOfTwoBelow(int n) {
        int k = 1;
        while (k * 2 < n) k *= 2;
        return k;
    }

    static byte[] hash(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] concat(byte[]... parts) {
        int len = 0;
        for (byte[] p : parts) len += p.length;
        byte[] out = new byte[len];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
