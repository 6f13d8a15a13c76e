package org.concord.policy;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.function.Supplier;
import org.concord.ConcordException;
import org.concord.config.ConfigFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agreements of a running node, read again from its {@code node.json} when the file changes:
 * an operator edits an agreement and the next read or push follows it, without a restart. The file
 * is looked at no more than once a second (of the node's clock) and parsed by the same
 * {@link Agreements#parse} as at start; a file that no longer parses is reported (once per change)
 * and the agreements last read stay in force — a typo never opens or closes the node to a partner
 * by accident.
 */
public final class AgreementsFile implements Supplier<Agreements> {
    private static final Logger LOG = LoggerFactory.getLogger(AgreementsFile.class);
    private static final Duration CHECK_EVERY = Duration.ofSeconds(1);

    private final Path file;
    private final InstantSource clock;
    private volatile String stamp; // what the file was when last read
    private volatile Agreements current;
    private volatile Instant checkedAt;

    /**
     * The agreements {@code agreements}, parsed from {@code read} (the node.json the node started
     * with); the file is looked at again a second of {@code clock} later. Does no I/O.
     */
    public AgreementsFile(ConfigFile read, Agreements agreements, InstantSource clock) {
        this.file = read.file();
        this.stamp = read.stamp();
        this.current = Objects.requireNonNull(agreements, "agreements");
        this.clock = Objects.requireNonNull(clock, "clock");
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
        String seen = ConfigFile.stampOf(file);
        if (Objects.equals(seen, stamp)) return;
        stamp = seen;
        try {
            current = ConfigFile.read(file).parse(root -> Agreements.parse(root.get("agreements")));
            LOG.info("agreements read again from " + file + ": " + current.all().size() + " in force");
        } catch (ConcordException e) {
            LOG.warn("agreements in " + file + " not applied, the previous ones stay in force: "
                    + e.getMessage());
        }
    }
}
