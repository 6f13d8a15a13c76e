package org.concord.response;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.Size;
import org.concord.ConcordException;
import org.concord.ErrorCode;
import org.concord.response.Requests.Kind;
import org.concord.response.Requests.Party;
import org.concord.response.Requests.State;
import org.concord.response.Requests.Step;
import org.concord.response.Requests.Transition;

/** Random transitions by random parties, checked against the design's table written as data ({@link RequestTable}). */
class RequestProperties {

    /** An attempt: what, by whom, when (0 the latest instant, 1 later, 2 fulfil_by, 3 preserve_until, 4 earlier), with a text, a preserve_until shift. */
    record Attempt(Transition transition, Party by, int when, boolean text, Integer untilDays) {
    }

    @Provide
    Arbitrary<Attempt> attempts() {
        return Combinators.combine(Arbitraries.of(Transition.class), Arbitraries.of(Party.class),
                Arbitraries.integers().between(0, 4), Arbitraries.of(true, true, true, false),
                Arbitraries.integers().between(-40, 60).injectNull(0.5)).as(Attempt::new);
    }

    @Property(tries = 1000)
    void transitionsNeverLeaveTheTable(@ForAll Kind kind, @ForAll @Size(max = 12) List<@net.jqwik.api.From("attempts") Attempt> attempts) {
        Request r = RequestTable.sent(kind);
        for (Attempt a : attempts) {
            Instant at = switch (a.when()) {
                case 0 -> r.lastAt();
                case 1 -> r.lastAt().plus(Duration.ofMinutes(37));
                case 2 -> r.fulfilBy();
                case 3 -> r.preserveUntil() == null ? r.lastAt() : r.preserveUntil();
                default -> r.lastAt().minusMillis(1);
            };
            Instant until = a.untilDays() == null || r.preserveUntil() == null ? null : r.preserveUntil().plus(Duration.ofDays(a.untilDays()));
            Step step = new Step(a.transition(), a.by(), at, a.text() ? "because" : null, until);
            State expected = RequestTable.target(kind, r.state(), a.transition(), a.by());
            boolean wasTerminal = r.terminal();
            assertThat(wasTerminal).isEqualTo(RequestTable.allowed(kind, r.state(), Party.REQUESTER).isEmpty()
                    && RequestTable.allowed(kind, r.state(), Party.RECEIVER).isEmpty());
            try {
                Request next = Requests.apply(r, step);
                assertThat(expected).as("%s %s by the %s succeeded", r.state(), a.transition(), a.by()).isNotNull();
                assertThat(next.state()).isEqualTo(expected);
                assertThat(next.lastAt()).isEqualTo(at).isAfterOrEqualTo(r.lastAt());
                assertThat(next.ask()).isEqualTo(r.ask());
                assertThat(next.fulfilBy()).isEqualTo(r.fulfilBy());
                r = next;
            } catch (ConcordException e) {
                if (expected == null) {
                    assertThat(e.code()).isEqualTo(ErrorCode.FORBIDDEN);
                    for (Party p : Party.values()) {
                        assertThat(RequestTable.named(e.getMessage(), p)).isEqualTo(RequestTable.allowed(kind, r.state(), p));
                    }
                } else {
                    assertThat(wasTerminal).isFalse();
                    assertThat(e.code()).as(e.getMessage()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                }
            }
            if (wasTerminal) assertThat(r.terminal()).isTrue();
        }
        Statistics.collect(kind == Kind.PRESERVATION ? "preservation" : "other", r.state().wire());
    }
}
