package org.concord.warning;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.concord.ConcordException;
import org.concord.ErrorCode;
import org.concord.Time;
import org.concord.node.Member;
import org.concord.node.Node;
import org.concord.stix.StixObject;
import org.concord.stix.Tlp;
import org.concord.store.ObjectFilter;
import org.concord.store.Page;
import org.concord.store.Store;
import org.concord.store.StoredVersion;
import org.concord.store.VersionMatch;
import org.concord.store.WriteOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's early warning (docs/warning.md): correlates the sightings the store holds and the
 * reports of {@link Sightings}, and writes alerts to the {@code alerts} collection.
 *
 * <p>Only the store holds truth. On {@link #start} the correlator replays the sightings and alerts
 * collections from {@link WarningConfig#horizon} ago (the oldest date_added whose event time can
 * still count), so a restart in the middle of a window loses nothing; then it follows both
 * collections by their date_added cursors, woken by the store's listener for this process's writes
 * and every {@code poll} for other processes'. Correlation runs in memory ({@link Correlation});
 * aggregated sightings and alerts are written in batches by one background thread.
 *
 * <pre>{@code
 * try (Correlator c = Correlator.open(config, node.store(), member, defaultTlp, clock).start()) {
 *     c.sightings().record(new Sightings.Report(member, "indicator--…", 1, t, t, null));
 *     c.sync(); // tests, tools: everything read and written now
 * }
 * }</pre>
 */
public final class Correlator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Correlator.class);
    private static final int PAGE = 2_000;
    private static final int WRITE_BATCH = 10_000; // aggregated sightings per transaction, as the import writes
    private static final int ALERT_BATCH = 400;
    private static final int MAX_WAITING = 100_000;
    private static final long EXPIRE_EVERY_MICROS = 60_000_000L;

    private final Store store;
    private final WarningConfig config;
    private final Time clock;
    private final String creator;
    private final Tlp defaultTlp;
    private final String intelligenceId, sightingsId, alertsId;
    private final Resolver resolver;
    private final Correlation correlation;
    private final Aggregates aggregates;
    private final AlertObjects alerts;
    private final Severity severity;
    private final Sightings sightings;
    private final long flushMicros, pollMicros;
    private final String description;

    private final ReentrantLock state = new ReentrantLock(); // correlation, aggregates, waiting
    private final ReentrantLock cycle = new ReentrantLock(); // one read-and-write round at a time
    private final Object wake = new Object();
    private boolean woken;
    private volatile boolean running;
    private Thread worker;
    private Instant sightingsCursor, alertsCursor;
    private long lastExpire, lastRetry, lastFlush; // microseconds; 0: long ago
    private final LongSet ownVersions = new LongSet(); // fingerprints of aggregate versions written here, not read back yet
    private final Map<String, List<Observation>> waiting = new HashMap<>(); // by unresolved target
    private int waitingCount;
    private final AtomicLong observations = new AtomicLong(), reports = new AtomicLong(), alertVersions = new AtomicLong(),
            sightingVersions = new AtomicLong(), failures = new AtomicLong();

    /**
     * A correlator over {@code store}; does no I/O and starts nothing ({@link #start} does).
     *
     * @param member        the node's member: the creator of the alerts and aggregated sightings it writes
     * @param defaultTlp    the TLP of sightings that carry none
     * @param intelligence  the id of the collection targets are looked up in first (batched), or null
     * @param sightingsId   the id of the sightings collection
     * @param alertsId      the id of the alerts collection
     */
    public Correlator(Store store, Member member, Tlp defaultTlp, WarningConfig config, Warninglists lists,
                      PublicSuffixes suffixes, InstantSource clock, String intelligence, String sightingsId, String alertsId) {
        this.store = Objects.requireNonNull(store, "store");
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Time.of(clock); // its instants, and the wait after a failed round
        this.creator = member.identityId();
        this.defaultTlp = Objects.requireNonNull(defaultTlp, "defaultTlp");
        this.intelligenceId = intelligence;
        this.sightingsId = Objects.requireNonNull(sightingsId, "sightingsId");
        this.alertsId = Objects.requireNonNull(alertsId, "alertsId");
        Reporter local = new Reporter(member.identityId(), member.country(), member.sectors());
        this.resolver = new Resolver(store, intelligence, lists, suffixes, local, defaultTlp, config.maxLiveKeys(), this.clock);
        this.correlation = new Correlation(config.rule(), micros(config.grace()), micros(config.maxSkew()), config.maxLiveKeys());
        this.aggregates = new Aggregates(config.rule());
        this.alerts = new AlertObjects(config.rule(), defaultTlp);
        this.severity = new Severity(config.halfLives(), config.defaultConfidence());
        this.sightings = new Sightings(this);
        this.flushMicros = micros(config.flush());
        this.pollMicros = micros(config.poll());
        this.description = "rule " + config.rule().id() + ", " + lists.lists().size() + " warninglists (" + lists.entries()
                + " entries), public suffixes: " + suffixes.source();
    }

    /** The rule, warninglists and public suffixes in one line (for operators). */
    public String describe() {
        return description;
    }

    /**
     * The correlator of a node: its {@code store} and the node's collections in it, its member and
     * default TLP, the warninglists and public suffixes {@code config} names (loaded here).
     *
     * @throws ConcordException INVALID_CONFIGURATION when a list cannot be read
     */
    public static Correlator open(WarningConfig config, Store store, Member member, Tlp defaultTlp, InstantSource clock) {
        Warninglists lists = Warninglists.load(config.warninglists(), config.exclude(), config.include());
        PublicSuffixes suffixes = config.publicSuffixList() != null ? PublicSuffixes.load(config.publicSuffixList())
                : lists.publicSuffixes();
        lists = lists.using(suffixes);
        return new Correlator(store, member, defaultTlp, config, lists, suffixes, clock, Node.collectionId(store, Node.INTELLIGENCE),
                Node.collectionId(store, Node.SIGHTINGS), Node.collectionId(store, Node.ALERTS));
    }

    /**
     * A correlator that only takes reports ({@link Sightings}) and writes them, without warninglists
     * or public suffixes (for one-shot tools: the serving node correlates what they write).
     */
    public static Correlator forReporting(WarningConfig config, Store store, Member member, Tlp defaultTlp, InstantSource clock) {
        return new Correlator(store, member, defaultTlp, config, Warninglists.none(), PublicSuffixes.none(), clock,
                Node.collectionId(store, Node.INTELLIGENCE), Node.collectionId(store, Node.SIGHTINGS), Node.collectionId(store, Node.ALERTS));
    }

    /**
     * Publishes the alert extension definition (once), starts following the store and the
     * background thread; the first round replays the last {@link WarningConfig#horizon}.
     */
    public Correlator start() {
        if (running) return this;
        store.write(alertsId, AlertObjects.definitions());
        running = true;
        store.onStored((collection, added) -> {
            if (!running) return;
            if (collection.equals(sightingsId) || collection.equals(alertsId)) wake();
        });
        worker = Thread.ofPlatform().name("concord-warning").daemon().start(this::run);
        return this;
    }

    /** The way to report sightings to this node. */
    public Sightings sightings() {
        return sightings;
    }

    /**
     * One round now, on the calling thread: reads what the store holds, writes every pending
     * aggregated sighting and alert (ignoring the flush interval). Returns when done.
     */
    public void sync() {
        round(true);
    }

    /** One round as the background thread runs it (flush interval respected); for tests that drive time. */
    void tick() {
        round(false);
    }

    private void run() {
        while (running) {
            synchronized (wake) {
                if (!woken) {
                    try {
                        wake.wait(Math.max(1, pollMicros / 1000));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                woken = false;
            }
            if (!running) return;
            try {
                round(false);
            } catch (RuntimeException e) {
                failures.incrementAndGet();
                LOG.warn("early warning round failed; retrying in a second: " + e.getMessage(), e);
                sleep(1000);
            }
        }
    }

    void wake() {
        synchronized (wake) {
            woken = true;
            wake.notifyAll();
        }
    }

    private void sleep(long millis) {
        try {
            clock.sleep(java.time.Duration.ofMillis(millis));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void round(boolean force) {
        cycle.lock();
        try {
            if (sightingsCursor == null) { // the first round replays the horizon
                Instant from = clock.instant().minus(config.horizon());
                sightingsCursor = from;
                alertsCursor = from;
            }
            readSightings();
            readAlerts();
            long now = now();
            if (force || now - lastRetry >= pollMicros) {
                retryWaiting();
                lastRetry = now;
            }
            if (force || now - lastFlush >= Math.min(flushMicros, 1_000_000L)) { // a scan of the pending: at most every second
                flushAggregates(force);
                lastFlush = now;
            }
            writeAlerts(force);
            now = now();
            if (force || now - lastExpire >= EXPIRE_EVERY_MICROS) {
                state.lock();
                try {
                    correlation.expire(now);
                    aggregates.expire(now - micros(config.horizon()));
                } finally {
                    state.unlock();
                }
                lastExpire = now;
            }
        } finally {
            cycle.unlock();
        }
    }

    // ---- reading the store ----

    private void readSightings() {
        while (true) {
            Page page = store.objects(sightingsId,
                    new ObjectFilter(sightingsCursor, List.of(), List.of("sighting"), VersionMatch.ALL, List.of(), PAGE));
            if (page.items().isEmpty()) return;
            List<SightingFields> fields = new ArrayList<>(page.items().size());
            List<Tlp> handling = new ArrayList<>(page.items().size());
            Set<String> refs = new HashSet<>();
            for (StoredVersion v : page.items()) {
                if (!ownVersions.isEmpty() && ownVersions.remove(LongSet.fingerprint(v.object().id(), v.object().modified()))) {
                    continue; // counted when it was reported
                }
                SightingFields f = SightingFields.read(v.object().canonical());
                if (f == null) continue;
                fields.add(f);
                handling.add(v.handling()); // the level beside an unmarked version (docs/sovereignty.md)
                refs.add(f.ofRef());
            }
            Map<String, Target> targets = resolver.targets(refs);
            List<Observation> batch = new ArrayList<>(fields.size());
            for (int i = 0; i < fields.size(); i++) {
                Observation o = observation(fields.get(i), targets.get(fields.get(i).ofRef()), handling.get(i));
                if (o != null) batch.add(o);
            }
            apply(batch);
            sightingsCursor = page.items().getLast().dateAdded();
            if (!page.more()) return;
        }
    }

    /**
     * A stored sighting as correlation counts it; null when it has no usable id or time.
     *
     * @param handling the handling level stored beside the version, or null
     */
    private Observation observation(SightingFields f, Target target, Tlp handling) {
        long[] uuid = Ids.uuidOf(f.id(), "sighting");
        if (uuid == null || target == null) return null;
        String firstText = first(f.firstSeen(), f.lastSeen(), f.created(), f.modified());
        String lastText = first(f.lastSeen(), f.firstSeen(), f.created(), f.modified());
        if (firstText == null) return null;
        long firstSeen, lastSeen;
        try {
            firstSeen = Times.micros(firstText);
            lastSeen = Times.micros(lastText);
        } catch (IllegalArgumentException e) {
            return null;
        }
        List<Reporter> reporters = resolver.reporters(f.whereRefs(), f.createdBy());
        int tlp = EffectiveTlp.of(f.markings(), handling, defaultTlp).ordinal();
        return new Observation(uuid[0], uuid[1], target, reporters, f.count(), firstSeen, lastSeen, tlp);
    }

    private static String first(String... values) {
        for (String v : values) if (v != null) return v;
        return null;
    }

    private void apply(List<Observation> batch) {
        boolean urgent;
        state.lock();
        try {
            long now = now();
            for (Observation o : batch) {
                correlation.apply(o, now);
                if (!o.target().resolved()) await(o);
            }
            urgent = correlation.takeUrgent();
        } finally {
            state.unlock();
        }
        observations.addAndGet(batch.size());
        if (urgent && Thread.currentThread() != worker) wake();
    }

    /** Keeps an observation of a target not yet in the store, to count it again once the target arrives. */
    private void await(Observation o) {
        if (waitingCount >= MAX_WAITING) return;
        waiting.computeIfAbsent(o.target().ref(), r -> new ArrayList<>()).add(o);
        waitingCount++;
    }

    private void retryWaiting() {
        List<String> refs;
        state.lock();
        try {
            if (waiting.isEmpty()) return;
            refs = new ArrayList<>(waiting.keySet());
        } finally {
            state.unlock();
        }
        Map<String, Target> found = resolver.reload(refs);
        state.lock();
        try {
            long now = now();
            for (Map.Entry<String, Target> e : found.entrySet()) {
                if (!e.getValue().resolved()) continue;
                List<Observation> os = waiting.remove(e.getKey());
                if (os == null) continue;
                waitingCount -= os.size();
                for (Observation o : os) {
                    correlation.apply(new Observation(o.hi(), o.lo(), e.getValue(), o.reporters(), o.count(), o.first(), o.last(),
                            o.tlp()), now);
                }
                for (Aggregates.Aggregate a : aggregates.of(e.getKey())) {
                    a.target = e.getValue();
                    a.slots.reset();
                    correlation.applyRepeated(a.observation(), a.slots, now);
                }
            }
            correlation.takeUrgent();
        } finally {
            state.unlock();
        }
    }

    private void readAlerts() {
        while (true) {
            Page page = store.objects(alertsId,
                    new ObjectFilter(alertsCursor, List.of(), List.of(AlertObjects.TYPE), VersionMatch.ALL, List.of(), PAGE));
            if (page.items().isEmpty()) return;
            List<AlertObjects.Stored> read = new ArrayList<>();
            for (StoredVersion v : page.items()) {
                if (!ownVersions.isEmpty() && ownVersions.remove(LongSet.fingerprint(v.object().id(), v.object().modified()))) {
                    continue; // written from this state
                }
                AlertObjects.Stored a = alerts.parse(v.object(), v.handling());
                if (a != null && a.ruleId().equals(config.rule().id())) read.add(a);
            }
            state.lock();
            try {
                long now = now();
                for (AlertObjects.Stored a : read) {
                    AlertObjects.Content c = a.content();
                    correlation.applyEvidence(a.key(), a.windowStart(), c.evidence(), Set.copyOf(c.indicatorRefs()), c.confidence(), c.tlp(),
                            now);
                }
                correlation.takeUrgent();
            } finally {
                state.unlock();
            }
            alertsCursor = page.items().getLast().dateAdded();
            if (!page.more()) return;
        }
    }

    // ---- reports (Sightings) ----

    /**
     * Folds reports in and counts them; returns the ids of their aggregated sightings. Reports of
     * an aggregate this process holds already take one map lookup under the lock; the others are
     * resolved first (targets, reporters: maybe reads from the store), outside it.
     */
    List<String> record(List<Sightings.Report> batch) {
        String[] ids = new String[batch.size()];
        List<Integer> misses = new ArrayList<>();
        boolean urgent;
        state.lock();
        try {
            long now = now();
            for (int i = 0; i < batch.size(); i++) {
                Sightings.Report r = batch.get(i);
                long first = Times.micros(r.firstSeen()), last = Times.micros(r.lastSeen());
                Aggregates.Aggregate a = aggregates.find(r.reporter() == null ? creator : r.reporter(), r.target(), first, last);
                if (a == null) {
                    misses.add(i);
                    continue;
                }
                fold(a, r, first, last, now);
                ids[i] = a.id();
            }
            urgent = correlation.takeUrgent();
        } finally {
            state.unlock();
        }
        if (!misses.isEmpty()) urgent |= recordNew(batch, misses, ids);
        reports.addAndGet(batch.size());
        if (urgent) wake();
        return List.of(ids);
    }

    /** The reports of aggregates not held yet: resolved, then folded in. */
    private boolean recordNew(List<Sightings.Report> batch, List<Integer> indexes, String[] ids) {
        Set<String> refs = new LinkedHashSet<>();
        for (int i : indexes) refs.add(batch.get(i).target());
        Map<String, Target> targets = resolver.targets(refs);
        Map<String, Reporter> reporters = new HashMap<>();
        for (int i : indexes) {
            String who = batch.get(i).reporter() == null ? creator : batch.get(i).reporter();
            if (reporters.containsKey(who)) continue;
            Reporter rep = resolver.place(who);
            if (rep == null || rep.member() == null) {
                throw new ConcordException(ErrorCode.INVALID_ARGUMENT, "a sighting's reporter must be an identity: " + who);
            }
            reporters.put(who, rep);
        }
        state.lock();
        try {
            long now = now();
            for (int i : indexes) {
                Sightings.Report r = batch.get(i);
                Target t = targets.get(r.target());
                Reporter rep = reporters.get(r.reporter() == null ? creator : r.reporter());
                long first = Times.micros(r.firstSeen()), last = Times.micros(r.lastSeen());
                Aggregates.Aggregate a = aggregates.find(rep.member(), t.ref(), first, last);
                if (a == null) {
                    a = aggregates.add(rep, t, 0, first, last, 0);
                    if (!t.resolved()) waiting.computeIfAbsent(t.ref(), k -> new ArrayList<>()); // retried with its aggregates
                }
                fold(a, r, first, last, now);
                ids[i] = a.id();
            }
            return correlation.takeUrgent();
        } finally {
            state.unlock();
        }
    }

    private void fold(Aggregates.Aggregate a, Sightings.Report r, long first, long last, long now) {
        aggregates.fold(a, r.count(), first, last, (r.tlp() != null ? r.tlp() : defaultTlp).ordinal());
        correlation.applyRepeated(a.observation(), a.slots, now);
    }

    /** The intelligence collection, where {@link Sightings#recordValue} writes observables. */
    String intelligence() {
        if (intelligenceId == null) throw new ConcordException(ErrorCode.NOT_FOUND, "this correlator has no intelligence collection");
        return intelligenceId;
    }

    Resolver resolver() {
        return resolver;
    }

    Store store() {
        return store;
    }

    String creator() {
        return creator;
    }

    Tlp defaultTlp() {
        return defaultTlp;
    }

    InstantSource clock() {
        return clock;
    }

    // ---- writing ----

    private void flushAggregates(boolean force) {
        List<Aggregates.Flush> due;
        state.lock();
        try {
            due = aggregates.due(now(), flushMicros, force);
        } finally {
            state.unlock();
        }
        for (int i = 0; i < due.size(); i += WRITE_BATCH) {
            List<Aggregates.Flush> chunk = due.subList(i, Math.min(due.size(), i + WRITE_BATCH));
            Map<String, StixObject> stored = storedVersions(chunk);
            String nowText = Times.format(now() / 1000 * 1000);
            List<Aggregates.Version> versions = new ArrayList<>(chunk.size());
            for (Aggregates.Flush f : chunk) versions.add(Aggregates.nextVersion(f, stored.get(f.aggregate().id()), creator, nowText));
            if (ownVersions.size() > 1_000_000) ownVersions.clear(); // never read back (another reader moved on): forget them
            for (Aggregates.Version v : versions) ownVersions.add(LongSet.fingerprint(v.object().id(), v.object().modified()));
            store.write(sightingsId, versions.stream().map(Aggregates.Version::object).toList());
            sightingVersions.addAndGet(versions.size());
            state.lock();
            try {
                long now = now();
                for (int j = 0; j < chunk.size(); j++) aggregates.written(chunk.get(j), versions.get(j), now);
            } finally {
                state.unlock();
            }
        }
        state.lock();
        try {
            aggregates.compact();
        } finally {
            state.unlock();
        }
    }

    /**
     * The latest stored versions of aggregates this process has not written yet (they may exist
     * from before a restart, or from another process); for the others what it wrote is known.
     */
    private Map<String, StixObject> storedVersions(List<Aggregates.Flush> chunk) {
        List<String> ids = new ArrayList<>();
        for (Aggregates.Flush f : chunk) if (!f.written()) ids.add(f.aggregate().id());
        Map<String, StixObject> out = new HashMap<>();
        for (int i = 0; i < ids.size(); i += 400) {
            List<String> part = ids.subList(i, Math.min(ids.size(), i + 400));
            ObjectFilter filter = new ObjectFilter(null, part, List.of(), VersionMatch.LAST, List.of(), ObjectFilter.MAX_LIMIT);
            for (StoredVersion v : store.objects(sightingsId, filter).items()) out.put(v.object().id(), v.object());
        }
        return out;
    }

    private void writeAlerts(boolean force) {
        List<Draft> drafts;
        state.lock();
        try {
            drafts = correlation.drain(now(), flushMicros, force);
        } finally {
            state.unlock();
        }
        if (drafts.isEmpty()) return;
        try {
            for (int i = 0; i < drafts.size(); i += ALERT_BATCH) {
                List<Draft> chunk = drafts.subList(i, Math.min(drafts.size(), i + ALERT_BATCH));
                Map<String, StixObject> stored = latestAlerts(chunk);
                Map<String, AlertObjects.Stored> parsed = new HashMap<>();
                Set<String> named = new HashSet<>();
                for (Draft d : chunk) {
                    StixObject latest = stored.get(alerts.id(d));
                    AlertObjects.Stored a = latest == null ? null : alerts.parse(latest, null); // alerts carry their TLP marking: no handling level
                    if (a != null) parsed.put(a.id(), a);
                    named.addAll(named(d, a));
                }
                // read again, not from the cache: an object re-marked stricter since it was sighted makes the alert stricter
                Map<String, Target> held = resolver.reload(named);
                List<StixObject> out = new ArrayList<>();
                for (Draft d : chunk) {
                    StixObject latest = stored.get(alerts.id(d));
                    StixObject next = nextAlert(d, latest, parsed.get(alerts.id(d)), held);
                    if (next == null) continue;
                    out.add(next);
                    ownVersions.add(LongSet.fingerprint(next.id(), next.modified()));
                }
                if (out.isEmpty()) continue;
                for (WriteOutcome o : store.write(alertsId, out)) if (o instanceof WriteOutcome.Stored) alertVersions.incrementAndGet();
            }
        } catch (RuntimeException e) {
            state.lock();
            try {
                correlation.retry(drafts);
            } finally {
                state.unlock();
            }
            throw e;
        }
        state.lock();
        try {
            correlation.written(drafts, now());
        } finally {
            state.unlock();
        }
    }

    /** The latest stored version of each draft's alert (whoever wrote it), by id, in one query per batch. */
    private Map<String, StixObject> latestAlerts(List<Draft> drafts) {
        List<String> ids = new ArrayList<>(drafts.size());
        for (Draft d : drafts) ids.add(alerts.id(d));
        Map<String, StixObject> out = new HashMap<>();
        ObjectFilter filter = new ObjectFilter(null, ids, List.of(AlertObjects.TYPE), VersionMatch.LAST, List.of(), ObjectFilter.MAX_LIMIT);
        for (StoredVersion v : store.objects(alertsId, filter).items()) out.put(v.object().id(), v.object());
        return out;
    }

    /**
     * The next version of a draft's alert: the join of what the latest stored version states
     * (whoever wrote it) and what the local state does, with the confidence and TLP of what was
     * sighted and of the indicators named that this node holds; null when the stored version
     * states it all already. The version is a function of that content alone (AlertObjects).
     */
    private StixObject nextAlert(Draft d, StixObject latest, AlertObjects.Stored stored, Map<String, Target> held) {
        List<Target> targets = new ArrayList<>(d.targets());
        for (String ref : named(d, stored)) {
            Target t = held.get(ref);
            if (t != null && t.resolved()) targets.add(t);
        }
        AlertObjects.Content next = alerts.content(d, targets, severity);
        if (stored != null) {
            next = stored.content().join(next);
            if (next.equals(stored.content())) return null;
        }
        return alerts.build(d.key(), d.windowStart(), next, latest == null ? null : latest.modified());
    }

    /** The objects a draft's alert is derived from or names: what was sighted, the indicators of the draft and of the stored version. */
    private static Set<String> named(Draft d, AlertObjects.Stored stored) {
        Set<String> refs = new HashSet<>(d.indicatorRefs());
        if (stored != null) refs.addAll(stored.content().indicatorRefs());
        for (Target t : d.targets()) refs.add(t.ref());
        return refs;
    }

    // ---- lifecycle, figures ----

    /** What the correlator holds and has done. */
    public record Stats(int liveKeys, long cells, long entries, int aggregates, int pendingAggregates, long observations,
                        long reports, long alertVersions, long sightingVersions, long droppedKeys, long ignoredLate,
                        long ignoredFuture, int waitingTargets, long failedRounds) {}

    public Stats stats() {
        state.lock();
        try {
            return new Stats(correlation.liveKeys(), correlation.cells(), correlation.entries(), aggregates.size(),
                    aggregates.pending(), observations.get(), reports.get(), alertVersions.get(), sightingVersions.get(),
                    correlation.droppedKeys(), correlation.ignoredLate(), correlation.ignoredFuture(), waiting.size(), failures.get());
        } finally {
            state.unlock();
        }
    }

    /** The rule alerts are raised by. */
    public Rule rule() {
        return config.rule();
    }

    /** The id the alert for {@code key} in the window holding {@code t} has (every node computes the same). */
    public String alertId(String key, Instant t) {
        long w = config.rule().windowMicros();
        return Ids.alert(key, config.rule(), Times.format(Math.floorDiv(Times.micros(t), w) * w));
    }

    /**
     * Writes the pending aggregated sightings now (not the alerts: a correlator that was not started
     * knows too little to raise them). {@link Sightings#flush} calls it.
     */
    void flushReports() {
        cycle.lock();
        try {
            flushAggregates(true);
        } finally {
            cycle.unlock();
        }
    }

    /**
     * Stops the background thread and writes what is pending: after a last round when started,
     * the aggregated sightings only when not. The store stays open.
     */
    @Override
    public void close() {
        boolean started = worker != null;
        running = false;
        try {
            if (started) {
                wake();
                try {
                    worker.join(10_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                round(true);
            } else {
                flushReports();
            }
        } catch (RuntimeException e) {
            LOG.warn("early warning could not write what was pending at close: " + e.getMessage(), e);
        }
    }

    private long now() {
        return Times.micros(clock.instant());
    }

    private static long micros(java.time.Duration d) {
        return d.getSeconds() * 1_000_000L + d.getNano() / 1_000;
    }
}
