package org.concord.warning;

/** A set of longs without boxing (open addressing, linear probing; 0 stands for empty and is stored aside). */
final class LongSet {
    private long[] slots = new long[64];
    private int size;
    private boolean zero;

    boolean add(long v) {
        if (v == 0) {
            boolean added = !zero;
            zero = true;
            return added;
        }
        if ((size + 1) * 2 > slots.length) grow();
        int mask = slots.length - 1;
        for (int i = mix(v) & mask; ; i = (i + 1) & mask) {
            if (slots[i] == v) return false;
            if (slots[i] == 0) {
                slots[i] = v;
                size++;
                return true;
            }
        }
    }

    boolean remove(long v) {
        if (v == 0) {
            boolean had = zero;
            zero = false;
            return had;
        }
        int mask = slots.length - 1;
        int i = mix(v) & mask;
        while (slots[i] != v) {
            if (slots[i] == 0) return false;
            i = (i + 1) & mask;
        }
        slots[i] = 0;
        size--;
        // re-place the run after the hole (backward-shift deletion)
        for (int j = (i + 1) & mask; slots[j] != 0; j = (j + 1) & mask) {
            long moved = slots[j];
            slots[j] = 0;
            size--;
            add(moved);
        }
        return true;
    }

    int size() {
        return size + (zero ? 1 : 0);
    }

    boolean isEmpty() {
        return size() == 0;
    }

    void clear() {
        slots = new long[64];
        size = 0;
        zero = false;
    }

    private void grow() {
        long[] old = slots;
        slots = new long[old.length * 2];
        size = 0;
        for (long v : old) if (v != 0) add(v);
    }

    private static int mix(long v) {
        v ^= v >>> 33;
        v *= 0xff51afd7ed558ccdL;
        v ^= v >>> 33;
        return (int) v;
    }

    /** A 64-bit fingerprint of a version: FNV-1a over its id and modified timestamp. */
    static long fingerprint(String id, String modified) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < id.length(); i++) h = (h ^ id.charAt(i)) * 0x100000001b3L;
        h = (h ^ '|') * 0x100000001b3L;
        if (modified != null) for (int i = 0; i < modified.length(); i++) h = (h ^ modified.charAt(i)) * 0x100000001b3L;
        return h;
    }
}
