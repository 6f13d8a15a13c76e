package org.concord.policy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * STIX 2.1 §7.2.3.1 selectors: property names and {@code [index]} list steps joined by dots, rooted
 * at the object that carries the granular marking ({@code description},
 * {@code external_references.[0].url}, {@code labels.[1]}). A marking applies to the content a
 * selector selects and everything inside it.
 */
final class Selectors {
    private Selectors() {}

    /** The steps of {@code selector} (String names, Integer indexes), or null when it is not a selector. */
    static List<Object> parse(String selector) {
        if (selector.isEmpty()) return null;
        List<Object> steps = new ArrayList<>(4);
        int i = 0, n = selector.length();
        while (i <= n) {
            int end = selector.indexOf('.', i);
            if (end < 0) end = n;
            if (end == i) return null;
            if (selector.charAt(i) == '[') {
                if (steps.isEmpty() || selector.charAt(end - 1) != ']' || end - i < 3 || end - i > 11) return null;
                int index = 0;
                for (int k = i + 1; k < end - 1; k++) {
                    char c = selector.charAt(k);
                    if (c < '0' || c > '9') return null;
                    index = index * 10 + (c - '0');
                }
                if (index < 0) return null;
                steps.add(index);
            } else {
                steps.add(selector.substring(i, end));
            }
            i = end + 1;
        }
        return steps;
    }

    /** The selector text of {@code steps}. */
    static String format(List<Object> steps) {
        StringBuilder sb = new StringBuilder();
        for (Object s : steps) {
            if (!sb.isEmpty()) sb.append('.');
            if (s instanceof Integer i) sb.append('[').append(i).append(']');
            else sb.append(s);
        }
        return sb.toString();
    }

    /** The value {@code steps} selects in {@code root}, or null when it selects nothing. */
    static JsonNode resolve(JsonNode root, List<Object> steps) {
        JsonNode cur = root;
        for (Object s : steps) {
            if (s instanceof Integer i) {
                if (!cur.isArray() || i >= cur.size()) return null;
                cur = cur.get(i);
            } else {
                if (!cur.isObject()) return null;
                cur = cur.get((String) s);
                if (cur == null) return null;
            }
        }
        return cur;
    }
}
