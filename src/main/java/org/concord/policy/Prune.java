package org.concord.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Removes content from an object in place and keeps its granular markings true: selectors into
 * removed content are dropped, list indexes after a removed item are renumbered, markings left
 * with no selector are dropped (STIX 2.1 §7.2.3: every selector must select something).
 *
 * <p>Paths are lists of property names (String) and list indexes (Integer), as STIX selectors
 * (§7.2.3.1) spell them with dots: {@code external_references.[0].url} is
 * {@code ["external_references", 0, "url"]}. A container emptied by a removal is removed as well
 * (STIX forbids empty lists and dictionaries), and so on upwards; the object itself stays.
 */
final class Prune {
    private final Set<List<Object>> targets;
    private final Set<List<Object>> prefixes = new HashSet<>();
    /** Every removed path, as it was before removal (targets and emptied containers). */
    private final Set<List<Object>> removed = new HashSet<>();
    /** Removed item indexes by the (old) path of their list. */
    private final Map<List<Object>, TreeSet<Integer>> removedItems = new HashMap<>();

    private Prune(Collection<List<Object>> targets) {
        this.targets = new HashSet<>(targets);
        for (List<Object> t : targets) {
            for (int i = 1; i < t.size(); i++) prefixes.add(t.subList(0, i));
        }
    }

    /**
     * Removes {@code targets} (paths that select nothing are ignored) from {@code object} and
     * rewrites its {@code granular_markings}. Returns whether anything was removed.
     */
    static boolean apply(ObjectNode object, Collection<List<Object>> targets) {
        if (targets.isEmpty()) return false;
        Prune p = new Prune(targets);
        p.object(object, new ArrayList<>(), true);
        if (p.removed.isEmpty()) return false;
        p.rewriteGranularMarkings(object);
        return true;
    }

    /** Walks into the parts of {@code node} that hold targets; returns whether it is now empty (and was not before). */
    private boolean object(ObjectNode node, List<Object> path, boolean root) {
        boolean removedAny = false;
        for (String name : new ArrayList<>(iterable(node))) {
            path.add(name);
            if (drop(node.get(name), path)) {
                removed.add(List.copyOf(path));
                node.remove(name);
                removedAny = true;
            }
            path.remove(path.size() - 1);
        }
        return removedAny && node.isEmpty() && !root;
    }

    private boolean array(ArrayNode node, List<Object> path) {
        boolean removedAny = false;
        for (int i = node.size() - 1; i >= 0; i--) { // from the end, so earlier indexes stay put
            path.add(i);
            if (drop(node.get(i), path)) {
                removed.add(List.copyOf(path));
                removedItems.computeIfAbsent(List.copyOf(path.subList(0, path.size() - 1)), k -> new TreeSet<>()).add(i);
                node.remove(i);
                removedAny = true;
            }
            path.remove(path.size() - 1);
        }
        return removedAny && node.isEmpty();
    }

    /** Whether the value at {@code path} goes: it is a target, or removals inside it left it empty. */
    private boolean drop(JsonNode child, List<Object> path) {
        if (targets.contains(path)) return true;
        if (!prefixes.contains(path)) return false;
        if (child.isObject()) return object((ObjectNode) child, path, false);
        if (child.isArray()) return array((ArrayNode) child, path);
        return false;
    }

    private static List<String> iterable(ObjectNode node) {
        List<String> names = new ArrayList<>(node.size());
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private void rewriteGranularMarkings(ObjectNode object) {
        JsonNode granular = object.get("granular_markings");
        if (granular == null || !granular.isArray()) return;
        ArrayNode markings = (ArrayNode) granular;
        for (int i = markings.size() - 1; i >= 0; i--) {
            JsonNode marking = markings.get(i);
            JsonNode selectors = marking.get("selectors");
            if (!marking.isObject() || selectors == null || !selectors.isArray()) continue;
            ArrayNode kept = markings.arrayNode();
            for (JsonNode s : selectors) {
                if (!s.isTextual()) {
                    kept.add(s);
                    continue;
                }
                List<Object> steps = Selectors.parse(s.textValue());
                if (steps == null) {
                    kept.add(s); // not a selector: left for the validator to report
                    continue;
                }
                List<Object> moved = rewrite(steps);
                if (moved != null) kept.add(Selectors.format(moved));
            }
            if (kept.isEmpty()) markings.remove(i);
            else ((ObjectNode) marking).set("selectors", kept);
        }
        if (markings.isEmpty()) object.remove("granular_markings");
    }

    /** Where {@code steps} points after the removals, or null when it pointed into removed content. */
    private List<Object> rewrite(List<Object> steps) {
        List<Object> moved = new ArrayList<>(steps.size());
        for (int k = 0; k < steps.size(); k++) {
            List<Object> old = steps.subList(0, k + 1);
            if (removed.contains(old)) return null;
            Object step = steps.get(k);
            if (step instanceof Integer index) {
                TreeSet<Integer> gone = removedItems.get(steps.subList(0, k));
                moved.add(gone == null ? index : index - gone.headSet(index).size());
            } else {
                moved.add(step);
            }
        }
        return moved;
    }
}
