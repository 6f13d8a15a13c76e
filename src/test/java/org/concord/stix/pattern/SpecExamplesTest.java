package org.concord.stix.pattern;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every valid example of STIX 2.1 §9 parses, and its canonical text parses to the same tree. */
class SpecExamplesTest {

    static List<String> specExamples() {
        try (var in = Objects.requireNonNull(SpecExamplesTest.class.getResourceAsStream("spec-examples.txt"));
             var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            return reader.lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @ParameterizedTest
    @MethodSource("specExamples")
    void specExampleParsesAndRoundTrips(String text) {
        StixPattern pattern = StixPattern.parse(text);

        String canonical = pattern.toString();
        assertThat(StixPattern.parse(canonical)).isEqualTo(pattern);
        assertThat(StixPattern.parse(canonical).toString()).isEqualTo(canonical);
    }

    @Test
    void thereAreAtLeastTwentyFiveSpecExamples() {
        assertThat(specExamples()).hasSizeGreaterThanOrEqualTo(25);
    }

    @Test
    void specExampleSplitOverTwoLinesParsesLikeOnOneLine() {
        String twoLines = """
                [file:hashes.'SHA-256' = 'bf07a7fbb825fc0aae7bf4a1177b2b31fcf8a3feeaf7092761e18c859ee52a9c' \
                OR file:hashes.MD5 = 'cead3f77f6cda6ec00f57d76c9a6879f']
                AND [file:hashes.'SHA-256' = 'aec070645fe53ee3b3763059376134f058cc337247c978add178b6ccdfb0019f']""";

        assertThat(StixPattern.parse(twoLines)).isEqualTo(StixPattern.parse(twoLines.replace('\n', ' ')));
    }

    @Test
    void canonicalTextOfSpecExamplesIsWhatTheSpecWrites() {
        assertThat(StixPattern.parse("[file:extensions.'windows-pebinary-ext'.sections[*].entropy > 7.0]"))
                .hasToString("[file:extensions.'windows-pebinary-ext'.sections[*].entropy > 7.0]");
        assertThat(StixPattern.parse("([file:hashes.MD5 = '79054025255fb1a26e4bc422aef54eb4'] FOLLOWEDBY "
                + "[windows-registry-key:key = 'HKEY_LOCAL_MACHINE\\\\foo\\\\bar']) WITHIN 300 SECONDS"))
                .hasToString("([file:hashes.MD5 = '79054025255fb1a26e4bc422aef54eb4'] FOLLOWEDBY "
                        + "[windows-registry-key:key = 'HKEY_LOCAL_MACHINE\\\\foo\\\\bar']) WITHIN 300 SECONDS");
        assertThat(StixPattern.parse("[ ipv4-addr:value = '10.0.0.0' ]")).hasToString("[ipv4-addr:value = '10.0.0.0']");
    }
}
