package org.concord.stix.pattern;

import java.math.BigDecimal;
import java.util.List;

/**
 * Canonical pattern text for every node: one space around binary operators, none inside brackets
 * and parentheses, {@code =} and {@code !=} for the alternative spellings, keys quoted only when
 * they must be, no plus signs. Parentheses are written exactly where the tree needs them, so
 * parsing the text gives back an equal tree.
 */
final class Render {
    // precedence levels, loosest first (§9.5.3)
    private static final int FOLLOWED_BY = 0, OBS_OR = 1, OBS_AND = 2, QUALIFIED = 3, SIMPLE = 4;
    private static final int CMP_OR = 0, CMP_AND = 1, CMP_LEAF = 2;

    private Render() {}

    static String observation(ObservationExpression e) {
        StringBuilder sb = new StringBuilder(64);
        observation(sb, e, FOLLOWED_BY);
        return sb.toString();
    }

    static String comparison(ComparisonExpression e) {
        StringBuilder sb = new StringBuilder(48);
        comparison(sb, e, CMP_OR);
        return sb.toString();
    }

    static String constant(Constant c) {
        StringBuilder sb = new StringBuilder();
        operand(sb, c);
        return sb.toString();
    }

    /** Writes {@code e}, in parentheses if it binds more loosely than {@code minLevel}. */
    private static void observation(StringBuilder sb, ObservationExpression e, int minLevel) {
        int level = switch (e) {
            case ObservationExpression.FollowedBy f -> FOLLOWED_BY;
            case ObservationExpression.Or o -> OBS_OR;
            case ObservationExpression.And a -> OBS_AND;
            case ObservationExpression.Qualified q -> QUALIFIED;
            case ObservationExpression.Simple s -> SIMPLE;
        };
        boolean parens = level < minLevel;
        if (parens) sb.append('(');
        switch (e) {
            case ObservationExpression.FollowedBy f -> join(sb, f.operands(), " FOLLOWEDBY ", FOLLOWED_BY + 1);
            case ObservationExpression.Or o -> join(sb, o.operands(), " OR ", OBS_OR + 1);
            case ObservationExpression.And a -> join(sb, a.operands(), " AND ", OBS_AND + 1);
            case ObservationExpression.Qualified q -> {
                observation(sb, q.expression(), SIMPLE);
                for (Qualifier qualifier : q.qualifiers()) sb.append(' ').append(qualifier);
            }
            case ObservationExpression.Simple s -> {
                sb.append('[');
                comparison(sb, s.comparison(), CMP_OR);
                sb.append(']');
            }
        }
        if (parens) sb.append(')');
    }

    private static void join(StringBuilder sb, List<ObservationExpression> operands, String separator, int minLevel) {
        for (int i = 0; i < operands.size(); i++) {
            if (i > 0) sb.append(separator);
            observation(sb, operands.get(i), minLevel);
        }
    }

    private static void comparison(StringBuilder sb, ComparisonExpression e, int minLevel) {
        switch (e) {
            case ComparisonExpression.Or o -> joinComparisons(sb, o.operands(), " OR ", CMP_OR, minLevel);
            case ComparisonExpression.And a -> joinComparisons(sb, a.operands(), " AND ", CMP_AND, minLevel);
            case ComparisonExpression.Exists x -> {
                if (x.negated()) sb.append("NOT ");
                sb.append("EXISTS ").append(x.path());
            }
            case Comparison c -> {
                sb.append(c.path()).append(' ');
                if (c.negated()) sb.append("NOT ");
                sb.append(c.operator().symbol()).append(' ');
                operand(sb, c.operand());
            }
        }
    }

    private static void joinComparisons(StringBuilder sb, List<ComparisonExpression> operands, String separator,
                                        int level, int minLevel) {
        boolean parens = level < minLevel;
        if (parens) sb.append('(');
        for (int i = 0; i < operands.size(); i++) {
            if (i > 0) sb.append(separator);
            comparison(sb, operands.get(i), level + 1);
        }
        if (parens) sb.append(')');
    }

    static void operand(StringBuilder sb, Operand operand) {
        switch (operand) {
            case ConstantSet set -> {
                sb.append('(');
                for (int i = 0; i < set.values().size(); i++) {
                    if (i > 0) sb.append(", ");
                    operand(sb, set.values().get(i));
                }
                sb.append(')');
            }
            case Constant.StringConstant s -> quoted(sb, s.value());
            case Constant.FloatConstant f -> sb.append(decimal(f.value()));
            case Constant.IntegerConstant i -> sb.append(i);
            case Constant.BooleanConstant b -> sb.append(b);
            case Constant.HexConstant h -> sb.append(h);
            case Constant.BinaryConstant b -> sb.append(b);
            case Constant.TimestampConstant t -> sb.append(t);
        }
    }

    /** The shortest decimal that reads back as {@code value}, with a point and no exponent. */
    private static String decimal(double value) {
        String s = BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
        return s.indexOf('.') < 0 ? s + ".0" : s;
    }

    static void steps(StringBuilder sb, List<PathStep> steps) {
        for (int i = 0; i < steps.size(); i++) {
            switch (steps.get(i)) {
                case PathStep.Key k -> {
                    if (i > 0) sb.append('.');
                    key(sb, k.name());
                }
                case PathStep.Index x -> sb.append('[').append(x.index()).append(']');
                case PathStep.AnyIndex any -> sb.append("[*]");
            }
        }
    }

    /** A key bare when the grammar reads it back as an identifier, else quoted. */
    static void key(StringBuilder sb, String name) {
        if (isBareKey(name)) {
            sb.append(name);
        } else {
            quoted(sb, name);
        }
    }

    private static boolean isBareKey(String name) {
        if (name.isEmpty() || !isIdentifierStart(name.charAt(0))) return false;
        for (int i = 1; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!isIdentifierStart(c) && !(c >= '0' && c <= '9')) return false;
        }
        return Lexer.keyword(name) == null;
    }

    /** Whether the grammar reads {@code type} as an object type: an identifier, hyphens allowed. */
    static boolean isObjectType(String type) {
        if (type.isEmpty() || !isIdentifierStart(type.charAt(0))) return false;
        boolean hyphen = false;
        for (int i = 1; i < type.length(); i++) {
            char c = type.charAt(i);
            if (c == '-') {
                hyphen = true;
            } else if (!isIdentifierStart(c) && !(c >= '0' && c <= '9')) {
                return false;
            }
        }
        return hyphen || Lexer.keyword(type) == null;
    }

    static boolean isIdentifierStart(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_';
    }

    private static void quoted(StringBuilder sb, String value) {
        sb.append('\'');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\'' || c == '\\') sb.append('\\');
            sb.append(c);
        }
        sb.append('\'');
    }

    static <T> List<T> atLeastTwo(List<T> operands, String operator) {
        List<T> copy = List.copyOf(operands);
        if (copy.size() < 2) throw new IllegalArgumentException(operator + " needs at least two operands: " + copy);
        return copy;
    }
}
