package org.concord.stix.pattern;

/**
 * Comparison operators (STIX 2.1 §9.6.1), each of which may be preceded by {@code NOT}. The
 * grammar's alternative spellings {@code ==} and {@code <>} parse as {@link #EQUAL} and
 * {@link #NOT_EQUAL}. {@code EXISTS} is not here: it takes no operand and is
 * {@link ComparisonExpression.Exists}.
 */
public enum Operator {
    EQUAL("="),
    NOT_EQUAL("!="),
    LESS("<"),
    LESS_OR_EQUAL("<="),
    GREATER(">"),
    GREATER_OR_EQUAL(">="),
    IN("IN"),
    LIKE("LIKE"),
    MATCHES("MATCHES"),
    IS_SUBSET("ISSUBSET"),
    IS_SUPERSET("ISSUPERSET");

    private final String symbol;

    Operator(String symbol) {
        this.symbol = symbol;
    }

    /** How the operator is written in canonical pattern text. */
    public String symbol() {
        return symbol;
    }

    /**
     * Whether the grammar allows {@code operand} after this operator: any constant after
     * {@code =} and {@code !=}; any constant but a boolean after the orderings; a set after
     * {@code IN}; a string after {@code LIKE}, {@code MATCHES}, {@code ISSUBSET} and
     * {@code ISSUPERSET}.
     */
    public boolean accepts(Operand operand) {
        return switch (this) {
            case EQUAL, NOT_EQUAL -> operand instanceof Constant;
            case LESS, LESS_OR_EQUAL, GREATER, GREATER_OR_EQUAL ->
                    operand instanceof Constant && !(operand instanceof Constant.BooleanConstant);
            case IN -> operand instanceof ConstantSet;
            case LIKE, MATCHES, IS_SUBSET, IS_SUPERSET -> operand instanceof Constant.StringConstant;
        };
    }
}
