package org.concord.stix.pattern;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The pattern level of the tree (STIX 2.1 §9.4, §9.5): one bracketed {@link Simple} observation,
 * observation expressions joined by {@link And}, {@link Or} or {@link FollowedBy}, or one with
 * {@link Qualifier qualifiers}.
 *
 * <p>Operators are n-ary: {@code [a] AND [b] AND [c]} is one {@link And} of three operands. An
 * operand of the same kind as its parent only arises from parentheses, {@code ([a] AND [b]) AND
 * [c]}, and is rendered with them, so rendering then parsing gives back an equal tree. Precedence
 * from tightest to loosest (§9.5.3): qualifiers, AND, OR, FOLLOWEDBY.
 *
 * <p>{@code toString()} renders canonical pattern text.
 */
public sealed interface ObservationExpression {

    /** {@code [comparison expression]}: matches a single observation. */
    record Simple(ComparisonExpression comparison) implements ObservationExpression {
        public Simple {
            Objects.requireNonNull(comparison, "comparison");
        }

        @Override
        public String toString() {
            return Render.observation(this);
        }
    }

    /** Operands that must all match, on different observations (§9.5.2). */
    record And(List<ObservationExpression> operands) implements ObservationExpression {
        public And {
            operands = Render.atLeastTwo(operands, "AND");
        }

        @Override
        public String toString() {
            return Render.observation(this);
        }
    }

    /** Operands of which one must match (§9.5.2). */
    record Or(List<ObservationExpression> operands) implements ObservationExpression {
        public Or {
            operands = Render.atLeastTwo(operands, "OR");
        }

        @Override
        public String toString() {
            return Render.observation(this);
        }
    }

    /** Operands that must match in this order of observation time (§9.5.2). */
    record FollowedBy(List<ObservationExpression> operands) implements ObservationExpression {
        public FollowedBy {
            operands = Render.atLeastTwo(operands, "FOLLOWEDBY");
        }

        @Override
        public String toString() {
            return Render.observation(this);
        }
    }

    /**
     * An observation expression restricted by qualifiers, in the order written. An observation
     * expression must not have two qualifiers of the same type (§9.5.1); a parenthesised one may
     * be qualified again from outside, {@code ([a] WITHIN 5 SECONDS) WITHIN 60 SECONDS}, which is a
     * {@code Qualified} inside a {@code Qualified}.
     */
    record Qualified(ObservationExpression expression, List<Qualifier> qualifiers) implements ObservationExpression {
        public Qualified {
            Objects.requireNonNull(expression, "expression");
            qualifiers = List.copyOf(qualifiers);
            if (qualifiers.isEmpty()) throw new IllegalArgumentException("qualifiers must not be empty");
            Set<Class<?>> seen = new HashSet<>();
            for (Qualifier q : qualifiers) {
                if (!seen.add(q.getClass())) {
                    throw new IllegalArgumentException("more than one " + q.keyword() + " qualifier: " + qualifiers);
                }
            }
        }

        @Override
        public String toString() {
            return Render.observation(this);
        }
    }
}
