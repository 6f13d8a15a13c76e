package org.concord.warning;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A set of strings, each with an int tag, in two flat arrays: the strings' UTF-8 bytes one after
 * another in one pool, and an open-addressing table of offsets into it. Half a million domain
 * names take ~12 MB instead of the ~60 MB of a {@code HashMap<String, Integer>}, and a lookup of
 * any substring of a string allocates nothing (hostname suffixes are looked up in place).
 *
 * <p>Built once, then read by any number of threads.
 */
final class StringTable {
    private static final int EMPTY = -1;

    private byte[] pool = new byte[1 << 16];
    private int poolSize;
    private int[] slots = filled(1 << 10); // offset of an entry in the pool, or EMPTY
    private int size;

    /** Entry layout in the pool: length (2 bytes), tag (4 bytes), UTF-8 bytes. */
    private static final int HEADER = 6;

    /**
     * Adds {@code s} with {@code tag}; when present already, ORs the low 8 bits of {@code tag} (flags)
     * into its tag and keeps the rest of the first tag. Returns the resulting tag.
     */
    int add(String s, int tag) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        if (bytes.length > 0xffff) throw new IllegalArgumentException("an entry longer than 65535 bytes");
        int h = hash(bytes);
        int mask = slots.length - 1;
        for (int i = h & mask; ; i = (i + 1) & mask) {
            int off = slots[i];
            if (off == EMPTY) break;
            if (equalsAt(off, bytes)) {
                int old = tagAt(off);
                int merged = old | (tag & 0xff);
                putInt(off + 2, merged);
                return merged;
            }
        }
        if (poolSize + HEADER + bytes.length > pool.length) {
            pool = Arrays.copyOf(pool, Math.max(pool.length * 2, poolSize + HEADER + bytes.length));
        }
        int off = poolSize;
        pool[off] = (byte) (bytes.length >>> 8);
        pool[off + 1] = (byte) bytes.length;
        putInt(off + 2, tag);
        System.arraycopy(bytes, 0, pool, off + HEADER, bytes.length);
        poolSize += HEADER + bytes.length;
        insert(off, h);
        if (++size * 2 > slots.length) grow();
        return tag;
    }

    /** The tag of {@code s.substring(from)}, or 0 when absent. Allocates nothing for ASCII input. */
    int tag(String s, int from) {
        if (size == 0) return 0;
        int n = s.length() - from;
        for (int i = from; i < s.length(); i++) {
            if (s.charAt(i) > 0x7f) return tag(s.substring(from).getBytes(StandardCharsets.UTF_8));
        }
        int h = 0x811c9dc5;
        for (int i = from; i < s.length(); i++) h = (h ^ s.charAt(i)) * 0x01000193;
        h = spread(h);
        int mask = slots.length - 1;
        for (int i = h & mask; ; i = (i + 1) & mask) {
            int off = slots[i];
            if (off == EMPTY) return 0;
            int len = ((pool[off] & 0xff) << 8) | (pool[off + 1] & 0xff);
            if (len == n && asciiEqualsAt(off, s, from)) return tagAt(off);
        }
    }

    private int tag(byte[] bytes) {
        int h = hash(bytes);
        int mask = slots.length - 1;
        for (int i = h & mask; ; i = (i + 1) & mask) {
            int off = slots[i];
            if (off == EMPTY) return 0;
            if (equalsAt(off, bytes)) return tagAt(off);
        }
    }

    int size() {
        return size;
    }

    /** Bytes held (pool and table). */
    long bytes() {
        return pool.length + 4L * slots.length;
    }

    /** Trims the pool to what it holds (after building). */
    void trim() {
        pool = Arrays.copyOf(pool, poolSize);
    }

    private boolean asciiEqualsAt(int off, String s, int from) {
        int p = off + HEADER;
        for (int i = from; i < s.length(); i++, p++) if (pool[p] != (byte) s.charAt(i)) return false;
        return true;
    }

    private boolean equalsAt(int off, byte[] bytes) {
        int len = ((pool[off] & 0xff) << 8) | (pool[off + 1] & 0xff);
        return len == bytes.length && Arrays.equals(pool, off + HEADER, off + HEADER + len, bytes, 0, len);
    }

    private int tagAt(int off) {
        return ((pool[off + 2] & 0xff) << 24) | ((pool[off + 3] & 0xff) << 16) | ((pool[off + 4] & 0xff) << 8) | (pool[off + 5] & 0xff);
    }

    private void putInt(int off, int v) {
        pool[off] = (byte) (v >>> 24);
        pool[off + 1] = (byte) (v >>> 16);
        pool[off + 2] = (byte) (v >>> 8);
        pool[off + 3] = (byte) v;
    }

    private void insert(int off, int h) {
        int mask = slots.length - 1;
        int i = h & mask;
        while (slots[i] != EMPTY) i = (i + 1) & mask;
        slots[i] = off;
    }

    private void grow() {
        int[] old = slots;
        slots = filled(old.length * 2);
        for (int off : old) {
            if (off == EMPTY) continue;
            int len = ((pool[off] & 0xff) << 8) | (pool[off + 1] & 0xff);
            insert(off, hash(pool, off + HEADER, len));
        }
    }

    private static int[] filled(int n) {
        int[] a = new int[n];
        Arrays.fill(a, EMPTY);
        return a;
    }

    /** FNV-1a over the bytes, as {@link #tag(String, int)} computes it over ASCII chars, then spread. */
    private static int hash(byte[] b) {
        return hash(b, 0, b.length);
    }

    private static int hash(byte[] b, int from, int len) {
        int h = 0x811c9dc5;
        for (int i = from; i < from + len; i++) h = (h ^ (b[i] & 0xff)) * 0x01000193;
        return spread(h);
    }

    private static int spread(int h) {
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        return h ^ (h >>> 13);
    }
}
