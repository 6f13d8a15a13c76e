package org.concord.warning;

import java.time.Instant;
import org.concord.stix.StixTimestamp;

/** Event times as microseconds since the epoch, and back to STIX timestamps. */
final class Times {
    private Times() {}

    /**
     * A STIX timestamp as microseconds (finer digits dropped): {@code YYYY-MM-DDTHH:MM:SS[.fraction]Z}
     * read directly (hot paths read two per sighting), anything else through {@link StixTimestamp}.
     *
     * @throws IllegalArgumentException if not a timestamp
     */
    static long micros(String s) {
        int n = s.length();
        if (n >= 20 && n <= 30 && s.charAt(4) == '-' && s.charAt(7) == '-' && s.charAt(10) == 'T' && s.charAt(13) == ':'
                && s.charAt(16) == ':' && s.charAt(n - 1) == 'Z' && (n == 20 || s.charAt(19) == '.' && n > 21)) {
            int year = digits(s, 0, 4), month = digits(s, 5, 7), day = digits(s, 8, 10);
            int hour = digits(s, 11, 13), minute = digits(s, 14, 16), second = digits(s, 17, 19);
            long fraction = 0;
            for (int i = 20, scale = 100_000; i < n - 1; i++, scale /= 10) {
                int d = s.charAt(i) - '0';
                if (d < 0 || d > 9) return micros(StixTimestamp.parse(s));
                if (scale > 0) fraction += (long) d * scale;
            }
            if (year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= 28 && hour <= 23 && minute <= 59 && second <= 59) {
                long days = java.time.LocalDate.of(year, month, day).toEpochDay(); // days 29-31 and leap seconds take the slow path
                return ((days * 86_400L + hour * 3_600L + minute * 60L + second) * 1_000_000L) + fraction;
            }
        }
        return micros(StixTimestamp.parse(s));
    }

    /** The decimal number in s[from, to), or -1 if a character is not a digit. */
    private static int digits(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            int d = s.charAt(i) - '0';
            if (d < 0 || d > 9) return -1;
            v = v * 10 + d;
        }
        return v;
    }

    static long micros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
    }

    static Instant instant(long micros) {
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1_000L);
    }

    /** Milliseconds when the microseconds are a whole number of them, else microseconds: one spelling per instant. */
    static String format(long micros) {
        Instant t = instant(micros);
        return micros % 1_000 == 0 ? StixTimestamp.formatMillis(t) : StixTimestamp.formatMicros(t);
    }
}
