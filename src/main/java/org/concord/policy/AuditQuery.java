package org.concord.policy;

import java.time.Instant;

/**
 * Which lines of the disclosure log to read: every filter is optional (null), lines come in the
 * order they were recorded, at most {@code limit} of them after {@code afterSeq} (for paging).
 *
 * @param partner  only decisions for this partner
 * @param objectId only decisions on this object id
 * @param since    only decisions made at or after this instant
 * @param until    only decisions made before this instant
 * @param afterSeq only lines after this position (0 from the start)
 * @param limit    at most this many lines, 1..10000
 */
public record AuditQuery(String partner, String objectId, Instant since, Instant until, long afterSeq, int limit) {
    public static final int MAX_LIMIT = 10_000;

    public AuditQuery {
        if (limit < 1 || limit > MAX_LIMIT) throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT + ": " + limit);
        if (afterSeq < 0) throw new IllegalArgumentException("afterSeq must not be negative: " + afterSeq);
        if (since != null && until != null && !since.isBefore(until)) {
            throw new IllegalArgumentException("since must be before until: " + since + " / " + until);
        }
    }

    /** Everything, first page. */
    public static AuditQuery all() {
        return new AuditQuery(null, null, null, null, 0, 1000);
    }

    /** Only decisions for partner {@code value}. */
    public AuditQuery partner(String value) {
        return new AuditQuery(value, objectId, since, until, afterSeq, limit);
    }

    /** Only decisions on object {@code value}. */
    public AuditQuery objectId(String value) {
        return new AuditQuery(partner, value, since, until, afterSeq, limit);
    }

    /** Only decisions in [{@code from}, {@code to}); either may be null. */
    public AuditQuery between(Instant from, Instant to) {
        return new AuditQuery(partner, objectId, from, to, afterSeq, limit);
    }

    /** The lines after position {@code seq} (the last of the previous page). */
    public AuditQuery after(long seq) {
        return new AuditQuery(partner, objectId, since, until, seq, limit);
    }

    /** At most {@code value} lines. */
    public AuditQuery limit(int value) {
        return new AuditQuery(partner, objectId, since, until, afterSeq, value);
    }
}
