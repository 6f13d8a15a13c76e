package org.concord;

import java.time.Duration;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * How long to wait before trying again what failed: {@code first} before the first retry, doubling
 * with each failure in a row up to {@code max}. Each wait is drawn uniformly between half that delay
 * and the whole of it, both included (jitter: parties or endpoints that recover together are not
 * all tried again at the same moment), so the first retry comes after {@code first}/2 to
 * {@code first}, and no wait is longer than {@code max}. Used by sync's rounds with a party and by
 * webhook deliveries.
 */
public record Backoff(Duration first, Duration max) {
    public Backoff {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(max, "max");
        if (first.toMillis() <= 0 || max.compareTo(first) < 0) {
            throw new IllegalArgumentException("retry delays need 0 < first <= max: " + first + ", " + max);
        }
    }

    /**
     * The wait before retry number {@code attempt} (1 for the first retry, after one failure; below 1
     * counts as 1), its jitter drawn from {@code random}.
     */
    public Duration delay(int attempt, RandomGenerator random) {
        long ms = ceiling(attempt);
        return Duration.ofMillis(ms / 2 + random.nextLong(ms - ms / 2 + 1));
    }

    /** The delay before retry number {@code attempt} without jitter: {@code first} doubled {@code attempt − 1} times, at most {@code max}. */
    long ceiling(int attempt) {
        long firstMs = first.toMillis();
        long maxMs = max.toMillis();
        int doublings = Math.max(0, attempt - 1);
        if (doublings >= Long.numberOfLeadingZeros(firstMs)) return maxMs; // the doubling would overflow: far past max
        return Math.min(maxMs, firstMs << doublings);
    }
}
