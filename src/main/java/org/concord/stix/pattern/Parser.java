package org.concord.stix.pattern;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.concord.stix.pattern.Lexer.Kind;

/**
 * Recursive descent over {@code STIXPattern.g4}, one token of look-ahead, no backtracking. Each
 * left-recursive rule of the grammar becomes a loop that collects the operands of one n-ary node.
 * Recursion happens only at {@code [} and {@code (}, and {@link StixPattern#MAX_DEPTH} bounds it.
 */
final class Parser {
    private final String text;
    private final Lexer lex;
    private int depth;

    private Parser(String text) {
        this.text = text;
        this.lex = new Lexer(text);
    }

    static ObservationExpression parse(String text) {
        if (text.length() > StixPattern.MAX_LENGTH) {
            throw new PatternException("pattern is " + text.length() + " characters long; at most "
                    + StixPattern.MAX_LENGTH + " are allowed", StixPattern.MAX_LENGTH, text);
        }
        Parser p = new Parser(text);
        p.lex.next();
        ObservationExpression e = p.followedBy();
        if (p.lex.kind != Kind.END) throw p.unexpected("AND, OR, FOLLOWEDBY, a qualifier or the end of the pattern");
        return e;
    }

    // pattern level: FOLLOWEDBY < OR < AND < qualifiers (§9.5.3)

    private ObservationExpression followedBy() {
        ObservationExpression first = or();
        if (lex.kind != Kind.FOLLOWEDBY) return first;
        List<ObservationExpression> operands = operands(first);
        while (lex.kind == Kind.FOLLOWEDBY) {
            lex.next();
            operands.add(or());
        }
        return new ObservationExpression.FollowedBy(operands);
    }

    private ObservationExpression or() {
        ObservationExpression first = and();
        if (lex.kind != Kind.OR) return first;
        List<ObservationExpression> operands = operands(first);
        while (lex.kind == Kind.OR) {
            lex.next();
            operands.add(and());
        }
        return new ObservationExpression.Or(operands);
    }

    private ObservationExpression and() {
        ObservationExpression first = qualified();
        if (lex.kind != Kind.AND) return first;
        List<ObservationExpression> operands = operands(first);
        while (lex.kind == Kind.AND) {
            lex.next();
            operands.add(qualified());
        }
        return new ObservationExpression.And(operands);
    }

    private static <T> List<T> operands(T first) {
        List<T> list = new ArrayList<>(4);
        list.add(first);
        return list;
    }

    private ObservationExpression qualified() {
        ObservationExpression e = observation();
        if (!isQualifier(lex.kind)) return e;
        List<Qualifier> qualifiers = new ArrayList<>(2);
        while (isQualifier(lex.kind)) {
            int at = lex.start;
            Qualifier q = qualifier();
            for (Qualifier seen : qualifiers) {
                if (seen.getClass() == q.getClass()) {
                    throw new PatternException("second " + q.keyword() + " qualifier on one observation expression;"
                            + " at most one of each type is allowed (STIX 2.1 §9.5.1)", at, text);
                }
            }
            qualifiers.add(q);
        }
        return new ObservationExpression.Qualified(e, qualifiers);
    }

    private static boolean isQualifier(Kind k) {
        return k == Kind.WITHIN || k == Kind.REPEATS || k == Kind.START;
    }

    private ObservationExpression observation() {
        int open = lex.start;
        switch (lex.kind) {
            case LBRACK -> {
                enter();
                lex.next();
                ComparisonExpression c = comparisonOr();
                if (lex.kind != Kind.RBRACK) throw unexpected("AND, OR or ']' to close the '[' at offset " + open);
                leave();
                lex.next();
                return new ObservationExpression.Simple(c);
            }
            case LPAREN -> {
                enter();
                lex.next();
                ObservationExpression e = followedBy();
                if (lex.kind != Kind.RPAREN) {
                    throw unexpected("AND, OR, FOLLOWEDBY, a qualifier or ')' to close the '(' at offset " + open);
                }
                leave();
                lex.next();
                return e;
            }
            default -> throw unexpected("'[' or '(' to start an observation expression");
        }
    }

    private Qualifier qualifier() {
        Kind keyword = lex.kind;
        lex.next();
        switch (keyword) {
            case WITHIN -> {
                if (lex.kind != Kind.INT_POS && lex.kind != Kind.FLOAT_POS) {
                    throw unexpected("a positive number of seconds after WITHIN");
                }
                int at = lex.start;
                BigDecimal seconds = new BigDecimal(unsigned(lex.tokenText()));
                if (seconds.signum() == 0) {
                    throw new PatternException("WITHIN needs a positive number of seconds (STIX 2.1 §9.5.1)", at, text);
                }
                lex.next();
                expect(Kind.SECONDS, "SECONDS after the number of seconds; it is the only unit");
                return new Qualifier.Within(seconds);
            }
            case REPEATS -> {
                if (lex.kind != Kind.INT_POS) throw unexpected("a positive integer after REPEATS");
                long times = integer();
                if (times == 0) throw new PatternException("REPEATS needs a positive integer (STIX 2.1 §9.5.1)", lex.start, text);
                lex.next();
                expect(Kind.TIMES, "TIMES after the number of repetitions");
                return new Qualifier.Repeats(times);
            }
            default -> {
                if (lex.kind != Kind.TIMESTAMP) throw unexpected("a timestamp t'...' after START");
                String start = lex.prefixedBody();
                lex.next();
                expect(Kind.STOP, "STOP after the START timestamp");
                if (lex.kind != Kind.TIMESTAMP) throw unexpected("a timestamp t'...' after STOP");
                String stop = lex.prefixedBody();
                lex.next();
                return new Qualifier.StartStop(start, stop);
            }
        }
    }

    // comparison level, inside brackets: OR < AND (§9.6)

    private ComparisonExpression comparisonOr() {
        ComparisonExpression first = comparisonAnd();
        if (lex.kind != Kind.OR) return first;
        List<ComparisonExpression> operands = operands(first);
        while (lex.kind == Kind.OR) {
            lex.next();
            operands.add(comparisonAnd());
        }
        return new ComparisonExpression.Or(operands);
    }

    private ComparisonExpression comparisonAnd() {
        ComparisonExpression first = test();
        if (lex.kind != Kind.AND) return first;
        List<ComparisonExpression> operands = operands(first);
        while (lex.kind == Kind.AND) {
            lex.next();
            operands.add(test());
        }
        return new ComparisonExpression.And(operands);
    }

    private ComparisonExpression test() {
        switch (lex.kind) {
            case LPAREN -> {
                int open = lex.start;
                enter();
                lex.next();
                ComparisonExpression c = comparisonOr();
                if (lex.kind != Kind.RPAREN) throw unexpected("AND, OR or ')' to close the '(' at offset " + open);
                leave();
                lex.next();
                return c;
            }
            case NOT -> {
                lex.next();
                if (lex.kind != Kind.EXISTS) throw unexpected("EXISTS after a leading NOT (NOT before any other operator follows the object path)");
                lex.next();
                return new ComparisonExpression.Exists(path(), true);
            }
            case EXISTS -> {
                lex.next();
                return new ComparisonExpression.Exists(path(), false);
            }
            case IDENTIFIER, HYPHENATED_IDENTIFIER -> {
                return comparison();
            }
            default -> throw unexpected("an object path, EXISTS or '('");
        }
    }

    private Comparison comparison() {
        ObjectPath path = path();
        boolean negated = lex.kind == Kind.NOT;
        if (negated) lex.next();
        String opText = lex.tokenText();
        Operator operator = switch (lex.kind) {
            case EQ -> Operator.EQUAL;
            case NEQ -> Operator.NOT_EQUAL;
            case LT -> Operator.LESS;
            case LE -> Operator.LESS_OR_EQUAL;
            case GT -> Operator.GREATER;
            case GE -> Operator.GREATER_OR_EQUAL;
            case IN -> Operator.IN;
            case LIKE -> Operator.LIKE;
            case MATCHES -> Operator.MATCHES;
            case ISSUBSET -> Operator.IS_SUBSET;
            case ISSUPERSET -> Operator.IS_SUPERSET;
            default -> throw unexpected("a comparison operator (=, !=, <, <=, >, >=, IN, LIKE, MATCHES, ISSUBSET, ISSUPERSET)"
                    + (negated ? " after NOT" : " after " + path));
        };
        lex.next();
        Operand operand = switch (operator) {
            case IN -> set();
            case LIKE, MATCHES, IS_SUBSET, IS_SUPERSET -> {
                if (lex.kind != Kind.STRING) throw unexpected("a string constant after " + opText);
                if (operator == Operator.MATCHES) checkRegex();
                yield constant();
            }
            default -> {
                int at = lex.start;
                Constant c = constant();
                if (!operator.accepts(c)) {
                    throw new PatternException("'" + opText + "' needs an orderable constant, not a boolean", at, text);
                }
                yield c;
            }
        };
        return new Comparison(path, negated, operator, operand);
    }

    private ObjectPath path() {
        if (lex.kind != Kind.IDENTIFIER && lex.kind != Kind.HYPHENATED_IDENTIFIER) throw unexpected("an object type");
        String type = lex.tokenText();
        lex.next();
        expect(Kind.COLON, "':' after the object type '" + type + "'");
        List<PathStep> steps = new ArrayList<>(4);
        steps.add(key());
        while (true) {
            if (lex.kind == Kind.DOT) {
                lex.next();
                steps.add(key());
            } else if (lex.kind == Kind.LBRACK) {
                lex.next();
                steps.add(switch (lex.kind) {
                    case ASTERISK -> new PathStep.AnyIndex();
                    case INT_POS, INT_NEG -> {
                        long index = integer();
                        if (index != (int) index) throw new PatternException("list index out of range", lex.start, text);
                        yield new PathStep.Index((int) index);
                    }
                    default -> throw unexpected("a list index (an integer or '*')");
                });
                lex.next();
                expect(Kind.RBRACK, "']' after the list index");
            } else {
                return new ObjectPath(type, steps);
            }
        }
    }

    private PathStep.Key key() {
        switch (lex.kind) {
            case IDENTIFIER -> {
                String name = lex.tokenText();
                lex.next();
                return new PathStep.Key(name);
            }
            case STRING -> {
                String name = lex.stringValue();
                lex.next();
                return new PathStep.Key(name);
            }
            case HYPHENATED_IDENTIFIER -> throw new PatternException("property name " + lex.tokenText()
                    + " contains '-' and must be quoted: '" + lex.tokenText() + "' (STIX 2.1 §9.7)", lex.start, text);
            default -> {
                if (Lexer.keyword(lex.tokenText()) != null) {
                    throw unexpected("a property name (a keyword must be quoted: '" + lex.tokenText() + "')");
                }
                throw unexpected("a property name");
            }
        }
    }

    private ConstantSet set() {
        expect(Kind.LPAREN, "'(' to start the set after IN");
        List<Constant> values = new ArrayList<>();
        if (lex.kind == Kind.RPAREN) {
            lex.next();
            return new ConstantSet(values);
        }
        while (true) {
            int at = lex.start;
            Constant c = constant();
            if (!values.isEmpty() && !c.sameTypeAs(values.getFirst())) {
                throw new PatternException("set constants must be of one type (STIX 2.1 §9.6.1): expected "
                        + values.getFirst().description() + ", found " + c.description(), at, text);
            }
            values.add(c);
            if (lex.kind == Kind.RPAREN) {
                lex.next();
                return new ConstantSet(values);
            }
            expect(Kind.COMMA, "',' or ')' in the set");
        }
    }

    private Constant constant() {
        Constant c = switch (lex.kind) {
            case STRING -> new Constant.StringConstant(lex.stringValue());
            case INT_POS, INT_NEG -> new Constant.IntegerConstant(integer());
            case FLOAT_POS, FLOAT_NEG -> {
                double value = Double.parseDouble(lex.tokenText());
                if (!Double.isFinite(value)) throw new PatternException("float out of range", lex.start, text);
                yield new Constant.FloatConstant(value);
            }
            case TRUE -> new Constant.BooleanConstant(true);
            case FALSE -> new Constant.BooleanConstant(false);
            case HEX -> new Constant.HexConstant(lowerCase(lex.prefixedBody()));
            case BINARY -> new Constant.BinaryConstant(Lexer.stripLineBreaks(lex.prefixedBody()));
            case TIMESTAMP -> new Constant.TimestampConstant(lex.prefixedBody());
            default -> throw unexpected("a constant");
        };
        lex.next();
        return c;
    }

    /** The current INT_POS or INT_NEG token's value, within ±(2^53-1) (STIX 2.1 §2.10). */
    private long integer() {
        String digits = lex.tokenText();
        int signless = digits.charAt(0) == '+' || digits.charAt(0) == '-' ? digits.length() - 1 : digits.length();
        long value = signless > 16 ? Long.MAX_VALUE : Long.parseLong(digits);
        if (value > Constant.IntegerConstant.MAX || value < -Constant.IntegerConstant.MAX) {
            throw new PatternException("integer out of range ±(2^53-1) (STIX 2.1 §2.10)", lex.start, text);
        }
        return value;
    }

    /** MATCHES takes a regular expression (§9.6.1); it must compile. The current token is its string. */
    private void checkRegex() {
        String regex = lex.stringValue();
        try {
            Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            int at = e.getIndex() < 0 ? lex.start : lex.stringValueOffset(Math.min(e.getIndex(), regex.length()));
            throw new PatternException("MATCHES regular expression does not compile: " + e.getDescription(), at, text);
        } catch (StackOverflowError e) {
            throw new PatternException("MATCHES regular expression is nested too deeply", lex.start, text);
        }
    }

    private static String unsigned(String number) {
        return number.charAt(0) == '+' ? number.substring(1) : number;
    }

    private static String lowerCase(String hex) {
        for (int i = 0; i < hex.length(); i++) {
            char c = hex.charAt(i);
            if (c >= 'A' && c <= 'F') return hex.toLowerCase(Locale.ROOT);
        }
        return hex;
    }

    private void enter() {
        if (++depth > StixPattern.MAX_DEPTH) {
            throw new PatternException("brackets and parentheses nested more than " + StixPattern.MAX_DEPTH
                    + " levels deep", lex.start, text);
        }
    }

    private void leave() {
        depth--;
    }

    private void expect(Kind kind, String what) {
        if (lex.kind != kind) throw unexpected(what);
        lex.next();
    }

    private PatternException unexpected(String expected) {
        return new PatternException("expected " + expected + ", found " + found(), lex.start, text);
    }

    private String found() {
        return switch (lex.kind) {
            case END -> "the end of the pattern";
            case IDENTIFIER, HYPHENATED_IDENTIFIER, INT_POS, INT_NEG, FLOAT_POS, FLOAT_NEG -> "'" + clip(lex.tokenText()) + "'";
            case STRING, HEX, BINARY, TIMESTAMP -> lex.kind.description + " " + clip(lex.tokenText());
            default -> lex.kind.description.startsWith("'") ? lex.kind.description : "'" + lex.kind.description + "'";
        };
    }

    private static String clip(String s) {
        return s.length() <= 32 ? s : s.substring(0, 29) + "...";
    }
}
