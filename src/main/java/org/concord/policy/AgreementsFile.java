package org.concord.policy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.function.Supplier;
import org.concord.ConcordException;
import org.concord.node.NodeConfig;

/**
 * The agreements of a running node, read again from its {@code node.json} when the file changes:
 * an operator edits an agreement and the next read or push follows it, without a restart. The file
 * is looked at no more than once per {@code checkEveryNanos}; a file that no longer parses is
 * reported (once per change) and the agreements last read stay in force — a typo never opens or
 * closes the node to a partner by accident.
 */
public final class AgreementsFile implements Supplier<Agreements> {
    private static final System.Logger LOG = System.getLogger(AgreementsFile.class.getName());
    private static final long CHECK_EVERY_NANOS = 1_000_000_000L;

    private final Path dir, file;
    private volatile Agreements current;
    private volatile Object stamp; // the file's modification time and size when last read
    private volatile long checkedAt;

    /**
     * Reads the agreements of the node in {@code dir} now.
     *
     * @throws ConcordException INVALID_CONFIGURATION as {@link Agreements#load} does
     */
    public AgreementsFile(Path dir) {
        this.dir = Objects.requireNonNull(dir, "dir");
        this.file = dir.resolve(NodeConfig.FILE);
        this.stamp = stampOf(file);
        this.current = Agreements.load(dir);
        this.checkedAt = System.nanoTime();
    }

    /** The agreements in force: those of node.json as it was at most a second ago. */
    @Override
    public Agreements get() {
        long now = System.nanoTime();
        if (now - checkedAt >= CHECK_EVERY_NANOS) reloadIfChanged(now);
        return current;
    }

    private synchronized void reloadIfChanged(long now) {
        if (now - checkedAt < CHECK_EVERY_NANOS) return; // another thread just did
        checkedAt = now;
        Object seen = stampOf(file);
        if (Objects.equals(seen, stamp)) return;
        stamp = seen;
        try {
            current = Agreements.load(dir);
            LOG.log(System.Logger.Level.INFO, "agreements read again from " + file + ": " + current.all().size() + " in force");
        } catch (ConcordException e) {
            LOG.log(System.Logger.Level.WARNING, "agreements in " + file + " not applied, the previous ones stay in force: "
                    + e.getMessage());
        }
    }

    private static Object stampOf(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return a.lastModifiedTime().toMillis() + ":" + a.size() + ":" + a.fileKey();
        } catch (IOException e) {
            return null;
        }
    }
}
