package org.concord.warning;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The correlation state of one node: for each key and each live window, the sightings counted
 * there and the distinct groups they make. Single-threaded; {@link Correlator} guards it.
 *
 * <p>Every operation is a join on a semilattice (set union of sightings per cell, per sighting the
 * larger count, earlier first_seen, later last_seen), so the state after a set of observations is
 * the same whatever their order, and applying one twice changes nothing: that is what makes alerts
 * independent of arrival order and a replay after a restart harmless.
 *
 * <p>A sighting version counts in the windows holding its first_seen and its last_seen. A window
 * is live while it has not ended more than {@code grace} ago and did not start more than
 * {@code maxSkew} in the future; sightings of other windows are ignored, and {@link #expire}
 * drops cells whose window is no longer live, so memory holds the live keys only.
 */
final class Correlation {
    /** At most this many sightings per reporter (member, country) are kept in one cell: the smallest ids. */
    static final int PER_REPORTER = 8;

    private final Rule rule;
    private final long window, grace, maxSkew;
    private final int maxKeys;
    private final Map<String, Cell> cells = new HashMap<>();
    private final List<Cell> dirty = new ArrayList<>();
    private long cellCount, entryCount, droppedKeys, ignoredLate;
    private boolean urgent;

    /** One (key, window): its evidence and how many groups it reaches. */
    static final class Cell {
        final String key;
        final long window; // index: start = window * rule window
        Cell next; // the key's other live windows
        Entry[] entries = new Entry[1];
        int size;
        int groups;
        boolean dirty;
        boolean removed; // expired: dropped from the map
        long writtenAt = Long.MIN_VALUE; // when its alert was last written, microseconds
        int writtenGroups; // how many groups that version had
        long writtenVersion; // LongSet.fingerprint of the version written from this cell last, 0 if none
        Set<String> partnerIndicators; // indicator_refs of partners' alerts for this cell, usually null

        Cell(String key, long window) {
            this.key = key;
            this.window = window;
        }
    }

    /** One sighting (and reporter country) in a cell: the join of every version seen. */
    static final class Entry {
        final long hi, lo;
        final String country;
        String member;
        List<String> sectors; // shared with the reporter until a join widens it
        long count, first, last;
        int tlp;
        Target target; // null for evidence learnt from a partner's alert
        boolean removed; // replaced by a smaller id of the same reporter

        Entry(long hi, long lo, String country) {
            this.hi = hi;
            this.lo = lo;
            this.country = country;
        }
    }

    Correlation(Rule rule, long graceMicros, long maxSkewMicros, int maxKeys) {
        this.rule = Objects.requireNonNull(rule, "rule");
        this.window = rule.windowMicros();
        this.grace = graceMicros;
        this.maxSkew = maxSkewMicros;
        this.maxKeys = maxKeys;
    }

    /** Counts one sighting version at {@code now} (microseconds); returns whether any cell changed. */
    boolean apply(Observation o, long now) {
        if (o.count() <= 0) return false; // a count of 0 reports that the thing was not seen
        long w1 = Math.floorDiv(o.first(), window), w2 = Math.floorDiv(o.last(), window);
        boolean changed = false;
        for (String key : o.target().keys()) {
            changed |= applyAt(key, w1, o, now);
            if (w2 != w1) changed |= applyAt(key, w2, o, now);
        }
        return changed;
    }

    /**
     * The cells and lines one aggregate's reports land in, remembered so that repeated reports of
     * it join them directly instead of looking them up ({@link #applyRepeated}).
     */
    static final class Slots {
        private Cell[] cells;
        private Entry[] entries;

        void reset() {
            cells = null;
            entries = null;
        }
    }

    /**
     * {@link #apply} for an observation of one reporter whose keys and windows do not change
     * between calls (an aggregate's): after the first call, joins the remembered lines directly.
     */
    boolean applyRepeated(Observation o, Slots slots, long now) {
        Cell[] cs = slots.cells;
        boolean fast = cs != null && o.reporters().size() == 1;
        for (int i = 0; fast && i < cs.length; i++) {
            fast = !cs[i].removed && !slots.entries[i].removed && live(cs[i].window, now);
        }
        if (!fast) {
            boolean changed = apply(o, now);
            remember(o, slots, now);
            return changed;
        }
        Reporter r = o.reporters().getFirst();
        boolean changed = false;
        for (int i = 0; i < cs.length; i++) {
            if (o.count() <= 0) break;
            int effect = join(slots.entries[i], r, o.count(), o.first(), o.last(), o.tlp(), o.target());
            if (effect == 2) cs[i].groups = countGroups(cs[i]);
            if (effect != 0) {
                changed = true;
                markIfOver(cs[i]);
            }
        }
        return changed;
    }

    private void remember(Observation o, Slots slots, long now) {
        slots.reset();
        if (o.reporters().size() != 1 || o.count() <= 0) return;
        String country = o.reporters().getFirst().country();
        long w1 = Math.floorDiv(o.first(), window), w2 = Math.floorDiv(o.last(), window);
        List<Cell> cs = new ArrayList<>(4);
        List<Entry> es = new ArrayList<>(4);
        for (String key : o.target().keys()) {
            for (long w : w1 == w2 ? new long[] {w1} : new long[] {w1, w2}) {
                if (!live(w, now)) return; // not worth remembering: the slow path decides
                Cell cell = null;
                for (Cell c = cells.get(key); c != null; c = c.next) if (c.window == w) cell = c;
                if (cell == null) return;
                Entry entry = null;
                for (int i = 0; i < cell.size; i++) {
                    Entry e = cell.entries[i];
                    if (e.hi == o.hi() && e.lo == o.lo() && Objects.equals(e.country, country)) entry = e;
                }
                if (entry == null) return;
                cs.add(cell);
                es.add(entry);
            }
        }
        slots.cells = cs.toArray(Cell[]::new);
        slots.entries = es.toArray(Entry[]::new);
    }

    private boolean applyAt(String key, long w, Observation o, long now) {
        if (!live(w, now)) {
            ignoredLate++;
            return false;
        }
        Cell cell = cell(key, w);
        if (cell == null) return false;
        boolean changed = false, regroup = false;
        for (Reporter r : o.reporters()) {
            int before = cell.size;
            int effect = upsert(cell, o.hi(), o.lo(), r, o.count(), o.first(), o.last(), o.tlp(), o.target());
            changed |= effect != 0;
            regroup |= effect == 2 || cell.size != before;
        }
        if (regroup) cell.groups = countGroups(cell);
        if (changed) markIfOver(cell);
        return changed;
    }

    /**
     * Joins a partner's alert evidence into the cell of {@code key} at the window starting at
     * {@code windowStart} (microseconds): partners' alerts and local sightings meet in one alert.
     */
    boolean applyEvidence(String key, long windowStart, List<Evidence> evidence, Set<String> indicatorRefs, long now) {
        if (Math.floorMod(windowStart, window) != 0) return false; // another window grid: another rule
        long w = windowStart / window;
        if (!live(w, now)) return false;
        Cell cell = cell(key, w);
        if (cell == null) return false;
        boolean changed = false, regroup = false;
        for (Evidence e : evidence) {
            long[] uuid = Ids.uuidOf(e.sightingRef(), "sighting");
            if (uuid == null) continue;
            int before = cell.size;
            int effect = upsert(cell, uuid[0], uuid[1], new Reporter(e.member(), e.country(), e.sectors()), e.count(), e.first(),
                    e.last(), e.tlp(), null);
            changed |= effect != 0;
            regroup |= effect == 2 || cell.size != before;
        }
        if (!indicatorRefs.isEmpty()) {
            if (cell.partnerIndicators == null) cell.partnerIndicators = new TreeSet<>();
            changed |= cell.partnerIndicators.addAll(indicatorRefs);
        }
        if (regroup) cell.groups = countGroups(cell);
        if (changed) markIfOver(cell);
        return changed;
    }

    private boolean live(long w, long now) {
        return (w + 1) * window + grace > now && w * window <= now + maxSkew;
    }

    /** The cell of (key, w), created if absent; null when the key would exceed the ceiling. */
    private Cell cell(String key, long w) {
        Cell head = cells.get(key);
        for (Cell c = head; c != null; c = c.next) if (c.window == w) return c;
        if (head == null && cells.size() >= maxKeys) {
            droppedKeys++;
            return null;
        }
        Cell c = new Cell(key, w);
        c.next = head;
        cells.put(key, c);
        cellCount++;
        return c;
    }

    /**
     * Adds or joins the line (sighting, reporter country); returns 0 when nothing changed, 1 when
     * values changed, 2 when who reported it changed (member, sectors: the groups may change).
     */
    private int upsert(Cell cell, long hi, long lo, Reporter r, long count, long first, long last, int tlp, Target target) {
        Entry[] es = cell.entries;
        int sameReporter = 0, largest = -1;
        for (int i = 0; i < cell.size; i++) {
            Entry e = es[i];
            if (e.hi == hi && e.lo == lo && Objects.equals(e.country, r.country())) return join(e, r, count, first, last, tlp, target);
            if (Objects.equals(e.country, r.country()) && Objects.equals(e.member, r.member())) {
                sameReporter++;
                if (largest < 0 || compareUuid(e.hi, e.lo, es[largest].hi, es[largest].lo) > 0) largest = i;
            }
        }
        Entry e = new Entry(hi, lo, r.country());
        e.member = r.member();
        e.sectors = r.sectors();
        e.count = count;
        e.first = first;
        e.last = last;
        e.tlp = tlp;
        e.target = target;
        if (sameReporter >= PER_REPORTER) { // keep the smallest ids, whatever the order they came in
            if (compareUuid(hi, lo, es[largest].hi, es[largest].lo) > 0) return 0;
            es[largest].removed = true;
            es[largest] = e;
            return 2;
        }
        if (cell.size == es.length) cell.entries = es = Arrays.copyOf(es, es.length * 2);
        es[cell.size++] = e;
        entryCount++;
        return 2;
    }

    private static int join(Entry e, Reporter r, long count, long first, long last, int tlp, Target target) {
        int effect = 0;
        if (r.member() != null && (e.member == null || r.member().compareTo(e.member) < 0)) {
            e.member = r.member();
            effect = 2;
        }
        if (r.sectors() != e.sectors && !e.sectors.containsAll(r.sectors())) {
            TreeSet<String> union = new TreeSet<>(e.sectors);
            union.addAll(r.sectors());
            e.sectors = List.copyOf(union);
            effect = 2;
        }
        if (count > e.count) {
            e.count = count;
            effect = Math.max(effect, 1);
        }
        if (first < e.first) {
            e.first = first;
            effect = Math.max(effect, 1);
        }
        if (last > e.last) {
            e.last = last;
            effect = Math.max(effect, 1);
        }
        if (tlp > e.tlp) {
            e.tlp = tlp;
            effect = Math.max(effect, 1);
        }
        if (target != null && (e.target == null || target.ref().compareTo(e.target.ref()) < 0 // versions disagreeing: one rule
                || target.ref().equals(e.target.ref()) && target.resolved() && !e.target.resolved())) {
            e.target = target;
            effect = Math.max(effect, 1);
        }
        return effect;
    }

    private int countGroups(Cell cell) {
        Set<String> groups = new HashSet<>();
        for (int i = 0; i < cell.size; i++) {
            Entry e = cell.entries[i];
            switch (rule.groupBy()) {
                case COUNTRY -> {
                    if (e.country != null) groups.add(e.country);
                }
                case SECTOR -> groups.addAll(e.sectors);
                case MEMBER -> {
                    if (e.member != null) groups.add(e.member);
                }
            }
        }
        return groups.size();
    }

    private void markIfOver(Cell cell) {
        if (cell.groups < rule.threshold()) return;
        if (cell.writtenAt == Long.MIN_VALUE || cell.groups > cell.writtenGroups) urgent = true;
        if (!cell.dirty) {
            cell.dirty = true;
            dirty.add(cell);
        }
    }

    /** Whether an alert was raised or reached more groups since the last call: it should be written now. */
    boolean takeUrgent() {
        boolean u = urgent;
        urgent = false;
        return u;
    }

    private static int compareUuid(long aHi, long aLo, long bHi, long bLo) {
        int c = Long.compareUnsigned(aHi, bHi);
        return c != 0 ? c : Long.compareUnsigned(aLo, bLo);
    }

    /**
     * The cells over the threshold that changed since their alert was last written, as drafts: at
     * once when the alert is new or reached more groups, else (counts, times) at most once per
     * {@code flushMicros}; all of them when {@code force}.
     */
    List<Draft> drain(long now, long flushMicros, boolean force) {
        List<Draft> out = new ArrayList<>();
        for (Iterator<Cell> it = dirty.iterator(); it.hasNext(); ) {
            Cell c = it.next();
            boolean due = force || c.writtenAt == Long.MIN_VALUE || c.groups > c.writtenGroups || now - c.writtenAt >= flushMicros;
            if (!due) continue;
            c.dirty = false;
            it.remove();
            out.add(draft(c));
        }
        return out;
    }

    /** Records that the drafts' alerts were written (or found written already) at {@code now}. */
    void written(List<Draft> drafts, Map<Draft, Long> versions, long now) {
        for (Draft d : drafts) {
            for (Cell c = cells.get(d.key()); c != null; c = c.next) {
                if (c.window != d.window()) continue;
                c.writtenAt = now;
                c.writtenGroups = Math.max(c.writtenGroups, d.groups());
                Long v = versions.get(d);
                if (v != null) c.writtenVersion = v;
            }
        }
    }

    /** Marks the cells of drafts that could not be written dirty again, so the next drain retries them. */
    void retry(List<Draft> drafts) {
        for (Draft d : drafts) {
            for (Cell c = cells.get(d.key()); c != null; c = c.next) {
                if (c.window == d.window()) markIfOver(c);
            }
        }
    }

    private Draft draft(Cell c) {
        List<Evidence> evidence = new ArrayList<>(c.size);
        List<Target> targets = new ArrayList<>();
        TreeSet<String> indicators = new TreeSet<>();
        if (c.partnerIndicators != null) indicators.addAll(c.partnerIndicators);
        for (int i = 0; i < c.size; i++) {
            Entry e = c.entries[i];
            evidence.add(new Evidence(Ids.format("sighting", e.hi, e.lo), e.member, e.country, e.sectors, e.count,
                    e.first, e.last, e.tlp));
            if (e.target != null && !targets.contains(e.target)) {
                targets.add(e.target);
                if (e.target.isIndicator()) indicators.add(e.target.ref());
            }
        }
        return new Draft(c.key, c.window, c.window * window, c.groups, Evidence.union(evidence, List.of()),
                List.copyOf(indicators), List.copyOf(targets), c.writtenVersion);
    }

    /** Drops the cells of windows that are no longer live; returns how many. */
    int expire(long now) {
        int removed = 0;
        for (Iterator<Map.Entry<String, Cell>> it = cells.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Cell> me = it.next();
            Cell head = me.getValue(), prev = null;
            for (Cell c = head; c != null; c = c.next) {
                if (live(c.window, now)) {
                    prev = c;
                    continue;
                }
                removed++;
                c.removed = true;
                cellCount--;
                entryCount -= c.size;
                if (prev == null) head = c.next;
                else prev.next = c.next;
            }
            if (head == null) it.remove();
            else if (head != me.getValue()) me.setValue(head);
        }
        if (removed > 0) dirty.removeIf(c -> !live(c.window, now));
        return removed;
    }

    /** Keys with at least one live window. */
    int liveKeys() {
        return cells.size();
    }

    long cells() {
        return cellCount;
    }

    long entries() {
        return entryCount;
    }

    /** New keys refused because {@code max_live_keys} was reached. */
    long droppedKeys() {
        return droppedKeys;
    }

    /** Sighting windows ignored because they were no longer (or not yet) live. */
    long ignoredLate() {
        return ignoredLate;
    }
}
