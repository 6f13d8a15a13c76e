package org.concord;

import java.time.Duration;
import java.time.Instant;

/**
 * A {@link Time} tests move by hand: it stands still until told, and may be sent backwards. A
 * thread sleeping on it wakes when the clock is advanced (or set) past its deadline; its ticker is
 * the instant in nanoseconds, so caches keyed on it expire as the test advances it.
 */
public final class TestClock implements Time {
    private Instant now;

    public TestClock(Instant start) {
        now = start;
    }

    @Override
    public synchronized Instant instant() {
        return now;
    }

    @Override
    public long nanoTime() {
        Instant t = instant();
        return t.getEpochSecond() * 1_000_000_000L + t.getNano();
    }

    /** Returns when the clock has been moved {@code d} past the instant it was called at. */
    @Override
    public synchronized void sleep(Duration d) throws InterruptedException {
        Instant until = now.plus(d);
        while (now.isBefore(until)) wait();
    }

    public synchronized void set(Instant t) {
        now = t;
        notifyAll();
    }

    public synchronized void advance(Duration d) {
        now = now.plus(d);
        notifyAll();
    }
}
