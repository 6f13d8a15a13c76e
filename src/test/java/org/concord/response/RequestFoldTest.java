package org.concord.response;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.concord.response.Requests.Party;
import org.concord.response.Requests.State;
import org.concord.response.Requests.Step;
import org.concord.response.Requests.Transition;
import org.concord.stix.StixObject;
import org.concord.stix.Tlp;
import org.junit.jupiter.api.Test;

/**
 * The fold of a request's versions under clocks that disagree (design §3, "Concurrent transitions"
 * and "Clock guard"): siblings resolve to the first made, {@code expired} at {@code fulfil_by} loses
 * to a receiver's transition made before it, and a transition stamped before its prior never wins,
 * whatever order the versions arrive in.
 */
class RequestFoldTest {
    static final String EE = "identity--00000000-0000-4000-8000-0000000000ee", LV = "identity--00000000-0000-4000-8000-00000000001f";
    static final Instant T0 = Instant.parse("2026-12-08T10:00:00Z");

    final Request sent = Requests.send(new Request.Ask("x-concord-request--00000000-0000-4000-8000-000000000009", Requests.Kind.INFORMATION,
            Requests.Priority.HIGH, EE, LV, null, TransitionSamples.CASE, null, "who registered phish.example?", null), T0, Deadlines.DEFAULT);
    final StixObject sentVersion = RequestJson.sent(sent, Tlp.AMBER);

    StixObject step(Request from, StixObject fromVersion, Transition t, Party party, Instant at, String text) {
        Request after = Requests.apply(from, new Step(t, party, at, text, null));
        return RequestJson.next(after, t, from.state(), party == Party.REQUESTER ? EE : LV, fromVersion, Tlp.AMBER);
    }

    StixObject expired() {
        return step(sent, sentVersion, Transition.EXPIRE, Party.REQUESTER, sent.fulfilBy(), null);
    }

    /** The fold's state for every order of {@code versions} (each also delivered twice). */
    List<State> everyOrder(List<StixObject> versions) {
        List<State> out = new ArrayList<>();
        permutations(new ArrayList<>(versions), 0, out);
        return out;
    }

    private void permutations(List<StixObject> v, int k, List<State> out) {
        if (k == v.size()) {
            List<StixObject> twice = new ArrayList<>(v);
            twice.addAll(v.reversed());
            out.add(RequestJson.fold(twice).request().state());
            return;
        }
        for (int i = k; i < v.size(); i++) {
            java.util.Collections.swap(v, k, i);
            permutations(v, k + 1, out);
            java.util.Collections.swap(v, k, i);
        }
    }

    @Test
    void expiredLosesToAReceiverTransitionMadeBeforeFulfilByWhicheverArrivesFirst() {
        // the requester's node expired it on its clock; the receiver had fulfilled it a second before fulfil_by on its own
        StixObject fulfilled = step(sent, sentVersion, Transition.FULFIL, Party.RECEIVER, sent.fulfilBy().minusSeconds(1), "the registrant");
        assertThat(everyOrder(List.of(sentVersion, expired(), fulfilled))).containsOnly(State.FULFILLED);
        assertThat(RequestJson.fold(List.of(sentVersion, expired(), fulfilled)).superseded())
                .containsExactly(ResponseObjects.sha256(expired()));
    }

    @Test
    void expiredWinsOverAReceiverTransitionMadeAfterFulfilBy() {
        StixObject late = step(sent, sentVersion, Transition.FULFIL, Party.RECEIVER, sent.fulfilBy().plusMillis(1), "too late");
        assertThat(everyOrder(List.of(sentVersion, late, expired()))).containsOnly(State.EXPIRED);
    }

    @Test
    void aTransitionStampedBeforeItsPriorNeverWins() {
        Instant ackAt = T0.plus(Duration.ofMinutes(10));
        StixObject acked = step(sent, sentVersion, Transition.ACKNOWLEDGE, Party.RECEIVER, ackAt, null);
        Request ackedRequest = RequestJson.read(acked).request();
        // the requester's withdrawal names the acknowledgement as its prior but is stamped before it (a clock behind):
        // made by hand, as Requests.apply refuses it
        Request skewed = new Request(ackedRequest.ask(), ackedRequest.sentAt(), ackedRequest.acknowledgeBy(), ackedRequest.fulfilBy(),
                ackedRequest.state(), null, null, null, T0.plusSeconds(1));
        StixObject early = step(skewed, acked, Transition.WITHDRAW, Party.REQUESTER, T0.plus(Duration.ofMinutes(5)), "no longer needed");
        assertThat(RequestJson.read(early).prior()).isEqualTo(ResponseObjects.sha256(acked));
        assertThat(RequestJson.read(early).at()).isBefore(ackAt);
        assertThat(everyOrder(List.of(sentVersion, acked, early))).containsOnly(State.ACKNOWLEDGED);
        // one stamped after its prior follows it
        StixObject withdrawn = step(ackedRequest, acked, Transition.WITHDRAW, Party.REQUESTER, ackAt.plusMillis(1), "no longer needed");
        assertThat(everyOrder(List.of(sentVersion, acked, early, withdrawn))).containsOnly(State.WITHDRAWN);
    }

    @Test
    void ofTwoSiblingsTheFirstMadeWinsAndTheOtherIsSuperseded() {
        StixObject withdrawn = step(sent, sentVersion, Transition.WITHDRAW, Party.REQUESTER, T0.plusSeconds(30), "no longer needed");
        StixObject acked = step(sent, sentVersion, Transition.ACKNOWLEDGE, Party.RECEIVER, T0.plusSeconds(31), null);
        assertThat(everyOrder(List.of(sentVersion, acked, withdrawn))).containsOnly(State.WITHDRAWN);
    }
}
