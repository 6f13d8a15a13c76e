package org.concord.store.jdbc;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.concord.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sqlite.SQLiteDataSource;

/**
 * Copies the embedded store's write-ahead log into the database file on a thread of its own, so
 * that the writer does not.
 *
 * <p>Left to SQLite, the connection whose commit takes the WAL past the autocheckpoint size copies
 * every page the WAL holds into the file and waits for the file to reach the disk (fsync), while
 * it holds the write lock: during a large import, a fifth of the writer's time was spent waiting
 * on that fsync (measured with {@code perf sched}, 1M indicators). Here, after commits, a daemon
 * thread runs a PASSIVE checkpoint, which copies the committed pages concurrently with the writer
 * and never blocks it. The writer's own autocheckpoint ({@link SqliteDialect#WAL_CHECKPOINT_PAGES})
 * still runs when the WAL reaches its size: it then finds nearly every page copied already, copies
 * the rest, and lets the next write start the WAL from its beginning (a PASSIVE checkpoint cannot:
 * SQLite restarts the WAL only when a write begins with every page of it copied, and the writer
 * keeps appending while this thread copies). A checkpoint runs once 32 MiB of objects were
 * committed since the last (8 MiB once the WAL is past half the writer's checkpoint size), or a
 * second after the last commit: often enough that the writer's checkpoint finds little to copy,
 * seldom enough that pages a burst of writes keeps rewriting (index leaves) are copied few times.
 *
 * <p>Durability is SQLite's own: a checkpoint syncs the WAL before it overwrites a page of the file.
 */
final class WalCheckpointer implements AutoCloseable {
    private static final Time TICKER = Time.system(); // idle time between commits: the process's own, not the node's clock
    private static final Logger LOG = LoggerFactory.getLogger(WalCheckpointer.class);
    /** Object bytes committed before a checkpoint copies them: one copy of the pages a burst rewrites. */
    static final long PASS_BYTES = 32L << 20;
    /**
     * The same, once the WAL is past half the writer's checkpoint size: the writer's own checkpoint,
     * when it comes, then finds little left to copy while it holds the write lock.
     */
    static final long PASS_BYTES_NEAR_LIMIT = 8L << 20;
    /** How long after the last commit a smaller amount is copied anyway. */
    static final long IDLE_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final SQLiteDataSource source;
    private final String description;
    private final Thread thread;
    private final AtomicLong pending = new AtomicLong(); // object bytes committed and not yet copied
    private volatile long lastCommit;
    private volatile boolean closed;

    private WalCheckpointer(SQLiteDataSource source, String description) {
        this.source = source;
        this.description = description;
        this.thread = new Thread(this::run, "concord-store-checkpoint");
        this.thread.setDaemon(true);
    }

    /** Starts the checkpoint thread of the store {@code source} opens. */
    static WalCheckpointer start(SQLiteDataSource source, String description) {
        WalCheckpointer c = new WalCheckpointer(source, description);
        c.thread.start();
        return c;
    }

    /**
     * The checkpointer the embedded store at {@code file} runs, for a tool that writes its schema on
     * a connection of its own (the import benchmark's floor, in this package's test sources); it must
     * call {@link #committed}.
     */
    static WalCheckpointer on(java.nio.file.Path file) {
        return start(SqliteDialect.checkpointSource(file), "the embedded store " + file.toAbsolutePath());
    }

    /** A write committed, with about {@code bytes} bytes of objects (at least 1). Returns at once. */
    void committed(long bytes) {
        lastCommit = TICKER.nanoTime();
        pending.addAndGet(Math.max(1, bytes));
        LockSupport.unpark(thread);
    }

    private void run() {
        Connection c = null;
        long passBytes = PASS_BYTES;
        while (!closed) {
            long p = pending.get();
            if (p == 0) {
                LockSupport.park(this);
                continue;
            }
            long idle = TICKER.nanoTime() - lastCommit;
            if (p < passBytes && idle < IDLE_NANOS) {
                LockSupport.parkNanos(this, IDLE_NANOS - idle);
                continue;
            }
            pending.addAndGet(-p);
            try {
                if (c == null) c = source.getConnection();
                long walPages = checkpoint(c);
                passBytes = walPages >= SqliteDialect.WAL_CHECKPOINT_PAGES / 2 ? PASS_BYTES_NEAR_LIMIT : PASS_BYTES;
            } catch (SQLException | RuntimeException e) {
                // the writer's autocheckpoint still bounds the WAL; try again after the next commit
                LOG.warn("background checkpoint of " + description + " failed: " + e.getMessage());
                c = closeQuietly(c);
            }
        }
        closeQuietly(c);
    }

    /**
     * One PASSIVE checkpoint: copies what no reader still needs from the WAL; never waits for a
     * lock. Returns the pages the WAL holds.
     */
    static long checkpoint(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
            return rs.next() ? rs.getLong(2) : 0; // (busy, pages in the WAL, pages copied)
        }
    }

    private static Connection closeQuietly(Connection c) {
        if (c == null) return null;
        try {
            c.close();
        } catch (SQLException e) {
            // closing only
        }
        return null;
    }

    /** Stops the thread, waiting for a checkpoint in progress to end. */
    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
