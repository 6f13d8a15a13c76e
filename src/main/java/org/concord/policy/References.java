package org.concord.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The references of a STIX object (STIX 2.1 §3.3 embedded relationships): every property named
 * {@code *_ref} holding an identifier and every {@code *_refs} list, at any depth (extensions
 * included), but the markings: {@code object_marking_refs} and the granular markings'
 * {@code marking_ref} say how the object may travel, not what it is about, and are the marking
 * rules' business. Found for the egress rule "references follow their targets"
 * (docs/sovereignty.md): a reference to an object this node holds and withholds from the partner
 * is removed from the copy sent.
 */
final class References {
    private static final Set<String> SKIPPED = Set.of("object_marking_refs", "granular_markings");
    /**
     * Types whose objects may be invalid without some reference (relationship, sighting, report…):
     * their visibility depends on their targets'. Every other type defined by STIX 2.1 keeps its
     * references optional; a custom type is assumed to depend on its own.
     */
    private static final Set<String> DEPENDENT = Set.of("relationship", "sighting", "report", "note", "opinion", "grouping",
            "observed-data", "language-content", "network-traffic", "malware-analysis");

    private References() {}

    private static final byte[] OBJECT_MARKING_REFS = "object_marking_refs".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] GRANULAR_MARKINGS = "granular_markings".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /**
     * Whether an object, as JSON bytes, may reference anything: whether it has a member named
     * {@code *_ref} or {@code *_refs} anywhere the walk looks (not its top-level markings). One pass
     * over the bytes, skipping the insides of strings, so that the common object with no reference
     * is never walked. Never false for an object the walk finds a reference in
     * ({@code ReferencesProperties}); may be true for one it finds none in (a {@code *_ref} holding
     * no string).
     */
    static boolean mayReference(byte[] json) {
        int depth = 0;
        boolean inMarkings = false; // in the value of the top-level granular_markings, which the walk skips
        for (int i = 0; i < json.length; i++) {
            byte c = json[i];
            if (c == '"') {
                int start = i + 1;
                for (i = start; i < json.length && json[i] != '"'; i++) {
                    if (json[i] == '\\') i++;
                }
                int end = Math.min(i, json.length);
                int next = i + 1;
                while (next < json.length && (json[next] == ' ' || json[next] == '\n' || json[next] == '\r' || json[next] == '\t')) next++;
                if (next >= json.length || json[next] != ':') continue; // a value
                if (depth == 1) { // a top-level member: its name says whether the walk enters it
                    inMarkings = is(json, start, end, GRANULAR_MARKINGS);
                    if (inMarkings || is(json, start, end, OBJECT_MARKING_REFS)) continue;
                } else if (inMarkings) {
                    continue;
                }
                if (ref(json, start, end)) return true;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                depth--;
            }
        }
        return false;
    }

    /** Whether the name in {@code json[start, end)} ends with {@code _ref} or {@code _refs}. */
    private static boolean ref(byte[] json, int start, int end) {
        int n = end - start;
        if (n >= 4 && json[end - 4] == '_' && json[end - 3] == 'r' && json[end - 2] == 'e' && json[end - 1] == 'f') return true;
        return n >= 5 && json[end - 5] == '_' && json[end - 4] == 'r' && json[end - 3] == 'e' && json[end - 2] == 'f' && json[end - 1] == 's';
    }

    private static boolean is(byte[] json, int start, int end, byte[] name) {
        if (end - start != name.length) return false;
        for (int k = 0; k < name.length; k++) if (json[start + k] != name[k]) return false;
        return true;
    }

    /** Every identifier {@code object} references (markings apart), in document order, repeats included. */
    static void targets(JsonNode object, Consumer<String> sink) {
        walk(object, true, (path, id) -> sink.accept(id), new ArrayList<>());
    }

    /** The paths (as {@link Prune} takes them) of the references of {@code object} whose target is {@code hidden}. */
    static List<List<Object>> hidden(ObjectNode object, Predicate<String> hidden) {
        List<List<Object>> out = new ArrayList<>();
        walk(object, true, (path, id) -> {
            if (hidden.test(id)) out.add(List.copyOf(path));
        }, new ArrayList<>());
        return out;
    }

    /**
     * Whether an object of {@code type} may depend on its references to be valid STIX, so that
     * withholding a target may withhold it too.
     */
    static boolean mayDependOnTargets(String type) {
        return DEPENDENT.contains(type) || !org.concord.stix.StixValidator.isDefinedType(type);
    }

    private interface Visitor {
        void ref(List<Object> path, String id);
    }

    private static void walk(JsonNode node, boolean top, Visitor v, List<Object> path) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                String name = f.getKey();
                if (top && SKIPPED.contains(name)) continue;
                JsonNode value = f.getValue();
                path.add(name);
                if (name.endsWith("_ref") && value.isTextual()) {
                    v.ref(path, value.textValue());
                } else if (name.endsWith("_refs") && value.isArray()) {
                    for (int i = 0; i < value.size(); i++) {
                        if (!value.get(i).isTextual()) continue;
                        path.add(i);
                        v.ref(path, value.get(i).textValue());
                        path.removeLast();
                    }
                } else if (value.isContainerNode()) {
                    walk(value, false, v, path);
                }
                path.removeLast();
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                if (!node.get(i).isContainerNode()) continue;
                path.add(i);
                walk(node.get(i), false, v, path);
                path.removeLast();
            }
        }
    }
}
