/**
 * The STIX 2.1 patterning language (STIX 2.1 §9): a hand-written parser from pattern text to an
 * immutable syntax tree, and the renderer back to canonical text.
 *
 * <p>Entry point: {@link org.concord.stix.pattern.StixPattern#parse(String)}. The tree is made of
 * records under sealed interfaces, so a {@code switch} over it is checked for completeness:
 * {@link org.concord.stix.pattern.ObservationExpression} (the pattern level: {@code [...]},
 * AND, OR, FOLLOWEDBY and {@link org.concord.stix.pattern.Qualifier qualifiers}) and
 * {@link org.concord.stix.pattern.ComparisonExpression} (inside the brackets: AND, OR,
 * {@link org.concord.stix.pattern.Comparison} and EXISTS). Indicator intake uses
 * {@link org.concord.stix.pattern.StixPattern#comparisons()} to find the observables a pattern
 * names.
 *
 * <p>The grammar is the OASIS ANTLR grammar {@code STIXPattern.g4}; where the prose of the
 * specification adds a requirement (one qualifier of each type, positive WITHIN and REPEATS,
 * homogeneous sets, valid timestamps and regular expressions, the integer range) the parser
 * enforces it too. Input is bounded ({@link org.concord.stix.pattern.StixPattern#MAX_LENGTH},
 * {@link org.concord.stix.pattern.StixPattern#MAX_DEPTH}), so no input can exhaust the stack, and
 * the parser reads each character once, without backtracking or regular expressions.
 *
 * <p>This package depends on nothing but the error catalogue and {@code StixTimestamp}.
 */
package org.concord.stix.pattern;
