package org.concord.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Finds the PII an agreement names in an object, and pseudonymises it. Stripping is {@link Prune}'s. */
final class Pii {
    /** STIX 2.1 §6 cyber-observable types: their ids are UUIDv5 of their values (§2.9). */
    static final Set<String> OBSERVABLE_TYPES = Set.of("artifact", "autonomous-system", "directory", "domain-name",
            "email-addr", "email-message", "file", "ipv4-addr", "ipv6-addr", "mac-addr", "mutex", "network-traffic",
            "process", "software", "url", "user-account", "windows-registry-key", "x509-certificate");

    private Pii() {}

    /**
     * The outermost paths in {@code o} that {@code paths} name (a path inside another matched one
     * is covered by it).
     */
    static List<List<Object>> match(ObjectNode o, String type, List<PiiPath> paths) {
        if (paths.isEmpty()) return List.of();
        Set<List<Object>> found = new HashSet<>();
        for (PiiPath p : paths) {
            if (!p.appliesTo(type)) continue;
            if (p.anywhere()) anywhere(o, (String) p.steps().get(0), new ArrayList<>(), found);
            else rooted(o, p.steps(), 0, new ArrayList<>(), found);
        }
        if (found.isEmpty()) return List.of();
        List<List<Object>> outermost = new ArrayList<>(found.size());
        for (List<Object> f : found) {
            boolean covered = false;
            for (int i = 1; i < f.size() && !covered; i++) covered = found.contains(f.subList(0, i));
            if (!covered) outermost.add(f);
        }
        return outermost;
    }

    private static void anywhere(JsonNode node, String name, List<Object> path, Set<List<Object>> found) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> e : node.properties()) {
                path.add(e.getKey());
                if (e.getKey().equals(name)) found.add(List.copyOf(path));
                else anywhere(e.getValue(), name, path, found);
                path.remove(path.size() - 1);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                path.add(i);
                anywhere(node.get(i), name, path, found);
                path.remove(path.size() - 1);
            }
        }
    }

    private static void rooted(JsonNode node, List<Object> steps, int k, List<Object> path, Set<List<Object>> found) {
        if (k == steps.size()) {
            found.add(List.copyOf(path));
            return;
        }
        Object step = steps.get(k);
        if (node.isArray() && step instanceof String) { // a list on the way: every item
            for (int i = 0; i < node.size(); i++) {
                path.add(i);
                rooted(node.get(i), steps, k, path, found);
                path.remove(path.size() - 1);
            }
            return;
        }
        JsonNode next = step instanceof Integer i ? (node.isArray() && i < node.size() ? node.get(i) : null)
                : (node.isObject() ? node.get((String) step) : null);
        if (next == null) return;
        path.add(step);
        rooted(next, steps, k + 1, path, found);
        path.remove(path.size() - 1);
    }

    /** Replaces every value at {@code paths} (each string in it, for a list or object). Returns whether any changed. */
    static boolean pseudonymise(ObjectNode o, List<List<Object>> paths, Pseudonymizer.Session session) {
        boolean changed = false;
        for (List<Object> path : paths) {
            JsonNode parent = Selectors.resolve(o, path.subList(0, path.size() - 1));
            Object last = path.get(path.size() - 1);
            JsonNode value = parent == null ? null : Selectors.resolve(parent, List.of(last));
            if (value == null || value.isNull()) continue;
            JsonNode replaced = replace(value, session);
            if (last instanceof Integer i) ((ArrayNode) parent).set(i, replaced);
            else ((ObjectNode) parent).set((String) last, replaced);
            changed = true;
        }
        return changed;
    }

    private static JsonNode replace(JsonNode value, Pseudonymizer.Session session) {
        if (value.isObject()) {
            ObjectNode obj = (ObjectNode) value;
            List<String> names = new ArrayList<>();
            obj.fieldNames().forEachRemaining(names::add);
            for (String n : names) obj.set(n, replace(obj.get(n), session));
            return obj;
        }
        if (value.isArray()) {
            ArrayNode arr = (ArrayNode) value;
            for (int i = 0; i < arr.size(); i++) arr.set(i, replace(arr.get(i), session));
            return arr;
        }
        if (value.isNull()) return value;
        return TextNode.valueOf(session.value(value.isTextual() ? value.textValue() : value.toString()));
    }

    /** The observable types whose ids the agreement pseudonymises (those its PII paths are limited to). */
    static Set<String> idTypes(Agreement a) {
        Set<String> types = null;
        for (List<PiiPath> list : List.of(a.pseudonymise(), a.strip())) {
            for (PiiPath p : list) {
                if (p.type() != null && OBSERVABLE_TYPES.contains(p.type())) {
                    if (types == null) types = new HashSet<>();
                    types.add(p.type());
                }
            }
        }
        return types == null ? Set.of() : types;
    }

    /**
     * Replaces ids of {@code types} in {@code node}: its {@code id}, and every string in a
     * {@code *_ref} property or {@code *_refs} list, at any depth. With {@code session} null, only
     * tells whether there is any.
     */
    static boolean remapIds(JsonNode node, Set<String> types, Pseudonymizer.Session session) {
        boolean changed = false;
        if (node.isObject()) {
            ObjectNode obj = (ObjectNode) node;
            for (Map.Entry<String, JsonNode> e : obj.properties()) {
                String name = e.getKey();
                JsonNode v = e.getValue();
                if (v.isTextual() && (name.equals("id") || name.endsWith("_ref")) && ofType(v.textValue(), types)) {
                    if (session == null) return true;
                    e.setValue(TextNode.valueOf(session.id(v.textValue())));
                    changed = true;
                } else if (v.isArray() && name.endsWith("_refs")) {
                    ArrayNode arr = (ArrayNode) v;
                    for (int i = 0; i < arr.size(); i++) {
                        JsonNode r = arr.get(i);
                        if (r.isTextual() && ofType(r.textValue(), types)) {
                            if (session == null) return true;
                            arr.set(i, TextNode.valueOf(session.id(r.textValue())));
                            changed = true;
                        }
                    }
                } else if (v.isContainerNode()) {
                    changed |= remapIds(v, types, session);
                    if (changed && session == null) return true;
                }
            }
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                changed |= remapIds(item, types, session);
                if (changed && session == null) return true;
            }
        }
        return changed;
    }

    private static boolean ofType(String id, Set<String> types) {
        int sep = id.indexOf("--");
        return sep > 0 && types.contains(id.substring(0, sep));
    }
}
