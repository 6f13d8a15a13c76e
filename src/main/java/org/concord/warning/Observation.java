package org.concord.warning;

import java.util.List;

/**
 * One sighting version as correlation sees it: which sighting (its UUID), of what, by whom, how
 * often and when (event time, in microseconds).
 *
 * @param hi,lo     the sighting's UUID (its id without the "sighting--" prefix)
 * @param tlp       the ordinal of its TLP level ({@link org.concord.stix.Tlp})
 */
record Observation(long hi, long lo, Target target, List<Reporter> reporters, long count, long first, long last, int tlp) {
    Observation {
        reporters = List.copyOf(reporters);
        if (first > last) {
            long t = first;
            first = last;
            last = t;
        }
    }
}
