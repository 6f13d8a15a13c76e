package org.concord.federation;

import java.time.Instant;
import java.util.Objects;

/**
 * How the rounds with one party in one direction went: the last success, the last error and when,
 * and how many rounds in a row failed (the backoff counts from it).
 */
public record PartyState(String party, Direction direction, Instant lastSuccess, String lastError, Instant lastErrorAt,
                         int failures) {
    public PartyState {
        Objects.requireNonNull(party, "party");
        Objects.requireNonNull(direction, "direction");
    }
}
