package org.concord.response;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import org.concord.ConcordException;
import org.concord.ErrorCode;
import org.concord.response.CaseState.Element;
import org.concord.response.CaseState.Field;
import org.concord.response.Kind.FieldSpec;
import org.concord.response.Kind.Place;
import org.concord.response.Kind.SetSpec;
import org.concord.stix.Canonical;
import org.concord.stix.StixObject;
import org.concord.stix.StixTimestamp;
import org.concord.stix.Tlp;

/**
 * The bytes of a {@link CaseState} and back (docs/response-design.md §1–2). {@code modified} =
 * A + n ms + (SHA-256 of the version without {@code modified}, as an unsigned number, mod
 * 1,000,000) ns, A the greatest stamp, n = Σ writes + the number of set entries, tombstones
 * included (§10.2: a copy missing an element has a smaller n, so an earlier {@code modified});
 * lists sorted by element id; RFC 8785.
 */
final class CaseJson {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final DateTimeFormatter NANOS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);
    private static final BigInteger MILLION = BigInteger.valueOf(1_000_000);

    private CaseJson() {}

    static ObjectNode write(CaseState s) {
        Kind kind = s.kind();
        ObjectNode o = F.objectNode().put("type", kind.type).put("spec_version", "2.1").put("id", s.id())
                .put("created", s.created()).put("created_by_ref", s.createdBy());
        o.putArray("object_marking_refs").add(s.tlp().markingId());
        ObjectNode extensions = o.putObject("extensions");
        ObjectNode core = extensions.putObject(kind == Kind.CASE ? Kind.INCIDENT_CORE : Kind.TASK_EXTENSION)
                .put("extension_type", kind == Kind.CASE ? "property-extension" : "new-sdo");
        ObjectNode concord = extensions.putObject(Kind.CONCORD_EXTENSION).put("extension_type", "property-extension");
        if (s.caseRef() != null) concord.put("case_ref", s.caseRef());
        ObjectNode stamps = concord.putObject("fields");
        s.fields().forEach((name, field) -> {
            stamps.set(name, stamp(field.stamp()));
            if (field.value() != null) place(o, core, concord, kind.field(name).place()).set(name, field.value());
        });
        s.sets().forEach((name, elements) -> {
            SetSpec spec = kind.set(name);
            ArrayNode entries = spec.inCore() ? entriesOf(concord).putArray(name) : concord.putArray(name);
            ArrayNode live = F.arrayNode();
            elements.forEach((elementId, e) -> {
                entries.add(F.objectNode().put(spec.refKey(), elementId).put("at", e.stamp().time())
                        .put("by", e.stamp().writer()).put("removed", e.removed()));
                if (!e.removed() && spec.inCore()) live.add(e.payload());
            });
            if (!live.isEmpty()) core.set(name, live);
        });
        ObjectNode writes = concord.putObject("writes");
        s.writes().forEach(writes::put);
        Stamp greatest = s.greatestStamp();
        long n = s.writeCount() + s.sets().values().stream().mapToLong(Map::size).sum();
        long nanos = Math.addExact(Math.multiplyExact(Math.addExact(greatest.at(), n), 1_000_000L),
                new BigInteger(1, sha256(Canonical.bytes(o))).mod(MILLION).longValue());
        o.put("modified", NANOS.format(Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L))));
        return o;
    }

    static CaseState read(JsonNode json) {
        if (json == null || !json.isObject()) throw bad("(no id)", "", "a case or task version is a JSON object");
        String id = text(json, "id", "(no id)", "/id");
        String type = text(json, "type", id, "/type");
        Kind kind = type.equals("incident") ? Kind.CASE : type.equals("task") ? Kind.TASK : null;
        if (kind == null) throw bad(id, "/type", "must be incident or task: " + type);
        if (!"2.1".equals(json.path("spec_version").asText())) throw bad(id, "/spec_version", "must be 2.1");
        String created = text(json, "created", id, "/created");
        if (!StixTimestamp.isValid(created) || created.length() != 24) throw bad(id, "/created", "must be a timestamp in milliseconds: " + created);
        String createdBy = text(json, "created_by_ref", id, "/created_by_ref");
        identity(createdBy, id, "/created_by_ref");
        JsonNode markings = json.get("object_marking_refs");
        Tlp tlp = null;
        if (markings != null && markings.isArray() && markings.size() <= 16) {
            java.util.List<String> refs = new java.util.ArrayList<>();
            markings.forEach(m -> refs.add(m.asText()));
            tlp = Tlp.strictestOf(refs).orElse(null);
        }
        if (tlp == null) throw bad(id, "/object_marking_refs", "must hold a TLP marking");
        JsonNode extensions = object(json, "extensions", id, "/extensions");
        JsonNode core = object(extensions, kind == Kind.CASE ? Kind.INCIDENT_CORE : Kind.TASK_EXTENSION, id, "/extensions/core");
        JsonNode concord = object(extensions, Kind.CONCORD_EXTENSION, id, "/extensions/" + Kind.CONCORD_EXTENSION);
        String c = "/extensions/" + Kind.CONCORD_EXTENSION;
        String caseRef = null;
        if (kind == Kind.TASK) {
            caseRef = text(concord, "case_ref", id, c + "/case_ref");
            if (Kind.Value.idProblem(caseRef, "incident") != null) throw bad(id, c + "/case_ref", Kind.Value.idProblem(caseRef, "incident"));
        }

        Map<String, Long> writes = new TreeMap<>();
        JsonNode w = object(concord, "writes", id, c + "/writes");
        if (w.size() > Kind.MAX_WRITERS) throw bad(id, c + "/writes", "more than " + Kind.MAX_WRITERS + " writers");
        for (Iterator<Map.Entry<String, JsonNode>> it = w.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            identity(e.getKey(), id, c + "/writes");
            JsonNode n = e.getValue();
            if (!n.canConvertToExactIntegral() || n.longValue() < 1 || n.longValue() > Canonical.MAX_SAFE_INTEGER) {
                throw bad(id, c + "/writes/" + e.getKey(), "must be a positive integer: " + n);
            }
            writes.put(e.getKey(), n.longValue());
        }

        Map<String, Field> fields = new TreeMap<>();
        JsonNode stamps = object(concord, "fields", id, c + "/fields");
        for (Iterator<Map.Entry<String, JsonNode>> it = stamps.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            FieldSpec spec = kind.fields.get(e.getKey());
            if (spec == null) throw bad(id, c + "/fields/" + e.getKey(), "a " + type + " has no such field (" + kind.fields.keySet() + ")");
            Stamp stamp = stamp(e.getValue(), id, c + "/fields/" + e.getKey(), writes);
            JsonNode value = where(json, core, concord, spec.place()).get(e.getKey());
            if (value != null) {
                String problem = spec.value().problem(value);
                if (problem != null) throw bad(id, "/" + e.getKey(), problem);
            }
            fields.put(e.getKey(), new Field(stamp, value));
        }
        for (FieldSpec spec : kind.fields.values()) {
            if (!fields.containsKey(spec.name()) && where(json, core, concord, spec.place()).has(spec.name())) {
                throw bad(id, "/" + spec.name(), "has no stamp in " + c + "/fields");
            }
        }

        Map<String, Map<String, Element>> sets = new TreeMap<>();
        for (SetSpec spec : kind.sets.values()) {
            String at = spec.inCore() ? c + "/entries/" + spec.name() : c + "/" + spec.name();
            JsonNode entries = (spec.inCore() ? concord.path("entries") : concord).get(spec.name());
            Map<String, JsonNode> listed = spec.inCore() ? coreList(core, spec, id) : new HashMap<>();
            Map<String, Element> elements = new TreeMap<>();
            if (entries != null) {
                if (!entries.isArray() || entries.size() > Kind.MAX_ENTRIES) throw bad(id, at, "must be a list of at most " + Kind.MAX_ENTRIES + " entries");
                for (int i = 0; i < entries.size(); i++) {
                    JsonNode entry = entries.get(i);
                    String where = at + "/" + i;
                    if (!entry.isObject()) throw bad(id, where, "must be an object");
                    String ref = text(entry, spec.refKey(), id, where + "/" + spec.refKey());
                    String problem = Kind.Value.idProblem(ref, spec.elementType());
                    if (problem != null) throw bad(id, where, problem);
                    if (!entry.path("removed").isBoolean()) throw bad(id, where + "/removed", "must be true or false");
                    boolean removed = entry.get("removed").booleanValue();
                    Stamp stamp = stamp(entry, id, where, writes);
                    if (elements.containsKey(ref)) throw bad(id, where, "a second entry for " + ref);
                    JsonNode payload = listed.remove(ref);
                    if (removed && payload != null) throw bad(id, "/" + spec.name(), "lists " + ref + ", which its entry removes");
                    if (spec.inCore() && !removed && payload == null) continue; // withheld from this copy: unknown
                    elements.put(ref, new Element(stamp, removed, payload));
                }
            }
            if (!listed.isEmpty()) throw bad(id, "/" + spec.name(), "lists " + listed.keySet() + " with no entry in " + at);
            sets.put(spec.name(), elements);
        }
        if (fields.isEmpty()) throw bad(id, c + "/fields", "a version holds at least its opening write");
        return new CaseState(kind, id, created, createdBy, caseRef, fields, sets, tlp, writes);
    }

    static JsonNode tree(StixObject version) {
        try {
            return Values.JSON.readTree(version.canonical());
        } catch (IOException e) {
            throw new ConcordException(ErrorCode.INVALID_STIX, version.id() + ": not JSON");
        }
    }

    private static Map<String, JsonNode> coreList(JsonNode core, SetSpec spec, String id) {
        Map<String, JsonNode> out = new HashMap<>();
        JsonNode list = core.get(spec.name());
        if (list == null) return out;
        if (!list.isArray() || list.size() > Kind.MAX_ENTRIES) throw bad(id, "/" + spec.name(), "must be a list of at most " + Kind.MAX_ENTRIES);
        for (int i = 0; i < list.size(); i++) {
            JsonNode item = list.get(i);
            String ref = spec.refKey().equals("impact_ref") ? (item.isTextual() ? item.textValue() : null)
                    : item.isObject() && item.path(spec.refKey()).isTextual() ? item.get(spec.refKey()).textValue() : null;
            if (ref == null || out.put(ref, item) != null) throw bad(id, "/" + spec.name() + "/" + i, "names no element, or one named twice");
        }
        return out;
    }

    private static Stamp stamp(JsonNode stamp, String id, String where, Map<String, Long> writes) {
        if (!stamp.isObject()) throw bad(id, where, "must be an object {at, by}");
        String at = text(stamp, "at", id, where + "/at");
        if (!StixTimestamp.isValid(at) || at.length() != 24) throw bad(id, where + "/at", "must be a timestamp in milliseconds: " + at);
        String by = text(stamp, "by", id, where + "/by");
        identity(by, id, where + "/by");
        if (!writes.containsKey(by)) throw bad(id, where + "/by", by + " wrote it but has no count in writes");
        return new Stamp(StixTimestamp.parse(at).toEpochMilli(), by);
    }

    private static ObjectNode stamp(Stamp s) {
        return F.objectNode().put("at", s.time()).put("by", s.writer());
    }

    private static ObjectNode entriesOf(ObjectNode concord) {
        JsonNode e = concord.get("entries");
        return e == null ? concord.putObject("entries") : (ObjectNode) e;
    }

    private static ObjectNode place(ObjectNode top, ObjectNode core, ObjectNode concord, Place p) {
        return p == Place.TOP ? top : p == Place.CORE ? core : concord;
    }

    private static JsonNode where(JsonNode top, JsonNode core, JsonNode concord, Place p) {
        return p == Place.TOP ? top : p == Place.CORE ? core : concord;
    }

    private static JsonNode object(JsonNode parent, String name, String id, String where) {
        JsonNode n = parent.get(name);
        if (n == null || !n.isObject()) throw bad(id, where, "must be an object");
        return n;
    }

    private static String text(JsonNode parent, String name, String id, String where) {
        JsonNode n = parent.get(name);
        if (n == null || !n.isTextual()) throw bad(id, where, "must be a string");
        if (n.textValue().length() > 300) throw bad(id, where, "longer than 300 characters");
        return n.textValue();
    }

    private static void identity(String ref, String id, String where) {
        String problem = Kind.Value.idProblem(ref, "identity");
        if (problem != null) throw bad(id, where, problem);
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }

    private static ConcordException bad(String id, String pointer, String what) {
        return new ConcordException(ErrorCode.INVALID_STIX, id + " " + pointer + ": " + what);
    }
}
