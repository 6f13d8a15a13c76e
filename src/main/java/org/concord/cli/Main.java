package org.concord.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
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
                CaseCommand.class, RequestCommand.class,
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
        utf8Output();
        System.exit(run(args));
    }

    /**
     * Runs the launcher and returns its exit status (for tests). A failure prints one line, naming
     * the command, and ends with the status of its kind ({@link Failures}); never a stack trace.
     */
    public static int run(String... args) {
        return run(CommandLine.defaultFactory(), args);
    }

    /** As {@link #run(String...)}, with the commands and their options made by {@code factory} (tests give their own parts). */
    static int run(CommandLine.IFactory factory, String... args) {
        CommandLine cli = new CommandLine(new Main(), factory);
        // picocli would encode help and errors in the locale's charset (stdout.encoding): UTF-8, as everything else
        cli.setOut(new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true));
        cli.setErr(new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true));
        cli.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            Failures.Ending end = Failures.of(ex);
            cmd.getErr().println(cmd.getCommandSpec().qualifiedName() + ": " + end.message());
            cmd.getErr().flush();
            return end.status();
        });
        cli.setExitCodeExceptionMapper(ex -> USAGE);
        return cli.execute(args);
    }

    /**
     * Standard output and error in UTF-8 whatever the locale (LANG=C, LC_ALL=POSIX): the JDK encodes
     * them in the locale's charset, which turns every non-ASCII character (in names, messages,
     * exported objects) into '?'.
     */
    static void utf8Output() {
        if (!StandardCharsets.UTF_8.equals(System.out.charset())) {
            System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8));
        }
        if (!StandardCharsets.UTF_8.equals(System.err.charset())) {
            System.setErr(new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8));
        }
    }
}
