package org.concord.policy;

import java.time.Instant;

/**
 * Which lines of the disclosure log to read: every filter is optional (null), at most
 * {@code limit} lines strictly between {@code afterSeq} and {@code beforeSeq} (for paging), in the
 * order they were recorded or, with {@code newestFirst}, newest first.
 *
 * @param partner     only decisions for this partner
 * @param objectId    only decisions on this object id
 * @param since       only decisions made at or after this instant
 * @param until       only decisions made before this instant
 * @param afterSeq    only lines after this position (0 from the start)
 * @param limit       at most this many lines, 1..10000
 * @param beforeSeq   only lines before this position (0: up to the newest)
 * @param newestFirst the newest lines first (the newest {@code limit} of those selected), else the oldest first
 */
public record AuditQuery(String partner, String objectId, Instant since, Instant until, long afterSeq, int limit,
                         long beforeSeq, boolean newestFirst) {
    public static final int MAX_LIMIT = 10_000;

    public AuditQuery {
        if (limit < 1 || limit > MAX_LIMIT) throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT + ": " + limit);
        if (afterSeq < 0) throw new IllegalArgumentException("afterSeq must not be negative: " + afterSeq);
        if (beforeSeq < 0) throw new IllegalArgumentException("beforeSeq must not be negative: " + beforeSeq);
        if (since != null && until != null && !since.isBefore(until)) {
            throw new IllegalArgumentException("since must be before until: " + since + " / " + until);
        }
    }

    /** Oldest first, up to the newest line. */
    public AuditQuery(String partner, String objectId, Instant since, Instant until, long afterSeq, int limit) {
        this(partner, objectId, since, until, afterSeq, limit, 0, false);
    }

    /** Everything, first page, oldest first. */
    public static AuditQuery all() {
        return new AuditQuery(null, null, null, null, 0, 1000);
    }

    /** Only decisions for partner {@code value}. */
    public AuditQuery partner(String value) {
        return new AuditQuery(value, objectId, since, until, afterSeq, limit, beforeSeq, newestFirst);
    }

    /** Only decisions on object {@code value}. */
    public AuditQuery objectId(String value) {
        return new AuditQuery(partner, value, since, until, afterSeq, limit, beforeSeq, newestFirst);
    }

    /** Only decisions in [{@code from}, {@code to}); either may be null. */
    public AuditQuery between(Instant from, Instant to) {
        return new AuditQuery(partner, objectId, from, to, afterSeq, limit, beforeSeq, newestFirst);
    }

    /** The lines after position {@code seq} (the last of the previous page, oldest first). */
    public AuditQuery after(long seq) {
        return new AuditQuery(partner, objectId, since, until, seq, limit, beforeSeq, newestFirst);
    }

    /** The lines before position {@code seq} (the last of the previous page, newest first). */
    public AuditQuery before(long seq) {
        return new AuditQuery(partner, objectId, since, until, afterSeq, limit, seq, newestFirst);
    }

    /** The newest lines first. */
    public AuditQuery newest() {
        return new AuditQuery(partner, objectId, since, until, afterSeq, limit, beforeSeq, true);
    }

    /** At most {@code value} lines. */
    public AuditQuery limit(int value) {
        return new AuditQuery(partner, objectId, since, until, afterSeq, value, beforeSeq, newestFirst);
    }
}
