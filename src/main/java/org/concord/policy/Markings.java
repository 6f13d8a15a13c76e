package org.concord.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.TreeSet;
import java.util.List;
import java.util.Set;
import org.concord.stix.Tlp;

/**
 * Reads an object's data markings (STIX 2.1 §7.2) against an agreement.
 *
 * <p>Object markings ({@code object_marking_refs}, §7.2.2) apply to the whole object. Every TLP
 * marking (2.0 ids, or 1.0 ids read as their 2.0 level) must be granted by the agreement: STIX
 * leaves the meaning of two levels on one object to the marking scheme, and requiring each keeps
 * the rule literal ("AMBER only where named" holds for every marking sent, whatever else the object
 * carries). The strictest level governs (it is the level reported, and given to companions). An
 * object with no TLP marking is at the handling level recorded beside it, else at the node's
 * default level; nothing is written into it. A marking that is not TLP goes only when the
 * agreement lists it in {@code markings}: the policy cannot know what an unknown marking forbids,
 * so it assumes the worst (this includes TLP-like marking definitions under ids of their own).
 *
 * <p>Granular markings (§7.2.3) apply to the content their selectors select and all of it
 * descendants, on top of the object markings (so a granular marking can only make content
 * stricter, never looser). Content under a marking that may not go is removed. {@code lang}
 * granular markings restrict nothing.
 */
final class Markings {
    /** Properties that cannot be removed without losing the object or its markings. */
    static final Set<String> ESSENTIAL = Set.of("type", "id", "spec_version", "created", "modified",
            "object_marking_refs", "granular_markings");

    private Markings() {}

    /**
     * The object-level verdict: the TLP level that governs the object, whether the object carries
     * no TLP marking of its own ({@code defaulted}: the handling level, else the node's default,
     * governs), and whether that level was its recorded handling level; or why it is withheld.
     */
    record ObjectLevel(Tlp level, boolean defaulted, boolean handled, Decision.Withhold withheld) {}

    static ObjectLevel objectLevel(ObjectNode o, Agreement a, Tlp defaultTlp) {
        return objectLevel(o, a, defaultTlp, null, null);
    }

    /**
     * @param handling the level recorded beside the version (null: none; the node's default then applies
     *                 to a version without TLP marking)
     * @param floor    a level the object is at least at whatever its markings say (a language-content's
     *                 target's level), or null
     */
    static ObjectLevel objectLevel(ObjectNode o, Agreement a, Tlp defaultTlp, Tlp handling, Tlp floor) {
        JsonNode refs = o.get("object_marking_refs");
        TreeSet<Tlp> levels = new TreeSet<>(); // enum order: CLEAR to RED
        String unknown = null;
        if (refs != null) {
            if (!refs.isArray()) return withheld(Rule.INVALID_INPUT, "object_marking_refs is not a list of identifiers");
            for (JsonNode r : refs) {
                if (!r.isTextual()) return withheld(Rule.INVALID_INPUT, "object_marking_refs holds a non-string: " + r);
                Tlp t = Tlp.ofMarkingId(r.textValue()).orElse(null);
                if (t != null) levels.add(t);
                else if (unknown == null && !a.markings().contains(r.textValue())) unknown = r.textValue();
            }
        }
        boolean defaulted = levels.isEmpty();
        boolean handled = defaulted && handling != null;
        if (defaulted) levels.add(handled ? handling : defaultTlp);
        boolean floored = floor != null && floor.isStricterThan(levels.last());
        if (floored) levels.add(floor);
        for (Tlp level : levels.descendingSet()) { // strictest first: the refusal names the strictest level refused
            String refusal = refusal(level, a);
            if (refusal != null) {
                String why = floored && level == floor ? " (the object it translates is " + floor.label() + ")"
                        : !defaulted ? (levels.size() > 1 ? " (every TLP marking of the object must be granted)" : "")
                        : handled ? " (the object has no TLP marking; this node handles it at " + level.label() + ")"
                        : " (the object has no TLP marking; the node's default is " + level.label() + ")";
                return withheld(Rule.of(level), refusal + why);
            }
        }
        if (unknown != null) {
            return withheld(Rule.UNKNOWN_MARKING, "marked with " + unknown + ", which is not TLP and not in the markings"
                    + " of the " + a);
        }
        return new ObjectLevel(levels.last(), defaulted, handled, null);
    }

    /** Why content marked {@code level} may not go under {@code a}, or null when it may. */
    static String refusal(Tlp level, Agreement a) {
        if (a.allows(level)) return null;
        return switch (level) {
            case RED -> "TLP:RED never leaves the node";
            case AMBER_STRICT -> a.sameOrganisation()
                    ? "TLP:AMBER+STRICT is not named in the " + a
                    : "TLP:AMBER+STRICT goes only to the member's own organisation, and " + a.partner()
                            + " is not marked same_organisation";
            default -> level.label() + " is not named in the " + a;
        };
    }

    /** Content to remove for granular markings that may not go, or why the object is withheld instead. */
    record Granular(List<List<Object>> remove, Decision.Withhold withheld) {}

    private static final Granular NONE = new Granular(List.of(), null);

    static Granular granular(ObjectNode o, Agreement a) {
        JsonNode markings = o.get("granular_markings");
        if (markings == null) return NONE;
        if (!markings.isArray()) return invalid("granular_markings is not a list");
        List<List<Object>> remove = null;
        for (JsonNode m : markings) {
            if (!m.isObject()) return invalid("granular_markings holds a non-object: " + m);
            JsonNode ref = m.get("marking_ref");
            if (ref == null) continue; // a lang marking
            if (!ref.isTextual()) return invalid("a granular marking_ref is not a string: " + ref);
            String id = ref.textValue();
            Tlp t = Tlp.ofMarkingId(id).orElse(null);
            if (t != null ? a.allows(t) : a.markings().contains(id)) continue;
            JsonNode selectors = m.get("selectors");
            if (selectors == null || !selectors.isArray()) return invalid("a granular marking of " + id + " has no selectors list");
            for (JsonNode s : selectors) {
                List<Object> steps = s.isTextual() ? Selectors.parse(s.textValue()) : null;
                if (steps == null) {
                    return invalid("a granular marking of " + id + " has a selector that cannot be read (" + s
                            + "), so what it protects cannot be told");
                }
                if (Selectors.resolve(o, steps) == null) { // §7.2.3.1 forbids it; the marking would travel on
                    return invalid("a granular marking of " + id + " has a selector that selects nothing: " + s);
                }
                if (ESSENTIAL.contains(steps.get(0))) {
                    String why = t != null ? refusal(t, a) : id + " is not in the markings of the " + a;
                    return new Granular(List.of(), new Decision.Withhold(Rule.GRANULAR_REQUIRED,
                            steps.get(0) + " is marked so that it may not go (" + why + "), and the object cannot go without it"));
                }
                if (remove == null) remove = new ArrayList<>();
                remove.add(steps);
            }
        }
        return remove == null ? NONE : new Granular(remove, null);
    }

    private static ObjectLevel withheld(Rule rule, String reason) {
        return new ObjectLevel(null, false, false, new Decision.Withhold(rule, reason));
    }

    private static Granular invalid(String reason) {
        return new Granular(List.of(), new Decision.Withhold(Rule.INVALID_INPUT, reason));
    }
}
