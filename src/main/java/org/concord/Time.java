package org.concord;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;

/**
 * The node's time, the one seam for reading and spending it: what time it is ({@link #instant}, as
 * any {@link InstantSource}), a monotonic nanosecond ticker for intervals, deadlines and cache
 * expiry ({@link #nanoTime}, Caffeine's {@code Ticker} as {@code time::nanoTime}), and waiting
 * ({@link #sleep}: poll intervals and backoffs). Production runs on {@link #system()}; tests run on
 * a clock they advance by hand, whose sleepers wake when it passes their deadline, so no test waits
 * for the wall clock to move.
 *
 * <p>Only {@link #system()} reads the system clock or sleeps a thread; everything else is given a
 * {@code Time} (or an {@code InstantSource} when it only asks what time it is).
 */
public interface Time extends InstantSource {

    /** A monotonic reading in nanoseconds, meaningful only as the difference of two readings. */
    long nanoTime();

    /** Waits {@code d} of this time (at once when zero or negative). */
    void sleep(Duration d) throws InterruptedException;

    /** The system's clock, ticker and sleep. */
    static Time system() {
        return SystemTime.SYSTEM;
    }

    /**
     * {@code clock} when it is a {@code Time}; otherwise its instants, with the system's ticker and
     * sleep (a node run on a skewed or fixed {@code InstantSource} still waits in real time).
     */
    static Time of(InstantSource clock) {
        Objects.requireNonNull(clock, "clock");
        return clock instanceof Time t ? t : new SystemTime(clock);
    }
}
