package org.concord.response;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.concord.ConcordException;
import org.concord.ErrorCode;
import org.concord.response.Deadlines.Clock;
import org.concord.response.Requests.Kind;
import org.concord.response.Requests.Party;
import org.concord.response.Requests.Priority;
import org.concord.response.Requests.State;
import org.concord.response.Requests.Step;
import org.concord.response.Requests.Transition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RequestsTest {
    private static final Instant SENT = RequestTable.SENT;

    static Stream<Arguments> everyStateTransitionAndParty() {
        List<Arguments> out = new ArrayList<>();
        for (Kind k : Kind.values()) {
            for (State s : State.values()) {
                if (s == State.RELEASED && k != Kind.PRESERVATION) continue;
                for (Transition t : Transition.values()) {
                    for (Party p : Party.values()) out.add(Arguments.of(k, s, t, p));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1}: {2} by the {3}")
    @MethodSource("everyStateTransitionAndParty")
    void theMachineFollowsTheDesignTable(Kind kind, State from, Transition t, Party by) {
        Request r = RequestTable.in(kind, from);
        State expected = RequestTable.target(kind, from, t, by);
        assertThat(Requests.allowed(kind, from, by).contains(t)).isEqualTo(expected != null);
        Instant at = switch (t) {
            case EXPIRE -> r.fulfilBy();
            case RELEASE -> r.preserveUntil() != null ? r.preserveUntil() : r.lastAt();
            default -> r.lastAt().plus(Duration.ofHours(1));
        };
        Instant until = t == Transition.EXTEND && r.preserveUntil() != null ? r.preserveUntil().plus(Duration.ofDays(30)) : null;
        Step step = new Step(t, by, at, "a reason", until);
        if (expected == null) {
            assertThatThrownBy(() -> Requests.apply(r, step))
                    .isInstanceOfSatisfying(ConcordException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN);
                        for (Party p : Party.values()) {
                            assertThat(RequestTable.named(e.getMessage(), p)).isEqualTo(RequestTable.allowed(kind, from, p));
                        }
                    });
        } else {
            Request next = Requests.apply(r, step);
            assertThat(next.state()).isEqualTo(expected);
            assertThat(next.lastAt()).isEqualTo(at);
            assertThat(next.ask()).isEqualTo(r.ask());
        }
    }

    @Test
    void terminalStatesAreThoseTheDesignCallsTerminal() {
        for (Kind k : Kind.values()) {
            boolean p = k == Kind.PRESERVATION;
            assertThat(Requests.terminal(k, State.FULFILLED)).isEqualTo(!p);
            assertThat(Requests.terminal(k, State.WITHDRAWN)).isEqualTo(!p);
            assertThat(Requests.terminal(k, State.REFUSED)).isTrue();
            assertThat(Requests.terminal(k, State.EXPIRED)).isTrue();
            assertThat(Requests.terminal(k, State.RELEASED)).isTrue();
            assertThat(Requests.terminal(k, State.SENT)).isFalse();
        }
    }

    @Test
    void aRefusalNamesWhatEachPartyMayMake() {
        Request r = RequestTable.in(Kind.INFORMATION, State.ACKNOWLEDGED);
        assertThatThrownBy(() -> Requests.apply(r, Step.of(Transition.ACKNOWLEDGE, Party.RECEIVER, SENT.plusSeconds(3600))))
                .hasMessage("request x-concord-request--6f1c2a5e-3b1d-4c1e-9a0b-1c2d3e4f5a6b is acknowledged (information):"
                        + " the receiver may not make it acknowledged;"
                        + " the requester (identity--aaaaaaaa-0000-4000-8000-000000000001) may: withdrawn, expired;"
                        + " the receiver (identity--bbbbbbbb-0000-4000-8000-000000000002) may: in_progress, fulfilled, refused");
        Request done = RequestTable.in(Kind.TAKEDOWN, State.REFUSED);
        assertThatThrownBy(() -> Requests.apply(done, Step.of(Transition.WITHDRAW, Party.REQUESTER, SENT.plusSeconds(3600))))
                .hasMessageEndingWith("may: nothing; the receiver (identity--bbbbbbbb-0000-4000-8000-000000000002) may: nothing");
    }

    @Test
    void sendSetsDeadlinesFromKindAndPriorityWithTheCallersInstant() {
        Deadlines d = Deadlines.DEFAULT
                .with(Kind.PRESERVATION, Priority.CRITICAL, Clock.ACKNOWLEDGE, Duration.ofHours(1))
                .with(Kind.PRESERVATION, Priority.CRITICAL, Clock.FULFIL, Duration.ofHours(24))
                .with(Kind.PRESERVATION, Clock.ACKNOWLEDGE, Duration.ofHours(4));
        Request.Ask critical = withPriority(RequestTable.ask(Kind.PRESERVATION), Priority.CRITICAL);
        Request r = Requests.send(critical, SENT, d);
        assertThat(r.state()).isEqualTo(State.SENT);
        assertThat(r.acknowledgeBy()).isEqualTo(SENT.plus(Duration.ofHours(1)));
        assertThat(r.fulfilBy()).isEqualTo(SENT.plus(Duration.ofHours(24)));
        assertThat(r.preserveUntil()).isEqualTo(SENT.plus(Duration.ofDays(60)));
        Request normal = Requests.send(RequestTable.ask(Kind.PRESERVATION), SENT, d);
        assertThat(normal.acknowledgeBy()).isEqualTo(SENT.plus(Duration.ofHours(4)));
        assertThat(normal.fulfilBy()).isEqualTo(SENT.plus(Duration.ofDays(7)));
        Request other = Requests.send(RequestTable.ask(Kind.TAKEDOWN), SENT, d);
        assertThat(other.acknowledgeBy()).isEqualTo(SENT.plus(Duration.ofHours(24)));
        assertThat(other.preserveUntil()).isNull();
        Request given = Requests.send(RequestTable.ask(Kind.TAKEDOWN), SENT, d, SENT.plusSeconds(60), SENT.plusSeconds(120));
        assertThat(given.acknowledgeBy()).isEqualTo(SENT.plusSeconds(60));
        assertThat(given.fulfilBy()).isEqualTo(SENT.plusSeconds(120));
    }

    @Test
    void aDeadlineInThePastIsRefusedAtSend() {
        Request.Ask ask = RequestTable.ask(Kind.INFORMATION);
        assertInvalid(() -> Requests.send(ask, SENT, Deadlines.DEFAULT, SENT.minusSeconds(1), null), "deadline in the past: acknowledge_by");
        assertInvalid(() -> Requests.send(ask, SENT, Deadlines.DEFAULT, null, SENT), "deadline in the past: fulfil_by");
        assertInvalid(() -> Requests.send(ask, SENT, Deadlines.DEFAULT, SENT.plus(Duration.ofDays(8)), null),
                "is after fulfil_by");
    }

    @Test
    void aPreservationStatesItsBasisAFollowUpAndAtLeastSixtyDays() {
        assertInvalid(() -> new Request.Preservation("logs", "isp", List.of(), "needed", true, 59), "period_days must be at least 60");
        assertInvalid(() -> new Request.Preservation("logs", "isp", List.of(), "needed", false, 60), "follow_up_mla must be true");
        assertInvalid(() -> new Request.Preservation(" ", "isp", List.of(), "needed", true, 60), "subject.data is required");
        Request.Ask a = RequestTable.ask(Kind.PRESERVATION);
        assertInvalid(() -> new Request.Ask(a.id(), a.kind(), a.priority(), a.requesterRef(), a.receiverRef(), null,
                a.caseRef(), null, a.subject(), a.preservation()), "needs a legal_basis");
        assertInvalid(() -> new Request.Ask(a.id(), a.kind(), a.priority(), a.requesterRef(), a.receiverRef(), null,
                a.caseRef(), a.legalBasis(), a.subject(), null), "required for a preservation request");
        assertInvalid(() -> new Request.Ask(a.id(), Kind.DISCLOSURE, a.priority(), a.requesterRef(), a.receiverRef(), null,
                a.caseRef(), a.legalBasis(), a.subject(), a.preservation()), "only for a preservation request");
    }

    @Test
    void anAskNamesTwoMembersAndACase() {
        Request.Ask a = RequestTable.ask(Kind.ASSISTANCE);
        assertInvalid(() -> new Request.Ask(a.id(), a.kind(), a.priority(), a.requesterRef(), a.requesterRef(), null,
                a.caseRef(), null, a.subject(), null), "requester and receiver are the same member");
        assertInvalid(() -> new Request.Ask(a.id(), a.kind(), a.priority(), a.requesterRef(), "bank-lv", null,
                a.caseRef(), null, a.subject(), null), "receiver_ref must be a identity id");
        assertInvalid(() -> new Request.Ask("request-1", a.kind(), a.priority(), a.requesterRef(), a.receiverRef(), null,
                a.caseRef(), null, a.subject(), null), "id must be a x-concord-request id");
        assertInvalid(() -> new Request.Contact("duty", null, " "), "needs an email or a phone");
    }

    @Test
    void refusingNeedsAReason() {
        Request r = RequestTable.sent(Kind.INFORMATION);
        assertInvalid(() -> Requests.apply(r, new Step(Transition.REFUSE, Party.RECEIVER, SENT.plusSeconds(5), " ", null)),
                "needs a reason");
        Request refused = Requests.apply(r, new Step(Transition.REFUSE, Party.RECEIVER, SENT.plusSeconds(5), "no such data", null));
        assertThat(refused.state()).isEqualTo(State.REFUSED);
        assertThat(refused.reason()).isEqualTo("no such data");
        assertThat(refused.terminal()).isTrue();
    }

    @Test
    void expiryIsMadeAtFulfilByExactly() {
        Request r = RequestTable.sent(Kind.TAKEDOWN);
        assertInvalid(() -> Requests.apply(r, Step.of(Transition.EXPIRE, Party.REQUESTER, r.fulfilBy().minusMillis(1))),
                "only at fulfil_by");
        assertInvalid(() -> Requests.apply(r, Step.of(Transition.EXPIRE, Party.REQUESTER, r.fulfilBy().plusMillis(1))),
                "only at fulfil_by");
        assertThat(Requests.apply(r, Step.of(Transition.EXPIRE, Party.REQUESTER, r.fulfilBy())).state()).isEqualTo(State.EXPIRED);
    }

    @Test
    void aPreservationIsExtendedHeldAndReleased() {
        Request r = Requests.apply(RequestTable.sent(Kind.PRESERVATION), Step.of(Transition.ACKNOWLEDGE, Party.RECEIVER, SENT.plusSeconds(60)));
        Instant until = r.preserveUntil();
        assertInvalid(() -> Requests.apply(r, new Step(Transition.EXTEND, Party.REQUESTER, SENT.plusSeconds(120), null, until)),
                "needs a preserve_until later than");
        Request extended = Requests.apply(r, new Step(Transition.EXTEND, Party.REQUESTER, SENT.plusSeconds(120), null,
                until.plus(Duration.ofDays(30))));
        assertThat(extended.state()).isEqualTo(State.ACKNOWLEDGED);
        assertThat(extended.preserveUntil()).isEqualTo(SENT.plus(Duration.ofDays(90)));
        assertInvalid(() -> Requests.apply(extended, new Step(Transition.FULFIL, Party.RECEIVER, SENT.plusSeconds(180), "kept",
                SENT.plus(Duration.ofDays(59)))), "less than 60 days after it was sent");
        Request held = Requests.apply(extended, new Step(Transition.FULFIL, Party.RECEIVER, SENT.plusSeconds(180), "kept", null));
        assertThat(held.preserveUntil()).isEqualTo(SENT.plus(Duration.ofDays(90)));
        assertThat(held.answer()).isEqualTo("kept");
        assertThat(held.terminal()).isFalse();
        assertInvalid(() -> Requests.apply(held, Step.of(Transition.RELEASE, Party.RECEIVER, SENT.plus(Duration.ofDays(89)))),
                "is before preserve_until");
        assertThat(Requests.apply(held, Step.of(Transition.RELEASE, Party.RECEIVER, SENT.plus(Duration.ofDays(90)))).state())
                .isEqualTo(State.RELEASED);
        Request withdrawn = Requests.apply(held, Step.of(Transition.WITHDRAW, Party.REQUESTER, SENT.plus(Duration.ofDays(10))));
        Request released = Requests.apply(withdrawn, Step.of(Transition.RELEASE, Party.RECEIVER, SENT.plus(Duration.ofDays(11))));
        assertThat(released.state()).isEqualTo(State.RELEASED);
        assertThat(released.terminal()).isTrue();
    }

    @Test
    void aTransitionOlderThanTheLatestIsRefused() {
        Request r = Requests.apply(RequestTable.sent(Kind.INFORMATION), Step.of(Transition.ACKNOWLEDGE, Party.RECEIVER, SENT.plusSeconds(60)));
        assertInvalid(() -> Requests.apply(r, Step.of(Transition.START, Party.RECEIVER, SENT.plusSeconds(59))),
                "is before the request's latest transition");
        assertInvalid(() -> Requests.apply(r, new Step(Transition.START, Party.RECEIVER, SENT.plusSeconds(61), null,
                SENT.plus(Duration.ofDays(90)))), "carries preserve_until");
    }

    @Test
    void theClocksRunUntilTheirTransitions() {
        Request r = RequestTable.sent(Kind.DISCLOSURE);
        assertThat(r.awaitingAcknowledgement()).isTrue();
        Request started = Requests.apply(r, Step.of(Transition.START, Party.RECEIVER, SENT.plusSeconds(1)));
        assertThat(started.awaitingAcknowledgement()).isFalse();
        assertThat(started.awaitingFulfilment()).isTrue();
        assertThat(Requests.apply(started, Step.of(Transition.FULFIL, Party.RECEIVER, SENT.plusSeconds(2))).awaitingFulfilment()).isFalse();
    }

    @Test
    void deadlinesLookUpKindAndPriorityThenKindThenTheDefault() {
        assertThat(Deadlines.DEFAULT.acknowledge(Kind.INFORMATION, Priority.LOW)).isEqualTo(Duration.ofHours(24));
        Deadlines d = Deadlines.DEFAULT.withDefault(Clock.FULFIL, Duration.ofDays(14))
                .with(Kind.TAKEDOWN, Priority.CRITICAL, Clock.ACKNOWLEDGE, Duration.ofMinutes(30))
                .with(Kind.TAKEDOWN, Priority.CRITICAL, Clock.FULFIL, Duration.ofHours(4))
                .with(Kind.TAKEDOWN, Clock.FULFIL, Duration.ofDays(2));
        assertThat(d.acknowledge(Kind.TAKEDOWN, Priority.CRITICAL)).isEqualTo(Duration.ofMinutes(30));
        assertThat(d.fulfil(Kind.TAKEDOWN, Priority.CRITICAL)).isEqualTo(Duration.ofHours(4));
        assertThat(d.fulfil(Kind.TAKEDOWN, Priority.HIGH)).isEqualTo(Duration.ofDays(2));
        assertThat(d.acknowledge(Kind.TAKEDOWN, Priority.HIGH)).isEqualTo(Duration.ofHours(24));
        assertThat(d.fulfil(Kind.INFORMATION, Priority.HIGH)).isEqualTo(Duration.ofDays(14));
        assertThat(Deadlines.DEFAULT.fulfil(Kind.INFORMATION, Priority.HIGH)).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void deadlinesRefuseSpansThatCannotBeMet() {
        assertConfig(() -> Deadlines.DEFAULT.with(Kind.TAKEDOWN, Priority.CRITICAL, Clock.ACKNOWLEDGE, Duration.ZERO),
                "response.deadlines.takedown.critical.acknowledge must be a positive duration of at most P365D: PT0S");
        assertConfig(() -> Deadlines.DEFAULT.withDefault(Clock.FULFIL, Duration.ofDays(366)), "response.deadlines.default.fulfil");
        assertConfig(() -> Deadlines.DEFAULT.with(Kind.TAKEDOWN, Clock.FULFIL, Duration.ofHours(4)),
                "takedown request would have to be acknowledged within PT24H but fulfilled within PT4H");
    }

    private static Request.Ask withPriority(Request.Ask a, Priority p) {
        return new Request.Ask(a.id(), a.kind(), p, a.requesterRef(), a.receiverRef(), a.pointOfContact(), a.caseRef(),
                a.legalBasis(), a.subject(), a.preservation());
    }

    private static void assertInvalid(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ConcordException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT)).hasMessageContaining(message);
    }

    private static void assertConfig(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String message) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ConcordException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION)).hasMessageContaining(message);
    }
}
