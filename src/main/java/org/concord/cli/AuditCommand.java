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
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code concord audit}: the disclosure audit log, filtered by partner, object and time. */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Print the disclosure audit log: which object version went to (or was withheld from) which partner,"
                + " when, under which rules. One line per decision, oldest first.")
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

    @Override
    public Integer call() {
        if (limit < 1) throw new IllegalArgumentException("--limit must be at least 1: " + limit);
        NodeConfig config = NodeConfig.load(node.dir);
        AuditQuery query = new AuditQuery(partner, objectId, instant("--since", since), instant("--until", until), 0,
                Math.min(limit, AuditQuery.MAX_LIMIT));
        try (AuditDatabase db = AuditDatabase.open(config.storeConfig(node.dir))) {
            int printed = 0;
            while (printed < limit) {
                List<Disclosure> page = db.log().find(query.limit(Math.min(AuditQuery.MAX_LIMIT, limit - printed)));
                for (Disclosure d : page) System.out.println(line(d));
                printed += page.size();
                if (page.isEmpty() || page.size() < query.limit()) break;
                query = query.after(page.get(page.size() - 1).seq());
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
