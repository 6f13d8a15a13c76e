package org.concord.stix.pattern;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;
import org.concord.stix.StixTimestamp;

/** A restriction on the observations an observation expression may match (STIX 2.1 §9.5.1). */
public sealed interface Qualifier {

    /** The keyword that starts this qualifier in pattern text. */
    String keyword();

    /**
     * {@code WITHIN x SECONDS}: all matched observations lie within {@code seconds}, which must be
     * positive (§9.5.1). The value keeps the scale it was written with, so {@code 300} and
     * {@code 300.0} render as written.
     */
    record Within(BigDecimal seconds) implements Qualifier {
        public Within {
            Objects.requireNonNull(seconds, "seconds");
            if (seconds.signum() <= 0) throw new IllegalArgumentException("WITHIN seconds must be positive: " + seconds);
            if (seconds.scale() < 0) seconds = seconds.setScale(0);
        }

        @Override
        public String keyword() {
            return "WITHIN";
        }

        @Override
        public String toString() {
            return "WITHIN " + seconds.toPlainString() + " SECONDS";
        }
    }

    /** {@code REPEATS x TIMES}: the expression matches at least {@code times} different observations (§9.5.1). */
    record Repeats(long times) implements Qualifier {
        public Repeats {
            if (times < 1 || times > Constant.IntegerConstant.MAX) {
                throw new IllegalArgumentException("REPEATS times must be 1.." + Constant.IntegerConstant.MAX + ": " + times);
            }
        }

        @Override
        public String keyword() {
            return "REPEATS";
        }

        @Override
        public String toString() {
            return "REPEATS " + times + " TIMES";
        }
    }

    /**
     * {@code START t'x' STOP t'y'}: matched observations have an observation time at or after
     * {@code start} and before {@code stop} (§9.5.1). Both are STIX timestamps (§2.16), kept as
     * written.
     */
    record StartStop(String start, String stop) implements Qualifier {
        public StartStop {
            Constant.TimestampConstant.requireTimestamp(start);
            Constant.TimestampConstant.requireTimestamp(stop);
        }

        /** {@link #start} as an instant. */
        public Instant startInstant() {
            return StixTimestamp.parse(start);
        }

        /** {@link #stop} as an instant. */
        public Instant stopInstant() {
            return StixTimestamp.parse(stop);
        }

        @Override
        public String keyword() {
            return "START";
        }

        @Override
        public String toString() {
            return "START t'" + start + "' STOP t'" + stop + "'";
        }
    }
}
