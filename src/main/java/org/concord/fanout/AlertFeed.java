package org.concord.fanout;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.concord.Time;
import org.concord.store.ObjectFilter;
import org.concord.store.Page;
import org.concord.store.Store;
import org.concord.store.StoredVersion;
import org.concord.store.VersionMatch;
import org.concord.warning.AlertMeaning;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's alerts collection as a feed: every version of an {@code x-concord-alert} added to the
 * collection, in {@code date_added} order, read after a cursor. The cursor is the collection's own
 * {@code date_added} (strictly increasing in commit order, docs/architecture.md), so a reader that
 * keeps the last one it handled resumes exactly, across restarts, and a TAXII client can use it as
 * {@code added_after}.
 *
 * <p>Readers wait for {@link #changes()} to move: a write through this process's store wakes them
 * at once ({@link Store#onStored}); writes by other processes on the same database (a second node
 * process on PostgreSQL, the CLI) are found by a poll every {@code pollEvery}.
 *
 * <p>Nothing is copied or buffered here: the store is the queue, each reader holds only its cursor.
 *
 * <p>People get one event per change of an alert's meaning ({@link #changesMeaning}): a version
 * that says no more than what the node held of the alert before it (a partner's view, stored and
 * served all the same) is no event for webhooks, members' streams or {@code concord alerts --follow}.
 */
public final class AlertFeed implements AutoCloseable {
    /** The STIX type of an alert (docs/warning.md). */
    public static final String ALERT_TYPE = "x-concord-alert";
    private static final Logger LOG = LoggerFactory.getLogger(AlertFeed.class);

    private final Store store;
    private final String collectionId;
    private final Duration pollEvery;
    private final Time time;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private volatile long changes;
    private volatile Instant end;
    private volatile boolean closed;
    private Thread poller;

    /**
     * @param collectionId the id of the node's alerts collection
     * @param pollEvery    how often to look for writes by other processes
     * @param time         what the poll waits on
     */
    public AlertFeed(Store store, String collectionId, Duration pollEvery, Time time) {
        this.store = Objects.requireNonNull(store, "store");
        this.collectionId = Objects.requireNonNull(collectionId, "collectionId");
        if (pollEvery.isNegative() || pollEvery.isZero()) throw new IllegalArgumentException("pollEvery must be positive: " + pollEvery);
        this.pollEvery = pollEvery;
        this.time = Objects.requireNonNull(time, "time");
    }

    /** Listens to the store and starts polling (a virtual thread). */
    public synchronized AlertFeed start() {
        if (poller != null) return this;
        store.onStored((collection, added) -> {
            if (collection.equals(collectionId) && !closed) signal();
        });
        poller = Thread.ofVirtual().name("concord-alert-feed").start(this::poll);
        return this;
    }

    /** The id of the alerts collection. */
    public String collectionId() {
        return collectionId;
    }

    /**
     * Up to {@code limit} alert versions added after {@code cursor} (null: from the start), in
     * date_added order; each comes with its date_added, the next cursor.
     */
    public List<StoredVersion> after(Instant cursor, int limit) {
        Page page = store.objects(collectionId, new ObjectFilter(cursor, List.of(), List.of(ALERT_TYPE), VersionMatch.ALL,
                List.of(), limit));
        return page.items();
    }

    /**
     * Whether {@code v} (a version read from this feed) changes the meaning of its alert
     * ({@link AlertMeaning}): it covers the join of every version of the alert added to the collection
     * before it, and says more. One read of the alert's versions.
     */
    public boolean changesMeaning(StoredVersion v) {
        String id = v.object().id();
        AlertMeaning before = AlertMeaning.NONE;
        ObjectFilter filter = new ObjectFilter(null, List.of(id), List.of(ALERT_TYPE), VersionMatch.ALL, List.of(), ObjectFilter.MAX_LIMIT);
        while (true) {
            Page page = store.objects(collectionId, filter);
            for (StoredVersion o : page.items()) {
                if (o.dateAdded().isBefore(v.dateAdded())) before = before.join(AlertMeaning.of(o.object()));
            }
            if (!page.more() || page.items().isEmpty()) break;
            filter = filter.after(page.items().getLast().dateAdded());
        }
        return AlertMeaning.of(v.object()).changes(before);
    }

    /**
     * The date_added of the last alert version now in the collection, or null if it holds none: a
     * reader that starts here receives only what is added from now on.
     */
    public Instant end() {
        Instant at = end;
        while (true) {
            List<StoredVersion> page = after(at, ObjectFilter.MAX_LIMIT);
            if (page.isEmpty()) break;
            at = page.getLast().dateAdded();
        }
        advanceEnd(at);
        return at;
    }

    /** A number that grows whenever the collection may have gained alerts; read it before reading the feed. */
    public long changes() {
        return changes;
    }

    /**
     * Waits until {@link #changes()} is greater than {@code seen}, the feed is closed, or
     * {@code atMost} has passed; returns {@link #changes()}.
     */
    public long await(long seen, Duration atMost) throws InterruptedException {
        long nanos = atMost.toNanos();
        lock.lock();
        try {
            while (changes <= seen && !closed && nanos > 0) nanos = changed.awaitNanos(nanos);
            return changes;
        } finally {
            lock.unlock();
        }
    }

    /** Whether {@link #close()} was called: readers stop. */
    public boolean closed() {
        return closed;
    }

    /** Stops polling and wakes every waiting reader. The store stays open. */
    @Override
    public void close() {
        closed = true;
        signal();
        Thread p;
        synchronized (this) {
            p = poller;
        }
        if (p != null) {
            p.interrupt();
            try {
                p.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void signal() {
        lock.lock();
        try {
            changes++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void advanceEnd(Instant at) {
        lock.lock();
        try {
            if (at != null && (end == null || at.isAfter(end))) end = at;
        } finally {
            lock.unlock();
        }
    }

    /** Every pollEvery: has the collection grown past the last end seen (by this process or another)? */
    private void poll() {
        while (!closed) {
            try {
                Instant before = end;
                Instant now = end();
                if (now != null && !now.equals(before)) signal();
                time.sleep(pollEvery);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (closed) return;
                LOG.warn("polling the alerts collection failed, retrying in {}: {}", pollEvery, e.getMessage());
                try {
                    time.sleep(pollEvery);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }
}
