package org.concord.cli;

import org.concord.ConcordException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code concord} launcher: one picocli command per capability, wired by hand.
 *
 * <p>Exit status: 0 done; 1 done, but some input was rejected; 2 bad usage or configuration;
 * 3 not found or not allowed; 4 internal failure.
 */
@Command(name = "concord", mixinStandardHelpOptions = true, version = "Concord 0.1.0",
        description = "A sovereign, federated cyber-threat exchange node (STIX 2.1 over TAXII 2.1).",
        subcommands = {
                InitCommand.class,
                ImportCommand.class,
                AuditCommand.class,
                ExportCommand.class,
                StatsCommand.class,
                DemoCommand.class,
                ServeCommand.class, TokenCommand.class, CollectionCommand.class,
                PeerCommand.class, VerifyCommand.class, FeedCommand.class, SyncCommand.class,
                AlertsCommand.class, WebhookCommand.class,
                SightingCommand.class,
                CommandLine.HelpCommand.class,
        })
public final class Main implements Runnable {
    public static final int OK = 0, REJECTED = 1, USAGE = 2, REFUSED = 3, INTERNAL = 4;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the launcher and returns its exit status (for tests). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new Main());
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            cmd.getErr().println("concord " + cmd.getCommandName() + ": " + ex.getMessage());
            if (ex instanceof ConcordException ce) {
                return switch (ce.code().category()) {
                    case BAD_INPUT, CONFLICT -> USAGE;
                    case NOT_ALLOWED, NOT_FOUND -> REFUSED;
                    case INTERNAL -> INTERNAL;
                };
            }
            if (ex instanceof IllegalArgumentException) return USAGE;
            ex.printStackTrace(cmd.getErr());
            return INTERNAL;
        });
        cli.setExitCodeExceptionMapper(ex -> USAGE);
        return cli.execute(args);
    }
}
