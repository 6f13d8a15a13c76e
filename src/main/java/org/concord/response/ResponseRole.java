package org.concord.response;

import java.util.Objects;
import org.concord.Time;
import org.concord.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the {@code response} role runs (docs/response-design.md §6): it publishes the extension
 * definition and the response identity, catches the projection up (the merge follower with it),
 * then follows the {@code cases} collection (a store listener wakes it; it also polls, for writes
 * by other processes) and sweeps the deadlines every {@code sweep_seconds} on the node's
 * {@link Time}. {@link #close} lets a sweep in flight finish.
 */
public final class ResponseRole implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ResponseRole.class);

    private final ResponseService service;
    private final DeadlineSweep sweep;
    private final Store store;
    private final String casesId;
    private final ResponseConfig config;
    private final Time time;
    private final Object wake = new Object();
    private volatile boolean running;
    private boolean woken;
    private Thread worker, clockThread;

    public ResponseRole(ResponseService service, Store store, String casesId, String member, ResponseConfig config, Time time) {
        this.service = Objects.requireNonNull(service, "service");
        this.store = Objects.requireNonNull(store, "store");
        this.casesId = Objects.requireNonNull(casesId, "casesId");
        this.config = Objects.requireNonNull(config, "config");
        this.time = Objects.requireNonNull(time, "time");
        this.sweep = DeadlineSweep.of(service, store, casesId, member);
    }

    /** Publishes the definition, catches up, starts the follower and the sweep. */
    public synchronized ResponseRole start() {
        if (running) return this;
        store.write(casesId, ResponseObjects.definitions());
        service.projection().catchUp();
        running = true;
        store.onStored((collection, added) -> {
            if (running && collection.equals(casesId)) wake();
        });
        worker = Thread.ofPlatform().name("concord-response").daemon().start(this::run);
        clockThread = Thread.ofPlatform().name("concord-response-clock").daemon().start(this::tick);
        return this;
    }

    /** The deadline sweep this role runs. */
    public DeadlineSweep sweep() {
        return sweep;
    }

    private void wake() {
        synchronized (wake) {
            woken = true;
            wake.notifyAll();
        }
    }

    /** Wakes the worker every sweep interval of the node's time (a test clock drives it). */
    private void tick() {
        while (running) {
            try {
                time.sleep(config.sweep());
            } catch (InterruptedException e) {
                return;
            }
            wake();
        }
    }

    private void run() {
        while (running) {
            synchronized (wake) {
                if (!woken) {
                    try {
                        wake.wait(config.sweep().toMillis());
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                woken = false;
            }
            if (!running) return;
            try {
                service.projection().catchUp();
                sweep.sweep(time.instant());
            } catch (RuntimeException e) {
                LOG.warn("response round failed; retrying: {}", e.getMessage(), e);
            }
        }
    }

    @Override
    public void close() {
        Thread w;
        synchronized (this) {
            running = false;
            w = worker;
            if (clockThread != null) clockThread.interrupt();
        }
        wake();
        if (w != null) {
            try {
                w.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
