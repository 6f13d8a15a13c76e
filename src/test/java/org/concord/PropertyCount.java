package org.concord;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

/**
 * Counts the property tests (jqwik) a run executed and the tries they made, from the report entry
 * jqwik publishes for every property, and writes the count to {@code target/property-tests/} (a file per
 * test JVM), which {@code ./test} sums and prints at the end ({@link PropertyCountReport}): a property class that silently stops running shows. The
 * report of a failing property (its samples and seed) is printed, since Surefire prints no report
 * entries.
 * Registered through {@code META-INF/services}, so every JUnit run in this project has it.
 */
public final class PropertyCount implements TestExecutionListener {
    private final Map<String, long[]> byClass = new TreeMap<>(); // class -> {properties, tries, failed}
    private static final Pattern TRIES = Pattern.compile("(?m)^tries = (\\d+)");

    @Override
    public synchronized void reportingEntryPublished(TestIdentifier test, ReportEntry entry) {
        if (!test.getUniqueId().contains("[engine:jqwik]")) return;
        for (String report : entry.getKeyValuePairs().values()) { // jqwik: one entry, its report as the value
            // a failing property's report (its samples, seed) goes to the console: Surefire shows no report entries
            if (report.contains("sample")) System.out.println(test.getDisplayName() + ":" + report);
            Matcher tries = TRIES.matcher(report);
            if (!tries.find()) continue;
            long[] c = byClass.computeIfAbsent(className(test), k -> new long[3]);
            c[0]++;
            c[1] += Long.parseLong(tries.group(1));
        }
    }

    @Override
    public synchronized void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (!test.isTest() || !test.getUniqueId().contains("[engine:jqwik]")) return;
        if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
            byClass.computeIfAbsent(className(test), k -> new long[3])[2]++;
        }
    }

    @Override
    public synchronized void testPlanExecutionFinished(TestPlan plan) {
        if (byClass.isEmpty()) return;
        // Surefire runs the suite in several JVMs: each writes its own rows, rewritten as it goes
        StringBuilder rows = new StringBuilder();
        byClass.forEach((name, c) -> rows.append(name).append('\t').append(c[0]).append('\t').append(c[1]).append('\t')
                .append(c[2]).append('\n'));
        try {
            Path out = PropertyCountReport.DIR.resolve(ProcessHandle.current().pid() + ".tsv");
            Files.createDirectories(out.getParent());
            Files.writeString(out, rows);
        } catch (IOException e) {
            System.err.println("could not write " + PropertyCountReport.DIR + ": " + e.getMessage());
        }
    }

    private static String className(TestIdentifier test) {
        String id = test.getUniqueId();
        int at = id.indexOf("[class:");
        if (at < 0) return test.getDisplayName();
        int end = id.indexOf(']', at);
        return id.substring(at + 7, end);
    }
}
