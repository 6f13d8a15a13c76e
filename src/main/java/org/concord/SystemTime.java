package org.concord;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;

/** {@link Time} on the system: the only place the system clock is read and threads sleep. */
final class SystemTime implements Time {
    static final SystemTime SYSTEM = new SystemTime(InstantSource.system());

    private final InstantSource instants;

    SystemTime(InstantSource instants) {
        this.instants = instants;
    }

    @Override
    public Instant instant() {
        return instants.instant();
    }

    @Override
    public long millis() {
        return instants.millis();
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public void sleep(Duration d) throws InterruptedException {
        if (d.isPositive()) Thread.sleep(d);
    }

    @Override
    public String toString() {
        return this == SYSTEM ? "Time.system()" : "Time.of(" + instants + ")";
    }
}
