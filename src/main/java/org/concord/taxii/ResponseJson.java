package org.concord.taxii;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.concord.response.Request;
import org.concord.response.ResponseApi.CaseDetail;
import org.concord.response.ResponseApi.CaseSummary;
import org.concord.response.ResponseApi.Escalation;
import org.concord.response.ResponseApi.Listing;
import org.concord.response.ResponseApi.MemberRef;
import org.concord.response.ResponseApi.NoteView;
import org.concord.response.ResponseApi.Participant;
import org.concord.response.ResponseApi.RequestSummary;
import org.concord.response.ResponseApi.RequestView;
import org.concord.response.ResponseApi.TaskView;
import org.concord.response.ResponseApi.Version;
import org.concord.stix.Tlp;

/**
 * The JSON of {@link org.concord.response.ResponseApi}'s views, as the REST API answers them and
 * {@code concord case|request … --json} prints them (docs/response.md): snake_case names as in the
 * STIX objects, timestamps in RFC 3339 UTC ({@code 2026-12-08T09:30:00Z}, fractions as needed),
 * kinds, priorities, states and transitions by their wire names, TLP as {@code clear}, {@code green},
 * {@code amber}, {@code amber+strict}, {@code red}; a member as {@code {"name", "identity"}}. Absent
 * values are left out.
 */
public final class ResponseJson {
    static final ObjectMapper JSON = new ObjectMapper();

    private ResponseJson() {}

    /** {@code {"items": […], "next": TOKEN}} ({@code next} absent on the last page). */
    public static <T> ObjectNode listing(Listing<T> page, Function<T, ObjectNode> item) {
        ObjectNode o = JSON.createObjectNode();
        ArrayNode items = o.putArray("items");
        page.items().forEach(i -> items.add(item.apply(i)));
        text(o, "next", page.next());
        return o;
    }

    public static ObjectNode caseSummary(CaseSummary c) {
        ObjectNode o = JSON.createObjectNode().put("id", c.id());
        text(o, "name", c.name());
        text(o, "determination", c.determination());
        text(o, "investigation_status", c.investigationStatus());
        if (c.criticality() != null) o.put("criticality", c.criticality());
        text(o, "tlp", tlp(c.tlp()));
        member(o, "lead", c.lead());
        time(o, "opened", c.opened());
        time(o, "edited", c.edited());
        o.put("open_request_count", c.openRequests()).put("participant_count", c.participants());
        return o;
    }

    public static ObjectNode caseDetail(CaseDetail c) {
        ObjectNode o = caseSummary(c.summary());
        text(o, "description", c.description());
        strings(o, "evidence", c.evidence());
        strings(o, "events", c.events());
        ArrayNode tasks = o.putArray("tasks");
        c.tasks().forEach(t -> tasks.add(task(t)));
        ArrayNode notes = o.putArray("notes");
        c.notes().forEach(n -> notes.add(note(n)));
        ArrayNode people = o.putArray("participants");
        c.participants().forEach(p -> people.add(participant(p)));
        ArrayNode requests = o.putArray("requests");
        c.requests().forEach(r -> requests.add(requestSummary(r)));
        text(o, "version", c.version());
        return o;
    }

    public static ObjectNode participant(Participant p) {
        ObjectNode o = JSON.createObjectNode().put("id", p.id());
        member(o, "member", p.member());
        text(o, "role", p.role());
        text(o, "state", p.state());
        member(o, "invited_by", p.invitedBy());
        time(o, "at", p.at());
        return o;
    }

    public static ObjectNode task(TaskView t) {
        ObjectNode o = JSON.createObjectNode().put("id", t.id());
        text(o, "name", t.name());
        text(o, "description", t.description());
        member(o, "owner", t.owner());
        time(o, "due", t.due());
        text(o, "outcome", t.outcome());
        if (t.priority() != null) o.put("priority", t.priority());
        time(o, "edited", t.edited());
        return o;
    }

    public static ObjectNode note(NoteView n) {
        ObjectNode o = JSON.createObjectNode().put("id", n.id());
        member(o, "author", n.author());
        time(o, "created", n.created());
        text(o, "tlp", tlp(n.tlp()));
        text(o, "content", n.content());
        return o;
    }

    public static ObjectNode requestSummary(RequestSummary r) {
        ObjectNode o = JSON.createObjectNode().put("id", r.id());
        text(o, "case", r.caseId());
        text(o, "kind", r.kind() == null ? null : r.kind().wire());
        text(o, "priority", r.priority() == null ? null : r.priority().wire());
        text(o, "state", r.state() == null ? null : r.state().wire());
        member(o, "requester", r.requester());
        member(o, "receiver", r.receiver());
        time(o, "sent", r.sent());
        time(o, "acknowledge_by", r.acknowledgeBy());
        time(o, "fulfil_by", r.fulfilBy());
        time(o, "edited", r.edited());
        return o;
    }

    /** The summary's fields, then what was asked and answered, every version, the escalations, and what this node's member may do next. */
    public static ObjectNode requestView(RequestView v) {
        ObjectNode o = requestSummary(v.summary());
        Request r = v.request();
        if (r != null) {
            Request.Ask ask = r.ask();
            text(o, "subject", ask.subject());
            if (ask.legalBasis() != null) {
                ObjectNode basis = o.putObject("legal_basis").put("instrument", wire(ask.legalBasis().instrument()));
                text(basis, "article", ask.legalBasis().article());
                text(basis, "reference", ask.legalBasis().reference());
            }
            Request.Preservation p = ask.preservation();
            if (p != null) {
                ObjectNode po = o.putObject("preservation").put("data", p.data()).put("custodian", p.custodian());
                strings(po, "identifiers", p.identifiers());
                po.put("necessity", p.necessity()).put("follow_up_mla", p.followUpMla()).put("period_days", p.periodDays());
            }
            if (ask.pointOfContact() != null) {
                ObjectNode poc = o.putObject("point_of_contact").put("name", ask.pointOfContact().name());
                text(poc, "email", ask.pointOfContact().email());
                text(poc, "phone", ask.pointOfContact().phone());
            }
            time(o, "preserve_until", r.preserveUntil());
            text(o, "reason", r.reason());
            text(o, "answer", r.answer());
        }
        ArrayNode versions = o.putArray("versions");
        for (Version ver : v.versions()) {
            ObjectNode vo = versions.addObject();
            text(vo, "modified", ver.modified());
            text(vo, "transition", ver.transition());
            member(vo, "by", ver.by());
            time(vo, "at", ver.at());
            text(vo, "sha256", ver.sha256());
            vo.put("superseded", ver.superseded());
        }
        ArrayNode escalations = o.putArray("escalations");
        for (Escalation e : v.escalations()) {
            ObjectNode eo = escalations.addObject().put("id", e.id());
            text(eo, "deadline", e.deadline());
            eo.put("level", e.level());
            time(eo, "due", e.due());
            member(eo, "by", e.by());
        }
        ArrayNode allowed = o.putArray("allowed");
        v.allowed().forEach(t -> allowed.add(t.wire()));
        return o;
    }

    /** {@code clear}, {@code green}, {@code amber}, {@code amber+strict}, {@code red}; null for null. */
    public static String tlp(Tlp t) {
        return t == null ? null : t.label().substring("TLP:".length()).toLowerCase(Locale.ROOT);
    }

    /** RFC 3339 in UTC, with as many fractional digits as the instant needs. */
    public static String time(Instant t) {
        return t == null ? null : t.toString();
    }

    /** A member as people read it: its name here, else its identity id. */
    public static String name(MemberRef m) {
        if (m == null) return "-";
        return m.name() != null ? m.name() : m.identity();
    }

    private static String wire(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    private static void text(ObjectNode o, String field, String value) {
        if (value != null) o.put(field, value);
    }

    private static void time(ObjectNode o, String field, Instant value) {
        if (value != null) o.put(field, time(value));
    }

    private static void member(ObjectNode o, String field, MemberRef m) {
        if (m == null) return;
        ObjectNode mo = o.putObject(field);
        text(mo, "name", m.name());
        text(mo, "identity", m.identity());
    }

    private static void strings(ObjectNode o, String field, List<String> values) {
        ArrayNode a = o.putArray(field);
        values.forEach(a::add);
    }
}
