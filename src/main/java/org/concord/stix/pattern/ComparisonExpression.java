package org.concord.stix.pattern;

import java.util.List;
import java.util.Objects;

/**
 * The level inside the brackets of an observation expression (STIX 2.1 §9.6): a
 * {@link Comparison}, an {@link Exists} test, or comparison expressions joined by the Boolean
 * operators {@link And} (tighter) and {@link Or}. All must hold for the same observation.
 *
 * <p>Operators are n-ary, as in {@link ObservationExpression}; a nested operand of the same kind
 * only arises from parentheses. {@code toString()} renders canonical pattern text.
 */
public sealed interface ComparisonExpression permits Comparison, ComparisonExpression.Exists,
        ComparisonExpression.And, ComparisonExpression.Or {

    /** Operands that must all be true. */
    record And(List<ComparisonExpression> operands) implements ComparisonExpression {
        public And {
            operands = Render.atLeastTwo(operands, "AND");
        }

        @Override
        public String toString() {
            return Render.comparison(this);
        }
    }

    /** Operands of which at least one must be true. */
    record Or(List<ComparisonExpression> operands) implements ComparisonExpression {
        public Or {
            operands = Render.atLeastTwo(operands, "OR");
        }

        @Override
        public String toString() {
            return Render.comparison(this);
        }
    }

    /** {@code [NOT] EXISTS path}: the property is present on the object (§9.6.1). */
    record Exists(ObjectPath path, boolean negated) implements ComparisonExpression {
        public Exists {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public String toString() {
            return Render.comparison(this);
        }
    }
}
