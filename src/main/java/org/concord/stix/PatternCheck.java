package org.concord.stix;

import org.concord.stix.pattern.PatternException;
import org.concord.stix.pattern.StixPattern;

/**
 * Checks the syntax of a STIX pattern (§9), for indicators whose {@code pattern_type} is "stix".
 * {@link StixValidator} reports a problem as rule "pattern-syntax".
 */
@FunctionalInterface
public interface PatternCheck {

    /**
     * Why {@code pattern} is not valid STIX patterning, or null when it is.
     *
     * @param pattern the indicator's {@code pattern}
     */
    Problem check(String pattern);

    /**
     * What is wrong with a pattern and where.
     *
     * @param position zero-based character offset in the pattern
     * @param message  what the parser expected or found
     */
    record Problem(int position, String message) {}

    /** The STIX patterning grammar, by {@link StixPattern#parse}. */
    PatternCheck STIX = pattern -> {
        try {
            StixPattern.parse(pattern);
            return null;
        } catch (PatternException e) {
            return new Problem(e.position(), e.problem());
        }
    };

    /** Accepts every pattern: for callers that check patterns elsewhere, or not at all. */
    PatternCheck NOT_CHECKED = pattern -> null;
}
