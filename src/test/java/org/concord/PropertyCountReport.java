package org.concord;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Sums what {@link PropertyCount} wrote in each test JVM ({@code target/property-tests/*.tsv}: class,
 * properties, tries, failed) and prints one table: {@code ./test} runs it after the suite. Depends on
 * nothing but the JDK, so it runs with the test classes alone on its class path.
 */
public final class PropertyCountReport {
    static final Path DIR = Path.of("target", "property-tests");

    private PropertyCountReport() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = args.length > 0 ? Path.of(args[0]) : DIR;
        if (!Files.isDirectory(dir)) {
            System.out.println("Property tests (jqwik): none ran");
            return;
        }
        Map<String, long[]> byClass = new TreeMap<>();
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(f -> f.toString().endsWith(".tsv")).toList();
        }
        for (Path f : files) {
            for (String line : Files.readAllLines(f)) {
                String[] c = line.split("\t");
                if (c.length != 4) continue;
                long[] sum = byClass.computeIfAbsent(c[0], k -> new long[3]);
                for (int i = 0; i < 3; i++) sum[i] += Long.parseLong(c[i + 1]);
            }
        }
        long props = 0, tries = 0, failed = 0;
        StringBuilder lines = new StringBuilder();
        for (Map.Entry<String, long[]> e : byClass.entrySet()) {
            long[] c = e.getValue();
            props += c[0];
            tries += c[1];
            failed += c[2];
            lines.append(String.format("  %-60s %3d properties %,9d tries%s%n", e.getKey(), c[0], c[1],
                    c[2] > 0 ? "  " + c[2] + " FAILED" : ""));
        }
        System.out.printf("Property tests (jqwik): %d properties in %d classes, %,d tries, %d failed%n%s",
                props, byClass.size(), tries, failed, lines);
    }
}
