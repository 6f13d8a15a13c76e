package org.concord.response;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.concord.ConcordException;
import org.concord.ErrorCode;

/**
 * The request state machine (docs/response-design.md §3): the kinds, priorities and states of a
 * formal request between two members, which {@link Party} may make which {@link Transition} from
 * which state, and {@link #apply} that makes one or refuses it. Pure: every instant is the caller's.
 *
 * <p>A transition the table does not allow is refused ({@link ErrorCode#FORBIDDEN}) with the
 * transitions each party may make from that state; one the table allows but whose conditions fail
 * (no reason for a refusal, expiry not at {@code fulfil_by}, a preservation shorter than 60 days, …)
 * is refused as {@link ErrorCode#INVALID_ARGUMENT} saying which condition.
 */
public final class Requests {
    /** Budapest Convention Art. 29(7): preservation lasts not less than 60 days. */
    public static final int MIN_PRESERVATION_DAYS = 60;

    private Requests() {
    }

    /** The kinds of request (issue 14; Budapest Convention Arts. 29, 30, 35). */
    public enum Kind {
        PRESERVATION, DISCLOSURE, INFORMATION, ASSISTANCE, TAKEDOWN;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** How urgent a request is; deadlines may differ per priority ({@link Deadlines}). */
    public enum Priority {
        CRITICAL, HIGH, NORMAL, LOW;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The states of a request; {@code released} only for preservation. */
    public enum State {
        SENT, ACKNOWLEDGED, IN_PROGRESS, FULFILLED, REFUSED, EXPIRED, WITHDRAWN, RELEASED;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The two sides of a request. Expiry is the requester's: its node holds the fulfil deadline. */
    public enum Party {
        REQUESTER, RECEIVER;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** What a party does to a request after sending it; its wire name is the design's "to". */
    public enum Transition {
        ACKNOWLEDGE(State.ACKNOWLEDGED), START(State.IN_PROGRESS), FULFIL(State.FULFILLED), REFUSE(State.REFUSED),
        WITHDRAW(State.WITHDRAWN), EXPIRE(State.EXPIRED), EXTEND(null), RELEASE(State.RELEASED);

        private final State target;

        Transition(State target) {
            this.target = target;
        }

        /** The state after this transition from {@code from}: extending keeps the state. */
        public State target(State from) {
            return target == null ? from : target;
        }

        /** {@code acknowledged}, {@code in_progress}, …, {@code extended}, {@code released}. */
        public String wire() {
            return target == null ? "extended" : target.wire();
        }
    }

    /**
     * One attempted transition: who makes it and when; {@code text} is the reason (required to
     * refuse) or, on {@code fulfilled}, the answer; {@code preserveUntil} the new end of a
     * preservation, when fulfilling (optional: else the requested one) or extending (required).
     */
    public record Step(Transition transition, Party by, Instant at, String text, Instant preserveUntil) {
        public Step {
            Objects.requireNonNull(transition, "transition");
            Objects.requireNonNull(by, "by");
            Objects.requireNonNull(at, "at");
        }

        public static Step of(Transition transition, Party by, Instant at) {
            return new Step(transition, by, at, null, null);
        }
    }

    /** Sends {@code ask} at {@code sentAt} with the deadlines {@code deadlines} gives its kind and priority. */
    public static Request send(Request.Ask ask, Instant sentAt, Deadlines deadlines) {
        return send(ask, sentAt, deadlines, null, null);
    }

    /**
     * Sends {@code ask} at {@code sentAt} (state {@code sent}); a deadline given (non-null) is
     * kept, one not given is {@code sentAt} plus {@code deadlines}' span for the kind and priority.
     * A preservation lasts its {@code period_days} from {@code sentAt}.
     *
     * @throws ConcordException INVALID_ARGUMENT for a deadline not after {@code sentAt} (in the
     *     past), an acknowledge deadline after the fulfil deadline
     */
    public static Request send(Request.Ask ask, Instant sentAt, Deadlines deadlines, Instant acknowledgeBy,
                               Instant fulfilBy) {
        Objects.requireNonNull(ask, "ask");
        Objects.requireNonNull(sentAt, "sentAt");
        Objects.requireNonNull(deadlines, "deadlines");
        Instant ack = acknowledgeBy != null ? acknowledgeBy : sentAt.plus(deadlines.acknowledge(ask.kind(), ask.priority()));
        Instant fulfil = fulfilBy != null ? fulfilBy : sentAt.plus(deadlines.fulfil(ask.kind(), ask.priority()));
        Instant until = ask.preservation() == null ? null : sentAt.plus(Duration.ofDays(ask.preservation().periodDays()));
        return new Request(ask, sentAt, ack, fulfil, State.SENT, until, null, null, sentAt);
    }

    /** The transitions {@code party} may make to a request of {@code kind} in {@code state} (§3's table). */
    public static Set<Transition> allowed(Kind kind, State state, Party party) {
        boolean preservation = kind == Kind.PRESERVATION;
        EnumSet<Transition> none = EnumSet.noneOf(Transition.class);
        EnumSet<Transition> set = switch (party) {
            case RECEIVER -> switch (state) {
                case SENT -> EnumSet.of(Transition.ACKNOWLEDGE, Transition.START, Transition.FULFIL, Transition.REFUSE);
                case ACKNOWLEDGED -> EnumSet.of(Transition.START, Transition.FULFIL, Transition.REFUSE);
                case IN_PROGRESS -> EnumSet.of(Transition.FULFIL, Transition.REFUSE);
                // a preservation held (fulfilled) or withdrawn ends when the receiver releases it
                case FULFILLED, WITHDRAWN -> preservation ? EnumSet.of(Transition.RELEASE) : none;
                case REFUSED, EXPIRED, RELEASED -> none;
            };
            case REQUESTER -> switch (state) {
                case SENT -> EnumSet.of(Transition.WITHDRAW, Transition.EXPIRE);
                case ACKNOWLEDGED, IN_PROGRESS -> preservation
                        ? EnumSet.of(Transition.WITHDRAW, Transition.EXPIRE, Transition.EXTEND)
                        : EnumSet.of(Transition.WITHDRAW, Transition.EXPIRE);
                case FULFILLED -> preservation ? EnumSet.of(Transition.WITHDRAW, Transition.EXTEND) : none;
                case REFUSED, EXPIRED, WITHDRAWN, RELEASED -> none;
            };
        };
        return Collections.unmodifiableSet(set);
    }

    /** Whether nothing may follow {@code state} for a request of {@code kind}, by either party. */
    public static boolean terminal(Kind kind, State state) {
        return Arrays.stream(Party.values()).allMatch(p -> allowed(kind, state, p).isEmpty());
    }

    /**
     * The request after {@code step}.
     *
     * @throws ConcordException FORBIDDEN when the table does not let {@code step.by()} make
     *     {@code step.transition()} from the request's state (the message names what each party
     *     may make); INVALID_ARGUMENT when a condition of the transition fails
     */
    public static Request apply(Request request, Step step) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(step, "step");
        Request.Ask ask = request.ask();
        Transition t = step.transition();
        if (!allowed(ask.kind(), request.state(), step.by()).contains(t)) {
            throw new ConcordException(ErrorCode.FORBIDDEN, refusal(request, step));
        }
        String what = "request " + ask.id() + ": " + t.wire() + " by the " + step.by().wire();
        if (step.at().isBefore(request.lastAt())) {
            throw invalid(what + " at " + step.at() + " is before the request's latest transition at " + request.lastAt());
        }
        boolean preservation = ask.kind() == Kind.PRESERVATION;
        if (step.preserveUntil() != null && !(preservation && (t == Transition.FULFIL || t == Transition.EXTEND))) {
            throw invalid(what + " carries preserve_until, which only fulfilling or extending a preservation sets");
        }
        String text = step.text() == null || step.text().isBlank() ? null : step.text();
        Instant until = request.preserveUntil();
        switch (t) {
            case REFUSE -> {
                if (text == null) throw invalid(what + " needs a reason");
            }
            case EXPIRE -> {
                if (!step.at().equals(request.fulfilBy())) {
                    throw invalid(what + " only at fulfil_by " + request.fulfilBy() + ", not at " + step.at());
                }
            }
            case FULFIL -> {
                if (step.preserveUntil() != null) until = step.preserveUntil();
                Instant least = request.sentAt().plus(Duration.ofDays(MIN_PRESERVATION_DAYS));
                if (preservation && until.isBefore(least)) {
                    throw invalid(what + " preserves until " + until + ", less than " + MIN_PRESERVATION_DAYS
                            + " days after it was sent (" + least + ")");
                }
            }
            case EXTEND -> {
                if (step.preserveUntil() == null || !step.preserveUntil().isAfter(until)) {
                    throw invalid(what + " needs a preserve_until later than " + until + ": " + step.preserveUntil());
                }
                until = step.preserveUntil();
            }
            case RELEASE -> {
                if (request.state() == State.FULFILLED && step.at().isBefore(until)) {
                    throw invalid(what + " at " + step.at() + " is before preserve_until " + until
                            + " (release earlier only after the requester withdraws)");
                }
            }
            case ACKNOWLEDGE, START, WITHDRAW -> { }
        }
        String reason = t == Transition.FULFIL ? request.reason() : text != null ? text : request.reason();
        String answer = t == Transition.FULFIL ? text : request.answer();
        return new Request(ask, request.sentAt(), request.acknowledgeBy(), request.fulfilBy(), t.target(request.state()),
                until, reason, answer, step.at());
    }

    /** {@code request x is acknowledged (preservation): the requester may not make in_progress; the requester (identity--…) may: …; the receiver (…) may: …}. */
    static String refusal(Request request, Step step) {
        Request.Ask ask = request.ask();
        return "request " + ask.id() + " is " + request.state().wire() + " (" + ask.kind().wire() + "): the "
                + step.by().wire() + " may not make it " + step.transition().wire() + "; the requester ("
                + ask.requesterRef() + ") may: " + names(allowed(ask.kind(), request.state(), Party.REQUESTER))
                + "; the receiver (" + ask.receiverRef() + ") may: "
                + names(allowed(ask.kind(), request.state(), Party.RECEIVER));
    }

    private static String names(Set<Transition> transitions) {
        return transitions.isEmpty() ? "nothing" : transitions.stream().map(Transition::wire).collect(Collectors.joining(", "));
    }

    private static ConcordException invalid(String message) {
        return new ConcordException(ErrorCode.INVALID_ARGUMENT, message);
    }
}
