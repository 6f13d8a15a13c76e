package org.concord.response;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.concord.ConcordException;
import org.concord.ErrorCode;
import org.concord.response.Requests.Kind;
import org.concord.response.Requests.Priority;

/**
 * How long a receiver has to acknowledge and to fulfil a request, per kind and priority
 * (docs/response-design.md §4, {@code response.deadlines}). Each span is looked up on its own:
 * kind and priority, else kind, else the default. Every span is positive and at most {@link #MAX};
 * for every kind and priority the acknowledge span is at most the fulfil span. Immutable: the
 * {@code with…} methods return a new value.
 *
 * @param acknowledge the default acknowledge span ({@link #DEFAULT}: 24 h, as the issue says)
 * @param fulfil the default fulfil span ({@link #DEFAULT}: 7 days)
 * @param overrides spans for a kind (priority null) or a kind and priority
 */
public record Deadlines(Duration acknowledge, Duration fulfil, Map<Scope, Duration> overrides) {
    /** The longest span: {@code P365D}. */
    public static final Duration MAX = Duration.ofDays(365);
    /** Acknowledge within 24 hours, fulfil within 7 days, whatever the kind and priority. */
    public static final Deadlines DEFAULT = new Deadlines(Duration.ofHours(24), Duration.ofDays(7), Map.of());

    /** Which clock a span sets. */
    public enum Clock {
        ACKNOWLEDGE, FULFIL;

        String wire() {
            return this == ACKNOWLEDGE ? "acknowledge" : "fulfil";
        }
    }

    /** What an override applies to: a kind's requests (priority null) or a kind's at one priority. */
    public record Scope(Kind kind, Priority priority, Clock clock) {
        public Scope {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(clock, "clock");
        }

        /** Where it sits in node.json: {@code response.deadlines.takedown.critical.acknowledge}. */
        String path() {
            return "response.deadlines." + kind.wire() + (priority == null ? "" : "." + priority.wire()) + "." + clock.wire();
        }
    }

    public Deadlines {
        check("response.deadlines.default.acknowledge", acknowledge);
        check("response.deadlines.default.fulfil", fulfil);
        overrides = Map.copyOf(Objects.requireNonNull(overrides, "overrides"));
        overrides.forEach((scope, span) -> check(scope.path(), span));
        for (Kind k : Kind.values()) {
            for (Priority p : Priority.values()) {
                Duration ack = span(overrides, acknowledge, k, p, Clock.ACKNOWLEDGE);
                Duration ful = span(overrides, fulfil, k, p, Clock.FULFIL);
                if (ack.compareTo(ful) > 0) {
                    throw new ConcordException(ErrorCode.INVALID_CONFIGURATION, "response.deadlines: a " + p.wire() + " "
                            + k.wire() + " request would have to be acknowledged within " + ack + " but fulfilled within "
                            + ful + "; the acknowledge span must not exceed the fulfil span");
                }
            }
        }
    }

    /** These deadlines with {@code span} for every {@code kind} request's {@code clock}. */
    public Deadlines with(Kind kind, Clock clock, Duration span) {
        return with(new Scope(kind, null, clock), span);
    }

    /** These deadlines with {@code span} for {@code kind} requests of {@code priority}. */
    public Deadlines with(Kind kind, Priority priority, Clock clock, Duration span) {
        return with(new Scope(kind, Objects.requireNonNull(priority, "priority"), clock), span);
    }

    /** These deadlines with the default {@code clock} span {@code span}. */
    public Deadlines withDefault(Clock clock, Duration span) {
        return clock == Clock.ACKNOWLEDGE ? new Deadlines(span, fulfil, overrides) : new Deadlines(acknowledge, span, overrides);
    }

    /** The acknowledge span of a {@code kind} request of {@code priority}. */
    public Duration acknowledge(Kind kind, Priority priority) {
        return span(overrides, acknowledge, kind, priority, Clock.ACKNOWLEDGE);
    }

    /** The fulfil span of a {@code kind} request of {@code priority}. */
    public Duration fulfil(Kind kind, Priority priority) {
        return span(overrides, fulfil, kind, priority, Clock.FULFIL);
    }

    private Deadlines with(Scope scope, Duration span) {
        Map<Scope, Duration> next = new HashMap<>(overrides);
        next.put(scope, span);
        return new Deadlines(acknowledge, fulfil, next);
    }

    private static Duration span(Map<Scope, Duration> overrides, Duration fallback, Kind kind, Priority priority, Clock clock) {
        Duration exact = overrides.get(new Scope(kind, priority, clock));
        if (exact != null) return exact;
        return overrides.getOrDefault(new Scope(kind, null, clock), fallback);
    }

    private static void check(String path, Duration span) {
        if (span == null || span.isNegative() || span.isZero() || span.compareTo(MAX) > 0) {
            throw new ConcordException(ErrorCode.INVALID_CONFIGURATION,
                    path + " must be a positive duration of at most P365D: " + span);
        }
    }
}
