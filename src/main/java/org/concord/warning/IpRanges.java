package org.concord.warning;

import java.util.Arrays;

/**
 * Sets of IPv4 and IPv6 address ranges (CIDR blocks and single addresses), merged into sorted,
 * disjoint intervals: membership of an address or a network is one binary search. 140,000 blocks
 * take a few MB of long arrays.
 */
final class IpRanges {
    // Building: [start, end, tag] triples; IPv6 as [startHi, startLo, endHi, endLo, tag].
    private long[] v4 = new long[3 * 1024];
    private int n4;
    private long[] v6 = new long[5 * 256];
    private int n6;
    // Built: sorted disjoint intervals
    private long[] starts4, ends4;
    private int[] tags4;
    private long[] starts6Hi, starts6Lo, ends6Hi, ends6Lo;
    private int[] tags6;

    /** Adds an address or CIDR block in any form {@link Normalize#ip} reads; false if it is not one. */
    boolean add(String text, int tag) {
        String s = Normalize.ip(text);
        if (s == null) return false;
        long[] r = range(s);
        if (r.length == 2) {
            if (n4 * 3 + 3 > v4.length) v4 = Arrays.copyOf(v4, v4.length * 2);
            v4[n4 * 3] = r[0];
            v4[n4 * 3 + 1] = r[1];
            v4[n4 * 3 + 2] = tag;
            n4++;
        } else {
            if (n6 * 5 + 5 > v6.length) v6 = Arrays.copyOf(v6, v6.length * 2);
            System.arraycopy(r, 0, v6, n6 * 5, 4);
            v6[n6 * 5 + 4] = tag;
            n6++;
        }
        return true;
    }

    /**
     * The range a normalised address or block covers: {start, end} for IPv4,
     * {startHi, startLo, endHi, endLo} for IPv6.
     */
    static long[] range(String normalised) {
        int slash = normalised.indexOf('/');
        String addr = slash < 0 ? normalised : normalised.substring(0, slash);
        long v4 = Normalize.ipv4(addr);
        if (v4 >= 0) {
            int prefix = slash < 0 ? 32 : Integer.parseInt(normalised.substring(slash + 1));
            long size = 1L << (32 - prefix);
            return new long[] {v4, v4 + size - 1};
        }
        long[] v6 = Normalize.ipv6(addr);
        int prefix = slash < 0 ? 128 : Integer.parseInt(normalised.substring(slash + 1));
        long hiHost = prefix >= 64 ? 0 : prefix == 0 ? -1L : -1L >>> prefix;
        long loHost = prefix >= 128 ? 0 : prefix <= 64 ? -1L : -1L >>> (prefix - 64);
        return new long[] {v6[0], v6[1], v6[0] | hiHost, v6[1] | loHost};
    }

    /** Sorts and merges; call once after the last {@link #add}. */
    void build() {
        Integer[] order = new Integer[n4];
        for (int i = 0; i < n4; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Long.compare(v4[a * 3], v4[b * 3]));
        long[] s = new long[n4], e = new long[n4];
        int[] t = new int[n4];
        int m = 0;
        for (int idx : order) {
            long start = v4[idx * 3], end = v4[idx * 3 + 1];
            if (m > 0 && start <= e[m - 1] + 1) {
                e[m - 1] = Math.max(e[m - 1], end);
            } else {
                s[m] = start;
                e[m] = end;
                t[m] = (int) v4[idx * 3 + 2];
                m++;
            }
        }
        starts4 = Arrays.copyOf(s, m);
        ends4 = Arrays.copyOf(e, m);
        tags4 = Arrays.copyOf(t, m);
        v4 = null;

        order = new Integer[n6];
        for (int i = 0; i < n6; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> compare128(v6[a * 5], v6[a * 5 + 1], v6[b * 5], v6[b * 5 + 1]));
        long[] sh = new long[n6], sl = new long[n6], eh = new long[n6], el = new long[n6];
        int[] t6 = new int[n6];
        m = 0;
        for (int idx : order) {
            long a = v6[idx * 5], b = v6[idx * 5 + 1], c = v6[idx * 5 + 2], d = v6[idx * 5 + 3];
            if (m > 0 && compare128(a, b, eh[m - 1], el[m - 1]) <= 0) {
                if (compare128(c, d, eh[m - 1], el[m - 1]) > 0) {
                    eh[m - 1] = c;
                    el[m - 1] = d;
                }
            } else {
                sh[m] = a;
                sl[m] = b;
                eh[m] = c;
                el[m] = d;
                t6[m] = (int) v6[idx * 5 + 4];
                m++;
            }
        }
        starts6Hi = Arrays.copyOf(sh, m);
        starts6Lo = Arrays.copyOf(sl, m);
        ends6Hi = Arrays.copyOf(eh, m);
        ends6Lo = Arrays.copyOf(el, m);
        tags6 = Arrays.copyOf(t6, m);
        v6 = null;
    }

    /** The tag of the interval holding the whole of a normalised address or block, or 0. */
    int tag(String normalised) {
        long[] r = range(normalised);
        if (r.length == 2) {
            int i = floor(starts4, r[0]);
            return i >= 0 && r[1] <= ends4[i] ? tags4[i] : 0;
        }
        int lo = 0, hi = starts6Hi.length - 1, found = -1;
        while (lo <= hi) { // the last interval starting at or before r
            int mid = (lo + hi) >>> 1;
            if (compare128(starts6Hi[mid], starts6Lo[mid], r[0], r[1]) <= 0) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found >= 0 && compare128(r[2], r[3], ends6Hi[found], ends6Lo[found]) <= 0 ? tags6[found] : 0;
    }

    private static int floor(long[] starts, long v) {
        int lo = 0, hi = starts.length - 1, found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (starts[mid] <= v) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    private static int compare128(long aHi, long aLo, long bHi, long bLo) {
        int c = Long.compareUnsigned(aHi, bHi);
        return c != 0 ? c : Long.compareUnsigned(aLo, bLo);
    }

    int intervals() {
        return starts4.length + starts6Hi.length;
    }

    long bytes() {
        return 20L * starts4.length + 36L * starts6Hi.length;
    }
}
