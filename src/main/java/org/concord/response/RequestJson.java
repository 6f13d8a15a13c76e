package org.concord.response;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.concord.ConcordException;
import org.concord.response.Request.Contact;
import org.concord.response.Request.LegalBasis;
import org.concord.response.Request.Preservation;
import org.concord.response.Requests.Kind;
import org.concord.response.Requests.Party;
import org.concord.response.Requests.Priority;
import org.concord.response.Requests.State;
import org.concord.response.Requests.Transition;
import org.concord.response.ResponseObjects.Forms;
import org.concord.stix.StixObject;
import org.concord.stix.StixTimestamp;
import org.concord.stix.Tlp;

/**
 * The STIX form of a request ({@code x-concord-request}, docs/response-design.md §1 and §3): one
 * version per transition, each carrying the whole request after it and the {@code transition}
 * that made it ({@code from}, {@code to}, {@code by_ref}, {@code at}, {@code prior} = SHA-256 of
 * the prior version's canonical bytes); and the fold of a request's versions in {@code prior} order
 * (siblings: the first made wins, the others are superseded).
 */
public final class RequestJson {
    private RequestJson() {}

    /** One stored version read back: the request after it, and the transition that made it. */
    public record Version(StixObject object, Request request, Transition transition, State from, String by, Instant at,
                          String prior, String sha256) {
        /** {@code sent} for the first version, else the transition's wire name. */
        public String to() {
            return transition == null ? "sent" : transition.wire();
        }
    }

    /**
     * A request folded from its versions.
     *
     * @param head       the last version of the winning chain: the request's effective state
     * @param versions   every version read, in chain order where they are in the chain, then the rest
     * @param superseded the SHA-256 of the versions that lost to a sibling made first, or that break the table
     */
    public record Fold(Version head, List<Version> versions, List<String> superseded) {
        public Request request() {
            return head.request();
        }
    }

    /** The first version: {@code sent} by the requester at {@code request.sentAt()}. */
    public static StixObject sent(Request request, Tlp tlp) {
        return write(request, null, null, request.ask().requesterRef(), request.sentAt(), null, tlp);
    }

    /** The version {@code after} a transition from the version {@code prior} (whose request was in state {@code from}). */
    public static StixObject next(Request after, Transition t, State from, String by, StixObject prior, Tlp tlp) {
        return write(after, t, from, by, after.lastAt(), ResponseObjects.sha256(prior), tlp);
    }

    private static StixObject write(Request r, Transition t, State from, String by, Instant at, String prior, Tlp tlp) {
        Request.Ask a = r.ask();
        ObjectNode o = ResponseObjects.envelope(ResponseObjects.REQUEST, a.id(), ms(r.sentAt()), a.requesterRef(), tlp)
                .put("modified", ms(at)).put("kind", a.kind().wire()).put("priority", a.priority().wire())
                .put("requester_ref", a.requesterRef()).put("receiver_ref", a.receiverRef()).put("case_ref", a.caseRef())
                .put("subject", a.subject()).put("acknowledge_by", ms(r.acknowledgeBy())).put("fulfil_by", ms(r.fulfilBy()))
                .put("state", r.state().wire());
        if (a.pointOfContact() != null) {
            ObjectNode c = o.putObject("point_of_contact").put("name", a.pointOfContact().name());
            if (a.pointOfContact().email() != null) c.put("email", a.pointOfContact().email());
            if (a.pointOfContact().phone() != null) c.put("phone", a.pointOfContact().phone());
        }
        if (a.legalBasis() != null) {
            ObjectNode b = o.putObject("legal_basis").put("instrument", a.legalBasis().instrument().name().toLowerCase().replace('_', '-'));
            if (a.legalBasis().article() != null) b.put("article", a.legalBasis().article());
            if (a.legalBasis().reference() != null) b.put("reference", a.legalBasis().reference());
        }
        if (a.preservation() != null) {
            Preservation p = a.preservation();
            ObjectNode n = o.putObject("preservation").put("data", p.data()).put("custodian", p.custodian())
                    .put("necessity", p.necessity()).put("follow_up_mla", p.followUpMla()).put("period_days", p.periodDays());
            p.identifiers().forEach(n.putArray("identifiers")::add);
            o.put("preserve_until", ms(r.preserveUntil()));
        }
        if (r.reason() != null) o.put("reason", r.reason());
        if (r.answer() != null) o.put("answer", r.answer());
        ObjectNode tr = o.putObject("transition");
        if (from != null) tr.put("from", from.wire());
        tr.put("to", t == null ? "sent" : t.wire()).put("by_ref", by).put("at", ms(at));
        if (prior != null) tr.put("prior", prior);
        o.putObject("extensions").putObject(org.concord.response.Kind.CONCORD_EXTENSION).put("extension_type", "new-sdo");
        return ResponseObjects.checked(o);
    }

    /**
     * Reads one version.
     *
     * @throws ConcordException INVALID_STIX (or INVALID_ARGUMENT from the request's own checks) naming the id and what is wrong
     */
    public static Version read(StixObject version) {
        JsonNode o = CaseJson.tree(version);
        String id = Forms.text(o, "id", "(no id)", "/id");
        Forms.checkType(o, ResponseObjects.REQUEST, id);
        Kind kind = named(Kind.values(), Forms.text(o, "kind", id, "/kind"), id, "/kind");
        Priority priority = named(Priority.values(), Forms.text(o, "priority", id, "/priority"), id, "/priority");
        Contact contact = null;
        JsonNode c = o.get("point_of_contact");
        if (c != null) contact = new Contact(Forms.text(c, "name", id, "/point_of_contact/name"),
                Forms.optionalText(c, "email", id, "/point_of_contact/email"), Forms.optionalText(c, "phone", id, "/point_of_contact/phone"));
        LegalBasis basis = null;
        JsonNode b = o.get("legal_basis");
        if (b != null) {
            String instrument = Forms.text(b, "instrument", id, "/legal_basis/instrument");
            basis = new LegalBasis(named(LegalBasis.Instrument.values(), instrument.replace('-', '_'), id, "/legal_basis/instrument"),
                    Forms.optionalText(b, "article", id, "/legal_basis/article"), Forms.optionalText(b, "reference", id, "/legal_basis/reference"));
        }
        Preservation pres = null;
        JsonNode p = o.get("preservation");
        if (p != null) {
            List<String> identifiers = new ArrayList<>();
            p.path("identifiers").forEach(i -> identifiers.add(i.asText()));
            if (!p.path("period_days").canConvertToInt()) throw Forms.bad(id, "/preservation/period_days", "must be a whole number");
            pres = new Preservation(Forms.text(p, "data", id, "/preservation/data"), Forms.text(p, "custodian", id, "/preservation/custodian"),
                    identifiers, Forms.text(p, "necessity", id, "/preservation/necessity"), p.path("follow_up_mla").asBoolean(false),
                    p.get("period_days").intValue());
        }
        Request.Ask ask = new Request.Ask(id, kind, priority, Forms.ref(o, "requester_ref", "identity", id),
                Forms.ref(o, "receiver_ref", "identity", id), contact, Forms.ref(o, "case_ref", "incident", id), basis,
                Forms.text(o, "subject", id, "/subject"), pres);
        State state = named(State.values(), Forms.text(o, "state", id, "/state"), id, "/state");
        JsonNode tr = o.get("transition");
        if (tr == null || !tr.isObject()) throw Forms.bad(id, "/transition", "must be an object {from, to, by_ref, at, prior}");
        String to = Forms.text(tr, "to", id, "/transition/to");
        Transition t = to.equals("sent") ? null : transition(to, id);
        String fromText = Forms.optionalText(tr, "from", id, "/transition/from");
        State from = fromText == null ? null : named(State.values(), fromText, id, "/transition/from");
        String by = Forms.text(tr, "by_ref", id, "/transition/by_ref");
        Instant at = time(tr, "at", id, "/transition/at");
        String prior = Forms.optionalText(tr, "prior", id, "/transition/prior");
        if ((t == null) != (prior == null)) throw Forms.bad(id, "/transition/prior", t == null ? "the first version has no prior" : "is required");
        if (prior != null && !prior.matches("[0-9a-f]{64}")) throw Forms.bad(id, "/transition/prior", "must be a SHA-256 in hex");
        if (!StixTimestamp.parse(version.modified()).equals(at)) throw Forms.bad(id, "/modified", "must equal transition.at " + at);
        Instant sentAt = StixTimestamp.parse(version.created());
        Request request = new Request(ask, sentAt, Forms.time(o, "acknowledge_by", id), Forms.time(o, "fulfil_by", id), state,
                Forms.optionalTime(o, "preserve_until", id), Forms.optionalText(o, "reason", id, "/reason"),
                Forms.optionalText(o, "answer", id, "/answer"), at);
        return new Version(version, request, t, from, by, at, prior, ResponseObjects.sha256(version));
    }

    /**
     * Folds the versions of one request (any order, duplicates allowed): from the first version,
     * each step applies {@link Requests#apply} to the version whose {@code prior} is the current
     * one; of siblings, the first made (smaller {@code (at, by_ref)}) whose step the table allows
     * wins. A version that breaks the table, or states another result than the step gives, is left
     * out as superseded.
     *
     * @throws ConcordException INVALID_STIX when no version is a valid first one
     */
    public static Fold fold(List<StixObject> versions) {
        Map<String, Version> bySha = new HashMap<>();
        List<String> broken = new ArrayList<>();
        for (StixObject v : versions) {
            try {
                Version read = read(v);
                bySha.putIfAbsent(read.sha256(), read);
            } catch (ConcordException e) {
                broken.add(ResponseObjects.sha256(v));
            }
        }
        Comparator<Version> firstMade = Comparator.comparing(Version::at).thenComparing(Version::by);
        Version root = bySha.values().stream().filter(v -> v.transition() == null && v.request().state() == State.SENT
                        && v.by().equals(v.request().ask().requesterRef()) && v.at().equals(v.request().sentAt()))
                .min(firstMade).orElseThrow(() -> Forms.bad(versions.isEmpty() ? "(none)" : versions.get(0).id(), "/transition",
                        "no valid first (sent) version among " + versions.size()));
        Map<String, List<Version>> children = new HashMap<>();
        for (Version v : bySha.values()) if (v.prior() != null) children.computeIfAbsent(v.prior(), k -> new ArrayList<>()).add(v);
        List<Version> chain = new ArrayList<>(List.of(root));
        Version head = root;
        while (true) {
            Version current = head;
            Version next = children.getOrDefault(current.sha256(), List.of()).stream().sorted(firstMade)
                    .filter(v -> follows(current, v)).findFirst().orElse(null);
            if (next == null) break;
            chain.add(next);
            head = next;
        }
        List<Version> all = new ArrayList<>(chain);
        List<String> superseded = new ArrayList<>(broken);
        for (Version v : bySha.values()) {
            if (!chain.contains(v)) {
                all.add(v);
                superseded.add(v.sha256());
            }
        }
        return new Fold(head, all, superseded);
    }

    /** Whether {@code next} is a step the table allows from {@code current}, stating what the step gives. */
    private static boolean follows(Version current, Version next) {
        Request r = current.request();
        if (!next.request().ask().equals(r.ask()) || next.transition() == null) return false;
        Party party = next.by().equals(r.ask().requesterRef()) ? Party.REQUESTER
                : next.by().equals(r.ask().receiverRef()) ? Party.RECEIVER : null;
        if (party == null || next.from() != r.state()) return false;
        Transition t = next.transition();
        String text = t == Transition.FULFIL ? next.request().answer() : next.request().reason();
        boolean carriesUntil = r.ask().kind() == Kind.PRESERVATION && (t == Transition.FULFIL || t == Transition.EXTEND);
        try {
            Request after = Requests.apply(r, new Requests.Step(t, party, next.at(), text,
                    carriesUntil ? next.request().preserveUntil() : null));
            return after.equals(next.request());
        } catch (ConcordException e) {
            return false;
        }
    }

    static Transition transition(String wire, String id) {
        for (Transition t : Transition.values()) if (t.wire().equals(wire)) return t;
        throw Forms.bad(id, "/transition/to", "not a transition: " + wire);
    }

    private static <E extends Enum<E>> E named(E[] values, String wire, String id, String where) {
        for (E e : values) if (e.name().equalsIgnoreCase(wire)) return e;
        throw Forms.bad(id, where, "unknown value: " + wire);
    }

    private static Instant time(JsonNode o, String field, String id, String where) {
        String v = Forms.text(o, field, id, where);
        if (!StixTimestamp.isValid(v)) throw Forms.bad(id, where, "must be a STIX timestamp: " + v);
        return StixTimestamp.parse(v);
    }

    static String ms(Instant t) {
        return StixTimestamp.formatMillis(t);
    }
}
