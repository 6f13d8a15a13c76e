package org.concord.federation;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import org.concord.Backoff;
import org.concord.Time;
import org.concord.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sync running continuously ({@code concord serve}): one worker per party and direction, so a slow
 * or unreachable party delays no other. A push worker runs a round as soon as a local write adds
 * versions ({@link Store#onStored}) and otherwise every {@link SyncConfig#poll()}; a pull worker
 * every {@link SyncConfig#pull()}. A failed round is retried after a backoff of 1 s doubling to
 * 5 min, jittered, counted from the failures in a row the ledger keeps (so a restart does not
 * hammer a party that is down). Parties added or removed while serving are picked up within one
 * poll interval. {@link #close()} stops every worker and waits for rounds in progress.
 */
public final class SyncService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SyncService.class);
    /** After failed rounds in a row: 1 s doubling to 5 min, jittered ({@link Backoff}). */
    static final Backoff RETRY = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5));

    private final Sync sync;
    private final Store store;
    private final SyncConfig config;
    private final RandomGenerator random;
    private final Time time;
    private final Map<String, Worker> workers = new HashMap<>();
    private volatile boolean stopped;
    private Thread supervisor;

    /** Does no I/O and starts nothing ({@link #start} does); backoffs are waited on {@code time}. */
    public SyncService(Sync sync, Store store, SyncConfig config, RandomGenerator random, Time time) {
        this.sync = Objects.requireNonNull(sync, "sync");
        this.store = Objects.requireNonNull(store, "store");
        this.config = Objects.requireNonNull(config, "config");
        this.random = Objects.requireNonNull(random, "random");
        this.time = Objects.requireNonNull(time, "time");
    }

    /** Starts the workers; returns at once. */
    public synchronized SyncService start() {
        if (supervisor != null) throw new IllegalStateException("already started");
        store.onStored((collection, added) -> wakePush());
        supervisor = Thread.ofPlatform().daemon().name("concord-sync").start(this::supervise);
        return this;
    }

    /** Wakes every push worker (something was stored). */
    public void wakePush() {
        synchronized (workers) {
            for (Worker w : workers.values()) if (w.direction == Direction.PUSH) w.wake();
        }
    }

    private void supervise() {
        while (!stopped) {
            try {
                reconcile();
            } catch (RuntimeException e) {
                LOG.warn("reading the sync parties failed; trying again in {} s: {}", config.poll().toSeconds(), e.getMessage());
            }
            try {
                time.sleep(config.poll()); // close() interrupts it
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Starts a worker for each party and direction that has none, stops those no longer wanted. */
    private void reconcile() {
        Map<String, Party> wanted = new HashMap<>();
        Map<String, Direction> directions = new HashMap<>();
        for (Party p : sync.parties()) {
            for (Direction d : switch (p) {
                case Party.Peer peer -> peer.flags().push() && peer.flags().pull() ? List.of(Direction.PUSH, Direction.PULL)
                        : peer.flags().push() ? List.of(Direction.PUSH) : peer.flags().pull() ? List.of(Direction.PULL) : List.<Direction>of();
                case Party.FromFeed f -> List.of(Direction.PULL);
            }) {
                wanted.put(d.label() + " " + p.key(), p);
                directions.put(d.label() + " " + p.key(), d);
            }
        }
        synchronized (workers) {
            if (stopped) return;
            workers.entrySet().removeIf(e -> {
                if (wanted.containsKey(e.getKey())) return false;
                e.getValue().stop();
                return true;
            });
            for (Map.Entry<String, Party> e : wanted.entrySet()) {
                Worker w = workers.get(e.getKey());
                if (w == null) {
                    w = new Worker(e.getValue(), directions.get(e.getKey()));
                    workers.put(e.getKey(), w);
                    w.thread = Thread.ofVirtual().name("concord-sync-" + e.getKey().replace(' ', '-')).start(w);
                } else {
                    w.party = e.getValue(); // its pin, URL or flags may have changed
                }
            }
        }
    }

    private final class Worker implements Runnable {
        final Direction direction;
        final Semaphore signal = new Semaphore(0);
        volatile Party party;
        volatile boolean done;
        Thread thread;

        Worker(Party party, Direction direction) {
            this.party = party;
            this.direction = direction;
        }

        void wake() {
            if (signal.availablePermits() == 0) signal.release();
        }

        void stop() {
            done = true;
            if (thread != null) thread.interrupt();
        }

        @Override
        public void run() {
            Duration every = direction == Direction.PUSH ? config.poll() : config.pull();
            Duration retry = null;
            try {
                while (!done && !stopped) {
                    signal.drainPermits(); // what was stored before this round is read by it
                    try {
                        Report r = direction == Direction.PUSH ? sync.push((Party.Peer) party) : sync.pull(party);
                        if (r.ok()) {
                            retry = null;
                        } else if (!done && !stopped) {
                            int failures = sync.ledger().state(party.key(), direction).map(PartyState::failures).orElse(1);
                            retry = RETRY.delay(failures, random);
                            LOG.warn("{}; next attempt in {} s", r.summary(), retry.toSeconds());
                        }
                    } catch (RuntimeException e) { // the ledger itself failed: try again later
                        retry = RETRY.delay(1, random);
                        LOG.warn("the {} round with {} failed: {}", direction.label(), party.key(), e.getMessage());
                    }
                    if (retry != null) {
                        time.sleep(retry); // no wake-up shortens a backoff
                    } else {
                        signal.tryAcquire(every.toMillis(), TimeUnit.MILLISECONDS);
                    }
                }
            } catch (InterruptedException e) {
                // stopped
            }
        }
    }

    @Override
    public void close() {
        stopped = true;
        Thread s;
        synchronized (this) {
            s = supervisor;
        }
        if (s != null) {
            s.interrupt();
            join(s);
        }
        List<Worker> all;
        synchronized (workers) {
            all = List.copyOf(workers.values());
            workers.clear();
        }
        all.forEach(Worker::stop);
        for (Worker w : all) if (w.thread != null) join(w.thread);
    }

    private static void join(Thread t) {
        try {
            t.join(Duration.ofSeconds(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
