package org.concord.stix;

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

    /** Accepts every pattern: for callers that check patterns elsewhere, or not at all. */
    PatternCheck NOT_CHECKED = pattern -> null;
}
