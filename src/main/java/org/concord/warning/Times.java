package org.concord.warning;

import java.time.Instant;
import org.concord.stix.StixTimestamp;

/** Event times as microseconds since the epoch, and back to STIX timestamps. */
final class Times {
    private Times() {}

    /** A STIX timestamp as microseconds (finer digits dropped). @throws IllegalArgumentException if not a timestamp */
    static long micros(String stixTimestamp) {
        return micros(StixTimestamp.parse(stixTimestamp));
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
