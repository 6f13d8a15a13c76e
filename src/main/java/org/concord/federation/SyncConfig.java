package org.concord.federation;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import org.concord.ConcordException;
import org.concord.ErrorCode;
import org.concord.config.Section;

/**
 * How sync runs, from the optional {@code sync} section of {@code node.json} ({@link #parse};
 * unknown fields refused):
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
    /** Its member of node.json. */
    public static final String SECTION = "sync";
    private static final Set<String> FIELDS = Set.of("poll_seconds", "pull_seconds", "page_size", "push_batch", "timeout_seconds",
            "status_wait_seconds", "comment");

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

    /** Parses the {@code "sync"} section of node.json (absent: the defaults). */
    public static SyncConfig parse(Section s) {
        SyncConfig d = defaults();
        s.known(FIELDS);
        int max = Integer.MAX_VALUE;
        Duration poll = s.seconds("poll_seconds", d.poll(), 1, max);
        Duration pull = s.seconds("pull_seconds", d.pull(), 1, max);
        int pageSize = s.integer("page_size", d.pageSize(), 1, 10_000);
        int pushBatch = s.integer("push_batch", d.pushBatch(), 1, 10_000);
        Duration timeout = s.seconds("timeout_seconds", d.limits().requestTimeout(), 1, max);
        Duration statusWait = s.seconds("status_wait_seconds", d.statusWait(), 0, max);
        HttpTaxiiClient.Limits limits = new HttpTaxiiClient.Limits(timeout.compareTo(Duration.ofSeconds(10)) < 0 ? timeout
                : Duration.ofSeconds(10), timeout, d.limits().maxPageBytes(), d.limits().maxResourceBytes());
        SyncConfig out = s.build(() -> new SyncConfig(poll, pull, pageSize, pushBatch, statusWait, limits));
        return out != null ? out : d;
    }

    private static ConcordException invalid(String message) {
        return new ConcordException(ErrorCode.INVALID_CONFIGURATION, message);
    }
}
