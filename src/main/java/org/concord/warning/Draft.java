package org.concord.warning;

import java.util.List;

/**
 * An alert as the local state has it, to be merged with what the store holds and written.
 *
 * @param window        the window's index (start = index × rule window)
 * @param windowStart   the window's start, microseconds
 * @param groups        how many distinct groups the evidence reaches
 * @param evidence      sorted by {@link Evidence#ORDER}
 * @param indicatorRefs the indicators sighted, sorted
 * @param targets       what was sighted: for the alert's confidence and TLP
 * @param partnerConfidence the greatest confidence partners' alerts stated, -1 if none
 * @param partnerTlp    the strictest TLP (ordinal) of partners' alerts
 */
record Draft(String key, long window, long windowStart, int groups, List<Evidence> evidence, List<String> indicatorRefs, List<Target> targets,
             int partnerConfidence, int partnerTlp) {
    Draft {
        evidence = List.copyOf(evidence);
        indicatorRefs = List.copyOf(indicatorRefs);
        targets = List.copyOf(targets);
    }
}
