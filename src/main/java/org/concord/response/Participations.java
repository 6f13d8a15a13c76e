package org.concord.response;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.concord.ConcordException;
import org.concord.ErrorCode;
import org.concord.response.ResponseObjects.Forms;
import org.concord.stix.StixObject;
import org.concord.stix.StixTimestamp;
import org.concord.stix.Tlp;

/**
 * Who takes part in a case (docs/response-design.md §1, {@code x-concord-participation}): one
 * object per (case, member), id UUIDv5(case id, member identity), one signed version per
 * transition ({@code invited} → {@code accepted} | {@code declined}; {@code accepted} → {@code
 * left}; {@code invited} → {@code revoked}), folded in {@code prior} order like a request's.
 */
public final class Participations {
    /** Roles a participant may have. */
    public static final Set<String> ROLES = Set.of("lead", "participant", "observer");

    private Participations() {}

    /**
     * One participation after a transition.
     *
     * @param by      who made the transition: the invitee answering, or the inviter
     * @param created when the first version was made (fixed)
     * @param prior SHA-256 of the prior version; null for the first
     */
    public record Participation(String id, String caseRef, String memberRef, String role, String state, String invitedByRef,
                                String reason, String by, Instant created, Instant at, String prior) {
        /** Whether the member is in the case's audience: invited or accepted (§5). */
        public boolean inAudience() {
            return state.equals("invited") || state.equals("accepted");
        }
    }

    /** The id of {@code member}'s participation in {@code caseId}. */
    public static String id(String caseId, String member) {
        return ResponseObjects.derivedId(ResponseObjects.PARTICIPATION, caseId + "|" + member);
    }

    /** The states the participation may go to from {@code state}, by the invitee ({@code self}) or someone else. */
    static Set<String> allowed(String state, boolean self) {
        return switch (state) {
            case "invited" -> self ? Set.of("accepted", "declined") : Set.of("revoked");
            case "accepted" -> self ? Set.of("left") : Set.of();
            default -> Set.of();
        };
    }

    /** The first version: the opener's own ({@code lead}, {@code accepted}) or an invitation. */
    public static StixObject first(String caseId, String member, String role, String by, Instant at, Tlp tlp) {
        String state = member.equals(by) ? "accepted" : "invited";
        return write(new Participation(id(caseId, member), caseId, member, role, state, by, null, by, at, at, null), null, tlp);
    }

    /**
     * The version after {@code by} moves {@code current} (stored as {@code currentVersion}) to {@code to}.
     *
     * @throws ConcordException NOT_A_PARTICIPANT when {@code by} may not make it, naming what may be done
     */
    public static StixObject next(Participation current, StixObject currentVersion, String to, String by, String reason, Instant at,
                                  Tlp tlp) {
        boolean self = by.equals(current.memberRef());
        if (!allowed(current.state(), self).contains(to)) {
            throw new ConcordException(ErrorCode.NOT_A_PARTICIPANT, "the participation of " + current.memberRef() + " in "
                    + current.caseRef() + " is " + current.state() + ": " + (self ? "the member" : by) + " may not make it " + to
                    + "; the member may: " + names(allowed(current.state(), true)) + "; others may: " + names(allowed(current.state(), false)));
        }
        Instant when = at.isAfter(current.at()) ? at : current.at().plusMillis(1);
        return write(new Participation(current.id(), current.caseRef(), current.memberRef(), current.role(), to,
                current.invitedByRef(), reason, by, current.created(), when, ResponseObjects.sha256(currentVersion)), current.state(), tlp);
    }

    private static String names(Set<String> s) {
        return s.isEmpty() ? "nothing" : String.join(", ", s.stream().sorted().toList());
    }

    private static StixObject write(Participation p, String from, Tlp tlp) {
        ObjectNode o = ResponseObjects.envelope(ResponseObjects.PARTICIPATION, p.id(), RequestJson.ms(p.created()), p.invitedByRef(), tlp);
        o.put("modified", RequestJson.ms(p.at())).put("case_ref", p.caseRef()).put("member_ref", p.memberRef()).put("role", p.role())
                .put("state", p.state()).put("invited_by_ref", p.invitedByRef());
        if (p.reason() != null) o.put("reason", p.reason());
        ObjectNode tr = o.putObject("transition");
        if (from != null) tr.put("from", from);
        tr.put("to", p.state()).put("by_ref", p.by()).put("at", RequestJson.ms(p.at()));
        if (p.prior() != null) tr.put("prior", p.prior());
        o.putObject("extensions").putObject(Kind.CONCORD_EXTENSION).put("extension_type", "new-sdo");
        return ResponseObjects.checked(o);
    }

    /** One version read back, with its bytes' SHA-256. */
    public record Version(StixObject object, Participation participation, String from, String sha256) {}

    /** Reads a version. @throws ConcordException INVALID_STIX naming the property that is wrong */
    public static Version read(StixObject version) {
        JsonNode o = CaseJson.tree(version);
        String id = Forms.text(o, "id", "(no id)", "/id");
        Forms.checkType(o, ResponseObjects.PARTICIPATION, id);
        String caseRef = Forms.ref(o, "case_ref", "incident", id), member = Forms.ref(o, "member_ref", "identity", id);
        if (!id.equals(id(caseRef, member))) throw Forms.bad(id, "/id", "must be UUIDv5 of case_ref and member_ref: " + id(caseRef, member));
        String role = Forms.text(o, "role", id, "/role");
        if (!ROLES.contains(role)) throw Forms.bad(id, "/role", "must be one of " + ROLES + ": " + role);
        String state = Forms.text(o, "state", id, "/state");
        JsonNode tr = o.get("transition");
        if (tr == null || !tr.isObject()) throw Forms.bad(id, "/transition", "must be an object {from, to, by_ref, at, prior}");
        if (!state.equals(Forms.text(tr, "to", id, "/transition/to"))) throw Forms.bad(id, "/transition/to", "must equal state " + state);
        String by = Forms.ref(tr, "by_ref", "identity", id);
        Instant at = Forms.time(tr, "at", id);
        if (!StixTimestamp.parse(version.modified()).equals(at)) throw Forms.bad(id, "/modified", "must equal transition.at " + at);
        String prior = Forms.optionalText(tr, "prior", id, "/transition/prior");
        return new Version(version, new Participation(id, caseRef, member, role, state, Forms.ref(o, "invited_by_ref", "identity", id),
                Forms.optionalText(o, "reason", id, "/reason"), by, StixTimestamp.parse(version.created()), at, prior),
                Forms.optionalText(tr, "from", id, "/transition/from"), ResponseObjects.sha256(version));
    }

    /**
     * Folds one participation's versions: the first (invited by another, or the member's own
     * acceptance as the lead), then each allowed step in {@code prior} order; siblings: the first
     * made wins. Empty when no version is a valid first one.
     */
    public static java.util.Optional<Version> fold(List<StixObject> versions) {
        Map<String, Version> bySha = new HashMap<>();
        for (StixObject v : versions) {
            try {
                Version read = read(v);
                bySha.putIfAbsent(read.sha256(), read);
            } catch (ConcordException e) {
                // a broken version is not part of the chain
            }
        }
        Comparator<Version> firstMade = Comparator.comparing((Version v) -> v.participation().at()).thenComparing(v -> v.participation().by());
        Version head = bySha.values().stream().filter(v -> v.participation().prior() == null && v.from() == null
                && v.participation().by().equals(v.participation().invitedByRef())
                && v.participation().state().equals(v.participation().memberRef().equals(v.participation().by()) ? "accepted" : "invited"))
                .min(firstMade).orElse(null);
        if (head == null) return java.util.Optional.empty();
        Map<String, List<Version>> children = new HashMap<>();
        for (Version v : bySha.values()) if (v.participation().prior() != null) children.computeIfAbsent(v.participation().prior(), k -> new ArrayList<>()).add(v);
        while (true) {
            Participation cur = head.participation();
            Version next = children.getOrDefault(head.sha256(), List.of()).stream().sorted(firstMade).filter(v -> {
                Participation p = v.participation();
                return cur.state().equals(v.from()) && p.caseRef().equals(cur.caseRef()) && p.role().equals(cur.role())
                        && p.invitedByRef().equals(cur.invitedByRef()) && !p.at().isBefore(cur.at())
                        && allowed(cur.state(), p.by().equals(cur.memberRef())).contains(p.state());
            }).findFirst().orElse(null);
            if (next == null) return java.util.Optional.of(head);
            head = next;
        }
    }
}
