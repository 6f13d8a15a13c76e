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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A collection as a feed: every version of the given types added to it, in {@code date_added}
 * order, read after a cursor, and an {@link EventFunction} saying which of them are events for
 * people and programs. The cursor is the collection's own {@code date_added} (strictly increasing
 * in commit order, docs/architecture.md), so a reader that keeps the last one it handled resumes
 * exactly, across restarts, and a TAXII client can use it as {@code added_after}.
 *
 * <p>Readers wait for {@link #changes()} to move: a write through this process's store wakes them
 * at once ({@link Store#onStored}); writes by other processes on the same database (a second node
 * process on PostgreSQL, the CLI) are found by a poll every {@code pollEvery}.
 *
 * <p>Nothing is copied or buffered here: the store is the queue, each reader holds only its cursor.
 * The node's feeds: the alerts ({@link AlertFeed}) and the cases collection ({@link ResponseEvents}).
 */
public class Feed implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Feed.class);

    private final Store store;
    private final String collectionId;
    private final List<String> types;
    private final EventFunction events;
    private final String name;
    private final Duration pollEvery;
    private final Time time;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private volatile long changes;
    private volatile Instant end;
    private volatile boolean closed;
    private Thread poller;

    /**
     * @param collectionId the id of the collection followed
     * @param types        the STIX types read (at least one; versions of other types are not in the feed)
     * @param events       which of those versions are events
     * @param name         what the feed is, in its thread's name and log lines (e.g. {@code alerts})
     * @param pollEvery    how often to look for writes by other processes
     * @param time         what the poll waits on
     */
    public Feed(Store store, String collectionId, List<String> types, EventFunction events, String name, Duration pollEvery,
                Time time) {
        this.store = Objects.requireNonNull(store, "store");
        this.collectionId = Objects.requireNonNull(collectionId, "collectionId");
        this.types = List.copyOf(types);
        if (this.types.isEmpty()) throw new IllegalArgumentException("a feed reads at least one type");
        this.events = Objects.requireNonNull(events, "events");
        this.name = Objects.requireNonNull(name, "name");
        if (pollEvery.isNegative() || pollEvery.isZero()) throw new IllegalArgumentException("pollEvery must be positive: " + pollEvery);
        this.pollEvery = pollEvery;
        this.time = Objects.requireNonNull(time, "time");
    }

    /** Listens to the store and starts polling (a virtual thread). */
    public synchronized Feed start() {
        if (poller != null) return this;
        store.onStored((collection, added) -> {
            if (collection.equals(collectionId) && !closed) signal();
        });
        poller = Thread.ofVirtual().name("concord-feed-" + name).start(this::poll);
        return this;
    }

    /** The id of the collection followed. */
    public String collectionId() {
        return collectionId;
    }

    /** Whether versions of {@code type} are in the feed. */
    public boolean reads(String type) {
        return types.contains(type);
    }

    /**
     * Up to {@code limit} versions of the feed's types added after {@code cursor} (null: from the
     * start), in date_added order; each comes with its date_added, the next cursor.
     */
    public List<StoredVersion> after(Instant cursor, int limit) {
        Page page = store.objects(collectionId, new ObjectFilter(cursor, List.of(), types, VersionMatch.ALL, List.of(), limit));
        return page.items();
    }

    /** The event {@code v} (a version read from this feed) is, or null when it is none ({@link EventFunction}). */
    public String event(StoredVersion v) {
        return events.event(v);
    }

    /**
     * The date_added of the last version of the feed's types now in the collection, or null if it holds none: a
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

    /** A number that grows whenever the collection may have gained versions; read it before reading the feed. */
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
                LOG.warn("polling the {} feed failed, retrying in {}: {}", name, pollEvery, e.getMessage());
                try {
                    time.sleep(pollEvery);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }
}
