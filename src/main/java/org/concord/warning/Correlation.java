package org.concord.warning;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The correlation state of one node: for each key and each live window, the sightings counted
 * there, the slots of the window where each group sighted the key, and which of those slots close
 * a stretch of one window length that reaches the threshold. Single-threaded; {@link Correlator}
 * guards it.
 *
 * <p>Time is cut into windows aligned on multiples of the rule's window since the epoch, and each
 * window into {@value #SLOTS} slots. A sighting version is a point at its first_seen and a point
 * at its last_seen. An alert belongs to the window of the point that reaches the threshold: the
 * window {@code b} alerts when a point in it, at slot {@code s}, has at least {@code threshold}
 * groups with a point in the {@value #SLOTS} slots before it or in {@code s} itself (so a
 * stretch across a window boundary counts as one; sightings less than one window apart always
 * count together, and none more than 65/64 of a window apart do). Its evidence is every sighting
 * with a point in the stretches closed by the window's qualifying slots. A cell therefore reads
 * the cell of the window before it, which is kept while the later one is live.
 *
 * <p>Every operation is a join on a semilattice (set union of sightings and of their slots, per
 * sighting the larger count, earlier first_seen, later last_seen), and what alerts is a function of
 * the joined state, so the alerts after a set of observations are the same whatever their order,
 * and applying one twice changes nothing: that is what makes alerts independent of arrival order
 * and a replay after a restart harmless.
 *
 * <p>A window is live while it has not ended more than {@code grace} ago and did not start more
 * than {@code maxSkew} in the future; sightings of windows that are neither live nor looked back on
 * by a live window are ignored, and {@link #expire} drops their cells, so memory holds the live keys
 * only. A sighting version with a point more than {@code maxSkew} after the node's clock is ignored
 * too (a report from the future comes from a wrong clock).
 */
final class Correlation {
    /** At most this many sightings per reporter (member, country) are kept in one cell: the smallest ids. */
    static final int PER_REPORTER = 8;
    /** Slots per window: the resolution of event times (22.5 minutes of a 24-hour window). */
    static final int SLOTS = 64;

    private static final int CHANGED = 1, REGROUP = 2;
    private static final int[] NO_GROUPS = {};
    private static final long[] NO_SLOTS = {};

    private final Rule rule;
    private final long window, slot, grace, maxSkew;
    private final int maxKeys;
    private final Map<String, Cell> cells = new HashMap<>();
    private final Map<String, Integer> groupIds = new HashMap<>();
    private int[] seen = new int[64]; // per group id: the stamp of the count that saw it last
    private int stamp;
    private final List<Cell> dirty = new ArrayList<>();
    private long cellCount, entryCount, droppedKeys, ignoredLate, ignoredFuture;
    private boolean urgent;

    /** One (key, window): its sightings, where in the window each group sighted the key, and whether it alerts. */
    static final class Cell {
        final String key;
        final long window; // index: start = window * rule window
        Cell next; // the key's other cells
        Cell before, after; // the key's cells of the windows just before and after, if any
        Entry[] entries = new Entry[1];
        int size;
        long points; // slots holding a point of any sighting
        int[] groupIds = NO_GROUPS; // the groups sighted here (ids), and for each the slots of its points
        long[] groupSlots = NO_SLOTS;
        int groupCount;
        long qualified; // slots whose stretch reaches the threshold
        boolean partner; // a partner's alert for this window was joined: it alerts on their word
        int groups; // distinct groups of its evidence, while it alerts
        boolean dirty;
        boolean removed; // expired: dropped from the map
        long writtenAt = Long.MIN_VALUE; // when its alert was last written, microseconds
        int writtenGroups; // how many groups that version had
        Set<String> partnerIndicators; // indicator_refs of partners' alerts for this cell, usually null
        int partnerConfidence = -1; // the greatest confidence of partners' alerts for this cell, -1 if none stated
        int partnerTlp; // the strictest TLP (ordinal) of partners' alerts for this cell

        Cell(String key, long window) {
            this.key = key;
            this.window = window;
        }

        boolean alerts() {
            return qualified != 0 || partner;
        }
    }

    /** One sighting (and reporter country) in a cell: the join of every version seen. */
    static final class Entry {
        final long hi, lo;
        final String country;
        String member;
        List<String> sectors; // shared with the reporter until a join widens it
        int tlp;
        Target target; // null for evidence learnt from a partner's alert
        long slots; // the slots of the cell's window holding its points
        boolean pinned; // named by a partner's alert for this window: evidence whatever its slots
        int[] groups = NO_GROUPS; // the ids of the groups it counts for
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
        this.slot = window / SLOTS; // whole: a window is whole seconds, and 10^6 is a multiple of 64
        this.grace = graceMicros;
        this.maxSkew = maxSkewMicros;
        this.maxKeys = maxKeys;
    }

    /** Counts one sighting version at {@code now} (microseconds); returns whether any cell changed. */
    boolean apply(Observation o, long now) {
        if (o.count() <= 0) return false; // a count of 0 reports that the thing was not seen
        if (fromTheFuture(o, now)) return false;
        long w1 = Math.floorDiv(o.first(), window), w2 = Math.floorDiv(o.last(), window);
        boolean changed = false;
        for (String key : o.target().keys()) {
            changed |= applyAt(key, w1, o, now);
            if (w2 != w1) changed |= applyAt(key, w2, o, now);
        }
        return changed;
    }

    /** Whether {@code o} has a point more than maxSkew after {@code now}: it does not count (counted as ignored). */
    private boolean fromTheFuture(Observation o, long now) {
        if (o.last() - now <= maxSkew) return false;
        ignoredFuture++;
        return true;
    }

    /** The slots of window {@code w} holding {@code first} or {@code last}. */
    private long points(long first, long last, long w) {
        long bits = 0;
        if (Math.floorDiv(first, window) == w) bits |= 1L << (int) (Math.floorMod(first, window) / slot);
        if (Math.floorDiv(last, window) == w) bits |= 1L << (int) (Math.floorMod(last, window) / slot);
        return bits;
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
            fast = !cs[i].removed && !slots.entries[i].removed && retained(cs[i].window, now);
        }
        if (!fast) {
            boolean changed = apply(o, now);
            remember(o, slots, now);
            return changed;
        }
        if (o.count() <= 0 || fromTheFuture(o, now)) return false;
        Reporter r = o.reporters().getFirst();
        boolean changed = false;
        for (int i = 0; i < cs.length; i++) {
            int effect = join(cs[i], slots.entries[i], r, o.tlp(), o.target(), points(o.first(), o.last(), cs[i].window), false);
            changed |= settle(cs[i], effect, now);
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
                if (!retained(w, now)) return; // not worth remembering: the slow path decides
                Cell cell = find(key, w);
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
        if (!retained(w, now)) {
            ignoredLate++;
            return false;
        }
        Cell cell = cell(key, w);
        if (cell == null) return false;
        long bits = points(o.first(), o.last(), w);
        int effect = 0;
        for (Reporter r : o.reporters()) {
            effect |= upsert(cell, o.hi(), o.lo(), r, o.tlp(), o.target(), bits, false);
        }
        return settle(cell, effect, now);
    }

    /**
     * Joins a partner's alert into the cell of {@code key} at the window starting at
     * {@code windowStart} (microseconds): partners' alerts and local sightings meet in one alert.
     * The window alerts on the partner's word; its lines are evidence of it whatever their times
     * (they add no points), its indicators, confidence (-1: not stated) and TLP join the cell's.
     */
    boolean applyEvidence(String key, long windowStart, List<Evidence> evidence, Set<String> indicatorRefs, int confidence, int tlp,
                          long now) {
        if (Math.floorMod(windowStart, window) != 0) return false; // another window grid: another rule
        long w = Math.floorDiv(windowStart, window);
        if (!live(w, now)) return false;
        Cell cell = cell(key, w);
        if (cell == null) return false;
        int effect = 0;
        if (!cell.partner) {
            cell.partner = true;
            effect = CHANGED;
        }
        for (Evidence e : evidence) {
            long[] uuid = Ids.uuidOf(e.sightingRef(), "sighting");
            if (uuid == null) continue;
            effect |= upsert(cell, uuid[0], uuid[1], new Reporter(e.member(), e.country(), e.sectors()), e.tlp(), null, 0, true);
        }
        if (!indicatorRefs.isEmpty()) {
            if (cell.partnerIndicators == null) cell.partnerIndicators = new TreeSet<>();
            if (cell.partnerIndicators.addAll(indicatorRefs)) effect |= CHANGED;
        }
        if (confidence > cell.partnerConfidence) {
            cell.partnerConfidence = confidence;
            effect |= CHANGED;
        }
        if (tlp > cell.partnerTlp) {
            cell.partnerTlp = tlp;
            effect |= CHANGED;
        }
        return settle(cell, effect, now);
    }

    /** Whether window {@code w} can alert at {@code now}. */
    private boolean live(long w, long now) {
        return (w + 1) * window + grace > now && w * window <= now + maxSkew;
    }

    /** Whether window {@code w} can alert or is looked back on by the window after it. */
    private boolean retained(long w, long now) {
        return live(w, now) || live(w + 1, now);
    }

    private Cell find(String key, long w) {
        for (Cell c = cells.get(key); c != null; c = c.next) if (c.window == w) return c;
        return null;
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
        for (Cell o = head; o != null; o = o.next) {
            if (o.window == w - 1) {
                c.before = o;
                o.after = c;
            } else if (o.window == w + 1) {
                c.after = o;
                o.before = c;
            }
        }
        c.next = head;
        cells.put(key, c);
        cellCount++;
        return c;
    }

    /**
     * Adds or joins the line (sighting, reporter country); returns CHANGED when anything changed,
     * with REGROUP when the groups of the cell must be counted again (a reporter's member or sectors
     * changed, a line was replaced). Lines of partners' alerts ({@code pinned}) are always kept:
     * the cap on one reporter's lines applies to what this node counts itself, so that the alert's
     * evidence only grows.
     */
    private int upsert(Cell cell, long hi, long lo, Reporter r, int tlp, Target target, long slots, boolean pinned) {
        Entry[] es = cell.entries;
        int sameReporter = 0, largest = -1;
        for (int i = 0; i < cell.size; i++) {
            Entry e = es[i];
            if (e.hi == hi && e.lo == lo && Objects.equals(e.country, r.country())) {
                return join(cell, e, r, tlp, target, slots, pinned);
            }
            if (!pinned && !e.pinned && Objects.equals(e.country, r.country()) && Objects.equals(e.member, r.member())) {
                sameReporter++;
                if (largest < 0 || compareUuid(e.hi, e.lo, es[largest].hi, es[largest].lo) > 0) largest = i;
            }
        }
        Entry e = new Entry(hi, lo, r.country());
        e.member = r.member();
        e.sectors = r.sectors();
        e.tlp = tlp;
        e.target = target;
        e.pinned = pinned;
        e.groups = groupsOf(e);
        if (sameReporter >= PER_REPORTER) { // keep the smallest ids, whatever the order they came in
            if (compareUuid(hi, lo, es[largest].hi, es[largest].lo) > 0) return 0;
            es[largest].removed = true;
            es[largest] = e;
            e.slots = slots;
            return CHANGED | REGROUP;
        }
        if (cell.size == es.length) cell.entries = es = Arrays.copyOf(es, es.length * 2);
        es[cell.size++] = e;
        entryCount++;
        addSlots(cell, e, slots);
        return CHANGED;
    }

    private int join(Cell cell, Entry e, Reporter r, int tlp, Target target, long slots, boolean pinned) {
        int effect = 0;
        if (r.member() != null && (e.member == null || r.member().compareTo(e.member) < 0)) {
            e.member = r.member();
            effect = CHANGED | REGROUP;
        }
        if (r.sectors() != e.sectors && !e.sectors.containsAll(r.sectors())) {
            TreeSet<String> union = new TreeSet<>(e.sectors);
            union.addAll(r.sectors());
            e.sectors = List.copyOf(union);
            effect = CHANGED | REGROUP;
        }
        if (tlp > e.tlp) {
            e.tlp = tlp;
            effect |= CHANGED;
        }
        if (pinned && !e.pinned) {
            e.pinned = true;
            effect |= CHANGED;
        }
        if (target != null && (e.target == null || target.ref().compareTo(e.target.ref()) < 0 // versions disagreeing: one rule
                || target.ref().equals(e.target.ref()) && target.resolved() && !e.target.resolved())) {
            e.target = target;
            effect |= CHANGED;
        }
        if ((slots & ~e.slots) != 0) {
            effect |= CHANGED;
            if ((effect & REGROUP) == 0) addSlots(cell, e, slots);
            else e.slots |= slots; // counted again from the lines
        }
        if ((effect & REGROUP) != 0) e.groups = groupsOf(e);
        return effect;
    }

    /** The ids of the groups a line counts for under the rule. */
    private int[] groupsOf(Entry e) {
        return switch (rule.groupBy()) {
            case COUNTRY -> e.country == null ? NO_GROUPS : new int[] {groupId(e.country)};
            case SECTOR -> {
                int[] ids = new int[e.sectors.size()];
                for (int i = 0; i < ids.length; i++) ids[i] = groupId(e.sectors.get(i));
                yield ids;
            }
            case MEMBER -> e.member == null ? NO_GROUPS : new int[] {groupId(e.member)};
        };
    }

    private int groupId(String group) {
        Integer id = groupIds.get(group);
        if (id != null) return id;
        int next = groupIds.size();
        groupIds.put(group, next);
        if (next >= seen.length) seen = Arrays.copyOf(seen, seen.length * 2);
        return next;
    }

    /** Adds a line's new slots to the cell's points and to the slots of its groups. */
    private void addSlots(Cell cell, Entry e, long slots) {
        e.slots |= slots;
        if (slots == 0) return;
        cell.points |= slots;
        for (int g : e.groups) {
            int i = 0;
            while (i < cell.groupCount && cell.groupIds[i] != g) i++;
            if (i == cell.groupCount) {
                if (i == cell.groupIds.length) {
                    int n = Math.max(2, i * 2);
                    cell.groupIds = Arrays.copyOf(cell.groupIds, n);
                    cell.groupSlots = Arrays.copyOf(cell.groupSlots, n);
                }
                cell.groupIds[i] = g;
                cell.groupSlots[i] = 0;
                cell.groupCount++;
            }
            cell.groupSlots[i] |= slots;
        }
    }

    /** Counts the cell's groups again from its lines. */
    private void regroup(Cell cell) {
        cell.points = 0;
        cell.groupCount = 0;
        for (int i = 0; i < cell.size; i++) {
            Entry e = cell.entries[i];
            long s = e.slots;
            e.slots = 0;
            addSlots(cell, e, s);
        }
    }

    /**
     * After a change to {@code cell}: counts its groups again if needed, and decides again whether
     * it and the window after it (which looks back on it) alert.
     */
    private boolean settle(Cell cell, int effect, long now) {
        if (effect == 0) return false;
        boolean recount = (effect & REGROUP) != 0;
        if (recount) regroup(cell);
        evaluate(cell, recount, now);
        if (cell.after != null) evaluate(cell.after, recount, now);
        return true;
    }

    /**
     * Finds the slots of {@code cell} that close a stretch reaching the threshold (all of them
     * again when {@code afresh}: a group may have lost a line), and marks the cell dirty if it
     * alerts.
     */
    private void evaluate(Cell cell, boolean afresh, long now) {
        if (!live(cell.window, now)) return;
        Cell before = cell.before;
        if (afresh) cell.qualified = 0;
        long candidates = cell.points & ~cell.qualified;
        if (candidates != 0 && cell.groupCount + (before == null ? 0 : before.groupCount) >= rule.threshold()) {
            for (long m = candidates; m != 0; m &= m - 1) {
                int s = Long.numberOfTrailingZeros(m);
                if (reaches(cell, before, s)) cell.qualified |= 1L << s;
            }
        }
        if (!cell.alerts()) return;
        cell.groups = evidenceGroups(cell, before);
        if (cell.writtenAt == Long.MIN_VALUE || cell.groups > cell.writtenGroups) urgent = true;
        if (!cell.dirty) {
            cell.dirty = true;
            dirty.add(cell);
        }
    }

    /** Whether at least threshold groups have a point in the stretch closed by slot {@code s} of {@code cell}. */
    private boolean reaches(Cell cell, Cell before, int s) {
        long upTo = s == SLOTS - 1 ? -1L : (1L << (s + 1)) - 1; // slots 0..s of the cell
        long from = -1L << s; // slots s..63 of the window before
        int st = nextStamp(), n = 0;
        for (int i = 0; i < cell.groupCount; i++) {
            if ((cell.groupSlots[i] & upTo) == 0) continue;
            seen[cell.groupIds[i]] = st;
            if (++n >= rule.threshold()) return true;
        }
        if (before == null) return false;
        for (int i = 0; i < before.groupCount; i++) {
            int g = before.groupIds[i];
            if ((before.groupSlots[i] & from) == 0 || seen[g] == st) continue;
            seen[g] = st;
            if (++n >= rule.threshold()) return true;
        }
        return false;
    }

    private int nextStamp() {
        if (++stamp == Integer.MAX_VALUE) {
            Arrays.fill(seen, 0);
            stamp = 1;
        }
        return stamp;
    }

    /** The slots of the cell before whose points are evidence of {@code cell}'s alert. */
    private static long evidenceBefore(Cell cell) {
        return cell.qualified == 0 ? 0 : -1L << Long.numberOfTrailingZeros(cell.qualified);
    }

    /** The slots of {@code cell} whose points are evidence of its alert. */
    private static long evidenceIn(Cell cell) {
        if (cell.qualified == 0) return 0;
        int last = SLOTS - 1 - Long.numberOfLeadingZeros(cell.qualified);
        return last == SLOTS - 1 ? -1L : (1L << (last + 1)) - 1;
    }

    private int evidenceGroups(Cell cell, Cell before) {
        int st = nextStamp(), n = 0;
        long in = evidenceIn(cell), back = evidenceBefore(cell);
        for (int i = 0; i < cell.size; i++) {
            Entry e = cell.entries[i];
            if (e.pinned || (e.slots & in) != 0) n += mark(e, st);
        }
        if (before != null && back != 0) {
            for (int i = 0; i < before.size; i++) {
                Entry e = before.entries[i];
                if ((e.slots & back) != 0) n += mark(e, st);
            }
        }
        return n;
    }

    private int mark(Entry e, int st) {
        int n = 0;
        for (int g : e.groups) {
            if (seen[g] == st) continue;
            seen[g] = st;
            n++;
        }
        return n;
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
     * The alerting cells that changed since their alert was last written, as drafts: at once when
     * the alert is new or reached more groups, else (counts, times) at most once per
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
    void written(List<Draft> drafts, long now) {
        for (Draft d : drafts) {
            Cell c = find(d.key(), d.window());
            if (c == null) continue;
            c.writtenAt = now;
            c.writtenGroups = Math.max(c.writtenGroups, d.groups());
        }
    }

    /** Marks the cells of drafts that could not be written dirty again, so the next drain retries them. */
    void retry(List<Draft> drafts) {
        for (Draft d : drafts) {
            Cell c = find(d.key(), d.window());
            if (c == null || !c.alerts()) continue;
            if (c.writtenAt == Long.MIN_VALUE || c.groups > c.writtenGroups) urgent = true;
            if (!c.dirty) {
                c.dirty = true;
                dirty.add(c);
            }
        }
    }

    private Draft draft(Cell c) {
        Cell before = c.before;
        List<Evidence> evidence = new ArrayList<>(c.size);
        List<Target> targets = new ArrayList<>();
        TreeSet<String> indicators = new TreeSet<>();
        if (c.partnerIndicators != null) indicators.addAll(c.partnerIndicators);
        long in = evidenceIn(c), back = evidenceBefore(c);
        for (int i = 0; i < c.size; i++) {
            Entry e = c.entries[i];
            if (e.pinned || (e.slots & in) != 0) addEvidence(e, evidence, targets, indicators);
        }
        if (before != null && back != 0) {
            for (int i = 0; i < before.size; i++) {
                Entry e = before.entries[i];
                if ((e.slots & back) != 0) addEvidence(e, evidence, targets, indicators);
            }
        }
        return new Draft(c.key, c.window, c.window * window, c.groups, Evidence.union(evidence, List.of()),
                List.copyOf(indicators), List.copyOf(targets), c.partnerConfidence, c.partnerTlp);
    }

    private static void addEvidence(Entry e, List<Evidence> evidence, List<Target> targets, Set<String> indicators) {
        evidence.add(new Evidence(Ids.format("sighting", e.hi, e.lo), e.member, e.country, e.sectors, e.tlp));
        if (e.target != null && !targets.contains(e.target)) {
            targets.add(e.target);
            if (e.target.isIndicator()) indicators.add(e.target.ref());
        }
    }

    /** Drops the cells of windows that are neither live nor looked back on by a live one; returns how many. */
    int expire(long now) {
        int removed = 0;
        for (Iterator<Map.Entry<String, Cell>> it = cells.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Cell> me = it.next();
            Cell head = me.getValue(), prev = null;
            for (Cell c = head; c != null; c = c.next) {
                if (retained(c.window, now)) {
                    prev = c;
                    continue;
                }
                removed++;
                c.removed = true;
                if (c.before != null) c.before.after = null;
                if (c.after != null) c.after.before = null;
                cellCount--;
                entryCount -= c.size;
                if (prev == null) head = c.next;
                else prev.next = c.next;
            }
            if (head == null) it.remove();
            else if (head != me.getValue()) me.setValue(head);
        }
        dirty.removeIf(c -> {
            boolean gone = !live(c.window, now);
            if (gone) c.dirty = false;
            return gone;
        });
        return removed;
    }

    /** Keys with at least one cell. */
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

    /** Sighting versions ignored because a point lay more than maxSkew after the node's clock. */
    long ignoredFuture() {
        return ignoredFuture;
    }
}
