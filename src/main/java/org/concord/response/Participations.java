package org.concord.response;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
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
     * Folds the participations of one case together (docs/response-design.md §1, §5): each
     * participation from its first version, then each allowed step in {@code prior} order, the
     * first made of siblings winning. A first version counts only if its inviter was, when it made
     * it ({@code transition.at}), the case's lead or an accepted participant per this same fold;
     * the opener's own acceptance counts only for the case's lead. An invitation that does not
     * count stays in the store (signed evidence) but in no member's result; it counts once the
     * acceptance of its inviter is held, whatever the order they arrived in: the counted first
     * versions are the least fixed point grown from the lead, a function of the set of versions.
     *
     * @param caseId   the case; versions of other cases are left out
     * @param lead     the case's {@code created_by_ref}, or null when the case is not held (nothing counts)
     * @param versions versions of the case's participations, any order, duplicates allowed
     * @return per member, the head of its participation; members with no counted first version are absent
     */
    public static Map<String, Version> foldCase(String caseId, String lead, Collection<StixObject> versions) {
        Map<String, Map<String, Version>> byMember = new HashMap<>();
        for (StixObject v : versions) {
            try {
                Version read = read(v);
                if (read.participation().caseRef().equals(caseId)) {
                    byMember.computeIfAbsent(read.participation().memberRef(), k -> new HashMap<>()).putIfAbsent(read.sha256(), read);
                }
            } catch (ConcordException e) {
                // a broken version is not part of any chain
            }
        }
        Map<String, Version> out = new TreeMap<>();
        if (lead == null) return out;
        Map<String, List<Chain>> chains = new HashMap<>();
        byMember.forEach((member, bySha) -> chains.put(member, chains(bySha)));
        // grow the counted chains from the lead until nothing more counts
        Set<Chain> counted = new HashSet<>();
        boolean grew = true;
        while (grew) {
            grew = false;
            for (List<Chain> cs : chains.values()) {
                for (Chain c : cs) {
                    if (!counted.contains(c) && counts(c.first().participation(), lead, chains, counted)) grew = counted.add(c);
                }
            }
        }
        chains.forEach((member, cs) -> cs.stream().filter(counted::contains).map(Chain::first).min(FIRST_MADE)
                .ifPresent(first -> out.put(member, cs.stream().filter(c -> c.first() == first).findFirst().orElseThrow().head())));
        return out;
    }

    /** One member's participation in {@code caseId} as {@link #foldCase} gives it. */
    public static Optional<Version> fold(String caseId, String lead, Collection<StixObject> versions, String member) {
        return Optional.ofNullable(foldCase(caseId, lead, versions).get(member));
    }

    private static final Comparator<Version> FIRST_MADE = Comparator.comparing((Version v) -> v.participation().at())
            .thenComparing(v -> v.participation().by()).thenComparing(Version::sha256);

    /** A chain from one first version: its versions in order, and when its member was accepted (from, until; null: still). */
    private record Chain(List<Version> versions, Instant acceptedFrom, Instant acceptedUntil) {
        Version first() {
            return versions.getFirst();
        }

        Version head() {
            return versions.getLast();
        }

        boolean acceptedAt(Instant t) {
            return acceptedFrom != null && !t.isBefore(acceptedFrom) && (acceptedUntil == null || t.isBefore(acceptedUntil));
        }
    }

    /** The chain of each valid first version of one participation. */
    private static List<Chain> chains(Map<String, Version> bySha) {
        Map<String, List<Version>> children = new HashMap<>();
        for (Version v : bySha.values()) if (v.participation().prior() != null) children.computeIfAbsent(v.participation().prior(), k -> new ArrayList<>()).add(v);
        List<Chain> out = new ArrayList<>();
        bySha.values().stream().filter(Participations::isFirst).sorted(FIRST_MADE).forEach(first -> {
            List<Version> chain = new ArrayList<>(List.of(first));
            Instant from = null, until = null;
            Version head = first;
            while (true) {
                Participation cur = head.participation();
                if (cur.state().equals("accepted") && from == null) from = cur.at();
                if (cur.state().equals("left") && until == null) until = cur.at();
                Version next = children.getOrDefault(head.sha256(), List.of()).stream().sorted(FIRST_MADE).filter(v -> {
                    Participation p = v.participation();
                    return cur.state().equals(v.from()) && p.caseRef().equals(cur.caseRef()) && p.memberRef().equals(cur.memberRef())
                            && p.role().equals(cur.role()) && p.invitedByRef().equals(cur.invitedByRef()) && !p.at().isBefore(cur.at())
                            && allowed(cur.state(), p.by().equals(cur.memberRef())).contains(p.state());
                }).findFirst().orElse(null);
                if (next == null) break;
                chain.add(next);
                head = next;
            }
            out.add(new Chain(List.copyOf(chain), from, until));
        });
        return out;
    }

    /** A first version: an invitation by its inviter, or a member's own acceptance (the opener's, as lead). */
    private static boolean isFirst(Version v) {
        Participation p = v.participation();
        return p.prior() == null && v.from() == null && p.by().equals(p.invitedByRef())
                && p.state().equals(p.memberRef().equals(p.by()) ? "accepted" : "invited");
    }

    /** Whether a first version counts: the lead's own, or an invitation by the lead or by a member accepted when it was made. */
    private static boolean counts(Participation first, String lead, Map<String, List<Chain>> chains, Set<Chain> counted) {
        if (first.by().equals(first.memberRef())) return first.memberRef().equals(lead);
        if (first.by().equals(lead)) return true;
        return chains.getOrDefault(first.by(), List.of()).stream().anyMatch(c -> counted.contains(c) && c.acceptedAt(first.at()));
    }
}
