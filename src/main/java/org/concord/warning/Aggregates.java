package org.concord.warning;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.concord.stix.StixObject;
import org.concord.stix.StixTimestamp;
import org.concord.stix.Tlp;

/**
 * The fold of repeated reports: one sighting object per (reporter, target, window of first_seen,
 * window of last_seen), id {@link Ids#sighting}. Reports add to an aggregate's pending delta in
 * memory; {@link #due} hands out the aggregates to write, each at most once per flush interval,
 * and the writer adds the delta to the stored version (count summed, first_seen min, last_seen
 * max). A sensor reporting every hit therefore adds at most one version per aggregate and flush
 * interval to the store, whatever its rate. Single-threaded; {@link Correlator} guards it.
 */
final class Aggregates {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One aggregate: what is stored of it (as far as this process knows) and what is pending. */
    static final class Aggregate {
        final long hi, lo;
        final Reporter reporter;
        Target target; // replaced when a target that was not in the store arrives
        final Correlation.Slots slots = new Correlation.Slots();
        final long firstWindow, lastWindow;
        Aggregate next; // others of the same target
        long pendingCount, pendingFirst = Long.MAX_VALUE, pendingLast = Long.MIN_VALUE;
        int tlp;
        long storedCount; // count of the last version this process wrote or read, 0 if none
        long storedFirst = Long.MAX_VALUE, storedLast = Long.MIN_VALUE;
        long lastWrite = Long.MIN_VALUE; // when this process last wrote it, microseconds
        String created, modified; // of the version this process last wrote
        boolean dirty;
        boolean queued; // in the dirty list (which drops clean ones at compact())

        Aggregate(long hi, long lo, Reporter reporter, Target target, long firstWindow, long lastWindow) {
            this.hi = hi;
            this.lo = lo;
            this.reporter = reporter;
            this.target = target;
            this.firstWindow = firstWindow;
            this.lastWindow = lastWindow;
        }

        String id() {
            return Ids.format("sighting", hi, lo);
        }

        /** What correlation should count now: stored and pending together. */
        Observation observation() {
            return new Observation(hi, lo, target, List.of(reporter), storedCount + pendingCount, Math.min(storedFirst, pendingFirst),
                    Math.max(storedLast, pendingLast), tlp);
        }
    }

    /**
     * A due aggregate's delta, and the version this process last wrote of it (if any: {@code created}
     * not null), taken under the lock, written outside it.
     */
    record Flush(Aggregate aggregate, long count, long first, long last, int tlp, long baseCount, long baseFirst,
                 long baseLast, String created, String modified) {
        boolean written() {
            return created != null;
        }
    }

    private final long window;
    private final Map<String, Aggregate> byTarget = new HashMap<>();
    private final List<Aggregate> dirty = new ArrayList<>();
    private int size;

    Aggregates(Rule rule) {
        this.window = rule.windowMicros();
    }

    /** The aggregate of a report by {@code reporter} (an identity id) of {@code target}, if there is one already. */
    Aggregate find(String reporter, String target, long first, long last) {
        long fw = Math.floorDiv(first, window), lw = Math.floorDiv(last, window);
        for (Aggregate a = byTarget.get(target); a != null; a = a.next) {
            if (a.firstWindow == fw && a.lastWindow == lw && a.reporter.member().equals(reporter)) return a;
        }
        return null;
    }

    /** The aggregates of one target. */
    List<Aggregate> of(String target) {
        List<Aggregate> out = new ArrayList<>();
        for (Aggregate a = byTarget.get(target); a != null; a = a.next) out.add(a);
        return out;
    }

    /** Folds one report into {@code a}. */
    void fold(Aggregate a, long count, long first, long last, int tlp) {
        a.pendingCount += count;
        a.pendingFirst = Math.min(a.pendingFirst, first);
        a.pendingLast = Math.max(a.pendingLast, last);
        a.tlp = Math.max(a.tlp, tlp);
        a.dirty = true;
        if (!a.queued) {
            a.queued = true;
            dirty.add(a);
        }
    }

    /** Folds one report in; returns its aggregate (created when new). */
    Aggregate add(Reporter reporter, Target target, long count, long first, long last, int tlp) {
        Aggregate a = find(reporter.member(), target.ref(), first, last);
        if (a == null) {
            long fw = Math.floorDiv(first, window), lw = Math.floorDiv(last, window);
            Aggregate head = byTarget.get(target.ref());
            UUID id = Ids.sighting(reporter.member(), target.ref(), Times.format(fw * window), Times.format(lw * window));
            a = new Aggregate(id.getMostSignificantBits(), id.getLeastSignificantBits(), reporter, target, fw, lw);
            a.next = head;
            byTarget.put(target.ref(), a);
            size++;
        }
        fold(a, count, first, last, tlp);
        return a;
    }

    /** The aggregates to write now: dirty, and not written within {@code flushMicros} (unless forced). */
    List<Flush> due(long now, long flushMicros, boolean force) {
        List<Flush> out = new ArrayList<>();
        for (Iterator<Aggregate> it = dirty.iterator(); it.hasNext(); ) {
            Aggregate a = it.next();
            if (!a.dirty) continue;
            if (!force && a.lastWrite != Long.MIN_VALUE && now - a.lastWrite < flushMicros) continue;
            out.add(new Flush(a, a.pendingCount, a.pendingFirst, a.pendingLast, a.tlp, a.storedCount, a.storedFirst, a.storedLast,
                    a.created, a.modified));
        }
        return out;
    }

    /** Records that {@code f} was written as {@code v}. */
    void written(Flush f, Version v, long now) {
        Aggregate a = f.aggregate();
        long storedCount = v.count(), storedFirst = v.first(), storedLast = v.last();
        a.created = v.object().created();
        a.modified = v.object().modified();
        a.pendingCount -= f.count();
        a.storedCount = storedCount;
        a.storedFirst = storedFirst;
        a.storedLast = storedLast;
        a.lastWrite = now;
        if (a.pendingCount == 0 && a.pendingFirst >= storedFirst && a.pendingLast <= storedLast) {
            a.pendingFirst = Long.MAX_VALUE;
            a.pendingLast = Long.MIN_VALUE;
            a.dirty = false; // leaves the dirty list at the next compact()
        }
    }

    /** Drops aggregates made clean by {@link #written} from the dirty list (once per flush round). */
    void compact() {
        dirty.removeIf(a -> {
            if (a.dirty) return false;
            a.queued = false;
            return true;
        });
    }

    /** Forgets clean aggregates whose last window ended before {@code horizonStart}. */
    int expire(long horizonStart) {
        int removed = 0;
        for (Iterator<Map.Entry<String, Aggregate>> it = byTarget.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Aggregate> e = it.next();
            Aggregate head = e.getValue(), prev = null;
            for (Aggregate a = head; a != null; a = a.next) {
                if (a.dirty || (a.lastWindow + 1) * window > horizonStart) {
                    prev = a;
                    continue;
                }
                removed++;
                size--;
                if (prev == null) head = a.next;
                else prev.next = a.next;
            }
            if (head == null) it.remove();
            else if (head != e.getValue()) e.setValue(head);
        }
        return removed;
    }

    int size() {
        return size;
    }

    int pending() {
        int n = 0;
        for (Aggregate a : dirty) if (a.dirty) n++;
        return n;
    }

    /**
     * The next version of an aggregate: the version before it plus the delta, written by
     * {@code creator} (the node's member) with the reporter as where_sighted_refs. The version
     * before is the one this process last wrote, else {@code stored}, else none.
     *
     * @param stored the latest stored version (read when this process has not written one), or null
     * @param now    the node's time, STIX timestamp with milliseconds
     */
    static Version nextVersion(Flush f, StixObject stored, String creator, String now) {
        long count = f.count(), first = f.first(), last = f.last();
        int tlp = f.tlp();
        String created = now, modified = now;
        if (f.written()) {
            count += f.baseCount();
            first = Math.min(first, f.baseFirst());
            last = Math.max(last, f.baseLast());
            created = f.created();
            if (StixTimestamp.sortKey(f.modified()).compareTo(StixTimestamp.sortKey(now)) >= 0) {
                modified = Times.format(Times.micros(f.modified()) / 1000 * 1000 + 1000);
            }
        } else if (stored != null) {
            try {
                JsonNode s = JSON.readTree(stored.canonical());
                count += s.path("count").asLong(0);
                if (s.hasNonNull("first_seen")) first = Math.min(first, Times.micros(s.get("first_seen").asText()));
                if (s.hasNonNull("last_seen")) last = Math.max(last, Times.micros(s.get("last_seen").asText()));
                created = stored.created() != null ? stored.created() : now;
                tlp = Math.max(tlp, Tlp.strictestOf(stored.markingRefs()).orElse(Tlp.CLEAR).ordinal());
                if (stored.modified() != null && StixTimestamp.sortKey(stored.modified()).compareTo(StixTimestamp.sortKey(now)) >= 0) {
                    modified = Times.format(Times.micros(stored.modified()) / 1000 * 1000 + 1000); // 1 ms after it
                }
            } catch (IOException | RuntimeException e) {
                // an unreadable stored version: write ours over it as a new version
            }
        }
        count = Math.min(count, 999_999_999); // STIX's bound on count
        return new Version(sighting(f.aggregate(), creator, created, modified, count, first, last, tlp), count, first, last);
    }

    /**
     * An aggregate's sighting version, its RFC 8785 canonical JSON written directly (keys in
     * UTF-16 order, one fixed shape): no JSON tree per version on the flush path.
     */
    static StixObject sighting(Aggregate a, String creator, String created, String modified, long count, long first, long last,
                               int tlp) {
        String marking = Tlp.values()[tlp].markingId();
        StringBuilder j = new StringBuilder(640);
        j.append("{\"count\":").append(count);
        field(j, "created", created);
        field(j, "created_by_ref", creator);
        field(j, "first_seen", Times.format(first));
        field(j, "id", a.id());
        field(j, "last_seen", Times.format(last));
        field(j, "modified", modified);
        j.append(",\"object_marking_refs\":[");
        string(j, marking).append(']');
        field(j, "sighting_of_ref", a.target.ref());
        field(j, "spec_version", "2.1");
        field(j, "type", "sighting");
        j.append(",\"where_sighted_refs\":[");
        string(j, a.reporter.member()).append("]}");
        return new StixObject(a.id(), "sighting", "2.1", created, modified, false, List.of(marking),
                j.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8), null);
    }

    private static void field(StringBuilder j, String name, String value) {
        j.append(",\"").append(name).append("\":");
        string(j, value);
    }

    /** A JSON string as RFC 8785 writes it: escapes for '"', '\\' and control characters only. */
    private static StringBuilder string(StringBuilder j, String v) {
        j.append('"');
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            switch (c) {
                case '"' -> j.append("\\\"");
                case '\\' -> j.append("\\\\");
                case '\b' -> j.append("\\b");
                case '\f' -> j.append("\\f");
                case '\n' -> j.append("\\n");
                case '\r' -> j.append("\\r");
                case '\t' -> j.append("\\t");
                default -> {
                    if (c < 0x20) j.append(String.format("\\u%04x", (int) c));
                    else j.append(c);
                }
            }
        }
        return j.append('"');
    }

    /** A version to write and what it holds. */
    record Version(StixObject object, long count, long first, long last) {}
}
