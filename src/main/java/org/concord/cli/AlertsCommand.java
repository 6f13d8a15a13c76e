package org.concord.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;
import org.concord.Time;
import org.concord.fanout.AlertFeed;
import org.concord.fanout.AlertSummary;
import org.concord.fanout.SeverityFloor;
import org.concord.node.Node;
import org.concord.stix.StixTimestamp;
import org.concord.store.ObjectFilter;
import org.concord.store.Page;
import org.concord.store.StoredVersion;
import org.concord.store.VersionMatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code concord alerts}: the early warnings in the node's alerts collection. */
@Command(name = "alerts", mixinStandardHelpOptions = true,
        description = {"List the alerts in the node's alerts collection, whoever raised them: the newest version of each,"
                + " in the order they were stored (oldest first). One line each: when stored, severity, correlation key,"
                + " groups (countries, sectors or members), window, evidence count, id.",
                "--follow then prints every new version as it is stored, until Ctrl-C."})
final class AlertsCommand implements Callable<Integer> {
    private static final int PAGE = 1000;

    @Mixin
    NodeDir node;

    @Option(names = "--since", paramLabel = "TS",
            description = "Only alerts stored or updated after TS (2026-11-24T12:00:00Z, a day 2026-11-24, or an event id of the alert stream).")
    String since;

    @Option(names = "--min-severity", paramLabel = "X", description = "Only alerts at least this severe: low, medium, high, critical, or a score 0..100.")
    String minSeverity;

    @Option(names = "--json", description = "Print each alert's STIX JSON, one object per line.")
    boolean json;

    @Option(names = "--follow", description = "After the list, print each new alert version that changes what its alert means"
            + " (groups, sectors, severity level, TLP) as it is stored, until Ctrl-C.")
    boolean follow;

    @Option(names = "--poll-millis", hidden = true, defaultValue = "1000", description = "How often --follow looks (tests).")
    long pollMillis;

    @Override
    public Integer call() throws InterruptedException {
        SeverityFloor floor = minSeverity == null ? null : SeverityFloor.parse(minSeverity);
        Instant after = instant(since);
        try (Node n = node.open()) {
            String alerts = n.collectionId(Node.ALERTS);
            Time time = Time.of(n.clock());
            AlertFeed feed = new AlertFeed(n.store(), alerts, Duration.ofMillis(Math.max(1, pollMillis)), time);
            Instant end = feed.end(); // what is stored after this comes with --follow, not twice
            PrintStream out = System.out;
            ObjectFilter filter = new ObjectFilter(after, List.of(), List.of(AlertFeed.ALERT_TYPE), VersionMatch.LAST, List.of(), PAGE);
            for (Page page = n.store().objects(alerts, filter); ; page = n.store().objects(alerts, filter)) {
                for (StoredVersion v : page.items()) {
                    if (end == null || v.dateAdded().isAfter(end)) continue;
                    print(out, v, floor);
                }
                if (!page.more() || page.items().isEmpty()) break;
                filter = filter.after(page.items().getLast().dateAdded());
            }
            out.flush();
            if (!follow) return Main.OK;
            Instant cursor = end;
            while (!Thread.currentThread().isInterrupted()) {
                List<StoredVersion> next;
                try {
                    next = feed.after(cursor, PAGE);
                } catch (RuntimeException e) {
                    if (Thread.interrupted()) return Main.OK; // stopped in the middle of a read
                    throw e;
                }
                for (StoredVersion v : next) if (feed.changesMeaning(v)) print(out, v, floor); // one line per change of meaning
                out.flush();
                if (next.isEmpty()) {
                    try {
                        time.sleep(Duration.ofMillis(Math.max(1, pollMillis)));
                    } catch (InterruptedException e) {
                        return Main.OK; // Ctrl-C in a test harness; from a terminal the JVM simply ends
                    }
                } else {
                    cursor = next.getLast().dateAdded();
                }
            }
            return Main.OK;
        }
    }

    private void print(PrintStream out, StoredVersion v, SeverityFloor floor) {
        AlertSummary a = AlertSummary.of(v.object());
        if (floor != null && !floor.admits(a)) return;
        out.println(json ? v.object().json() : line(v.dateAdded(), a));
    }

    /** {@code <stored>  <level> <score>  <key>  groups <g,…>  window <start> → <end>  evidence <n>  <id>}. */
    static String line(Instant stored, AlertSummary a) {
        String severity = (a.severityLevel() != null ? a.severityLevel() : "-")
                + (a.severity() != null ? " " + (a.severity() == Math.rint(a.severity()) ? Long.toString(a.severity().longValue())
                : a.severity().toString()) : "");
        return StixTimestamp.formatMicros(stored) + "  " + severity + "  " + (a.key() != null ? a.key() : "-")
                + "  groups " + (a.groups().isEmpty() ? "-" : String.join(",", a.groups()))
                + "  window " + (a.windowStart() != null ? a.windowStart() : "?") + " → " + (a.windowEnd() != null ? a.windowEnd() : "?")
                + "  evidence " + a.evidence() + "  " + a.id();
    }

    private static Instant instant(String text) {
        if (text == null) return null;
        try {
            if (text.length() == 10) return LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant();
            return StixTimestamp.parse(text);
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw new IllegalArgumentException("--since must be an instant (2026-11-24T12:00:00Z) or a day (2026-11-24): " + text);
        }
    }
}
