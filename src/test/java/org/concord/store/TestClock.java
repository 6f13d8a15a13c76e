package org.concord.store;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.atomic.AtomicReference;

/** A clock tests move by hand: it stands still until told, and may be sent backwards. */
final class TestClock implements InstantSource {
    private final AtomicReference<Instant> now;

    TestClock(Instant start) {
        now = new AtomicReference<>(start);
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    void set(Instant t) {
        now.set(t);
    }

    void advance(Duration d) {
        now.updateAndGet(t -> t.plus(d));
    }
}
