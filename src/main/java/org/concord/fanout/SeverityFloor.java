package org.concord.fanout;

import java.util.List;
import java.util.Locale;

/**
 * The least severity an alert must have to be sent or shown: a level ({@code low} &lt;
 * {@code medium} &lt; {@code high} &lt; {@code critical}, compared with the alert's
 * {@code severity_level}) or a score from 0 to 100 (compared with its {@code severity}).
 *
 * <p>An alert that does not state what the floor compares (no level, or no score) passes: a
 * warning is never lost because a partner's node described it differently.
 *
 * @param level the least level, or null when the floor is a score
 * @param score the least score, or null when the floor is a level
 */
public record SeverityFloor(String level, Double score) {
    /** The levels, least severe first. */
    public static final List<String> LEVELS = List.of("low", "medium", "high", "critical");

    public SeverityFloor {
        if ((level == null) == (score == null)) throw new IllegalArgumentException("a severity floor is a level or a score");
        if (level != null && !LEVELS.contains(level)) {
            throw new IllegalArgumentException("severity level must be one of " + String.join(", ", LEVELS) + ": " + level);
        }
        if (score != null && !(score >= 0 && score <= 100)) {
            throw new IllegalArgumentException("severity score must be 0..100: " + score);
        }
    }

    /**
     * Parses {@code high} or {@code 60}.
     *
     * @throws IllegalArgumentException naming what is accepted
     */
    public static SeverityFloor parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (LEVELS.contains(t)) return new SeverityFloor(t, null);
        try {
            return new SeverityFloor(null, Double.parseDouble(t));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("severity must be a level (" + String.join(", ", LEVELS)
                    + ") or a score 0..100: " + text);
        }
    }

    /** Whether {@code alert} is at least this severe (or does not say). */
    public boolean admits(AlertSummary alert) {
        if (score != null) return alert.severity() == null || alert.severity() >= score;
        int rank = alert.severityLevel() == null ? -1 : LEVELS.indexOf(alert.severityLevel().toLowerCase(Locale.ROOT));
        return rank < 0 || rank >= LEVELS.indexOf(level);
    }

    @Override
    public String toString() {
        return level != null ? level : (score == Math.rint(score) ? Long.toString(score.longValue()) : score.toString());
    }
}
