package org.concord.warning;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Substring matching against many patterns at once (Aho–Corasick): one pass over the text
 * whatever the number of patterns, where trying 8,000 {@code contains} calls would cost
 * milliseconds per value. Each pattern carries a tag (flags in the low 8 bits); a match is
 * reported only for a pattern whose flags meet the asked ones.
 */
final class Substrings {
    // Trie under construction: per node, its sorted transition chars and targets
    private final List<char[]> chars = new ArrayList<>();
    private final List<int[]> targets = new ArrayList<>();
    private int[] tag = new int[64]; // tag of the pattern ending at the node, 0 if none
    private int[] fail;
    private int[] out; // the nearest node on the failure chain (itself included) where a pattern ends, or -1
    private int patterns;

    Substrings() {
        newNode();
    }

    private int newNode() {
        chars.add(new char[0]);
        targets.add(new int[0]);
        int id = chars.size() - 1;
        if (id >= tag.length) tag = Arrays.copyOf(tag, tag.length * 2);
        return id;
    }

    void add(String pattern, int t) {
        if (pattern.isEmpty()) return;
        int node = 0;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            int next = step(node, c);
            if (next < 0) {
                next = newNode();
                char[] cs = chars.get(node);
                int[] ts = targets.get(node);
                int at = -Arrays.binarySearch(cs, c) - 1;
                char[] ncs = new char[cs.length + 1];
                int[] nts = new int[ts.length + 1];
                System.arraycopy(cs, 0, ncs, 0, at);
                System.arraycopy(ts, 0, nts, 0, at);
                ncs[at] = c;
                nts[at] = next;
                System.arraycopy(cs, at, ncs, at + 1, cs.length - at);
                System.arraycopy(ts, at, nts, at + 1, ts.length - at);
                chars.set(node, ncs);
                targets.set(node, nts);
            }
            node = next;
        }
        if (tag[node] == 0) patterns++;
        tag[node] = tag[node] == 0 ? t : (tag[node] | (t & 0xff));
    }

    private int step(int node, char c) {
        char[] cs = chars.get(node);
        int i = Arrays.binarySearch(cs, c);
        return i >= 0 ? targets.get(node)[i] : -1;
    }

    /** Computes failure links; call once after the last {@link #add}. */
    void build() {
        int n = chars.size();
        fail = new int[n];
        out = new int[n];
        Arrays.fill(out, -1);
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int child : targets.get(0)) {
            fail[child] = 0;
            queue.add(child);
        }
        while (!queue.isEmpty()) {
            int node = queue.poll();
            out[node] = tag[node] != 0 ? node : out[fail[node]];
            char[] cs = chars.get(node);
            int[] ts = targets.get(node);
            for (int i = 0; i < cs.length; i++) {
                int child = ts[i];
                int f = fail[node];
                while (f > 0 && step(f, cs[i]) < 0) f = fail[f];
                int g = step(f, cs[i]);
                fail[child] = g >= 0 && g != child ? g : 0;
                queue.add(child);
            }
        }
    }

    /** The tag of the first pattern found in {@code text} whose flags share a bit with {@code flags}, or 0. */
    int find(String text, int flags) {
        if (patterns == 0) return 0;
        int node = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int next;
            while ((next = step(node, c)) < 0 && node > 0) node = fail[node];
            node = Math.max(next, 0);
            for (int o = out[node]; o > 0; o = out[fail[o]]) {
                if ((tag[o] & flags) != 0) return tag[o];
            }
        }
        return 0;
    }

    int size() {
        return patterns;
    }
}
