package org.concord.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
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
 * keeps appending while this thread copies).
 *
 * <p>Durability is SQLite's own: a checkpoint syncs the WAL before it overwrites a page of the file.
 */
final class WalCheckpointer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(WalCheckpointer.class.getName());
    /** The least time between two checkpoints: many small commits share one (and one fsync). */
    static final long MIN_INTERVAL_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    private final SQLiteDataSource source;
    private final String description;
    private final Thread thread;
    private volatile boolean due;
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

    /** A write committed: the WAL holds pages to copy. Returns at once. */
    void committed() {
        if (!due) {
            due = true;
            LockSupport.unpark(thread);
        }
    }

    private void run() {
        Connection c = null;
        long last = System.nanoTime() - MIN_INTERVAL_NANOS;
        while (!closed) {
            if (!due) {
                LockSupport.park(this);
                continue;
            }
            long wait = last + MIN_INTERVAL_NANOS - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(this, wait);
                continue;
            }
            due = false;
            last = System.nanoTime();
            try {
                if (c == null) c = source.getConnection();
                checkpoint(c);
            } catch (SQLException | RuntimeException e) {
                // the writer's autocheckpoint still bounds the WAL; try again after the next commit
                LOG.log(System.Logger.Level.WARNING, "background checkpoint of " + description + " failed: " + e.getMessage());
                c = closeQuietly(c);
            }
        }
        closeQuietly(c);
    }

    /** One PASSIVE checkpoint: copies what no reader still needs from the WAL; never waits for a lock. */
    static void checkpoint(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
            rs.next(); // (busy, frames in the WAL, frames copied): nothing to act on
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
