package org.concord.federation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.concord.ConcordException;
import org.concord.ErrorCode;
import org.concord.node.NodeConfig;

/**
 * How sync runs, from the optional {@code sync} section of {@code node.json}:
 * <pre>
 * "sync": {
 *   "poll_seconds": 5,          // push rounds at least this often (and at once when something is stored)
 *   "pull_seconds": 60,         // pull rounds this often
 *   "page_size": 500,           // objects asked per page when pulling
 *   "push_batch": 500,          // local entries read per push post
 *   "timeout_seconds": 60,      // per request (connect: at most 10)
 *   "status_wait_seconds": 60   // how long a push waits for a pending status
 * }
 * </pre>
 */
public record SyncConfig(Duration poll, Duration pull, int pageSize, int pushBatch, Duration statusWait,
                         HttpTaxiiClient.Limits limits) {
    private static final Set<String> FIELDS = Set.of("poll_seconds", "pull_seconds", "page_size", "push_batch", "timeout_seconds",
            "status_wait_seconds");

    public SyncConfig {
        Objects.requireNonNull(poll, "poll");
        Objects.requireNonNull(pull, "pull");
        Objects.requireNonNull(statusWait, "statusWait");
        Objects.requireNonNull(limits, "limits");
        if (poll.isNegative() || poll.isZero()) throw invalid("sync.poll_seconds must be at least 1: " + poll.toSeconds());
        if (pull.isNegative() || pull.isZero()) throw invalid("sync.pull_seconds must be at least 1: " + pull.toSeconds());
        if (pageSize < 1 || pageSize > 10_000) throw invalid("sync.page_size must be 1..10000: " + pageSize);
        if (pushBatch < 1 || pushBatch > 10_000) throw invalid("sync.push_batch must be 1..10000: " + pushBatch);
    }

    /** The defaults: push every 5 s (and on every write), pull every 60 s, pages of 500. */
    public static SyncConfig defaults() {
        return new SyncConfig(Duration.ofSeconds(5), Duration.ofSeconds(60), 500, 500, Duration.ofSeconds(60), HttpTaxiiClient.Limits.DEFAULT);
    }

    /** The {@code sync} section of {@code dir/node.json}, defaults for what it does not say. */
    public static SyncConfig load(Path dir) {
        Path file = dir.resolve(NodeConfig.FILE);
        JsonNode s;
        try {
            s = new ObjectMapper().readTree(Files.readString(file)).path("sync");
        } catch (IOException e) {
            throw new ConcordException(ErrorCode.INVALID_CONFIGURATION, "cannot read " + file + ": " + e.getMessage());
        }
        if (s.isMissingNode()) return defaults();
        if (!s.isObject()) throw invalid(file + ": \"sync\" must be an object");
        for (Iterator<String> it = s.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) throw invalid(file + ": unknown field \"sync." + f + "\" (known: " + String.join(", ", new TreeSet<>(FIELDS)) + ")");
            if (!s.get(f).canConvertToInt()) throw invalid(file + ": \"sync." + f + "\" must be a whole number: " + s.get(f));
        }
        SyncConfig d = defaults();
        long timeout = s.path("timeout_seconds").asLong(d.limits().requestTimeout().toSeconds());
        if (timeout < 1) throw invalid(file + ": sync.timeout_seconds must be at least 1: " + timeout);
        HttpTaxiiClient.Limits limits = new HttpTaxiiClient.Limits(Duration.ofSeconds(Math.min(10, timeout)), Duration.ofSeconds(timeout),
                d.limits().maxPageBytes(), d.limits().maxResourceBytes());
        return new SyncConfig(Duration.ofSeconds(s.path("poll_seconds").asLong(5)), Duration.ofSeconds(s.path("pull_seconds").asLong(60)),
                s.path("page_size").asInt(d.pageSize()), s.path("push_batch").asInt(d.pushBatch()),
                Duration.ofSeconds(s.path("status_wait_seconds").asLong(60)), limits);
    }

    private static ConcordException invalid(String message) {
        return new ConcordException(ErrorCode.INVALID_CONFIGURATION, message);
    }
}
