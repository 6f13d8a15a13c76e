package org.concord.stix.pattern;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every STIX-typed indicator pattern in the OASIS examples parses and round-trips. The examples are
 * read in place from {@code <concord.shared>/stix2-schemas/examples} (default {@code ../shared}).
 */
class SharedExamplesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    record Found(Path file, String id, String pattern) {}

    static List<Found> indicatorPatterns() throws IOException {
        Path examples = Path.of(System.getProperty("concord.shared", "../shared"), "stix2-schemas", "examples");
        assertThat(examples).as("OASIS examples (set -Dconcord.shared)").isDirectory();
        List<Found> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(examples)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                collect(file, JSON.readTree(file.toFile()), found);
            }
        }
        return found;
    }

    private static void collect(Path file, JsonNode node, List<Found> found) {
        if (node.isObject() && "indicator".equals(node.path("type").asText())
                && node.path("pattern").isTextual() && node.path("pattern_type").asText("stix").equals("stix")) {
            found.add(new Found(file, node.path("id").asText(), node.get("pattern").asText()));
        }
        node.forEach(child -> collect(file, child, found));
    }

    @TestFactory
    Stream<DynamicTest> everyExampleIndicatorPatternParsesAndRoundTrips() throws IOException {
        return indicatorPatterns().stream().map(f -> DynamicTest.dynamicTest(
                f.file().getFileName() + " " + f.id(), () -> {
                    StixPattern pattern = StixPattern.parse(f.pattern());
                    assertThat(StixPattern.parse(pattern.toString())).isEqualTo(pattern);
                    assertThat(pattern.comparisons()).isNotEmpty();
                }));
    }

    @Test
    void theExamplesHoldIndicatorPatterns() throws IOException {
        assertThat(indicatorPatterns()).hasSizeGreaterThanOrEqualTo(40);
    }
}
