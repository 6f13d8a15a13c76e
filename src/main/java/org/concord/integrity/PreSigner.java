package org.concord.integrity;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.concord.ConcordException;
import org.concord.Time;
import org.concord.store.SignatureCache;
import org.concord.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs the versions originated here ahead of any partner asking for them, so that a partner's
 * read finds every signature in the cache ({@link OriginSigner}): a background thread walks the
 * store in seq order, a range of {@value #CHUNK} versions at a time, signs those that have no
 * signature yet, keeps them in one write, and rests as long as it worked (at most half a core).
 * It wakes when a write of this store commits, and every {@link #POLL} for other processes'
 * writes. Import never waits for it.
 *
 * <p>The constructor does no I/O and starts nothing; {@link #start()} starts the thread,
 * {@link #close()} stops it. {@link #catchUp()} does a whole walk on the calling thread.
 */
public final class PreSigner implements AutoCloseable {
    /** Versions (by seq) looked at per query. */
    static final int CHUNK = 2_000;
    /** How long the thread sleeps without a write to wake it. */
    static final Duration POLL = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(PreSigner.class);

    private final Store store;
    private final SignatureCache cache;
    private final OriginSigner signer;
    private final Semaphore wake = new Semaphore(0);
    private final Object walking = new Object();
    private long walked; // versions up to this seq have been looked at (guarded by walking)
    private Thread thread;
    private volatile boolean closed;

    public PreSigner(Store store, OriginSigner signer) {
        this.store = Objects.requireNonNull(store, "store");
        this.cache = store.signatures();
        this.signer = Objects.requireNonNull(signer, "signer");
    }

    /** Starts the background thread (a low-priority daemon). */
    public synchronized PreSigner start() {
        if (thread != null) throw new IllegalStateException("already started");
        store.onStored((collection, added) -> wake.release());
        thread = Thread.ofPlatform().name("concord-presigner").daemon().priority(Thread.MIN_PRIORITY).start(this::run);
        return this;
    }

    /**
     * Looks at every version stored since the last walk and signs those originated here that have
     * no signature yet; returns how many signatures it computed.
     *
     * @throws ConcordException STORE_FAILURE when the store cannot be read or written
     */
    public long catchUp() {
        return walk(false);
    }

    private long walk(boolean paced) {
        synchronized (walking) {
            long made = 0;
            long last = cache.lastSeq();
            while (walked < last && !closed) {
                long through = Math.min(last, walked + CHUNK);
                long t0 = Time.system().nanoTime();
                List<SignatureCache.Unsigned> todo = cache.unsignedLocal(walked, through);
                int n = todo.isEmpty() ? 0 : signer.presign(todo);
                walked = through;
                made += n;
                if (paced && n > 0) pause(Time.system().nanoTime() - t0);
            }
            return made;
        }
    }

    private void run() {
        while (!closed) {
            long made = 0;
            try {
                made = walk(true);
                if (made > 0) LOG.debug("pre-signed {} versions", made);
            } catch (ConcordException | IllegalStateException e) {
                if (!closed) LOG.warn("pre-signing stopped for now and will resume: " + e.getMessage());
            }
            if (made == 0) idle(); // else look again at once: more may have come meanwhile
        }
    }

    /** Waits for a write (or close), at most {@link #POLL}. */
    private void idle() {
        try {
            if (wake.tryAcquire(POLL.toMillis(), TimeUnit.MILLISECONDS)) wake.drainPermits();
        } catch (InterruptedException e) {
            closed = true;
        }
    }

    /** Rests as long as the last chunk took, so the walk takes at most half a core. */
    private void pause(long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            closed = true;
        }
    }

    /** Stops the thread after the chunk in hand. */
    @Override
    public void close() {
        Thread t;
        synchronized (this) {
            closed = true;
            t = thread;
        }
        wake.release();
        if (t == null) return;
        try {
            t.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
