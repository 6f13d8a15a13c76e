package org.concord.node;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import org.concord.ConcordException;
import org.concord.ErrorCode;
import org.concord.Time;

/**
 * One process per node folder: the lock file {@code node.lock}, locked with the operating system's
 * file locks ({@link FileChannel#tryLock}), which it releases when the process ends, however it
 * ends — so a crashed {@code serve} never leaves a stale lock to clean up.
 *
 * <p>Two byte ranges of the file are locked:
 * <ul>
 *   <li>the <b>serving</b> byte, exclusive, by the one process that serves the folder ({@code serve},
 *       or {@code demo} for each of its nodes) — a second one is refused, naming the first (its pid,
 *       command and start time, written in the file);</li>
 *   <li>the <b>open</b> byte, shared by every process that has the node open ({@link Node#open}:
 *       {@code import}, {@code export}, {@code token}, … and {@code serve} itself), exclusive only
 *       while {@code demo} replaces the folder — so the demo never deletes files under another
 *       process, and an {@code import} beside a running {@code serve} stays possible (both
 *       stores take writers from several processes: SQLite's lock, PostgreSQL's advisory lock).</li>
 * </ul>
 * Within one process the locks are counted, not taken twice (the JDK refuses overlapping locks in
 * one process, and closing any channel on the file would drop them all). The file is never
 * deleted: a process that deleted it could leave a second one locking a new file of the same name.
 */
public final class NodeLock implements AutoCloseable {
    /** The lock file in a node folder. */
    public static final String FILE = "node.lock";
    private static final long SERVING = 0, OPEN = 1;
    private static final int MAX_HOLDER = 300;

    /** Folders this process has locked, by real path; guarded by the class. */
    private static final Map<Path, Held> HELD = new HashMap<>();

    /** The locks this process holds on one folder, and how many handles use them. */
    private static final class Held {
        final Path file;
        final FileChannel channel; // null: a read-only folder without a lock file, which nobody can serve or replace
        final boolean writable; // the channel can take exclusive locks
        FileLock serving;
        FileLock open;
        int handles;
        boolean served;

        Held(Path file, FileChannel channel, boolean writable) {
            this.file = file;
            this.channel = channel;
            this.writable = writable;
        }
    }

    private enum Mode { OPEN, SERVE, REPLACE }

    private final Path key;
    private final Mode mode;
    private boolean ownsServing, replacing, closed;

    private NodeLock(Path key, Mode mode) {
        this.key = key;
        this.mode = mode;
    }

    /**
     * The folder {@code dir} open in this process, beside others (shared). Best effort where the
     * folder is read-only and has no lock file: nobody can serve or replace such a folder anyway.
     *
     * @throws ConcordException IN_USE while a {@code demo} is replacing the folder
     */
    public static NodeLock open(Path dir) {
        return acquire(dir, Mode.OPEN, null);
    }

    /**
     * The folder {@code dir} served by this process: refused while another process (or another
     * server in this one) serves it. {@code command} ("serve") is written in the lock file, to name
     * the holder to whoever is refused.
     *
     * @throws ConcordException IN_USE when another process serves the folder; FORBIDDEN when the lock
     *         file cannot be written (a read-only folder)
     */
    public static NodeLock serve(Path dir, String command) {
        return acquire(dir, Mode.SERVE, command);
    }

    /**
     * The folder {@code dir} held alone, to be emptied and written anew (the demo's node folders),
     * and then served by this process: call {@link #replaced()} once it is written, so that other
     * processes may open it again (import beside the demo).
     *
     * @throws ConcordException IN_USE when another process has it open or serves it
     */
    public static NodeLock replace(Path dir, String command) {
        return acquire(dir, Mode.REPLACE, command);
    }

    /** The folder is written: other processes may open it (this one still serves it). */
    public void replaced() {
        synchronized (NodeLock.class) {
            if (!replacing || closed) return;
            Held h = HELD.get(key);
            try {
                h.open.release();
                h.open = lock(h, OPEN, true);
            } catch (IOException e) {
                throw new ConcordException(ErrorCode.INTERNAL, "cannot relock " + h.file + ": " + e.getMessage(), e);
            }
            if (h.open == null) {
                // only a process holding the serving byte may lock the open byte exclusively, and this one does
                throw new ConcordException(ErrorCode.INTERNAL, "lost the lock of " + h.file);
            }
            replacing = false;
        }
    }

    private static NodeLock acquire(Path dir, Mode mode, String command) {
        Path key = realFolder(dir);
        synchronized (NodeLock.class) {
            Held h = HELD.get(key);
            boolean fresh = h == null;
            if (fresh) h = openFile(key, mode != Mode.OPEN);
            if (mode != Mode.OPEN && !h.writable) {
                throw notWritable(key, new AccessDeniedException(h.file.toString())); // opened read-only earlier in this process
            }
            NodeLock handle = new NodeLock(key, mode);
            try {
                switch (mode) {
                    case OPEN -> openShared(h);
                    case SERVE -> {
                        if (h.served) throw inUse(key, "this process already serves it");
                        if (h.serving == null) {
                            h.serving = lock(h, SERVING, false);
                            if (h.serving == null) throw inUse(key, holder(h));
                            handle.ownsServing = true;
                            writeHolder(h, command);
                        }
                        openShared(h);
                        h.served = true;
                    }
                    case REPLACE -> {
                        if (h.handles > 0) throw inUse(key, "this process has it open");
                        h.serving = lock(h, SERVING, false);
                        if (h.serving == null) throw inUse(key, holder(h));
                        handle.ownsServing = true;
                        h.open = lock(h, OPEN, false);
                        if (h.open == null) {
                            h.serving.release();
                            h.serving = null;
                            handle.ownsServing = false;
                            throw inUse(key, "another concord process has it open (an import, an export…); let it finish");
                        }
                        handle.replacing = true;
                        writeHolder(h, command);
                        h.served = true;
                    }
                }
            } catch (IOException e) {
                if (fresh) closeQuietly(h);
                throw new ConcordException(ErrorCode.INTERNAL, "cannot lock " + h.file + ": " + e.getMessage(), e);
            } catch (RuntimeException e) {
                if (fresh) closeQuietly(h);
                throw e;
            }
            h.handles++;
            HELD.put(key, h);
            return handle;
        }
    }

    private static void openShared(Held h) throws IOException {
        if (h.open != null || h.channel == null) return;
        h.open = lock(h, OPEN, true);
        if (h.open == null) throw inUse(h.file.getParent(), "concord demo is replacing it: " + holder(h));
    }

    /** The lock, or null when another process holds a conflicting one. */
    private static FileLock lock(Held h, long position, boolean shared) throws IOException {
        try {
            return h.channel.tryLock(position, 1, shared);
        } catch (OverlappingFileLockException e) {
            return null; // cannot happen through HELD; treated as held elsewhere
        }
    }

    private static Path realFolder(Path dir) {
        try {
            Path real = dir.toRealPath();
            if (!Files.isDirectory(real)) throw noNode(dir);
            return real;
        } catch (NoSuchFileException e) {
            throw noNode(dir);
        } catch (IOException e) {
            throw new ConcordException(ErrorCode.FORBIDDEN, "cannot reach the node folder " + dir.toAbsolutePath() + ": " + reason(e));
        }
    }

    private static ConcordException noNode(Path dir) {
        return new ConcordException(ErrorCode.INVALID_CONFIGURATION, "no node folder " + dir.toAbsolutePath());
    }

    private static Held openFile(Path dir, boolean mustWrite) {
        Path file = dir.resolve(FILE);
        try {
            return new Held(file, FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE), true);
        } catch (FileSystemException e) { // permission denied, a read-only file system
            if (mustWrite) throw notWritable(dir, e);
            try { // a read-only folder: a shared lock needs only read access, where the file exists
                return new Held(file, Files.exists(file) ? FileChannel.open(file, StandardOpenOption.READ) : null, false);
            } catch (IOException again) {
                return new Held(file, null, false);
            }
        } catch (IOException e) {
            throw new ConcordException(ErrorCode.INTERNAL, "cannot open " + file + ": " + e.getMessage(), e);
        }
    }

    /** {@code what} (the node folder, or a folder or file in it) cannot be written, and what to do. */
    static ConcordException notWritable(Path what, IOException e) {
        Object shown = e instanceof FileSystemException f && f.getFile() != null ? f.getFile() : what;
        return new ConcordException(ErrorCode.FORBIDDEN, shown + " is not writable (" + reason(e) + "): make the node folder"
                + " and everything in it writable by the user running concord (" + System.getProperty("user.name")
                + "), e.g. with chown -R, or run concord as the folder's owner");
    }

    /** What the operating system said, without the exception's class. */
    static String reason(IOException e) {
        if (e instanceof FileSystemException f) {
            String why = f.getReason();
            if (e instanceof AccessDeniedException) why = "permission denied";
            else if (e instanceof NoSuchFileException) why = "no such file or folder";
            return why == null ? "refused" : why;
        }
        return String.valueOf(e.getMessage());
    }

    private static ConcordException inUse(Path dir, String by) {
        return new ConcordException(ErrorCode.IN_USE, "the node folder " + dir + " is in use: " + by
                + ". One process serves a node folder: stop the other one first, or use another --dir");
    }

    /** Who wrote the lock file last (the process serving the folder), as the file says. */
    private static String holder(Held h) {
        try {
            ByteBuffer b = ByteBuffer.allocate(MAX_HOLDER);
            int n = h.channel.read(b, 0);
            String text = n <= 0 ? "" : new String(b.array(), 0, n, StandardCharsets.UTF_8).strip();
            if (!text.isEmpty() && text.chars().allMatch(c -> c >= 0x20 && c < 0x7F)) return "held by " + text;
        } catch (IOException e) {
            // say less
        }
        return "held by another concord process";
    }

    private static void writeHolder(Held h, String command) throws IOException {
        String text = "concord " + command + " (pid " + ProcessHandle.current().pid() + ", since "
                + Time.system().instant().truncatedTo(ChronoUnit.SECONDS) + ")\n";
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        h.channel.truncate(0);
        h.channel.write(ByteBuffer.wrap(bytes), 0);
    }

    private static void closeQuietly(Held h) {
        try {
            if (h.channel != null) h.channel.close(); // releases its locks
        } catch (IOException e) {
            // nothing held
        }
    }

    /** Releases what this handle took; the last handle of the folder in this process closes the file. */
    @Override
    public void close() {
        synchronized (NodeLock.class) {
            if (closed) return;
            closed = true;
            Held h = HELD.get(key);
            if (h == null) return;
            try {
                if (mode != Mode.OPEN) h.served = false;
                if (ownsServing && h.serving != null) {
                    if (h.channel.isOpen()) h.channel.truncate(0);
                    h.serving.release();
                    h.serving = null;
                }
                if (replacing && h.open != null) { // never marked replaced: release the exclusive lock now
                    h.open.release();
                    h.open = null;
                    if (h.handles > 1) h.open = lock(h, OPEN, true);
                }
            } catch (IOException e) {
                // released with the channel below, or by the OS at exit
            }
            if (--h.handles == 0) {
                HELD.remove(key);
                closeQuietly(h);
            }
        }
    }
}
