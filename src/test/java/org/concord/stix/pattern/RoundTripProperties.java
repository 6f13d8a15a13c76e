package org.concord.stix.pattern;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Random valid syntax trees, rendered and parsed again, give back the same tree; and canonical text
 * is a fixed point of parse-then-render.
 */
class RoundTripProperties {
    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss");

    @Property(tries = 1500)
    void parsingTheRenderedTreeGivesTheSameTree(@ForAll("patterns") StixPattern tree) {
        assertThat(StixPattern.parse(tree.toString())).isEqualTo(tree);
    }

    @Property(tries = 500)
    void canonicalTextIsStableUnderParseAndRender(@ForAll("patterns") StixPattern tree) {
        String canonical = tree.toString();

        assertThat(StixPattern.parse(canonical).toString()).isEqualTo(canonical);
    }

    @Property(tries = 500)
    void comparisonsAreTheSameBeforeAndAfterTheRoundTrip(@ForAll("patterns") StixPattern tree) {
        assertThat(StixPattern.parse(tree.toString()).comparisons()).isEqualTo(tree.comparisons());
    }

    @Provide
    Arbitrary<StixPattern> patterns() {
        return observation(3).map(StixPattern::new);
    }

    // pattern level

    private Arbitrary<ObservationExpression> observation(int depth) {
        Arbitrary<ObservationExpression> simple = comparisonExpression(2).map(ObservationExpression.Simple::new);
        if (depth == 0) return simple;
        Arbitrary<List<ObservationExpression>> operands = observation(depth - 1).list().ofMinSize(2).ofMaxSize(3);
        return Arbitraries.frequencyOf(
                Tuple.of(3, simple),
                Tuple.of(1, operands.map(ObservationExpression.And::new)),
                Tuple.of(1, operands.map(ObservationExpression.Or::new)),
                Tuple.of(1, operands.map(ObservationExpression.FollowedBy::new)),
                Tuple.of(2, Combinators.combine(observation(depth - 1), qualifiers()).as(ObservationExpression.Qualified::new)));
    }

    private Arbitrary<List<Qualifier>> qualifiers() {
        Arbitrary<Qualifier> within = Arbitraries.oneOf(
                Arbitraries.longs().between(1, 1_000_000).map(BigDecimal::valueOf),
                Arbitraries.bigDecimals().between(new BigDecimal("0.001"), new BigDecimal("100000")).ofScale(3))
                .map(Qualifier.Within::new);
        Arbitrary<Qualifier> repeats = Arbitraries.oneOf(
                Arbitraries.longs().between(1, 100), Arbitraries.longs().between(1, Constant.IntegerConstant.MAX))
                .map(Qualifier.Repeats::new);
        Arbitrary<Qualifier> startStop = Combinators.combine(timestamp(), timestamp()).as(Qualifier.StartStop::new);
        return Combinators.combine(within.injectNull(0.5), repeats.injectNull(0.6), startStop.injectNull(0.6))
                .as((w, r, s) -> Stream.of(w, r, s).filter(Objects::nonNull).toList())
                .filter(list -> !list.isEmpty())
                .flatMap(Arbitraries::shuffle);
    }

    // inside the brackets

    private Arbitrary<ComparisonExpression> comparisonExpression(int depth) {
        Arbitrary<ComparisonExpression> leaf = Arbitraries.frequencyOf(
                Tuple.of(6, comparison()),
                Tuple.of(1, Combinators.combine(path(), Arbitraries.of(true, false)).as(ComparisonExpression.Exists::new)));
        if (depth == 0) return leaf;
        Arbitrary<List<ComparisonExpression>> operands = comparisonExpression(depth - 1).list().ofMinSize(2).ofMaxSize(3);
        return Arbitraries.frequencyOf(
                Tuple.of(3, leaf),
                Tuple.of(1, operands.map(ComparisonExpression.And::new)),
                Tuple.of(1, operands.map(ComparisonExpression.Or::new)));
    }

    private Arbitrary<ComparisonExpression> comparison() {
        Arbitrary<Map.Entry<Operator, Operand>> operatorAndOperand = Arbitraries.of(Operator.values())
                .flatMap(op -> operand(op).map(operand -> Map.entry(op, operand)));
        return Combinators.combine(path(), Arbitraries.of(true, false), operatorAndOperand)
                .as((path, negated, op) -> new Comparison(path, negated, op.getKey(), op.getValue()));
    }

    private Arbitrary<Operand> operand(Operator op) {
        return switch (op) {
            case EQUAL, NOT_EQUAL -> constant().map(c -> c);
            case LESS, LESS_OR_EQUAL, GREATER, GREATER_OR_EQUAL ->
                    constant().filter(c -> !(c instanceof Constant.BooleanConstant)).map(c -> c);
            case IN -> Arbitraries.oneOf(constantsOfEachType().stream().map(t -> t.list().ofMaxSize(3)).toList())
                    .map(ConstantSet::new);
            case MATCHES -> Arbitraries.oneOf(
                    text().map(Pattern::quote),
                    Arbitraries.of("^Final Report.+\\.exe$", ".+\\@example\\.com$", "(?i)a|b*", "[a-z]{2,}\\d?", "\\xd4\\x00"))
                    .map(Constant.StringConstant::new);
            case LIKE, IS_SUBSET, IS_SUPERSET -> text().map(Constant.StringConstant::new);
        };
    }

    private Arbitrary<Constant> constant() {
        return Arbitraries.oneOf(constantsOfEachType());
    }

    private List<Arbitrary<Constant>> constantsOfEachType() {
        List<Arbitrary<Constant>> types = new ArrayList<>();
        types.add(text().map(Constant.StringConstant::new));
        types.add(Arbitraries.longs().between(-Constant.IntegerConstant.MAX, Constant.IntegerConstant.MAX)
                .map(Constant.IntegerConstant::new));
        types.add(Arbitraries.oneOf(
                        Arbitraries.doubles().filter(Double::isFinite),
                        Arbitraries.bigDecimals().between(new BigDecimal(-1000), new BigDecimal(1000)).ofScale(3)
                                .map(BigDecimal::doubleValue))
                .map(Constant.FloatConstant::new));
        types.add(Arbitraries.of(true, false).map(Constant.BooleanConstant::new));
        types.add(Arbitraries.bytes().array(byte[].class).ofMaxSize(8).map(b -> new Constant.HexConstant(HexFormat.of().formatHex(b))));
        types.add(Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(10)
                .map(b -> new Constant.BinaryConstant(Base64.getEncoder().encodeToString(b))));
        types.add(timestamp().map(Constant.TimestampConstant::new));
        return types;
    }

    private Arbitrary<String> text() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(12),
                Arbitraries.strings().withChars("'\\ab []()-.:%_/*\n").ofMaxLength(10));
    }

    private Arbitrary<String> timestamp() {
        Arbitrary<String> seconds = Arbitraries.longs().between(-62_135_596_800L, 253_402_300_799L)
                .map(s -> LocalDateTime.ofEpochSecond(s, 0, ZoneOffset.UTC).format(SECONDS));
        Arbitrary<String> fraction = Arbitraries.oneOf(
                Arbitraries.just(""), Arbitraries.strings().numeric().ofMinLength(1).ofMaxLength(9).map(d -> "." + d));
        return Combinators.combine(seconds, fraction).as((s, f) -> s + f + "Z");
    }

    // object paths

    private Arbitrary<ObjectPath> path() {
        Arbitrary<String> type = Arbitraries.oneOf(
                Arbitraries.of("file", "ipv4-addr", "x-usb-device", "network-traffic", "x-AND", "_t", "IN-"),
                Arbitraries.strings().withCharRange('a', 'z').withChars("-_09AZ").ofMinLength(1).ofMaxLength(10)
                        .filter(Render::isObjectType));
        Arbitrary<PathStep> key = key();
        Arbitrary<PathStep> step = Arbitraries.frequencyOf(
                Tuple.of(3, key),
                Tuple.of(1, Arbitraries.integers().between(-3, 1000).map(PathStep.Index::new)),
                Tuple.of(1, Arbitraries.just(new PathStep.AnyIndex())));
        return Combinators.combine(type, key, step.list().ofMaxSize(3)).as((t, first, rest) -> {
            List<PathStep> steps = new ArrayList<>();
            steps.add(first);
            steps.addAll(rest);
            return new ObjectPath(t, steps);
        });
    }

    private Arbitrary<PathStep> key() {
        return Arbitraries.oneOf(
                Arbitraries.strings().withCharRange('a', 'z').withChars("_AZ09").ofMinLength(1).ofMaxLength(8),
                Arbitraries.of("value", "hashes", "SHA-256", "AND", "true", "LAST", "windows-pebinary-ext", "a.b", ""),
                text()).map(PathStep.Key::new);
    }
}
