package org.concord;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The walls between packages, as docs/architecture.md's package table draws them: every reference
 * from one of Concord's packages to another (an import, or a qualified name in code) is one the
 * table allows. The root package may be used by all; {@code runtime} by {@code cli} alone.
 */
class PackageWallsTest {
    private static final Path MAIN = Path.of("src", "main", "java", "org", "concord");

    /** What each package may use of the others, besides the root package and itself. */
    private static final Map<String, Set<String>> MAY_USE = Map.ofEntries(
            Map.entry("", Set.of()),
            Map.entry("stix", Set.of("stix.pattern")),
            Map.entry("stix.pattern", Set.of("stix")),
            Map.entry("config", Set.of()),
            Map.entry("store", Set.of("stix", "store.jdbc")),
            Map.entry("store.jdbc", Set.of("stix", "store")),
            Map.entry("node", Set.of("stix", "store", "config")),
            Map.entry("intake", Set.of("stix", "store")),
            Map.entry("integrity", Set.of("stix", "store", "node")),
            Map.entry("partner", Set.of("stix", "store")),
            Map.entry("policy", Set.of("stix", "store", "node", "config", "partner")),
            Map.entry("taxii", Set.of("stix", "store", "node", "config", "integrity", "partner", "fanout", "response")),
            Map.entry("warning", Set.of("stix", "stix.pattern", "store", "node", "config")),
            Map.entry("fanout", Set.of("stix", "store", "config", "warning")),
            Map.entry("federation", Set.of("stix", "store", "node", "config", "integrity", "policy", "partner")),
            Map.entry("response", Set.of("stix", "store", "node", "config", "partner")),
            Map.entry("runtime", Set.of("stix", "stix.pattern", "config", "store", "node", "intake", "integrity", "partner",
                    "policy", "taxii", "warning", "fanout", "federation", "response")),
            Map.entry("cli", Set.of("stix", "stix.pattern", "config", "store", "node", "intake", "integrity", "partner",
                    "policy", "taxii", "warning", "fanout", "federation", "runtime", "response")));

    private static final Pattern REFERENCE = Pattern.compile("\\borg\\.concord\\.((?:[a-z]+\\.)*)[A-Z]");

    @Test
    void everyPackageUsesOnlyWhatTheTableAllows() throws IOException {
        List<String> breaches = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> s = Files.walk(MAIN)) {
            files = s.filter(f -> f.toString().endsWith(".java") && !f.endsWith("package-info.java")).toList();
        }
        for (Path file : files) {
            String from = packageOf(file);
            assertThat(MAY_USE).as("a row of the package table for " + file).containsKey(from);
            int n = 0;
            for (String line : Files.readAllLines(file)) {
                n++;
                String code = line.strip();
                if (code.startsWith("*") || code.startsWith("/*") || code.startsWith("//") || code.startsWith("package ")) continue;
                Matcher m = REFERENCE.matcher(code);
                while (m.find()) {
                    String to = m.group(1).isEmpty() ? "" : m.group(1).substring(0, m.group(1).length() - 1);
                    if (to.isEmpty() || to.equals(from) || MAY_USE.get(from).contains(to)) continue;
                    breaches.add(MAIN.relativize(file) + ":" + n + " (" + name(from) + " uses " + name(to) + ")");
                }
            }
        }
        assertThat(breaches).as("references across a wall of docs/architecture.md's package table").isEmpty();
    }

    @Test
    void theTableHasARowForEveryPackage() throws IOException {
        try (Stream<Path> s = Files.walk(MAIN)) {
            List<String> packages = s.filter(Files::isDirectory).map(d -> MAIN.relativize(d).toString().replace('/', '.')).toList();
            assertThat(MAY_USE.keySet()).containsExactlyInAnyOrderElementsOf(packages);
        }
    }

    private static String packageOf(Path file) {
        Path dir = MAIN.relativize(file).getParent();
        return dir == null ? "" : dir.toString().replace('/', '.');
    }

    private static String name(String pkg) {
        return pkg.isEmpty() ? "org.concord" : pkg;
    }
}
