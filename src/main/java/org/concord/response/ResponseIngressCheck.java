package org.concord.response;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.concord.partner.IngressCheck;
import org.concord.response.Requests.Kind;
import org.concord.response.Requests.Party;
import org.concord.response.Requests.State;
import org.concord.response.Requests.Transition;
import org.concord.stix.StixObject;
import org.concord.store.CollectionInfo;
import org.concord.store.ObjectFilter;
import org.concord.store.Store;
import org.concord.store.StoredVersion;
import org.concord.store.VersionMatch;

/**
 * Refuses forged transitions at the border (docs/response-design.md §3, "Forged transitions"): a
 * version of a request ({@code x-concord-request}) or a participation ({@code x-concord-participation})
 * a partner sends is stored only if the node whose key signed it is the node of the member the
 * transition table names, and the transition follows the version it names as its prior.
 *
 * <p>For each such version, its {@code transition} ({@code from}, {@code to}, {@code by_ref},
 * {@code at}, {@code prior}: the SHA-256 of the prior version's canonical bytes) is read and:
 * <ul>
 *   <li>it must be signed, and the signer node's member ({@code members}: peer name → member
 *       identity; this node's own name → its own member) must be {@code by_ref};</li>
 *   <li>{@code by_ref} must be the party allowed to make it: for a request, the requester or the
 *       receiver as {@link Requests#allowed} says for its kind and {@code from}; for a
 *       participation, any member but the invitee ({@code member_ref}) to invite (again), any member
 *       to revoke an invitation, the invitee to accept, decline or leave (whether the inviter takes
 *       part in the case is the case's fold to tell, not this check);</li>
 *   <li>{@code from} must be the state of the prior version, when this node holds it, with the same
 *       kind and parties (a prior not held yet is no refusal: the version is its party's signed word,
 *       and the fold orders it once the prior comes, by another partner or later), and the version's
 *       {@code state} the state the transition leads to;</li>
 *   <li>{@code at} may be neither before the prior's nor more than {@code max_skew} ahead of this
 *       node's clock.</li>
 * </ul>
 * The first version of a request ({@code to: sent}) or participation ({@code to: invited}) has no
 * {@code from} nor {@code prior}; one without {@code transition} is read as such a first version by
 * its author ({@code requester_ref}, {@code invited_by_ref}). Every other version passes. The
 * conditions of a transition (a reason to refuse, expiry at {@code fulfil_by}, …) are the fold's to
 * check; this check is about who signed what. Messages name the object, the transition and its signer.
 */
public final class ResponseIngressCheck implements IngressCheck {
    /** How far ahead of this node's clock a transition may be stamped ({@code response.max_skew}). */
    public static final Duration MAX_SKEW = Duration.ofMinutes(5);
    static final String REQUEST = "x-concord-request", PARTICIPATION = "x-concord-participation";
    /** Versions of one id looked through for a prior that is not the newest. */
    private static final int MOST_VERSIONS = 10_000;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A participation's states (docs/response-design.md §1). */
    enum Participation {
        INVITED, ACCEPTED, DECLINED, LEFT, REVOKED;

        String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        static Participation of(String wire) {
            for (Participation p : values()) if (p.wire().equals(wire)) return p;
            return null;
        }
    }

    private final Store store;
    private final Function<String, Optional<String>> members;
    private final InstantSource clock;
    private final Duration maxSkew;

    /** A check with {@link #MAX_SKEW}. */
    public ResponseIngressCheck(Store store, Function<String, Optional<String>> members, InstantSource clock) {
        this(store, members, clock, MAX_SKEW);
    }

    /**
     * @param store   where prior versions are looked up
     * @param members the member identity of a node (a pinned peer's name, or this node's own), if known
     * @param clock   this node's clock
     * @param maxSkew how far ahead of {@code clock} a transition may be stamped
     */
    public ResponseIngressCheck(Store store, Function<String, Optional<String>> members, InstantSource clock, Duration maxSkew) {
        this.store = Objects.requireNonNull(store, "store");
        this.members = Objects.requireNonNull(members, "members");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.maxSkew = Objects.requireNonNull(maxSkew, "maxSkew");
        if (maxSkew.isNegative()) throw new IllegalArgumentException("maxSkew must not be negative: " + maxSkew);
    }

    @Override
    public String problem(String sender, StixObject version, String signer) {
        boolean request = version.type().equals(REQUEST);
        if (!request && !version.type().equals(PARTICIPATION)) return null;
        ObjectNode o = parse(version);
        if (o == null) return version.type() + " " + version.id() + " is not a JSON object";
        Step step;
        try {
            step = Step.read(o, request);
        } catch (Bad e) {
            return version.type() + " " + version.id() + ": " + e.getMessage();
        }
        String what = version.type() + " " + version.id() + " (" + step + ", signed by " + (signer == null ? "no one" : signer) + ")";
        if (signer == null) return what + ": a transition must carry a valid origin signature of its party's node";
        Optional<String> member = members.apply(signer);
        if (member.isEmpty()) return what + ": " + signer + " is the node of no member known here";
        String problem;
        try {
            problem = request ? request(o, step) : participation(o, step);
        } catch (Bad e) {
            problem = e.getMessage();
        }
        if (problem == null && !member.get().equals(step.by)) {
            problem = "it was signed by the node of " + member.get() + ", not by that of " + step.by;
        }
        if (problem == null && step.at.isAfter(clock.instant().plus(maxSkew))) {
            problem = "its time " + step.at + " is more than " + maxSkew + " ahead of this node's clock (" + clock.instant() + ")";
        }
        return problem == null ? null : what + ": " + problem;
    }

    /** Why a request's step is not one its party may make from its prior, or null. */
    private String request(ObjectNode o, Step step) {
        Kind kind = enumOf(Kind.class, text(o, "kind"), "kind");
        String requester = text(o, "requester_ref"), receiver = text(o, "receiver_ref");
        State state = enumOf(State.class, text(o, "state"), "state");
        if (step.to.equals(State.SENT.wire())) {
            if (step.from != null || step.prior != null) return "a request is sent once, from nothing and with no prior";
            if (state != State.SENT) return "its state is " + state.wire() + ", not sent";
            return step.by.equals(requester) ? null : "by_ref " + step.by + " is not the requester " + requester + ", the only one who sends it";
        }
        Transition t = transition(step.to);
        State from = enumOf(State.class, step.from, "transition.from");
        Party party = null;
        for (Party p : Party.values()) if (Requests.allowed(kind, from, p).contains(t)) party = p;
        if (party == null) {
            return "a " + kind.wire() + " request that is " + from.wire() + " may not be made " + t.wire() + " by anyone; the requester ("
                    + requester + ") may: " + names(Requests.allowed(kind, from, Party.REQUESTER)) + "; the receiver (" + receiver
                    + ") may: " + names(Requests.allowed(kind, from, Party.RECEIVER));
        }
        String partyRef = party == Party.REQUESTER ? requester : receiver;
        if (!step.by.equals(partyRef)) {
            return "by_ref " + step.by + " is not the " + party.wire() + " " + partyRef + ", the only one who may make it "
                    + t.wire() + " from " + from.wire();
        }
        if (state != t.target(from)) return "its state is " + state.wire() + ", but " + t.wire() + " from " + from.wire()
                + " leads to " + t.target(from).wire();
        ObjectNode prior = prior(o, step);
        if (prior == null) return null; // not held yet: signed by its party, kept; the fold orders it once the prior comes
        for (String field : List.of("kind", "requester_ref", "receiver_ref", "case_ref")) {
            if (!Objects.equals(text(o, field), text(prior, field))) {
                return field + " " + text(o, field) + " differs from its prior's " + text(prior, field);
            }
        }
        return follows(step, prior);
    }

    /**
     * Why a participation that begins accepted is not the opener's own (the {@code lead}, written with
     * the case by the member that opened it), or null: anyone else begins invited, so that no node
     * can put its member into the audience of a case by its own word.
     */
    private String opener(ObjectNode o, Step step, String invitee) {
        if (step.prior != null) return "a first participation has no prior";
        if (!"lead".equals(text(o, "role"))) return "a participation not yet begun may become accepted only as the case's lead";
        if (!step.by.equals(invitee)) return "by_ref " + step.by + " is not the lead " + invitee + " itself";
        String caseRef = text(o, "case_ref");
        if (caseRef == null) throw new Bad("case_ref is missing");
        Optional<StoredVersion> opened = store.latest(caseRef);
        if (opened.isEmpty()) return "its case " + caseRef + " is not held here (yet): it is refused until the case is";
        ObjectNode c = parse(opened.get().object());
        String creator = c == null ? null : text(c, "created_by_ref");
        return invitee.equals(creator) ? null : "only the member that opened case " + caseRef + " (" + creator + ") begins as its lead";
    }

    /** Why a participation's step is not one its party may make from its prior, or null. */
    private String participation(ObjectNode o, Step step) {
        String invitee = text(o, "member_ref");
        if (invitee == null) throw new Bad("member_ref is missing");
        Participation to = Participation.of(step.to);
        if (to == null) throw new Bad("transition.to " + step.to + " is not a participation state");
        Participation state = Participation.of(text(o, "state"));
        if (state != to) return "its state is " + text(o, "state") + ", but the transition is to " + to.wire();
        Participation from = step.from == null ? null : Participation.of(step.from);
        if (step.from != null && from == null) throw new Bad("transition.from " + step.from + " is not a participation state");
        if (from == null && to == Participation.ACCEPTED) return opener(o, step, invitee);
        boolean allowed = switch (to) {
            case INVITED -> from == null || from == Participation.DECLINED || from == Participation.LEFT || from == Participation.REVOKED;
            case ACCEPTED, DECLINED, REVOKED -> from == Participation.INVITED;
            case LEFT -> from == Participation.ACCEPTED;
        };
        if (!allowed) return "a participation " + (from == null ? "not yet begun" : "that is " + from.wire()) + " may not become " + to.wire();
        if (to == Participation.INVITED && step.by.equals(invitee)) return "a member may not invite itself (" + invitee + ")";
        boolean inviteeOnly = to == Participation.ACCEPTED || to == Participation.DECLINED || to == Participation.LEFT;
        if (inviteeOnly && !step.by.equals(invitee)) {
            return "by_ref " + step.by + " is not the invitee " + invitee + ", the only one who may make it " + to.wire();
        }
        if (from == null) return step.prior == null ? null : "a first invitation has no prior";
        ObjectNode prior = prior(o, step);
        if (prior == null) return null; // not held yet: signed by its party, kept; the fold orders it once the prior comes
        for (String field : List.of("case_ref", "member_ref")) {
            if (!Objects.equals(text(o, field), text(prior, field))) {
                return field + " " + text(o, field) + " differs from its prior's " + text(prior, field);
            }
        }
        return follows(step, prior);
    }

    /** Why {@code step} does not follow {@code prior} (its from state, its time), or null. */
    private static String follows(Step step, ObjectNode prior) {
        String priorState = text(prior, "state");
        if (!step.from.equals(priorState)) return "transition.from is " + step.from + ", but its prior version is " + priorState;
        Step before;
        try {
            before = Step.read(prior, prior.path("type").asText().equals(REQUEST));
        } catch (Bad e) {
            return "its prior version cannot be read: " + e.getMessage();
        }
        return step.at.isBefore(before.at) ? "its time " + step.at + " is before its prior's " + before.at : null;
    }

    /** The prior version {@code step} names, held here (any collection), or null. */
    private ObjectNode prior(ObjectNode o, Step step) {
        if (step.prior == null) throw new Bad("transition.prior is missing");
        String id = text(o, "id");
        Optional<StoredVersion> latest = store.latest(id);
        if (latest.isEmpty()) return null;
        if (hash(latest.get().object()).equalsIgnoreCase(step.prior)) return parse(latest.get().object());
        ObjectFilter versions = new ObjectFilter(null, List.of(id), List.of(), VersionMatch.ALL, List.of(), MOST_VERSIONS);
        for (CollectionInfo c : store.collections()) {
            for (StoredVersion v : store.objects(c.id(), versions).items()) {
                if (hash(v.object()).equalsIgnoreCase(step.prior)) return parse(v.object());
            }
        }
        return null;
    }

    private static String hash(StixObject o) {
        return HexFormat.of().formatHex(o.sha256());
    }

    /** One transition as a version states it. */
    private record Step(String from, String to, String by, Instant at, String prior) {
        static Step read(ObjectNode o, boolean request) {
            JsonNode t = o.get("transition");
            if (t == null || t.isNull()) { // a first version written without one: by its author, when it was made
                String author = text(o, request ? "requester_ref" : "invited_by_ref");
                if (author == null) throw new Bad("it has no transition, nor " + (request ? "requester_ref" : "invited_by_ref"));
                return new Step(null, request ? State.SENT.wire() : Participation.INVITED.wire(), author,
                        instant(text(o, "created"), "created"), null);
            }
            if (!t.isObject()) throw new Bad("transition is not an object");
            ObjectNode s = (ObjectNode) t;
            String to = text(s, "to"), by = text(s, "by_ref");
            if (to == null) throw new Bad("transition.to is missing");
            if (by == null) throw new Bad("transition.by_ref is missing");
            return new Step(text(s, "from"), to, by, instant(text(s, "at"), "transition.at"), text(s, "prior"));
        }

        @Override
        public String toString() {
            return (from == null ? "" : from + " -> ") + to + " by " + by + " at " + at;
        }
    }

    private static Transition transition(String to) {
        for (Transition t : Transition.values()) if (t.wire().equals(to)) return t;
        throw new Bad("transition.to " + to + " is not a request transition (" + names(Set.of(Transition.values())) + ")");
    }

    private static <E extends Enum<E>> E enumOf(Class<E> type, String wire, String field) {
        if (wire == null) throw new Bad(field + " is missing");
        for (E e : type.getEnumConstants()) if (e.name().toLowerCase(java.util.Locale.ROOT).equals(wire)) return e;
        throw new Bad(field + " " + wire + " is not one of " + java.util.Arrays.stream(type.getEnumConstants())
                .map(e -> e.name().toLowerCase(java.util.Locale.ROOT)).toList());
    }

    private static Instant instant(String value, String field) {
        if (value == null) throw new Bad(field + " is missing");
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new Bad(field + " is not a timestamp: " + value);
        }
    }

    private static String names(Set<Transition> transitions) {
        return transitions.isEmpty() ? "nothing" : transitions.stream().sorted().map(Transition::wire).collect(Collectors.joining(", "));
    }

    private static String text(ObjectNode o, String field) {
        JsonNode v = o.get(field);
        return v != null && v.isTextual() ? v.textValue() : null;
    }

    private static ObjectNode parse(StixObject o) {
        try {
            return JSON.readTree(o.canonical()) instanceof ObjectNode n ? n : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** What is wrong with a version's form (caught here, reported in the refusal). */
    private static final class Bad extends RuntimeException {
        Bad(String message) {
            super(message, null, false, false);
        }
    }

    @Override
    public String toString() {
        return "ResponseIngressCheck[max_skew " + maxSkew + "]";
    }
}
