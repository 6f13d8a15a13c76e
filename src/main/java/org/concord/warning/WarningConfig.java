package org.concord.warning;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.concord.config.Section;

/**
 * The node's early-warning settings: the {@code "warning"} object of {@code node.json}, parsed
 * once ({@link #parse}) and validated with messages that say what to fix and where. Every field is
 * optional:
 *
 * <pre>{@code
 * "warning": {
 *   "rule": {"group_by": "country", "threshold": 3, "window": "PT24H"},
 *   "grace": "PT24H",
 *   "flush_seconds": 60,
 *   "poll_seconds": 5,
 *   "warninglists": {"folders": ["../shared/data/misp/warninglists", "warninglists"],
 *                    "exclude": ["tranco10k"], "include": ["amazon-aws"]},
 *   "public_suffix_list": "/usr/share/publicsuffix/public_suffix_list.dat",
 *   "half_life": {"ip": "P14D", "domain": "P60D", "url": "P30D", "email": "P90D", "hash": "P365D", "default": "P90D"},
 *   "default_confidence": 50,
 *   "max_live_keys": 4000000
 * }
 * }</pre>
 *
 * @param rule              when a key alerts (default {@link Rule#DEFAULT})
 * @param grace             how long after a window ends its sightings still count (late arrivals); with the
 *                          window, how far back state is kept and rebuilt on start
 * @param maxSkew           how far in the future an event time may lie (reporters' clocks) and still count
 * @param flush             aggregated sightings get at most one new version per flush interval; alerts and
 *                          aggregates are written at this pace
 * @param poll              how often the store is read for writes by other processes
 * @param warninglists      folders of MISP-format warninglists (paths relative to the node folder)
 * @param exclude           lists left out (default {@link Warninglists#DEFAULT_EXCLUDE}, plus these)
 * @param include           lists kept although excluded by default
 * @param publicSuffixList  a Public Suffix List file; null: MISP's tlds lists if loaded, else none
 * @param halfLives         how fast an indicator's weight decays, by key kind ({@code default} for the rest)
 * @param defaultConfidence the confidence (0-100) of an indicator that states none
 * @param maxLiveKeys       a ceiling on keys held in memory; beyond it new keys are counted and dropped
 */
public record WarningConfig(Rule rule, Duration grace, Duration maxSkew, Duration flush, Duration poll,
                            List<Path> warninglists, Set<String> exclude, Set<String> include, Path publicSuffixList,
                            Map<String, Duration> halfLives, int defaultConfidence, int maxLiveKeys) {

    /** Default half-lives by key kind: addresses change hands fast, file hashes never do. */
    public static final Map<String, Duration> DEFAULT_HALF_LIVES = Map.of("ip", Duration.ofDays(14),
            "domain", Duration.ofDays(60), "url", Duration.ofDays(30), "email", Duration.ofDays(90),
            "hash", Duration.ofDays(365), "default", Duration.ofDays(90));

    /** Its member of node.json. */
    public static final String SECTION = "warning";
    private static final Set<String> FIELDS = Set.of("rule", "grace", "max_skew", "flush_seconds", "poll_seconds",
            "warninglists", "public_suffix_list", "half_life", "default_confidence", "max_live_keys", "comment");

    public WarningConfig {
        Objects.requireNonNull(rule, "rule");
        requirePositive(grace, "grace", true);
        requirePositive(maxSkew, "max_skew", true);
        requirePositive(flush, "flush_seconds", false);
        requirePositive(poll, "poll_seconds", false);
        warninglists = List.copyOf(warninglists);
        exclude = Set.copyOf(exclude);
        include = Set.copyOf(include);
        Map<String, Duration> lives = new HashMap<>(DEFAULT_HALF_LIVES);
        lives.putAll(halfLives);
        for (var e : lives.entrySet()) {
            if (!DEFAULT_HALF_LIVES.containsKey(e.getKey())) {
                throw new IllegalArgumentException("half_life knows ip, domain, url, email, hash and default, not \"" + e.getKey() + "\"");
            }
            if (e.getValue().isNegative() || e.getValue().isZero()) {
                throw new IllegalArgumentException("half_life." + e.getKey() + " must be positive: " + e.getValue());
            }
        }
        halfLives = Map.copyOf(lives);
        if (defaultConfidence < 0 || defaultConfidence > 100) {
            throw new IllegalArgumentException("default_confidence must be 0..100: " + defaultConfidence);
        }
        if (maxLiveKeys < 1000) throw new IllegalArgumentException("max_live_keys must be at least 1000: " + maxLiveKeys);
    }

    private static void requirePositive(Duration d, String name, boolean zeroAllowed) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || !zeroAllowed && d.isZero()) throw new IllegalArgumentException(name + " must be positive: " + d);
    }

    /** Everything by default: 3 countries in 24 h, a day of grace, no warninglists. */
    public static WarningConfig defaults() {
        return new WarningConfig(Rule.DEFAULT, Duration.ofHours(24), Duration.ofMinutes(5), Duration.ofSeconds(60),
                Duration.ofSeconds(5), List.of(), Warninglists.DEFAULT_EXCLUDE, Set.of(), null, Map.of(), 50, 4_000_000);
    }

    /** A copy with other flush and poll intervals. */
    public WarningConfig withTiming(Duration flushEvery, Duration pollEvery) {
        return new WarningConfig(rule, grace, maxSkew, flushEvery, pollEvery, warninglists, exclude, include, publicSuffixList,
                halfLives, defaultConfidence, maxLiveKeys);
    }

    /** A copy reading warninglists from {@code folders}. */
    public WarningConfig withWarninglists(List<Path> folders) {
        return new WarningConfig(rule, grace, maxSkew, flush, poll, folders, exclude, include, publicSuffixList, halfLives,
                defaultConfidence, maxLiveKeys);
    }

    /** A copy with another ceiling on live keys. */
    public WarningConfig withMaxLiveKeys(int n) {
        return new WarningConfig(rule, grace, maxSkew, flush, poll, warninglists, exclude, include, publicSuffixList, halfLives,
                defaultConfidence, n);
    }

    /**
     * How far back from now a stored sighting can still count: two windows (a live window and the
     * one it looks back on) + grace + max skew.
     */
    public Duration horizon() {
        return rule.window().multipliedBy(2).plus(grace).plus(maxSkew);
    }

    /**
     * Parses the {@code "warning"} section of node.json (absent: the defaults); paths are relative
     * to the node folder.
     */
    public static WarningConfig parse(Section w) {
        WarningConfig d = defaults();
        w.known(FIELDS);
        Section r = w.get("rule");
        r.known(Set.of("group_by", "threshold", "window"));
        Rule.GroupBy groupBy = r.text("group_by", d.rule().groupBy(), Rule.GroupBy::parse);
        int threshold = r.integer("threshold", d.rule().threshold(), 1, 1000);
        Duration window = r.duration("window", d.rule().window());
        Rule rule = r.present() ? r.build(() -> new Rule(groupBy, threshold, window)) : d.rule();
        Section lists = w.get("warninglists");
        lists.known(Set.of("folders", "exclude", "include"));
        List<Path> folders = new ArrayList<>();
        Set<String> exclude = new LinkedHashSet<>(Warninglists.DEFAULT_EXCLUDE), include = new LinkedHashSet<>();
        folders.addAll(lists.paths("folders"));
        List<String> excluded = lists.strings("exclude"), included = lists.strings("include");
        if (excluded != null) exclude.addAll(excluded);
        if (included != null) include.addAll(included);
        Path psl = w.path("public_suffix_list");
        Map<String, Duration> lives = new HashMap<>();
        Section h = w.get("half_life");
        for (String k : h.fields()) {
            if (!DEFAULT_HALF_LIVES.containsKey(k)) {
                h.problem("unknown key kind \"" + k + "\" (known: " + String.join(", ", new TreeSet<>(DEFAULT_HALF_LIVES.keySet())) + ")");
                continue;
            }
            Duration life = h.duration(k, null);
            if (life != null && (life.isNegative() || life.isZero())) h.get(k).problem("must be positive: " + life);
            else if (life != null) lives.put(k, life);
        }
        Duration grace = w.duration("grace", d.grace()), maxSkew = w.duration("max_skew", d.maxSkew());
        if (grace.isNegative()) w.get("grace").problem("must not be negative: " + grace);
        if (maxSkew.isNegative()) w.get("max_skew").problem("must not be negative: " + maxSkew);
        Duration flush = w.seconds("flush_seconds", d.flush(), 1, Integer.MAX_VALUE);
        Duration poll = w.seconds("poll_seconds", d.poll(), 1, Integer.MAX_VALUE);
        int confidence = w.integer("default_confidence", d.defaultConfidence(), 0, 100);
        int maxLiveKeys = w.integer("max_live_keys", d.maxLiveKeys(), 1000, Integer.MAX_VALUE);
        WarningConfig out = w.build(() -> new WarningConfig(rule, grace, maxSkew, flush, poll, folders, exclude, include, psl,
                lives, confidence, maxLiveKeys));
        return out != null ? out : d;
    }
}
