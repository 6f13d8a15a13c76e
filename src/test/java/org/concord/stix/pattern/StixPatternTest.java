package org.concord.stix.pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import org.concord.stix.pattern.ComparisonExpression.Exists;
import org.concord.stix.pattern.Constant.BinaryConstant;
import org.concord.stix.pattern.Constant.BooleanConstant;
import org.concord.stix.pattern.Constant.FloatConstant;
import org.concord.stix.pattern.Constant.HexConstant;
import org.concord.stix.pattern.Constant.IntegerConstant;
import org.concord.stix.pattern.Constant.StringConstant;
import org.concord.stix.pattern.Constant.TimestampConstant;
import org.concord.stix.pattern.ObservationExpression.FollowedBy;
import org.concord.stix.pattern.ObservationExpression.Qualified;
import org.concord.stix.pattern.ObservationExpression.Simple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The shape of the tree, the constants it holds, its canonical text and its invariants. */
class StixPatternTest {

    private static Comparison eq(String type, String key, long value) {
        return new Comparison(ObjectPath.of(type, key), false, Operator.EQUAL, new IntegerConstant(value));
    }

    private static Simple obs(String type, String key, long value) {
        return new Simple(eq(type, key, value));
    }

    private static Constant constantOf(String text) {
        return (Constant) StixPattern.parse("[x:y = " + text + "]").comparisons().getFirst().operand();
    }

    // precedence and associativity (§9.5.3, §9.6)

    @Test
    void followedByBindsLoosestThenOrThenAnd() {
        StixPattern p = StixPattern.parse("[a:b = 1] OR [a:b = 2] AND [a:b = 3] FOLLOWEDBY [a:b = 4]");

        assertThat(p.expression()).isEqualTo(new FollowedBy(List.of(
                new ObservationExpression.Or(List.of(obs("a", "b", 1),
                        new ObservationExpression.And(List.of(obs("a", "b", 2), obs("a", "b", 3))))),
                obs("a", "b", 4))));
    }

    @Test
    void chainsOfOneOperatorAreOneNode() {
        StixPattern p = StixPattern.parse("[a:b = 1] AND [a:b = 2] AND [a:b = 3]");

        assertThat(p.expression()).isEqualTo(new ObservationExpression.And(
                List.of(obs("a", "b", 1), obs("a", "b", 2), obs("a", "b", 3))));
    }

    @Test
    void qualifierAppliesToTheObservationExpressionJustBeforeIt() {
        // §9.5.1: "[ b ] FOLLOWEDBY [ c ] REPEATS 5 TIMES" - the REPEATS applies to c only
        StixPattern p = StixPattern.parse("[a:b = 1] FOLLOWEDBY [a:b = 2] REPEATS 5 TIMES");

        assertThat(p.expression()).isEqualTo(new FollowedBy(List.of(
                obs("a", "b", 1), new Qualified(obs("a", "b", 2), List.of(new Qualifier.Repeats(5))))));
    }

    @Test
    void parenthesesMakeAQualifierApplyToTheGroup() {
        StixPattern p = StixPattern.parse("([a:b = 1] FOLLOWEDBY [a:b = 2]) REPEATS 5 TIMES WITHIN 1800 SECONDS");

        assertThat(p.expression()).isEqualTo(new Qualified(
                new FollowedBy(List.of(obs("a", "b", 1), obs("a", "b", 2))),
                List.of(new Qualifier.Repeats(5), new Qualifier.Within(new BigDecimal("1800")))));
    }

    @Test
    void booleanAndBindsTighterThanOrInsideBrackets() {
        // §9.5: "As AND has higher precedence than OR"
        StixPattern p = StixPattern.parse("[a:j = 1 AND a:k = 2 OR a:l = 3]");

        assertThat(p.expression()).isEqualTo(new Simple(new ComparisonExpression.Or(List.of(
                new ComparisonExpression.And(List.of(eq("a", "j", 1), eq("a", "k", 2))), eq("a", "l", 3)))));
    }

    @Test
    void parenthesesAroundOneOperandOfTheSameOperatorAreKeptAndRendered() {
        StixPattern p = StixPattern.parse("[(a:b = 1 AND a:b = 2) AND a:b = 3]");

        assertThat(p.expression()).isEqualTo(new Simple(new ComparisonExpression.And(List.of(
                new ComparisonExpression.And(List.of(eq("a", "b", 1), eq("a", "b", 2))), eq("a", "b", 3)))));
        assertThat(p).hasToString("[(a:b = 1 AND a:b = 2) AND a:b = 3]");
    }

    @Test
    void redundantParenthesesAreDropped() {
        assertThat(StixPattern.parse("(([a:b = 1]))")).isEqualTo(StixPattern.parse("[a:b = 1]"));
        assertThat(StixPattern.parse("[((a:b = 1))]")).isEqualTo(StixPattern.parse("[a:b = 1]"));
        assertThat(StixPattern.parse("([a:b = 1]) WITHIN 5 SECONDS")).hasToString("[a:b = 1] WITHIN 5 SECONDS");
    }

    @Test
    void canonicalTextHasParenthesesOnlyWhereNeeded() {
        assertThat(StixPattern.parse("([a:b=1] OR [a:b=2]) AND ([a:b=3] FOLLOWEDBY [a:b=4]) OR [a:b=5]"))
                .hasToString("([a:b = 1] OR [a:b = 2]) AND ([a:b = 3] FOLLOWEDBY [a:b = 4]) OR [a:b = 5]");
        assertThat(StixPattern.parse("[(a:b=1 OR a:b=2) AND NOT EXISTS a:c]"))
                .hasToString("[(a:b = 1 OR a:b = 2) AND NOT EXISTS a:c]");
        assertThat(StixPattern.parse("(([a:b=1] WITHIN 5 SECONDS) REPEATS 2 TIMES)"))
                .hasToString("([a:b = 1] WITHIN 5 SECONDS) REPEATS 2 TIMES");
    }

    // comparisons()

    @Test
    void comparisonsListsEveryComparisonInOrderWithoutExists() {
        StixPattern p = StixPattern.parse("([domain-name:value = 'example.com' OR EXISTS domain-name:x] "
                + "FOLLOWEDBY [ipv4-addr:value ISSUBSET '198.51.100.0/24']) WITHIN 60 SECONDS "
                + "OR [file:hashes.'SHA-256' NOT IN ('aa', 'bb')]");

        List<Comparison> cs = p.comparisons();

        assertThat(cs).extracting(Comparison::objectType).containsExactly("domain-name", "ipv4-addr", "file");
        assertThat(cs).extracting(c -> c.path().property()).containsExactly("value", "value", "hashes.'SHA-256'");
        assertThat(cs).extracting(Comparison::operator)
                .containsExactly(Operator.EQUAL, Operator.IS_SUBSET, Operator.IN);
        assertThat(cs).extracting(Comparison::negated).containsExactly(false, false, true);
        assertThat(cs.get(0).operand()).isEqualTo(new StringConstant("example.com"));
        assertThat(cs.get(1).operand()).isEqualTo(new StringConstant("198.51.100.0/24"));
        assertThat(cs.get(2).operand()).isEqualTo(new ConstantSet(List.of(new StringConstant("aa"), new StringConstant("bb"))));
        assertThat(cs.get(2).path().steps()).containsExactly(new PathStep.Key("hashes"), new PathStep.Key("SHA-256"));
    }

    @Test
    void networkTrafficDestinationSubnetExample() {
        List<Comparison> cs = StixPattern.parse("[network-traffic:dst_ref.type = 'ipv4-addr' AND "
                + "network-traffic:dst_ref.value ISSUBSET '198.51.100.0/24']").comparisons();

        assertThat(cs).hasSize(2);
        assertThat(cs.get(1).path()).isEqualTo(ObjectPath.of("network-traffic", "dst_ref", "value"));
        assertThat(cs.get(1)).hasToString("network-traffic:dst_ref.value ISSUBSET '198.51.100.0/24'");
    }

    // operators

    @ParameterizedTest
    @ValueSource(strings = {"=", "!=", "<", "<=", ">", ">=", "IN", "LIKE", "MATCHES", "ISSUBSET", "ISSUPERSET"})
    void everyOperatorMayBeNegated(String symbol) {
        String operand = symbol.equals("IN") ? "('x')" : "'x'";

        Comparison plain = StixPattern.parse("[a:b " + symbol + " " + operand + "]").comparisons().getFirst();
        Comparison negated = StixPattern.parse("[a:b NOT " + symbol + " " + operand + "]").comparisons().getFirst();

        assertThat(plain.operator().symbol()).isEqualTo(symbol);
        assertThat(plain.negated()).isFalse();
        assertThat(negated.negated()).isTrue();
        assertThat(negated).hasToString("a:b NOT " + symbol + " " + operand);
    }

    @Test
    void alternativeSpellingsOfEqualAndNotEqualParseToTheSameOperators() {
        assertThat(StixPattern.parse("[a:b == 1]")).isEqualTo(StixPattern.parse("[a:b = 1]"));
        assertThat(StixPattern.parse("[a:b <> 1]")).isEqualTo(StixPattern.parse("[a:b != 1]"));
        assertThat(StixPattern.parse("[a:b <> 1]")).hasToString("[a:b != 1]");
    }

    @Test
    void existsAndNotExistsTakeAPathAndNoOperand() {
        StixPattern p = StixPattern.parse("[EXISTS a:b AND NOT EXISTS a:c.d]");

        assertThat(p.expression()).isEqualTo(new Simple(new ComparisonExpression.And(List.of(
                new Exists(ObjectPath.of("a", "b"), false), new Exists(ObjectPath.of("a", "c", "d"), true)))));
        assertThat(p.comparisons()).isEmpty();
    }

    @Test
    void emptySetIsAllowed() {
        assertThat(StixPattern.parse("[a:b IN ()]").comparisons().getFirst().operand()).isEqualTo(new ConstantSet(List.of()));
    }

    @Test
    void setMayMixIntegersAndFloats() {
        assertThat(StixPattern.parse("[file:size IN(1,2.5, -3)]")).hasToString("[file:size IN (1, 2.5, -3)]");
    }

    // constants (§9.2)

    @Test
    void stringEscapesAreResolved() {
        assertThat(constantOf("'it\\'s C:\\\\dir'")).isEqualTo(new StringConstant("it's C:\\dir"));
        assertThat(constantOf("''")).isEqualTo(new StringConstant(""));
        assertThat(constantOf("'line\nbreak ü 😀'")).isEqualTo(new StringConstant("line\nbreak ü 😀"));
        assertThat(new StringConstant("it's C:\\dir")).hasToString("'it\\'s C:\\\\dir'");
    }

    @Test
    void integersAreSignedAndWithinTheStixRange() {
        assertThat(constantOf("0")).isEqualTo(new IntegerConstant(0));
        assertThat(constantOf("-0")).isEqualTo(new IntegerConstant(0));
        assertThat(constantOf("+42")).isEqualTo(new IntegerConstant(42));
        assertThat(constantOf("-42")).isEqualTo(new IntegerConstant(-42));
        assertThat(constantOf("9007199254740991")).isEqualTo(new IntegerConstant(IntegerConstant.MAX));
        assertThat(constantOf("-9007199254740991")).isEqualTo(new IntegerConstant(-IntegerConstant.MAX));
        assertThat(constantOf("+42")).hasToString("42");
    }

    @Test
    void floatsNeedAPointAndDigitsAfterIt() {
        assertThat(constantOf("7.0")).isEqualTo(new FloatConstant(7.0));
        assertThat(constantOf(".5")).isEqualTo(new FloatConstant(0.5));
        assertThat(constantOf("-.5")).isEqualTo(new FloatConstant(-0.5));
        assertThat(constantOf("+00.25")).isEqualTo(new FloatConstant(0.25));
        assertThat(constantOf("-0.0")).isEqualTo(new FloatConstant(0.0));
        assertThat(new FloatConstant(1e22)).hasToString("10000000000000000000000.0");
        assertThat(new FloatConstant(1e-7)).hasToString("0.0000001");
        assertThat(new FloatConstant(-2.5)).hasToString("-2.5");
    }

    @Test
    void booleansAreLowerCase() {
        assertThat(constantOf("true")).isEqualTo(new BooleanConstant(true));
        assertThat(constantOf("false")).isEqualTo(new BooleanConstant(false));
    }

    @Test
    void hexIsStoredInLowerCase() {
        HexConstant hex = (HexConstant) constantOf("h'FFd8'");

        assertThat(hex).isEqualTo(new HexConstant("ffd8"));
        assertThat(hex.bytes()).containsExactly(0xff, 0xd8);
        assertThat(constantOf("h''")).isEqualTo(new HexConstant(""));
    }

    @Test
    void binaryIsBase64AndLineFeedsInItAreIgnored() {
        BinaryConstant bin = (BinaryConstant) constantOf("b'dGhpcyBp\ncyBhIHRl\r\nc3Q='");

        assertThat(bin).isEqualTo(new BinaryConstant("dGhpcyBpcyBhIHRlc3Q="));
        assertThat(new String(bin.bytes(), java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("this is a test");
        assertThat(constantOf("b'AB=='")).hasToString("b'AB=='");
    }

    @Test
    void timestampsAreKeptAsWrittenAndReadAsInstants() {
        TimestampConstant t = (TimestampConstant) constantOf("t'2016-06-01T01:30:00.123Z'");

        assertThat(t.value()).isEqualTo("2016-06-01T01:30:00.123Z");
        assertThat(t.instant()).isEqualTo(Instant.parse("2016-06-01T01:30:00.123Z"));
        assertThat(constantOf("t'2016-12-31T23:59:60Z'")).isInstanceOf(TimestampConstant.class);
    }

    // object paths (§9.7)

    @Test
    void quotedKeysMayHoldAnythingAndAreQuotedOnlyWhenTheyMustBe() {
        ObjectPath path = StixPattern.parse("[file:'hashes'.'SHA-256' = 'x']").comparisons().getFirst().path();

        assertThat(path).isEqualTo(ObjectPath.of("file", "hashes", "SHA-256"));
        assertThat(path).hasToString("file:hashes.'SHA-256'");
        assertThat(ObjectPath.of("x", "AND", "true", "a.b", "it's", "", "_ok9")).hasToString("x:'AND'.'true'.'a.b'.'it\\'s'.''._ok9");
    }

    @Test
    void listIndicesMayBeNumbersOrAStar() {
        ObjectPath path = StixPattern.parse("[a:b[0].c[*].d[-1][+2] = 1]").comparisons().getFirst().path();

        assertThat(path.steps()).containsExactly(new PathStep.Key("b"), new PathStep.Index(0), new PathStep.Key("c"),
                new PathStep.AnyIndex(), new PathStep.Key("d"), new PathStep.Index(-1), new PathStep.Index(2));
        assertThat(path).hasToString("a:b[0].c[*].d[-1][2]");
    }

    @Test
    void objectTypesMayHaveHyphensAndKeywordsWithHyphensAreIdentifiers() {
        assertThat(StixPattern.parse("[x-AND:b = 1 AND IN-x:c = 2 AND x-usb-device:usbdrive.serial_number = '5']")
                .comparisons()).extracting(Comparison::objectType).containsExactly("x-AND", "IN-x", "x-usb-device");
    }

    @Test
    void whitespaceBetweenPathTokensIsAllowedAsInTheGrammar() {
        assertThat(StixPattern.parse("[ file : hashes . 'MD5' [ 0 ] = 'x' ]"))
                .isEqualTo(StixPattern.parse("[file:hashes.MD5[0] = 'x']"));
    }

    // whitespace and comments (§9.4, grammar WS, COMMENT, LINE_COMMENT)

    @Test
    void everyUnicodeWhitespaceCharacterSeparatesTokens() {
        String ws = "\t\n\u000b\f\r \u0085\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008"
                + "\u2009\u200a\u2028\u2029\u202f\u205f\u3000";

        StixPattern p = StixPattern.parse(ws + "[" + ws + "a:b" + ws + "=" + ws + "1" + ws + "]" + ws + "WITHIN" + ws
                + "5" + ws + "SECONDS" + ws);

        assertThat(p).isEqualTo(StixPattern.parse("[a:b = 1] WITHIN 5 SECONDS"));
        for (char c = 0; c < 0x3001; c++) {
            assertThat(Lexer.isWhitespace(c)).as("U+%04X", (int) c).isEqualTo(ws.indexOf(c) >= 0);
        }
    }

    @Test
    void commentsAreSkipped() {
        assertThat(StixPattern.parse("/* c1 */[a:b/**/=1] // tail\nAND [a:c = '/* not a comment */']"))
                .hasToString("[a:b = 1] AND [a:c = '/* not a comment */']");
    }

    // qualifiers (§9.5.1)

    @Test
    void withinKeepsTheNumberAsWritten() {
        assertThat(StixPattern.parse("[a:b = 1] WITHIN +300 SECONDS")).hasToString("[a:b = 1] WITHIN 300 SECONDS");
        assertThat(StixPattern.parse("[a:b = 1] WITHIN 300.0 SECONDS")).hasToString("[a:b = 1] WITHIN 300.0 SECONDS");
        assertThat(StixPattern.parse("[a:b = 1] WITHIN .5 SECONDS")).hasToString("[a:b = 1] WITHIN 0.5 SECONDS");
        assertThat(new Qualifier.Within(new BigDecimal("1E+3"))).hasToString("WITHIN 1000 SECONDS");
    }

    @Test
    void startStopReadsAsInstants() {
        Qualified q = (Qualified) StixPattern.parse(
                "[file:name = 'foo.dll'] START t'2016-06-01T00:00:00Z' STOP t'2016-07-01T00:00:00Z'").expression();
        Qualifier.StartStop s = (Qualifier.StartStop) q.qualifiers().getFirst();

        assertThat(s.startInstant()).isEqualTo(Instant.parse("2016-06-01T00:00:00Z"));
        assertThat(s.stopInstant()).isEqualTo(Instant.parse("2016-07-01T00:00:00Z"));
    }

    // node toString is canonical text

    @Test
    void everyNodeRendersAsPatternText() {
        StixPattern p = StixPattern.parse("[(a:b = 1 OR a:c LIKE 'x%') AND EXISTS a:d] REPEATS 2 TIMES");
        Qualified q = (Qualified) p.expression();
        Simple s = (Simple) q.expression();

        assertThat(s).hasToString("[(a:b = 1 OR a:c LIKE 'x%') AND EXISTS a:d]");
        assertThat(s.comparison()).hasToString("(a:b = 1 OR a:c LIKE 'x%') AND EXISTS a:d");
        assertThat(StixPattern.parse("[a:b = 1 OR (a:c = 2 AND a:d = 3)]")).hasToString("[a:b = 1 OR a:c = 2 AND a:d = 3]");
        assertThat(q.qualifiers().getFirst()).hasToString("REPEATS 2 TIMES");
        assertThat(new Exists(ObjectPath.of("a", "d"), true)).hasToString("NOT EXISTS a:d");
        assertThat(new PathStep.Key("SHA-1")).hasToString("'SHA-1'");
    }

    // the tree's invariants

    @Test
    void constructorsRejectTreesThatCouldNotBeParsed() {
        Simple a = obs("a", "b", 1);
        assertThatThrownBy(() -> new ObservationExpression.And(List.of(a))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ComparisonExpression.Or(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Qualified(a, List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Qualified(a, List.of(new Qualifier.Repeats(2), new Qualifier.Repeats(3))))
                .hasMessageContaining("more than one REPEATS");
        assertThatThrownBy(() -> new Qualifier.Within(BigDecimal.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Qualifier.Repeats(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Qualifier.StartStop("2016-06-01", "2016-07-01T00:00:00Z"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Comparison(ObjectPath.of("a", "b"), false, Operator.LIKE, new IntegerConstant(1)))
                .hasMessageContaining("LIKE does not take an integer");
        assertThatThrownBy(() -> new Comparison(ObjectPath.of("a", "b"), false, Operator.GREATER, new BooleanConstant(true)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Comparison(ObjectPath.of("a", "b"), false, Operator.IN, new StringConstant("x")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ConstantSet(List.of(new IntegerConstant(1), new StringConstant("x"))))
                .hasMessageContaining("one type");
        assertThatThrownBy(() -> ObjectPath.of("true", "b")).hasMessageContaining("not an object type");
        assertThatThrownBy(() -> ObjectPath.of("1a", "b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ObjectPath.of("a")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ObjectPath("a", List.of(new PathStep.Index(0)))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new IntegerConstant(1L << 53)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FloatConstant(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HexConstant("FF")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new HexConstant("f")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BinaryConstant("AB\n==")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BinaryConstant("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TimestampConstant("2016-02-30T00:00:00Z")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void treesAreImmutable() {
        List<ObservationExpression> operands = new java.util.ArrayList<>(List.of(obs("a", "b", 1), obs("a", "b", 2)));
        ObservationExpression.Or or = new ObservationExpression.Or(operands);
        operands.clear();

        assertThat(or.operands()).hasSize(2);
        assertThatThrownBy(() -> or.operands().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> StixPattern.parse("[a:b = 1]").comparisons().clear())
                .isInstanceOf(UnsupportedOperationException.class);
    }
}
