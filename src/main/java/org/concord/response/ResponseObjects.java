package org.concord.response;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.concord.ConcordException;
import org.concord.ErrorCode;
import org.concord.stix.ObservableIds;
import org.concord.stix.ProjectIdentity;
import org.concord.stix.StixObject;
import org.concord.stix.StixTimestamp;
import org.concord.stix.StixValidator;
import org.concord.stix.Tlp;

/**
 * The fixed objects and the immutable forms of coordinated response (docs/response-design.md §1):
 * Concord's extension definition and the response identity (what the {@code response} role
 * publishes), journal entries (STIX {@code note}), the {@code event} a case opened from an alert
 * gets, and escalation notices ({@code x-concord-escalation}, every byte fixed by the deadline row
 * they answer). The derived ids are UUIDv5 in the project identity's namespace, so every node
 * computes the same ones.
 */
public final class ResponseObjects {
    /** The project identity's UUID: the namespace of every id derived here. */
    static final UUID NAMESPACE = UUID.fromString(ProjectIdentity.ID.substring("identity--".length()));
    /** The author of escalation notices: UUIDv5(project, {@code identity/response}). */
    public static final String RESPONSE_IDENTITY = "identity--" + ObservableIds.uuid5(NAMESPACE, "identity/response");
    /** OASIS Incident Core's {@code event}, a new SDO. */
    public static final String EVENT_EXTENSION = "extension-definition--4ca6de00-5b0d-45ef-a1dc-ea7279ea910e";
    /** The custom types Concord defines under its extension. */
    public static final String REQUEST = "x-concord-request", PARTICIPATION = "x-concord-participation",
            ESCALATION = "x-concord-escalation";

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final String PUBLISHED = "2026-12-08T00:00:00.000Z";
    private static final StixValidator VALIDATOR = new StixValidator();

    private ResponseObjects() {}

    /** {@code type--UUIDv5(project, name)}. */
    static String derivedId(String type, String name) {
        return type + "--" + ObservableIds.uuid5(NAMESPACE, name);
    }

    /**
     * What the {@code response} role publishes once: the project identity, the response identity
     * and the extension definition (fixed bytes, the same version on every node).
     */
    public static List<StixObject> definitions() {
        ObjectNode identity = envelope("identity", RESPONSE_IDENTITY, PUBLISHED, ProjectIdentity.ID, Tlp.CLEAR)
                .put("modified", PUBLISHED).put("name", "Concord coordinated response").put("identity_class", "system")
                .put("description", "The author of x-concord-escalation notices: a notice's bytes are fixed by the deadline"
                        + " it answers, whichever node writes it.");
        ObjectNode ext = envelope("extension-definition", Kind.CONCORD_EXTENSION, PUBLISHED, ProjectIdentity.ID, Tlp.CLEAR)
                .put("modified", PUBLISHED).put("name", "Concord coordinated response")
                .put("description", "Cross-border cases and 24/7 requests between members: participants, journal and merge"
                        + " stamps of an incident or task (property extension); requests, participations and escalation"
                        + " notices (new SDOs).")
                .put("schema", "https://github.com/concord-cti/concord/blob/main/docs/response.md").put("version", "1.0.0");
        ext.putArray("extension_types").add("new-sdo").add("property-extension");
        return List.of(StixObject.of(ProjectIdentity.object()), StixObject.of(identity), StixObject.of(ext));
    }

    /**
     * A journal entry: a STIX {@code note} about the case (immutable; random id).
     *
     * @param author the author's member identity; {@code authorName} its name as the note shows it
     */
    public static StixObject note(String id, String caseId, String author, String authorName, String content, Tlp tlp, Instant at) {
        String t = StixTimestamp.formatMillis(at);
        ObjectNode o = envelope("note", id, t, author, tlp).put("modified", t).put("content", content);
        o.putArray("authors").add(authorName);
        o.putArray("object_refs").add(caseId);
        return checked(o);
    }

    /** The event of a case opened from an alert: id UUIDv5(case id, alert id), the alert's sightings as {@code sighting_refs}. */
    public static StixObject event(String caseId, String alertId, String alertName, List<String> sightings, String opener,
                                   Tlp tlp, Instant at) {
        String t = StixTimestamp.formatMillis(at);
        ObjectNode o = envelope("event", eventId(caseId, alertId), t, opener, tlp).put("modified", t)
                .put("name", alertName == null ? "early-warning alert " + alertId : alertName).put("status", "occurred");
        if (!sightings.isEmpty()) sightings.stream().sorted().forEach(o.putArray("sighting_refs")::add);
        o.putObject("extensions").putObject(EVENT_EXTENSION).put("extension_type", "new-sdo");
        return checked(o);
    }

    static String eventId(String caseId, String alertId) {
        return derivedId("event", "event|" + caseId + "|" + alertId);
    }

    /** An escalation notice's id: UUIDv5(request id, deadline, level, escalating member). */
    static String escalationId(String requestId, String deadline, int level, String member) {
        return derivedId(ESCALATION, requestId + "|" + deadline + "|" + level + "|" + member);
    }

    /**
     * An escalation notice (§4): every byte a function of its arguments (the deadline row), so a
     * sweep that writes it again after a crash writes the same version, a no-op.
     */
    public static StixObject escalation(String requestId, String caseId, String deadline, int level, Instant dueAt, String member,
                                        Tlp tlp) {
        String t = StixTimestamp.formatMillis(dueAt);
        ObjectNode o = envelope(ESCALATION, escalationId(requestId, deadline, level, member), t, RESPONSE_IDENTITY, tlp)
                .put("modified", t).put("request_ref", requestId).put("case_ref", caseId).put("deadline", deadline)
                .put("level", level).put("due_at", t).put("member_ref", member);
        o.putObject("extensions").putObject(Kind.CONCORD_EXTENSION).put("extension_type", "new-sdo");
        return checked(o);
    }

    /** The deadlines a notice may be about (§4). */
    static final java.util.Set<String> DEADLINES = java.util.Set.of("acknowledge", "fulfil", "preserve_until");

    /** A notice read back: which request, deadline and level, when due, which member escalated. */
    public record Escalation(String id, String requestId, String caseId, String deadline, int level, Instant dueAt, String member) {}

    /** Reads an escalation notice. @throws ConcordException INVALID_STIX naming the property that is wrong */
    public static Escalation escalation(JsonNode o) {
        String id = Forms.text(o, "id", "(no id)", "/id");
        Forms.checkType(o, ESCALATION, id);
        int level = o.path("level").isInt() ? o.get("level").intValue() : 0;
        if (level != 1 && level != 2) throw Forms.bad(id, "/level", "must be 1 or 2");
        String deadline = Forms.text(o, "deadline", id, "/deadline");
        if (!DEADLINES.contains(deadline)) throw Forms.bad(id, "/deadline", "must be acknowledge, fulfil or preserve_until: " + deadline);
        return new Escalation(id, Forms.ref(o, "request_ref", REQUEST, id), Forms.ref(o, "case_ref", "incident", id), deadline, level,
                Forms.time(o, "due_at", id), Forms.ref(o, "member_ref", "identity", id));
    }

    /** SHA-256 of a version's canonical bytes, in hex: what a transition's {@code prior} names. */
    public static String sha256(StixObject version) {
        return sha256(version.canonical());
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }

    static ObjectNode envelope(String type, String id, String created, String createdBy, Tlp tlp) {
        ObjectNode o = F.objectNode().put("type", type).put("spec_version", "2.1").put("id", id).put("created", created)
                .put("created_by_ref", createdBy);
        o.putArray("object_marking_refs").add(tlp.markingId());
        return o;
    }

    /** The object as a version, once the STIX validator passed it. */
    static StixObject checked(ObjectNode o) {
        VALIDATOR.check(o);
        return StixObject.of(o);
    }

    /** UTF-8 length. */
    static int bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** Field readers with errors naming the object and the JSON pointer. */
    static final class Forms {
        private Forms() {}

        static void checkType(JsonNode o, String type, String id) {
            if (!type.equals(o.path("type").asText())) throw bad(id, "/type", "must be " + type + ": " + o.path("type").asText());
            if (!o.path("extensions").path(Kind.CONCORD_EXTENSION).path("extension_type").asText().equals("new-sdo")) {
                throw bad(id, "/extensions", "must name " + Kind.CONCORD_EXTENSION + " with extension_type new-sdo");
            }
        }

        static String text(JsonNode o, String field, String id, String where) {
            JsonNode n = o.get(field);
            if (n == null || !n.isTextual() || n.textValue().isBlank()) throw bad(id, where, "must be a non-empty string");
            return n.textValue();
        }

        static String optionalText(JsonNode o, String field, String id, String where) {
            JsonNode n = o.get(field);
            if (n == null || n.isNull()) return null;
            if (!n.isTextual()) throw bad(id, where, "must be a string");
            return n.textValue();
        }

        static String ref(JsonNode o, String field, String type, String id) {
            String v = text(o, field, id, "/" + field);
            String problem = Kind.Value.idProblem(v, type);
            if (problem != null) throw bad(id, "/" + field, problem);
            return v;
        }

        static Instant time(JsonNode o, String field, String id) {
            String v = text(o, field, id, "/" + field);
            if (!StixTimestamp.isValid(v)) throw bad(id, "/" + field, "must be a STIX timestamp: " + v);
            return StixTimestamp.parse(v);
        }

        static Instant optionalTime(JsonNode o, String field, String id) {
            return o.hasNonNull(field) ? time(o, field, id) : null;
        }

        static ConcordException bad(String id, String pointer, String what) {
            return new ConcordException(ErrorCode.INVALID_STIX, id + " " + pointer + ": " + what);
        }
    }
}
