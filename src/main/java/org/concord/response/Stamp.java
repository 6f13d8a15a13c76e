package org.concord.response;

import java.time.Instant;
import java.util.Objects;
import org.concord.ConcordException;
import org.concord.ErrorCode;
import org.concord.stix.StixTimestamp;

/**
 * The stamp of one write to a case or task (docs/response-design.md §2): when, in milliseconds, and
 * which member identity wrote it. Stamps compare by {@code at}, then by writer id, so any two
 * writes are ordered and two entries with one stamp are the same write.
 *
 * @param at     milliseconds since the epoch, as the writer chose it (a hybrid logical clock)
 * @param writer the writer's member identity id ({@code identity--…})
 */
public record Stamp(long at, String writer) implements Comparable<Stamp> {

    public Stamp {
        Objects.requireNonNull(writer, "writer");
        if (!writer.startsWith("identity--")) {
            throw new ConcordException(ErrorCode.INVALID_ARGUMENT, "a writer must be a member identity id: " + writer);
        }
        if (at < 0) throw new ConcordException(ErrorCode.INVALID_ARGUMENT, "a stamp's time must not be before 1970: " + at);
    }

    /** The stamp a writer gives its next write: its clock, but always after {@code greatest} (may be null). */
    static Stamp next(String writer, Instant now, Stamp greatest) {
        long at = now.toEpochMilli();
        return new Stamp(greatest == null ? at : Math.max(at, greatest.at + 1), writer);
    }

    /** {@code at} as a STIX timestamp with milliseconds, as written in {@code fields} and set entries. */
    public String time() {
        return StixTimestamp.formatMillis(Instant.ofEpochMilli(at));
    }

    @Override
    public int compareTo(Stamp o) {
        int c = Long.compare(at, o.at);
        return c != 0 ? c : writer.compareTo(o.writer);
    }

    static Stamp max(Stamp a, Stamp b) {
        return a == null ? b : b == null ? a : a.compareTo(b) >= 0 ? a : b;
    }
}
