package org.concord.cli;

import java.time.Instant;
import java.util.concurrent.Callable;
import org.concord.ConcordException;
import org.concord.ErrorCode;
import org.concord.node.Node;
import org.concord.runtime.NodeSettings;
import org.concord.stix.StixTimestamp;
import org.concord.stix.Tlp;
import org.concord.warning.Correlator;
import org.concord.warning.Sightings;
import org.concord.warning.WarningConfig;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code concord sighting add}: records a sighting by this node's member (or an identity it knows). */
@Command(name = "sighting", mixinStandardHelpOptions = true, subcommands = SightingCommand.Add.class,
        description = "Report sightings to this node (early warning correlates them).")
final class SightingCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Record a sighting of an indicator (or any object) or of an observed value.",
                    "Repeated sightings of one thing by one reporter fold into one sighting per day (count summed)."})
    static final class Add implements Callable<Integer> {
        @Mixin
        NodeDir node;

        @ArgGroup(exclusive = true, multiplicity = "1")
        What what;

        static final class What {
            @Option(names = "--of", paramLabel = "ID", description = "What was seen: an indicator, malware, infrastructure… id.")
            String of;

            @Option(names = "--value", paramLabel = "TYPE:VALUE",
                    description = "An observed value: domain:evil.example, ip:198.51.100.7, url:http://…, email:a@b.example, sha256:HEX, …")
            String value;
        }

        @Option(names = "--count", defaultValue = "1", description = "How many times (default: ${DEFAULT-VALUE}).")
        long count;

        @Option(names = "--first-seen", paramLabel = "TIME", description = "When first seen, e.g. 2026-03-14T09:30:00Z (default: now).")
        String firstSeen;

        @Option(names = "--last-seen", paramLabel = "TIME", description = "When last seen (default: the first-seen time).")
        String lastSeen;

        @Option(names = "--reporter", paramLabel = "IDENTITY", description = "Who saw it, an identity id (default: this node's member).")
        String reporter;

        @Option(names = "--tlp", description = "The sighting's TLP: clear, green, amber, amber+strict, red (default: the node's).")
        String tlp;

        @Override
        public Integer call() {
            NodeSettings.Part<WarningConfig> settings = NodeSettings.part(node.dir, WarningConfig.SECTION, WarningConfig::parse);
            try (Node n = node.open(settings.node())) {
                WarningConfig config = settings.section();
                Instant first = firstSeen == null ? n.clock().instant() : time("--first-seen", firstSeen);
                Instant last = lastSeen == null ? first : time("--last-seen", lastSeen);
                Instant now = n.clock().instant();
                if (last.isAfter(now.plus(config.maxSkew()))) { // it would be stored and never count (docs/warning.md)
                    throw new ConcordException(ErrorCode.INVALID_ARGUMENT, (lastSeen != null ? "--last-seen " : "--first-seen ")
                            + StixTimestamp.formatMillis(last) + " is in the future: a sighting more than warning.max_skew ("
                            + config.maxSkew() + ") after this node's clock (" + StixTimestamp.formatMillis(now) + ") never counts");
                }
                Tlp level = tlp == null ? null : Tlp.parse(tlp);
                try (Correlator c = Correlator.forReporting(config, n.store(), n.config().member(), n.config().defaultTlp(), n.clock())) {
                    Sightings s = c.sightings();
                    String id = what.of != null
                            ? s.record(new Sightings.Report(reporter, what.of, count, first, last, level))
                            : s.recordValue(reporter, Sightings.Observed.parse(what.value), count, first, last, level);
                    s.flush();
                    System.out.println("Recorded sighting " + id);
                    System.out.println("  of            " + (what.of != null ? what.of : what.value));
                    System.out.println("  count         " + count + ", " + StixTimestamp.formatMillis(first) + " .. " + StixTimestamp.formatMillis(last));
                    System.out.println("  collection    " + Node.SIGHTINGS + " (a serving node correlates it within its poll interval)");
                }
            }
            return Main.OK;
        }

        private static Instant time(String option, String text) {
            String problem = StixTimestamp.check(text);
            if (problem != null) throw new ConcordException(ErrorCode.INVALID_ARGUMENT, option + ": " + problem);
            return StixTimestamp.parse(text);
        }
    }
}
