package org.concord.warning;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * When a key raises an alert: sighted by at least {@code threshold} distinct groups (countries,
 * sectors or members) within one window length, wherever window boundaries fall. Alerts belong to
 * windows aligned on multiples of {@code window} since 1970-01-01T00:00Z (a day-long window is a
 * UTC day): the one in which the threshold was reached ({@link Correlation}), so every node cuts
 * time the same way and an alert's id can be derived from its key, its rule and its window.
 *
 * @param groupBy   what counts as distinct
 * @param threshold how many distinct groups raise the alert, 1..1000
 * @param window    the window length, whole seconds, one minute to 31 days
 */
public record Rule(GroupBy groupBy, int threshold, Duration window) {

    /** What the threshold counts. */
    public enum GroupBy {
        /** The reporters' countries (ISO 3166-1 alpha-2). */
        COUNTRY,
        /** The reporters' industry sectors (STIX industry-sector-ov); a reporter in two sectors counts for both. */
        SECTOR,
        /** The reporting members (identities). */
        MEMBER;

        /** As node.json and alerts spell it: country, sector, member. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** @throws IllegalArgumentException naming the accepted values */
        public static GroupBy parse(String text) {
            return switch (text) {
                case "country", "countries" -> COUNTRY;
                case "sector", "sectors" -> SECTOR;
                case "member", "members" -> MEMBER;
                default -> throw new IllegalArgumentException("must be country, sector or member: " + text);
            };
        }
    }

    /** The default: three countries within 24 hours. */
    public static final Rule DEFAULT = new Rule(GroupBy.COUNTRY, 3, Duration.ofHours(24));

    public Rule {
        Objects.requireNonNull(groupBy, "groupBy");
        Objects.requireNonNull(window, "window");
        if (threshold < 1 || threshold > 1000) throw new IllegalArgumentException("threshold must be 1..1000: " + threshold);
        if (window.getNano() != 0 || window.compareTo(Duration.ofMinutes(1)) < 0 || window.compareTo(Duration.ofDays(31)) > 0) {
            throw new IllegalArgumentException("window must be whole seconds from PT1M to P31D: " + window);
        }
    }

    /** The rule as it enters alert ids: {@code country:3:PT24H}. */
    public String id() {
        return groupBy.label() + ":" + threshold + ":" + window;
    }

    /** The window length in microseconds. */
    long windowMicros() {
        return window.getSeconds() * 1_000_000L;
    }

    /** "countries", "sectors", "members" (for alert names). */
    String plural() {
        return switch (groupBy) {
            case COUNTRY -> "countries";
            case SECTOR -> "sectors";
            case MEMBER -> "members";
        };
    }

    /** "24 h", "90 min", "7 d" (for alert names). */
    String windowText() {
        long s = window.getSeconds();
        if (s % 86_400 == 0 && s >= 172_800) return s / 86_400 + " d";
        if (s % 3_600 == 0) return s / 3_600 + " h";
        if (s % 60 == 0) return s / 60 + " min";
        return s + " s";
    }
}
