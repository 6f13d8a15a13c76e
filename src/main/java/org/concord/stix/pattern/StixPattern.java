package org.concord.stix.pattern;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A parsed STIX 2.1 pattern (STIX 2.1 §9): the immutable syntax tree of an indicator's
 * {@code pattern} when its {@code pattern_type} is {@code stix}.
 *
 * <pre>{@code
 * StixPattern p = StixPattern.parse("[domain-name:value = 'example.com'] WITHIN 300 SECONDS");
 * for (Comparison c : p.comparisons()) ... // domain-name, value, EQUAL, 'example.com'
 * p.toString();                           // canonical text; parse(p.toString()).equals(p)
 * }</pre>
 *
 * <p>Two patterns are equal when their trees are equal: the same structure and constants,
 * whatever the whitespace, comments, quoting of keys or spelling of operators.
 *
 * @param expression the root of the tree
 */
public record StixPattern(ObservationExpression expression) {

    /** The longest pattern accepted, in characters (64 KiB). */
    public static final int MAX_LENGTH = 64 * 1024;

    /** How deeply brackets and parentheses may nest, counted together. */
    public static final int MAX_DEPTH = 100;

    public StixPattern {
        Objects.requireNonNull(expression, "expression");
    }

    /**
     * Parses pattern text. Keywords are case-sensitive, whitespace and comments between tokens are
     * ignored, as in the grammar {@code STIXPattern.g4}.
     *
     * @throws PatternException if {@code text} is not a valid pattern, is longer than
     *                          {@link #MAX_LENGTH} or nests deeper than {@link #MAX_DEPTH}
     */
    public static StixPattern parse(String text) {
        Objects.requireNonNull(text, "text");
        return new StixPattern(Parser.parse(text));
    }

    /**
     * Every comparison in the pattern, in the order written: the object type, path, operator and
     * constant from which observables are extracted. {@code EXISTS} tests have no constant and are
     * not included.
     */
    public List<Comparison> comparisons() {
        List<Comparison> out = new ArrayList<>();
        collect(expression, out);
        return List.copyOf(out);
    }

    private static void collect(ObservationExpression e, List<Comparison> out) {
        switch (e) {
            case ObservationExpression.Simple s -> collect(s.comparison(), out);
            case ObservationExpression.And a -> a.operands().forEach(o -> collect(o, out));
            case ObservationExpression.Or o -> o.operands().forEach(x -> collect(x, out));
            case ObservationExpression.FollowedBy f -> f.operands().forEach(x -> collect(x, out));
            case ObservationExpression.Qualified q -> collect(q.expression(), out);
        }
    }

    private static void collect(ComparisonExpression e, List<Comparison> out) {
        switch (e) {
            case Comparison c -> out.add(c);
            case ComparisonExpression.Exists x -> { }
            case ComparisonExpression.And a -> a.operands().forEach(o -> collect(o, out));
            case ComparisonExpression.Or o -> o.operands().forEach(x -> collect(x, out));
        }
    }

    /** The pattern in canonical text (see {@link ObservationExpression}). */
    @Override
    public String toString() {
        return expression.toString();
    }
}
