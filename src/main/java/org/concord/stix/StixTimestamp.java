package org.concord.stix;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * STIX 2.1 timestamps (§3.2): RFC 3339 in UTC with a literal {@code Z} and any number of
 * fractional digits, e.g. {@code 2016-05-12T08:17:27.000Z}.
 *
 * <p>A timestamp's {@link #sortKey} is the same instant written with exactly nine fractional
 * digits, so that text order is time order; versions are keyed and compared by it (digits past the
 * ninth are not significant for ordering).
 */
public final class StixTimestamp {
    private static final DateTimeFormatter MICROS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter MILLIS =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private StixTimestamp() {}

    /** Whether {@code s} is a STIX timestamp with a valid calendar date. */
    public static boolean isValid(String s) {
        return s != null && check(s) == null;
    }

    /** Whether {@code s} is a valid timestamp with at least millisecond precision (created, modified). */
    public static boolean isValidMillis(String s) {
        return isValid(s) && s.length() >= 24 && s.charAt(19) == '.' && s.length() - 21 >= 3;
    }

    /**
     * Why {@code s} is not a STIX timestamp, or null when it is.
     */
    public static String check(String s) {
        int n = s.length();
        if (n < 20 || s.charAt(n - 1) != 'Z') return "not a STIX timestamp (YYYY-MM-DDTHH:MM:SS[.s+]Z): " + s;
        if (!digits(s, 0, 4) || s.charAt(4) != '-' || !digits(s, 5, 7) || s.charAt(7) != '-'
                || !digits(s, 8, 10) || s.charAt(10) != 'T' || !digits(s, 11, 13) || s.charAt(13) != ':'
                || !digits(s, 14, 16) || s.charAt(16) != ':' || !digits(s, 17, 19)) {
            return "not a STIX timestamp (YYYY-MM-DDTHH:MM:SS[.s+]Z): " + s;
        }
        if (n > 20) {
            if (s.charAt(19) != '.' || n == 21 || !digits(s, 20, n - 1)) {
                return "not a STIX timestamp (fraction must be '.' and digits): " + s;
            }
        }
        int month = num(s, 5, 7), day = num(s, 8, 10), hour = num(s, 11, 13), min = num(s, 14, 16), sec = num(s, 17, 19);
        if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || min > 59 || sec > 60) {
            return "timestamp field out of range: " + s;
        }
        try {
            LocalDate.of(num(s, 0, 4), month, day);
        } catch (DateTimeException e) {
            return "no such date: " + s;
        }
        return null;
    }

    /**
     * The instant written with nine fractional digits; text order equals time order. A leap second
     * (:60) sorts after :59.
     *
     * @throws IllegalArgumentException if {@code s} is not a valid timestamp
     */
    public static String sortKey(String s) {
        String problem = check(s);
        if (problem != null) throw new IllegalArgumentException(problem);
        StringBuilder sb = new StringBuilder(30).append(s, 0, 19).append('.');
        int fracStart = 20, fracEnd = s.length() - 1;
        for (int i = 0; i < 9; i++) {
            int pos = fracStart + i;
            sb.append(pos < fracEnd ? s.charAt(pos) : '0');
        }
        return sb.append('Z').toString();
    }

    /** Parses to an instant (a leap second becomes the last nanosecond of :59). */
    public static Instant parse(String s) {
        String key = sortKey(s);
        if (key.startsWith("60", 17)) key = key.substring(0, 17) + "59.999999999Z";
        return Instant.parse(key);
    }

    /** Formats with microsecond precision, as Concord writes {@code date_added}. */
    public static String formatMicros(Instant t) {
        return MICROS.format(t);
    }

    /** Formats with millisecond precision, as Concord writes {@code created}/{@code modified}. */
    public static String formatMillis(Instant t) {
        return MILLIS.format(t);
    }

    private static boolean digits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return false;
        }
        return true;
    }

    private static int num(String s, int from, int to) {
        return Integer.parseInt(s, from, to, 10);
    }
}
