package org.concord.stix.pattern;

import java.util.Objects;

/**
 * One comparison of an object path against a constant or a set of constants (STIX 2.1 §9.6.1),
 * e.g. {@code domain-name:value = 'example.com'} or {@code file:size NOT IN (1, 2)}.
 *
 * <p>The operand must suit the operator ({@link Operator#accepts}); a regular expression after
 * {@code MATCHES} is checked to compile by the parser, not by this constructor.
 *
 * @param path     what is compared
 * @param negated  whether {@code NOT} precedes the operator
 * @param operator the comparison operator
 * @param operand  a {@link Constant}, or a {@link ConstantSet} for {@code IN}
 */
public record Comparison(ObjectPath path, boolean negated, Operator operator, Operand operand)
        implements ComparisonExpression {

    public Comparison {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(operator, "operator");
        Objects.requireNonNull(operand, "operand");
        if (!operator.accepts(operand)) {
            throw new IllegalArgumentException(operator.symbol() + " does not take " + operand.description() + ": " + operand);
        }
    }

    /** The object type the path starts from, e.g. {@code domain-name}. */
    public String objectType() {
        return path.objectType();
    }

    @Override
    public String toString() {
        return Render.comparison(this);
    }
}
