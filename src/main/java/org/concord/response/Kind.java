package org.concord.response;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.concord.ConcordException;
import org.concord.ErrorCode;
import org.concord.stix.StixTimestamp;

/**
 * What several nodes edit (docs/response-design.md §1–2): a case ({@code incident} with Incident
 * Core and the Concord property extension) or a task (OASIS {@code task} with the Concord property
 * extension), each with its LWW fields and LWW-element sets, and where each lives in the bytes.
 */
public enum Kind {
    CASE("incident", List.of(
            new FieldSpec("name", Place.TOP, Value.TEXT),
            new FieldSpec("description", Place.TOP, Value.TEXT),
            new FieldSpec("determination", Place.CORE, Value.DETERMINATION),
            new FieldSpec("investigation_status", Place.CORE, Value.TOKEN),
            new FieldSpec("criticality", Place.CORE, Value.PERCENT),
            new FieldSpec("incident_types", Place.CORE, Value.TOKENS)),
            List.of(new SetSpec("evidence", null, "object_ref", false),
                    new SetSpec("events", "event", "event_ref", true),
                    new SetSpec("impact_refs", "impact", "impact_ref", true),
                    new SetSpec("tasks", "task", "task_ref", true))),
    TASK("task", List.of(
            new FieldSpec("name", Place.TOP, Value.TEXT),
            new FieldSpec("description", Place.TOP, Value.TEXT),
            new FieldSpec("outcome", Place.TOP, Value.OUTCOME),
            new FieldSpec("priority", Place.TOP, Value.PERCENT),
            new FieldSpec("owner_ref", Place.CONCORD, Value.IDENTITY),
            new FieldSpec("due", Place.CONCORD, Value.TIMESTAMP),
            new FieldSpec("start_time", Place.TOP, Value.TIMESTAMP),
            new FieldSpec("end_time", Place.TOP, Value.TIMESTAMP)),
            List.of());

    /** Concord's extension definition (UUIDv5 of the project identity's UUID and {@code extension-definition/response}). */
    public static final String CONCORD_EXTENSION = "extension-definition--919dc417-42a7-5a4a-91f0-547aa29a4be3";
    /** OASIS Incident Core 2.0, a property extension of {@code incident}. */
    public static final String INCIDENT_CORE = "extension-definition--ef765651-680c-498d-9894-99799f2fa126";
    /** OASIS {@code task}, a new SDO. */
    public static final String TASK_EXTENSION = "extension-definition--2074a052-8be4-4932-849e-f5e7798e0030";
    /** Longest text value, and most entries in one set or writers in {@code writes}, a version may hold. */
    static final int MAX_TEXT = 65_536, MAX_ENTRIES = 10_000, MAX_WRITERS = 1_000;

    final String type;
    final Map<String, FieldSpec> fields = new LinkedHashMap<>();
    final Map<String, SetSpec> sets = new LinkedHashMap<>();

    Kind(String type, List<FieldSpec> fields, List<SetSpec> sets) {
        this.type = type;
        fields.forEach(f -> this.fields.put(f.name(), f));
        sets.forEach(s -> this.sets.put(s.name(), s));
    }

    /** The STIX type. */
    public String type() {
        return type;
    }

    /** The LWW field names. */
    public Set<String> fieldNames() {
        return fields.keySet();
    }

    /** The set names. */
    public Set<String> setNames() {
        return sets.keySet();
    }

    FieldSpec field(String name) {
        FieldSpec f = fields.get(name);
        if (f == null) throw new ConcordException(ErrorCode.INVALID_ARGUMENT, "a " + type + " has no field " + name + " (it has " + fields.keySet() + ")");
        return f;
    }

    SetSpec set(String name) {
        SetSpec s = sets.get(name);
        if (s == null) throw new ConcordException(ErrorCode.INVALID_ARGUMENT, "a " + type + " has no set " + name + " (it has " + sets.keySet() + ")");
        return s;
    }

    /** Values a required field gets at open unless given. */
    Map<String, JsonNode> defaults() {
        return this == CASE
                ? Map.of("determination", TextNode.valueOf("suspected"), "investigation_status", TextNode.valueOf("new"))
                : Map.of("outcome", TextNode.valueOf("pending"));
    }

    /** Where a field lives: the object's top level, the Incident Core extension, or Concord's. */
    enum Place { TOP, CORE, CONCORD }

    /** An LWW field. */
    record FieldSpec(String name, Place place, Value value) {
        void checkWrite(String id, JsonNode v) {
            if (v == null || v.isNull()) return;
            String problem = value == Value.DETERMINATION && !Value.DETERMINATIONS_WRITTEN.contains(v.asText())
                    ? "must be one of " + Value.DETERMINATIONS_WRITTEN : value.problem(v);
            if (problem != null) throw new ConcordException(ErrorCode.INVALID_ARGUMENT, id + " " + name + " " + problem + ": " + v);
        }
    }

    /**
     * An LWW-element set: its elements' type ({@code null}: any STIX id), the key naming an element
     * in its entries, and whether Incident Core lists its live elements (else only the entries hold it).
     */
    record SetSpec(String name, String elementType, String refKey, boolean inCore) {
        void checkId(String id, String elementId) {
            String problem = Value.idProblem(elementId, elementType);
            if (problem != null) throw new ConcordException(ErrorCode.INVALID_ARGUMENT, id + " " + name + ": " + problem);
        }

        /** The element as Incident Core lists it: an impact id, or an entry object naming it (its other properties kept). */
        JsonNode payload(String id, String elementId, JsonNode given) {
            checkId(id, elementId);
            if (!inCore) {
                if (given != null && !given.isNull()) throw new ConcordException(ErrorCode.INVALID_ARGUMENT, id + " " + name + " entries carry no payload");
                return null;
            }
            if (refKey.equals("impact_ref")) return TextNode.valueOf(elementId);
            if (given != null && !given.isNull() && !given.isObject()) {
                throw new ConcordException(ErrorCode.INVALID_ARGUMENT, id + " " + name + " " + elementId + ": an entry is an object: " + given);
            }
            ObjectNode entry = given == null || given.isNull() ? JsonNodeFactory.instance.objectNode() : ((ObjectNode) given).deepCopy();
            JsonNode named = entry.get(refKey);
            if (named != null && !elementId.equals(named.asText())) {
                throw new ConcordException(ErrorCode.INVALID_ARGUMENT, id + " " + name + " " + elementId + ": the entry names " + named);
            }
            entry.put(refKey, elementId);
            return entry;
        }
    }

    /** The values fields take (Incident Core 2.0 and OASIS task vocabularies). */
    enum Value {
        TEXT, TOKEN, TOKENS, PERCENT, DETERMINATION, OUTCOME, IDENTITY, TIMESTAMP;

        /** Incident Core 2.0 (adoc §5.5): what Concord writes. */
        static final Set<String> DETERMINATIONS_WRITTEN = Set.of("blocked", "confirmed", "failed-attempt", "false-positive", "suspected");
        /** The 2.0 values and the 1.0-era schema's: what Concord reads. */
        static final Set<String> DETERMINATIONS_READ = Set.of("blocked", "confirmed", "failed-attempt", "false-positive",
                "suspected", "low-value", "successful-attempt");
        static final Set<String> OUTCOMES = Set.of("cancelled", "failed", "ongoing", "pending", "successful", "unknown");

        /** Why {@code v} is not such a value, or null when it is. */
        String problem(JsonNode v) {
            return switch (this) {
                case TEXT -> v.isTextual() && v.textValue().length() <= MAX_TEXT ? null : "must be a string of at most " + MAX_TEXT + " characters";
                case TOKEN -> token(v) ? null : "must be a lower-case vocabulary term";
                case TOKENS -> {
                    if (!v.isArray() || v.isEmpty() || v.size() > 100) yield "must be a list of 1 to 100 vocabulary terms";
                    for (JsonNode t : v) if (!token(t)) yield "must be a list of lower-case vocabulary terms";
                    yield null;
                }
                case PERCENT -> v.isIntegralNumber() && v.canConvertToInt() && v.intValue() >= 0 && v.intValue() <= 100 ? null : "must be an integer 0..100";
                case DETERMINATION -> v.isTextual() && DETERMINATIONS_READ.contains(v.textValue()) ? null : "must be one of " + DETERMINATIONS_READ;
                case OUTCOME -> v.isTextual() && OUTCOMES.contains(v.textValue()) ? null : "must be one of " + OUTCOMES;
                case IDENTITY -> v.isTextual() ? idProblem(v.textValue(), "identity") : "must be an identity id";
                case TIMESTAMP -> v.isTextual() && StixTimestamp.isValid(v.textValue()) ? null : "must be a STIX timestamp";
            };
        }

        private static boolean token(JsonNode v) {
            return v.isTextual() && v.textValue().matches("[a-z0-9][a-z0-9-]{0,99}");
        }

        /** Why {@code id} is not a STIX id (of {@code type} unless null), or null when it is. */
        static String idProblem(String id, String type) {
            if (id == null || !id.matches("[a-z0-9-]{1,250}--[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")) {
                return "not a STIX id (type--uuid): " + id;
            }
            return type == null || id.startsWith(type + "--") ? null : "must be a " + type + " id: " + id;
        }
    }
}
