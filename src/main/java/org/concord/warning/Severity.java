package org.concord.warning;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.Set;

/**
 * An alert's severity, 0-100, from three things a CERT analyst weighs (docs/warning.md):
 *
 * <pre>
 *   breadth  b = 1 − 2^(−g/k)                 g groups reached, k the threshold (g = k: 0.5)
 *   impact   s = min(1, (2·C + O) / 4)          C critical and O other sectors hit
 *   trust    t = the alert's confidence / 100, the greatest of
 *              c · 2^(−age/h) over the sighted indicators the node holds, rounded to a whole percent
 *              c = confidence / 100 (the default confidence when an indicator states none)
 *              age = the window's start − the indicator's valid_from (never negative)
 *              h = the half-life of the indicator's kind (its first observable: ip, domain, …)
 *              (no indicator held: the default confidence), and of the confidence partners' alerts state
 *   severity = 100 · (0.40 b + 0.35 s + 0.25 t), rounded to 0.1
 * </pre>
 *
 * Everything it weighs is stated in the alert (groups, sectors, confidence), so the score is a
 * function of the alert's content and every node holding the same alert computes the same.
 * Levels: critical ≥ 80, high ≥ 60, medium ≥ 40, else low. Critical sectors, in the STIX
 * industry-sector vocabulary: finance (financial-services, insurance), energy (energy,
 * utilities, infrastructure-nuclear), transport (transportation), water (infrastructure-water,
 * infrastructure-dams), health (healthcare, pharmaceuticals), telecom (telecommunications,
 * communications), public services (government and its government-* subdivisions).
 */
final class Severity {
    static final Set<String> CRITICAL = Set.of("financial-services", "insurance", "energy", "utilities",
            "infrastructure-nuclear", "transportation", "infrastructure-water", "infrastructure-dams", "healthcare",
            "pharmaceuticals", "telecommunications", "communications", "government", "government-emergency-services",
            "government-local", "government-national", "government-public-services", "government-regional");

    private final Map<String, Duration> halfLives;
    private final int defaultConfidence;

    Severity(Map<String, Duration> halfLives, int defaultConfidence) {
        this.halfLives = halfLives;
        this.defaultConfidence = defaultConfidence;
    }

    /** The score and its level. */
    record Score(double value, String level) {}

    /**
     * The confidence (0-100) this node gives an alert of the window starting at {@code windowStart}
     * from the objects it was sighted as: the greatest decayed confidence of the indicators among
     * them, the default confidence when there is none.
     */
    int confidence(Collection<Target> targets, long windowStart) {
        double t = -1;
        for (Target target : targets) {
            if (!target.isIndicator() || !target.resolved()) continue;
            double c = (target.confidence() >= 0 ? target.confidence() : defaultConfidence) / 100.0;
            double decay = 1;
            if (target.validFrom() != Long.MIN_VALUE) {
                double ageDays = Math.max(0, windowStart - target.validFrom()) / 86_400e6;
                Duration h = halfLives.getOrDefault(target.decayKind(), halfLives.get("default"));
                decay = Math.pow(2, -ageDays / (h.getSeconds() / 86_400.0));
            }
            t = Math.max(t, c * decay);
        }
        if (t < 0) t = defaultConfidence / 100.0;
        return (int) Math.max(0, Math.min(100, Math.round(100 * t)));
    }

    /** The severity of an alert reaching {@code groups} of {@code threshold}, hitting {@code sectors}, with {@code confidence}. */
    static Score of(int groups, int threshold, Collection<String> sectors, int confidence) {
        double b = 1 - Math.pow(2, -(double) groups / threshold);
        int critical = 0, other = 0;
        for (String s : sectors) {
            if (CRITICAL.contains(s)) critical++;
            else other++;
        }
        double s = Math.min(1, (2.0 * critical + other) / 4);
        double t = Math.max(0, Math.min(100, confidence)) / 100.0;
        double score = Math.round(1000 * (0.40 * b + 0.35 * s + 0.25 * t)) / 10.0;
        return new Score(score, level(score));
    }

    static String level(double score) {
        if (score >= 80) return "critical";
        if (score >= 60) return "high";
        if (score >= 40) return "medium";
        return "low";
    }
}
