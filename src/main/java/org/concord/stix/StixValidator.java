package org.concord.stix;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.concord.ConcordException;
import org.concord.ErrorCode;
import org.concord.stix.Props.Shape;
import org.concord.stix.TypeDef.Family;

/**
 * Validates one STIX 2.1 object against the specification: everything the OASIS JSON schemas
 * check, and the rules they cannot express (the id's type prefix, modified not before created,
 * the types a reference may name, ordered time ranges, I-JSON integers, resolvable granular
 * marking selectors, and the syntax of STIX patterns).
 *
 * <p>Objects of a custom type, and custom properties, are allowed (§11); only the common rules
 * apply to them. A custom type with {@code created} or {@code modified} is held to the SDO common
 * properties, one without to the SCO ones.
 *
 * <p>Thread-safe and allocation-light: the type tables are built once per class, nothing is
 * compiled per call, and a valid object costs no allocation beyond the walk.
 *
 * <p>Rule names are stable: {@code required}, {@code type}, {@code type-name}, {@code id-format},
 * {@code id-prefix}, {@code ref-format}, {@code ref-type}, {@code timestamp},
 * {@code timestamp-date}, {@code timestamp-precision}, {@code modified-before-created},
 * {@code time-order}, {@code range}, {@code enum}, {@code format}, {@code empty},
 * {@code property-name}, {@code reserved-property}, {@code spec-version}, {@code at-least-one},
 * {@code exclusive}, {@code dependency}, {@code extension}, {@code tlp}, {@code selector},
 * {@code tlp-level}, {@code circular-marking}, {@code i-json}, {@code pattern-syntax}.
 */
public final class StixValidator {

    /**
     * One way in which an object breaks the specification.
     *
     * @param objectId the object's {@code id}, or "" when it has no string id
     * @param pointer  RFC 6901 JSON pointer to the offending value within the object ("" for the
     *                 object itself)
     * @param rule     short stable name of the rule broken (see {@link StixValidator})
     * @param message  what is wrong with the value
     */
    public record Violation(String objectId, String pointer, String rule, String message) {
        public Violation {
            Objects.requireNonNull(objectId, "objectId");
            Objects.requireNonNull(pointer, "pointer");
            Objects.requireNonNull(rule, "rule");
            Objects.requireNonNull(message, "message");
        }

        @Override
        public String toString() {
            return (pointer.isEmpty() ? "/" : pointer) + ": " + message + " [" + rule + "]";
        }
    }

    /** Every defined type: SDOs, SROs, SCOs, meta objects. */
    private static final Map<String, TypeDef> TYPES;
    private static final Shape CUSTOM_DOMAIN = Props.shape().include(CommonProps.DOMAIN_COMMON).build();
    private static final Shape CUSTOM_OBSERVABLE = CommonProps.observableCommon(Map.of());

    static {
        Map<String, TypeDef> all = new HashMap<>(DomainTypes.table(StixValidator::checkObservedObjects));
        all.putAll(ObservableTypes.table());
        TYPES = Map.copyOf(all);
    }

    private final PatternCheck patterns;

    /** A validator that checks the syntax of STIX patterns with {@code patterns}. */
    public StixValidator(PatternCheck patterns) {
        this.patterns = Objects.requireNonNull(patterns, "patterns");
    }

    /** A validator that checks STIX patterns with the patterning parser ({@link PatternCheck#STIX}). */
    public StixValidator() {
        this(PatternCheck.STIX);
    }

    /**
     * The ways {@code object} breaks STIX 2.1; empty when it is valid.
     *
     * @param object one STIX object (not a bundle)
     */
    public List<Violation> validate(JsonNode object) {
        JsonNode idNode = object.get("id");
        Findings f = new Findings(idNode != null && idNode.isTextual() ? idNode.textValue() : "");
        if (!object.isObject()) {
            f.add("", "type", "a STIX object must be a JSON object, not " + Props.kind(object));
            return f.result();
        }
        walk(object, "", f, false);
        checkPattern(object, f);
        return f.result();
    }

    /**
     * Throws unless {@code object} is valid STIX 2.1.
     *
     * @throws ConcordException INVALID_STIX naming the object and its first violations
     */
    public void check(JsonNode object) {
        List<Violation> violations = validate(object);
        if (violations.isEmpty()) return;
        StringBuilder sb = new StringBuilder();
        String id = violations.get(0).objectId();
        sb.append(id.isEmpty() ? "object without id" : id).append(" is not valid STIX 2.1: ");
        int shown = Math.min(3, violations.size());
        for (int i = 0; i < shown; i++) {
            if (i > 0) sb.append("; ");
            sb.append(violations.get(i));
        }
        if (violations.size() > shown) sb.append("; and ").append(violations.size() - shown).append(" more");
        throw new ConcordException(ErrorCode.INVALID_STIX, sb.toString());
    }

    /** Whether {@code type} is a type the specification defines (not custom). */
    public static boolean isDefinedType(String type) {
        return TYPES.containsKey(type);
    }

    // ---- the walk ----

    private static void walk(JsonNode o, String ptr, Findings f, boolean embedded) {
        String type = typeOf(o, ptr, f);
        TypeDef def = type == null ? null : TYPES.get(type);
        if (embedded && def != null && def.family() != Family.OBSERVABLE) def = null;
        Shape shape;
        Family family;
        if (def != null) {
            shape = def.shape();
            family = def.family();
        } else if (!embedded && (o.has("created") || o.has("modified"))) {
            shape = CUSTOM_DOMAIN;
            family = Family.DOMAIN;
        } else {
            shape = CUSTOM_OBSERVABLE;
            family = Family.OBSERVABLE;
        }
        checkId(o, type, ptr, f);
        CommonProps.checkProperties(o, ptr, f, shape.fields);
        shape.checkRequiredAndConstraints(o, ptr, f);
        if (family == Family.DOMAIN) checkModifiedAfterCreated(o, ptr, f);
        if (family == Family.MARKING) {
            checkNotSelfMarked(o, f);
            checkTlp2Level(o, f);
        }
        checkSelectors(o, ptr, f);
    }

    /** The type, when it is a well-formed type name; otherwise reports why and returns null. */
    private static String typeOf(JsonNode o, String ptr, Findings f) {
        JsonNode node = o.get("type");
        if (node == null) return null; // reported as required
        if (!node.isTextual()) {
            f.add(ptr + "/type", "type", "must be a string, not " + Props.kind(node));
            return null;
        }
        String type = node.textValue();
        if (!Values.isTypeName(type)) {
            f.add(ptr + "/type", "type-name",
                    "must be 3-250 characters of a-z, 0-9 and single hyphens, starting with a letter: " + Values.show(type));
            return null;
        }
        if (type.equals("action") || type.equals("bundle")) {
            f.add(ptr + "/type", "type-name", type.equals("bundle")
                    ? "a bundle is a container, not a STIX object: validate its objects one by one"
                    : "action is a reserved type name");
            return null;
        }
        return type;
    }

    /** §2.8: type--UUID, the type part equal to the object's type. */
    private static void checkId(JsonNode o, String type, String ptr, Findings f) {
        JsonNode node = o.get("id");
        if (node == null) return; // reported as required
        if (!node.isTextual()) {
            f.add(ptr + "/id", "type", "must be an identifier string, not " + Props.kind(node));
            return;
        }
        String id = node.textValue();
        if (Values.isUpperCaseIdentifier(id)) {
            f.add(ptr + "/id", "uuid-case", "must write the UUID in lower-case hex (RFC 4122 §3): " + Values.show(id));
        } else if (!Values.isIdentifier(id)) {
            f.add(ptr + "/id", "id-format", "must be type--UUID with an RFC 4122 UUID: " + Values.show(id));
        } else if (type != null && !Values.hasTypePrefix(id, type)) {
            f.add(ptr + "/id", "id-prefix", "must start with the object's type " + type + "--: " + Values.show(id));
        }
    }

    /** §3.2: modified MUST be later than or equal to created. */
    private static void checkModifiedAfterCreated(JsonNode o, String ptr, Findings f) {
        JsonNode created = o.get("created"), modified = o.get("modified");
        if (created == null || modified == null || !created.isTextual() || !modified.isTextual()) return;
        String c = created.textValue(), m = modified.textValue();
        if (c.equals(m) || !StixTimestamp.isValid(c) || !StixTimestamp.isValid(m)) return;
        if (StixTimestamp.sortKey(m).compareTo(StixTimestamp.sortKey(c)) < 0) {
            f.add(ptr + "/modified", "modified-before-created", "modified (" + m + ") is before created (" + c + ")");
        }
    }

    /** §7.2.1: a marking definition must not mark itself. */
    private static void checkNotSelfMarked(JsonNode o, Findings f) {
        String id = o.path("id").asText("");
        JsonNode refs = o.get("object_marking_refs");
        if (refs != null && refs.isArray()) {
            for (int i = 0; i < refs.size(); i++) {
                if (refs.get(i).asText().equals(id)) {
                    f.add("/object_marking_refs/" + i, "circular-marking", "a marking definition must not mark itself");
                }
            }
        }
        JsonNode granular = o.get("granular_markings");
        if (granular != null && granular.isArray()) {
            for (int i = 0; i < granular.size(); i++) {
                if (granular.get(i).path("marking_ref").asText().equals(id)) {
                    f.add("/granular_markings/" + i + "/marking_ref", "circular-marking", "a marking definition must not mark itself");
                }
            }
        }
    }

    /**
     * The five TLP 2.0 marking definitions (FIRST TLP 2.0, in the TLP 2.0 extension) carry the level
     * their id stands for.
     */
    private static final java.util.Set<String> TLP2_LEVELS = java.util.Set.of("clear", "green", "amber", "amber+strict", "red");

    private static void checkTlp2Level(JsonNode o, Findings f) {
        JsonNode level = o.path("extensions").path(Tlp.EXTENSION_ID).get("tlp_2_0");
        if (level == null || !level.isTextual() || !TLP2_LEVELS.contains(level.textValue())) return; // enum reported
        String id = o.path("id").asText("");
        for (Tlp tlp : Tlp.values()) {
            if (!tlp.markingId().equals(id)) continue;
            String expected = tlp.label().substring(4).toLowerCase(java.util.Locale.ROOT);
            if (!expected.equals(level.textValue())) {
                f.add("/extensions/" + Tlp.EXTENSION_ID + "/tlp_2_0", "tlp-level",
                        id + " is " + tlp.label() + ", so tlp_2_0 must be " + expected + ": " + Values.show(level.textValue()));
            }
        }
    }

    /** §7.2.3.1: each selector must select a property or list item present in the object. */
    private static void checkSelectors(JsonNode o, String ptr, Findings f) {
        JsonNode markings = o.get("granular_markings");
        if (markings == null || !markings.isArray()) return;
        for (int i = 0; i < markings.size(); i++) {
            JsonNode selectors = markings.get(i).get("selectors");
            if (selectors == null || !selectors.isArray()) continue;
            for (int j = 0; j < selectors.size(); j++) {
                JsonNode s = selectors.get(j);
                if (s.isTextual() && CommonProps.isSelector(s.textValue()) && !resolves(o, s.textValue())) {
                    f.add(ptr + "/granular_markings/" + i + "/selectors/" + j, "selector",
                            "selects nothing in this object: " + Values.show(s.textValue()));
                }
            }
        }
    }

    private static boolean resolves(JsonNode o, String selector) {
        JsonNode cur = o;
        int i = 0, n = selector.length();
        while (i <= n) {
            int end = selector.indexOf('.', i);
            if (end < 0) end = n;
            if (selector.charAt(i) == '[') {
                if (!cur.isArray() || end - 1 - (i + 1) > 9) return false;
                long index = Long.parseLong(selector, i + 1, end - 1, 10);
                if (index >= cur.size()) return false;
                cur = cur.get((int) index);
            } else {
                if (!cur.isObject()) return false;
                cur = cur.get(selector.substring(i, end));
                if (cur == null) return false;
            }
            i = end + 1;
        }
        return true;
    }

    /** §4.7: the pattern of an indicator with pattern_type "stix" must be valid STIX patterning. */
    private void checkPattern(JsonNode o, Findings f) {
        if (!"indicator".equals(o.path("type").asText()) || !"stix".equals(o.path("pattern_type").asText())) return;
        JsonNode pattern = o.get("pattern");
        if (pattern == null || !pattern.isTextual()) return;
        PatternCheck.Problem problem = patterns.check(pattern.textValue());
        if (problem != null) {
            f.add("/pattern", "pattern-syntax", "is not a valid STIX pattern at position " + problem.position() + ": "
                    + problem.message());
        }
    }

    /** The deprecated observed-data objects (§4.14): a dictionary of SCOs. */
    private static void checkObservedObjects(JsonNode v, String ptr, Findings f) {
        if (!v.isObject()) {
            f.add(ptr, "type", "must be a dictionary of cyber-observable objects, not " + Props.kind(v));
            return;
        }
        if (v.isEmpty()) f.add(ptr, "empty", "must not be an empty dictionary");
        Iterator<Map.Entry<String, JsonNode>> it = v.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String p = ptr + "/" + Values.pointerToken(e.getKey());
            if (!e.getValue().isObject()) {
                f.add(p, "type", "must be a cyber-observable object, not " + Props.kind(e.getValue()));
            } else {
                walk(e.getValue(), p, f, true);
            }
        }
    }
}
