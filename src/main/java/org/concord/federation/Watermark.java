package org.concord.federation;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * How far a pull of one remote collection is complete: the greatest {@code date_added} (the
 * remote's own value, verbatim) such that every object the server added up to it is committed
 * here. It is what the checkpoint may hold, so that a round that stops anywhere, and the next
 * round that asks again with {@code added_after} = the checkpoint, lose nothing.
 *
 * <p>The server's {@code X-TAXII-Date-Added-Last} is not such a value by itself: servers give many
 * objects one {@code date_added} (medallion gives every object of one POST the same), so objects
 * added at a page's last instant may go on in the next page, and {@code added_after} = that
 * instant would skip them. Within one result set (one query, paged in {@code date_added} order,
 * TAXII 2.1 §3.4), after its pages up to {@code k} are committed:
 * <ul>
 *   <li>every object added strictly before page {@code k}'s last instant is here; so page
 *       {@code k}'s first instant is complete when it is earlier than its last;</li>
 *   <li>page {@code k}'s last instant is complete once a later page starts after it, or the result
 *       set ends there.</li>
 * </ul>
 * Comparing two of the remote's timestamps with each other is all this does; neither is ever
 * compared with this node's clock.
 */
final class Watermark {
    private String complete;
    /** The last instant of the newest committed page of the current result set, not yet known complete. */
    private String pending;

    /** @param checkpoint the stored checkpoint, or null when nothing was pulled yet */
    Watermark(String checkpoint) {
        this.complete = checkpoint;
    }

    /** Every object added up to this instant is here (null: nothing is known complete). */
    String complete() {
        return complete;
    }

    /** A new query begins (from {@link #complete()}): what was pending in the last one is forgotten. */
    void newQuery() {
        pending = null;
    }

    /**
     * A page of the current result set is committed, with its {@code X-TAXII-Date-Added-First} and
     * {@code -Last} (null when the server gave none) and whether more follow.
     */
    void committed(String first, String last, boolean more) {
        if (pending != null && first != null && later(first, pending)) raise(pending);
        if (first != null && last != null && later(last, first)) raise(first);
        if (!more) raise(last != null ? last : pending);
        if (last != null && (pending == null || later(last, pending))) pending = last;
        if (!more) pending = null;
    }

    /**
     * Paging goes on with a new query after {@code last} (a server that gives no {@code next}: the
     * §3.4 fallback), which takes everything up to it as complete.
     */
    void assume(String last) {
        raise(last);
        pending = null;
    }

    private void raise(String instant) {
        if (instant != null && (complete == null || later(instant, complete))) complete = instant;
    }

    /**
     * Whether the remote timestamp {@code a} is after {@code b}: as instants (RFC 3339, any
     * precision), or as text when one does not parse (a server's own format compares in order).
     */
    static boolean later(String a, String b) {
        try {
            return Instant.parse(a).isAfter(Instant.parse(b));
        } catch (DateTimeParseException e) {
            return a.compareTo(b) > 0;
        }
    }

    @Override
    public String toString() {
        return "Watermark[complete " + complete + ", pending " + pending + "]";
    }
}
