package org.concord.fanout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.concord.stix.StixObject;
import org.concord.stix.StixTimestamp;
import org.concord.store.StoredVersion;

/**
 * What people are shown of an {@code x-concord-escalation} notice (docs/response-design.md §4):
 * which request, which deadline, which level, and how late. Read leniently, like
 * {@link AlertSummary}, since notices also come from partners' nodes: a property that is missing or
 * of the wrong type reads as absent.
 *
 * @param id         the notice's id
 * @param requestRef {@code request_ref}, or null
 * @param caseRef    {@code case_ref}, or null
 * @param deadline   {@code deadline}: {@code acknowledge}, {@code fulfil} or {@code preserve_until}; or null
 * @param level      {@code level}: 1 (the duty contacts) or 2 (and the second list); null if absent or not an integer
 * @param dueAt      {@code due_at}, or null
 * @param stateAtDue {@code state_at_due}: the request's state when the deadline passed, or null
 * @param node       {@code member_ref}: the member whose sweep escalated, or null
 * @param author     {@code created_by_ref}, or null
 * @param late       how long after {@code due_at} the notice was stored here (null when {@code due_at}
 *                   does not parse): a node that was down when a deadline passed escalates late,
 *                   and says so
 */
public record EscalationSummary(String id, String requestRef, String caseRef, String deadline, Integer level, String dueAt,
                                String stateAtDue, String node, String author, Duration late) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public EscalationSummary {
        Objects.requireNonNull(id, "id");
    }

    /** Reads the notice {@code v} (any object: what it lacks reads as absent). */
    public static EscalationSummary of(StoredVersion v) {
        StixObject notice = v.object();
        JsonNode o = tree(notice);
        JsonNode level = o.get("level");
        String due = text(o, "due_at");
        Duration late = null;
        if (due != null) {
            try {
                Instant at = StixTimestamp.parse(due);
                late = at.isBefore(v.dateAdded()) ? Duration.between(at, v.dateAdded()) : Duration.ZERO;
            } catch (IllegalArgumentException e) {
                late = null; // a partner's malformed due_at: shown as it is, lateness unknown
            }
        }
        return new EscalationSummary(notice.id(), text(o, "request_ref"), text(o, "case_ref"), text(o, "deadline"),
                level != null && level.canConvertToInt() && level.isIntegralNumber() ? level.intValue() : null, due,
                text(o, "state_at_due"), text(o, "member_ref"), text(o, "created_by_ref"), late);
    }

    /**
     * One line for a pager: {@code level 2: request x-concord-request--… (case incident--…): the
     * acknowledge deadline passed at 2026-12-08T10:00:00Z, request still sent; escalated 3 s after}.
     */
    public String text() {
        StringBuilder b = new StringBuilder("level ").append(level == null ? "?" : level).append(": request ")
                .append(requestRef == null ? "(unnamed)" : requestRef);
        if (caseRef != null) b.append(" (case ").append(caseRef).append(')');
        b.append(": the ").append(deadline == null ? "" : deadline + " ").append("deadline passed");
        if (dueAt != null) b.append(" at ").append(dueAt);
        if (stateAtDue != null) b.append(", request still ").append(stateAtDue);
        if (late != null) b.append("; escalated ").append(late.toSeconds()).append(" s after");
        return b.toString();
    }

    /** The notice's JSON tree. */
    static JsonNode tree(StixObject notice) {
        try {
            return JSON.readTree(notice.canonical());
        } catch (IOException e) {
            throw new IllegalStateException("stored canonical JSON did not parse: " + notice.id(), e);
        }
    }

    private static String text(JsonNode o, String field) {
        JsonNode v = o.get(field);
        return v != null && v.isTextual() ? v.textValue() : null;
    }
}
