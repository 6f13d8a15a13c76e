package org.concord.policy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.function.Supplier;
import org.concord.ConcordException;
import org.concord.node.NodeConfig;

/**
 * The agreements of a running node, read again from its {@code node.json} when the file changes:
 * an operator edits an agreement and the next read or push follows it, without a restart. The file
 * is looked at no more than once a second (of the node's clock); a file that no longer parses is
 * reported (once per change) and the agreements last read stay in force — a typo never opens or
 * closes the node to a partner by accident.
 */
public final class AgreementsFile implements Supplier<Agreements> {
    private static final System.Logger LOG = System.getLogger(AgreementsFile.class.getName());
    private static final Duration CHECK_EVERY = Duration.ofSeconds(1);

    private final Path dir, file;
    private final InstantSource clock;
    private volatile Agreements current;
    private volatile Object stamp; // the file's modification time and size when last read
    private volatile Instant checkedAt;

    /**
     * Reads the agreements of the node in {@code dir} now; looks at the file again at most once a
     * second of the system clock.
     *
     * @throws ConcordException INVALID_CONFIGURATION as {@link Agreements#load} does
     */
    public AgreementsFile(Path dir) {
        this(dir, InstantSource.system());
    }

    /** As {@link #AgreementsFile(Path)}, a second being one of {@code clock} (the node's: tests advance it). */
    public AgreementsFile(Path dir, InstantSource clock) {
        this.dir = Objects.requireNonNull(dir, "dir");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.file = dir.resolve(NodeConfig.FILE);
        this.stamp = stampOf(file);
        this.current = Agreements.load(dir);
        this.checkedAt = clock.instant();
    }

    /** The agreements in force: those of node.json as it was at most a second ago. */
    @Override
    public Agreements get() {
        if (due(clock.instant())) reloadIfChanged();
        return current;
    }

    /** A second since the last look, either way (a clock set back does not stop the looks). */
    private boolean due(Instant now) {
        return Duration.between(checkedAt, now).abs().compareTo(CHECK_EVERY) >= 0;
    }

    private synchronized void reloadIfChanged() {
        Instant now = clock.instant();
        if (!due(now)) return; // another thread just did
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
