package org.concord.cli;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.Callable;
import org.concord.node.NodeConfig;
import org.concord.policy.AuditDatabase;
import org.concord.policy.AuditQuery;
import org.concord.policy.Disclosure;
import org.concord.policy.Rule;
import org.concord.store.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code concord audit}: the disclosure audit log, filtered by partner, object and time, the newest
 * decisions first (a log that grows at every partner read is read from its end), {@code --oldest}
 * for the oldest first; a note on standard error says how to read the next page.
 */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = {"Print the disclosure audit log: which object version went to (or was withheld from) which partner,"
                + " when, under which rules. One line per decision, the newest first (--oldest: the oldest first).",
                "When more decisions match than --limit, a note on standard error gives the option that prints the next"
                + " page (--before SEQ, or --after SEQ with --oldest)."})
final class AuditCommand implements Callable<Integer> {
    @Mixin
    NodeDir node;

    @Option(names = "--partner", paramLabel = "P", description = "Only decisions for this partner.")
    String partner;

    @Option(names = "--object", paramLabel = "ID", description = "Only decisions on this STIX id.")
    String objectId;

    @Option(names = "--since", paramLabel = "TS", description = "Only decisions at or after TS (2025-06-01T12:00:00Z, or a day: 2025-06-01).")
    String since;

    @Option(names = "--until", paramLabel = "TS", description = "Only decisions before TS.")
    String until;

    @Option(names = "--limit", defaultValue = "1000", description = "At most this many lines (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--oldest", description = "The oldest decisions first (default: the newest first).")
    boolean oldest;

    @Option(names = "--before", paramLabel = "SEQ", description = "Only decisions recorded before position SEQ (the next page, newest first).")
    Long before;

    @Option(names = "--after", paramLabel = "SEQ", description = "Only decisions recorded after position SEQ (the next page with --oldest).")
    Long after;

    @Override
    public Integer call() {
        if (limit < 1) throw new IllegalArgumentException("--limit must be at least 1: " + limit);
        if (before != null && before < 1) throw new IllegalArgumentException("--before must be a position of the log, 1 or more: " + before);
        if (after != null && after < 0) throw new IllegalArgumentException("--after must be a position of the log, 0 or more: " + after);
        NodeConfig config = NodeConfig.load(node.dir);
        AuditQuery query = new AuditQuery(partner, objectId, instant("--since", since), instant("--until", until),
                after == null ? 0 : after, 1, before == null ? 0 : before, !oldest);
        try (Database database = Database.open(config.storeConfig(node.dir))) {
            AuditDatabase db = new AuditDatabase(database);
            int printed = 0;
            long last = 0;
            boolean more = false;
            while (true) {
                int want = Math.min(AuditQuery.MAX_LIMIT, limit - printed + 1); // one more than printed: are there more?
                List<Disclosure> page = db.log().find(query.limit(want));
                int take = Math.min(page.size(), limit - printed);
                for (int i = 0; i < take; i++) System.out.println(line(page.get(i)));
                printed += take;
                if (take > 0) last = page.get(take - 1).seq();
                if (page.size() > take) {
                    more = true;
                    break;
                }
                if (page.size() < want) break;
                query = oldest ? query.after(last) : query.before(last);
            }
            if (more) {
                System.err.println(oldest
                        ? "-- the oldest " + printed + " matching decisions shown; the next ones: the same command with --after " + last
                        : "-- the newest " + printed + " matching decisions shown; older ones: the same command with --before " + last
                                + " (or --oldest for the oldest first)");
            }
        }
        return Main.OK;
    }

    static String line(Disclosure d) {
        return d.at() + "  " + d.partner() + "  " + (d.released() ? "released" : "withheld") + "  " + d.objectId()
                + (d.version().isEmpty() ? "" : " @ " + d.version()) + "  "
                + String.join(",", d.rules().stream().map(Rule::id).toList())
                + (d.reason() != null ? "  " + d.reason() : "");
    }

    private static Instant instant(String option, String text) {
        if (text == null) return null;
        try {
            return text.length() == 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(option + " must be an instant (2025-06-01T12:00:00Z) or a day (2025-06-01): " + text);
        }
    }
}
