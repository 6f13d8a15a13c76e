package org.concord.warning;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.concord.ConcordException;
import org.concord.ErrorCode;
import org.concord.node.NodeConfig;

/**
 * The node's early-warning settings: the {@code "warning"} object of {@code node.json}, parsed
 * once and validated with messages that say what to fix. Every field is optional:
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

    private static final ObjectMapper JSON = new ObjectMapper();
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

    /** A copy with another rule. */
    public WarningConfig withRule(Rule r) {
        return new WarningConfig(r, grace, maxSkew, flush, poll, warninglists, exclude, include, publicSuffixList, halfLives,
                defaultConfidence, maxLiveKeys);
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

    /** A copy with another public suffix list file. */
    public WarningConfig withPublicSuffixList(Path file) {
        return new WarningConfig(rule, grace, maxSkew, flush, poll, warninglists, exclude, include, file, halfLives,
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
     * Reads the {@code "warning"} section of {@code dir/node.json} (defaults when absent), paths
     * resolved against {@code dir}.
     *
     * @throws ConcordException INVALID_CONFIGURATION saying which field is wrong and why
     */
    public static WarningConfig load(Path dir) {
        Path file = dir.resolve(NodeConfig.FILE);
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new ConcordException(ErrorCode.INVALID_CONFIGURATION, file + " cannot be read: " + e.getMessage());
        }
        try {
            return parse(root.get("warning"), dir);
        } catch (IllegalArgumentException e) {
            throw new ConcordException(ErrorCode.INVALID_CONFIGURATION, file + ": warning." + e.getMessage());
        }
    }

    /**
     * Parses a {@code "warning"} object (null: defaults).
     *
     * @throws IllegalArgumentException naming the field (relative to "warning.") and the problem
     */
    public static WarningConfig parse(JsonNode w, Path dir) {
        WarningConfig d = defaults();
        if (w == null || w.isNull()) return d;
        if (!w.isObject()) throw new IllegalArgumentException(" must be an object");
        for (Iterator<String> it = w.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) throw new IllegalArgumentException(f + " is not a setting (known: " + String.join(", ", FIELDS.stream().sorted().toList()) + ")");
        }
        Rule rule = d.rule();
        JsonNode r = w.get("rule");
        if (r != null) {
            if (!r.isObject()) throw new IllegalArgumentException("rule must be an object {group_by, threshold, window}");
            for (Iterator<String> it = r.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!Set.of("group_by", "threshold", "window").contains(f)) {
                    throw new IllegalArgumentException("rule." + f + " is not a setting (known: group_by, threshold, window)");
                }
            }
            try {
                rule = new Rule(Rule.GroupBy.parse(text(r, "group_by", "country")),
                        integer(r, "threshold", 3), duration(r, "window", "PT24H"));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("rule." + e.getMessage());
            }
        }
        List<Path> folders = new ArrayList<>();
        Set<String> exclude = new LinkedHashSet<>(Warninglists.DEFAULT_EXCLUDE), include = new LinkedHashSet<>();
        JsonNode lists = w.get("warninglists");
        if (lists != null) {
            if (!lists.isObject()) throw new IllegalArgumentException("warninglists must be an object {folders, exclude, include}");
            for (Iterator<String> it = lists.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!Set.of("folders", "exclude", "include").contains(f)) {
                    throw new IllegalArgumentException("warninglists." + f + " is not a setting (known: folders, exclude, include)");
                }
            }
            for (String s : strings(lists, "folders")) folders.add(dir.resolve(s));
            exclude.addAll(strings(lists, "exclude"));
            include.addAll(strings(lists, "include"));
        }
        Path psl = w.has("public_suffix_list") ? dir.resolve(text(w, "public_suffix_list", null)) : null;
        Map<String, Duration> lives = new HashMap<>();
        JsonNode h = w.get("half_life");
        if (h != null) {
            if (!h.isObject()) throw new IllegalArgumentException("half_life must be an object of ISO-8601 durations by key kind");
            for (Iterator<String> it = h.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                lives.put(k, duration(h, k, null));
            }
        }
        return new WarningConfig(rule, duration(w, "grace", "PT24H"), duration(w, "max_skew", "PT5M"),
                Duration.ofSeconds(integer(w, "flush_seconds", 60)), Duration.ofSeconds(integer(w, "poll_seconds", 5)),
                folders, exclude, include, psl, lives, integer(w, "default_confidence", 50), integer(w, "max_live_keys", 4_000_000));
    }

    private static String text(JsonNode n, String field, String dflt) {
        JsonNode v = n.get(field);
        if (v == null) {
            if (dflt == null) throw new IllegalArgumentException(field + " is required");
            return dflt;
        }
        if (!v.isTextual() || v.textValue().isBlank()) throw new IllegalArgumentException(field + " must be a non-empty string: " + v);
        return v.textValue();
    }

    private static int integer(JsonNode n, String field, int dflt) {
        JsonNode v = n.get(field);
        if (v == null) return dflt;
        if (!v.canConvertToInt() || !v.isIntegralNumber()) throw new IllegalArgumentException(field + " must be an integer: " + v);
        return v.intValue();
    }

    private static Duration duration(JsonNode n, String field, String dflt) {
        String s = text(n, field, dflt);
        try {
            return Duration.parse(s);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + " must be an ISO-8601 duration such as PT24H or P7D: " + s);
        }
    }

    private static List<String> strings(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null) return List.of();
        if (!v.isArray()) throw new IllegalArgumentException("warninglists." + field + " must be an array of strings");
        List<String> out = new ArrayList<>();
        for (JsonNode s : v) {
            if (!s.isTextual()) throw new IllegalArgumentException("warninglists." + field + " must be an array of strings: " + s);
            out.add(s.textValue());
        }
        return out;
    }
}
