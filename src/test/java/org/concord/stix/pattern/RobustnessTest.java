package org.concord.stix.pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * Whatever the input, parsing either succeeds (and then round-trips) or throws
 * {@link PatternException} with an offset inside the text: never another exception, never a
 * {@link StackOverflowError}, never a long stall.
 */
class RobustnessTest {
    private static final List<String> VOCABULARY = List.of(
            "[", "]", "(", ")", ":", ".", ",", "*", "=", "==", "!=", "<>", "<", "<=", ">", ">=", "'", "\\", "\\'",
            "AND", "OR", "NOT", "FOLLOWEDBY", "LIKE", "MATCHES", "ISSUBSET", "ISSUPERSET", "EXISTS", "IN", "LAST",
            "START", "STOP", "WITHIN", "SECONDS", "REPEATS", "TIMES", "true", "false", "file", "ipv4-addr", "hashes",
            "'SHA-256'", "'x'", "'a(b'", "0", "1", "-1", "+2", "1.5", ".5", "-0.0", "007", "9007199254740993",
            "h'ff'", "h'f'", "b'AB=='", "b'A='", "t'2016-06-01T00:00:00Z'", "t'2016-02-30T00:00:00Z'",
            "/*", "*/", "//", "\n", " ", "\u00a0", "\u0000", "é", "😀", "\ud800");

    /** Parses {@code text}; if it is accepted it must round-trip, if not the offset must lie in it. */
    static void parseOrReject(String text) {
        StixPattern pattern;
        try {
            pattern = StixPattern.parse(text);
        } catch (PatternException e) {
            assertThat(e.position()).as(e.getMessage()).isBetween(0, text.length());
            return;
        }
        assertThat(StixPattern.parse(pattern.toString())).as(text).isEqualTo(pattern);
    }

    @Property(tries = 3000)
    void randomTextIsParsedOrRejected(@ForAll("randomText") String text) {
        parseOrReject(text);
    }

    @Property(tries = 3000)
    void randomTokenSoupIsParsedOrRejected(@ForAll("tokenSoup") String text) {
        parseOrReject(text);
    }

    @Property(tries = 1000)
    void randomBytesAreParsedOrRejected(@ForAll("bytes") byte[] bytes) {
        parseOrReject(new String(bytes, StandardCharsets.UTF_8));
        parseOrReject(new String(bytes, StandardCharsets.ISO_8859_1));
    }

    @Provide
    Arbitrary<String> randomText() {
        return Arbitraries.strings().ofMaxLength(200);
    }

    @Provide
    Arbitrary<String> tokenSoup() {
        return Arbitraries.of(VOCABULARY).list().ofMaxSize(40)
                .flatMap(tokens -> Arbitraries.of("", " ").list().ofSize(tokens.size()).map(gaps -> {
                    StringBuilder sb = new StringBuilder();
                    for (int i = 0; i < tokens.size(); i++) sb.append(gaps.get(i)).append(tokens.get(i));
                    return sb.toString();
                }));
    }

    @Provide
    Arbitrary<byte[]> bytes() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
    }

    @Test
    void everyTruncationAndDeletionOfTheSpecExamplesIsParsedOrRejected() {
        for (String example : SpecExamplesTest.specExamples()) {
            for (int i = 0; i <= example.length(); i++) {
                parseOrReject(example.substring(0, i));
                if (i < example.length()) parseOrReject(example.substring(0, i) + example.substring(i + 1));
            }
        }
    }

    @Test
    void randomMutationsOfTheSpecExamplesAreParsedOrRejected() {
        Random random = new Random(20260101);
        List<String> examples = SpecExamplesTest.specExamples();
        for (int n = 0; n < 20_000; n++) {
            StringBuilder sb = new StringBuilder(examples.get(random.nextInt(examples.size())));
            for (int edits = 1 + random.nextInt(3); edits > 0; edits--) {
                int at = random.nextInt(sb.length() + 1);
                String token = VOCABULARY.get(random.nextInt(VOCABULARY.size()));
                switch (random.nextInt(3)) {
                    case 0 -> sb.insert(at, token);
                    case 1 -> { if (at < sb.length()) sb.deleteCharAt(at); }
                    default -> sb.replace(at, Math.min(sb.length(), at + token.length()), token);
                }
            }
            parseOrReject(sb.toString());
        }
    }

    // bounds

    @Test
    void tenThousandNestedParenthesesAreRejectedAtTheDepthLimit() {
        String deep = "(".repeat(10_000) + "[a:b = 1]" + ")".repeat(10_000);

        PatternException e = catchThrowableOfType(PatternException.class, () -> StixPattern.parse(deep));

        assertThat(e.position()).isEqualTo(StixPattern.MAX_DEPTH);
        assertThat(e.getMessage()).contains("nested more than 100 levels deep");
    }

    @Test
    void tenThousandNestedParenthesesInsideBracketsAreRejectedAtTheDepthLimit() {
        String deep = "[" + "(".repeat(10_000) + "a:b = 1" + ")".repeat(10_000) + "]";

        PatternException e = catchThrowableOfType(PatternException.class, () -> StixPattern.parse(deep));

        assertThat(e.position()).isEqualTo(StixPattern.MAX_DEPTH);
    }

    @Test
    void nestingUpToTheLimitIsAcceptedAndRoundTrips() {
        String observations = "(".repeat(StixPattern.MAX_DEPTH - 1) + "[a:b = 1]" + ")".repeat(StixPattern.MAX_DEPTH - 1);
        String comparisons = "[" + "(".repeat(StixPattern.MAX_DEPTH - 1) + "a:b = 1" + ")".repeat(StixPattern.MAX_DEPTH - 1) + "]";
        String alternating = "(".repeat(49) + "[" + "(a:b = 1 AND ".repeat(50) + "a:b = 2" + ")".repeat(50) + "]"
                + " WITHIN 5 SECONDS) REPEATS 2 TIMES".repeat(49);

        assertThat(StixPattern.parse(observations)).isEqualTo(StixPattern.parse("[a:b = 1]"));
        assertThat(StixPattern.parse(comparisons)).isEqualTo(StixPattern.parse("[a:b = 1]"));
        StixPattern deep = StixPattern.parse(alternating);
        assertThat(StixPattern.parse(deep.toString())).isEqualTo(deep);
        assertThat(deep.comparisons()).hasSize(51);
    }

    @Test
    void nestedQualifiedGroupsBeyondTheLimitAreRejected() {
        String deep = "(".repeat(200) + "[a:b = 1]" + " WITHIN 5 SECONDS)".repeat(200);

        assertThat(catchThrowableOfType(PatternException.class, () -> StixPattern.parse(deep)).position())
                .isEqualTo(StixPattern.MAX_DEPTH);
    }

    @Test
    void longFlatChainsNeedNoDeepRecursion() {
        String observations = "[a:b = 1]" + " AND [a:b = 1]".repeat(4_000);
        String comparisons = "[a:b = 1" + " OR a:b = 1".repeat(5_000) + "]";

        StixPattern many = StixPattern.parse(observations);
        StixPattern wide = StixPattern.parse(comparisons);

        assertThat(many.comparisons()).hasSize(4_001);
        assertThat(wide.comparisons()).hasSize(5_001);
        assertThat(StixPattern.parse(many.toString())).isEqualTo(many).hasSameHashCodeAs(many);
        assertThat(StixPattern.parse(wide.toString())).isEqualTo(wide);
    }

    @Test
    void patternsLongerThanTheLimitAreRejected() {
        String atLimit = "[a:b = '" + "x".repeat(StixPattern.MAX_LENGTH - 10) + "']";
        String overLimit = "[a:b = '" + "x".repeat(StixPattern.MAX_LENGTH) + "']";

        assertThat(atLimit).hasSize(StixPattern.MAX_LENGTH);
        assertThat(StixPattern.parse(atLimit).comparisons()).hasSize(1);
        PatternException e = catchThrowableOfType(PatternException.class, () -> StixPattern.parse(overLimit));
        assertThat(e.position()).isEqualTo(StixPattern.MAX_LENGTH);
        assertThat(e.getMessage()).startsWith("pattern is 65546 characters long; at most 65536 are allowed");
    }

    @Test
    void deeplyNestedRegularExpressionIsRejectedNotAStackOverflow() {
        String regex = "(".repeat(30_000) + ")".repeat(30_000);

        PatternException e = catchThrowableOfType(PatternException.class,
                () -> StixPattern.parse("[a:b MATCHES '" + regex + "']"));

        assertThat(e.getMessage()).contains("MATCHES regular expression");
    }

    @Test
    void parsingNeedsLittleStack() throws InterruptedException {
        String deepest = "(".repeat(49) + "[" + "(".repeat(50) + "a:b MATCHES '^x(y|z)+$'" + ")".repeat(50) + "]"
                + " WITHIN 5 SECONDS)".repeat(49);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread small = new Thread(null, () -> {
            try {
                StixPattern p = StixPattern.parse(deepest);
                StixPattern.parse(p.toString());
                p.comparisons();
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "small-stack", 256 * 1024);

        small.start();
        small.join();

        assertThat(failure.get()).isNull();
    }

    @Test
    void adversarialInputsAreHandledInLinearTime() {
        List<String> inputs = List.of(
                "[a:b = '" + "\\\\".repeat(30_000) + "']",
                "[a:b = '" + "\\'".repeat(30_000),
                "/**/".repeat(16_000) + "[a:b = 1]",
                "/*" + " ".repeat(60_000),
                "[a:b = 1]" + " OR [a:b = 1]".repeat(5_000),
                "[a" + "-a".repeat(30_000) + ":b = 1]",
                "[a:b" + ".c".repeat(30_000) + " = 1]",
                "[a:b" + "[*]".repeat(20_000) + " = 1]",
                "[a:b IN (" + "1, ".repeat(20_000) + "1)]",
                "[a:b = b'" + "AAAA".repeat(16_000) + "']",
                "[a:b = 1" + "0".repeat(60_000) + "]",
                "[a:b = ." + "5".repeat(60_000) + "]",
                "[a:b MATCHES '" + "a*".repeat(30_000) + "']",
                "(".repeat(65_000));
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            for (String input : inputs) {
                for (int i = 0; i < 20; i++) parseOrReject(input);
            }
        });
    }
}
