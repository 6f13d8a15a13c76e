package org.concord.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.concord.ConcordException;
import org.concord.ErrorCode;
import org.concord.Time;
import org.concord.federation.Checkpoint;
import org.concord.federation.Direction;
import org.concord.federation.Feed;
import org.concord.federation.FeedAuth;
import org.concord.federation.PartyState;
import org.concord.federation.SyncDatabase;
import org.concord.federation.SyncError;
import org.concord.federation.SyncLedger;
import org.concord.node.Node;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code concord feed add|list|remove}: TAXII 2.1 servers this node pulls one collection from. */
@Command(name = "feed", mixinStandardHelpOptions = true,
        description = "Manage feeds: TAXII 2.1 servers (any: medallion, OpenCTI, another Concord node) this node pulls a collection from.",
        subcommands = {FeedCommand.Add.class, FeedCommand.ListFeeds.class, FeedCommand.Remove.class})
final class FeedCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Add a feed. Credentials are read from files at each sync, never from the command line.")
    static final class Add implements Callable<Integer> {
        @Mixin
        NodeDir node;

        @Parameters(paramLabel = "NAME", description = "A short name; what it delivers is stored with origin feed:NAME.")
        String name;

        @Option(names = "--url", required = true, paramLabel = "DISCOVERY_URL",
                description = "The server's discovery URL, e.g. https://taxii.example.org/taxii2/ (an API root's URL works too).")
        String url;

        @Option(names = "--collection", required = true, paramLabel = "ID", description = "The id of the collection to pull.")
        String collection;

        @Option(names = "--into", defaultValue = "intelligence", paramLabel = "ALIAS",
                description = "The local collection its objects go into (default: ${DEFAULT-VALUE}).")
        String into;

        @Option(names = "--user", description = "HTTP Basic user name (with --password-file).")
        String user;

        @Option(names = "--password-file", paramLabel = "FILE", description = "File holding the HTTP Basic password.")
        Path passwordFile;

        @Option(names = "--token-file", paramLabel = "FILE", description = "File holding a bearer token.")
        Path tokenFile;

        @Option(names = "--ca-file", paramLabel = "FILE",
                description = "PEM certificate(s) to trust for the feed's HTTPS (default: the JDK's certificate authorities).")
        Path caFile;

        @Option(names = "--allow-http", description = "Allow a plain-HTTP URL (credentials and objects travel unencrypted).")
        boolean allowHttp;

        @Option(names = "--may-reshare", description = "Let what this feed delivers be passed on to peers (default: kept here).")
        boolean mayReshare;

        @Override
        public Integer call() {
            FeedAuth auth = auth();
            URI u = uri(url);
            Path ca = caFile == null ? null : readable(caFile, "--ca-file");
            Feed feed;
            try {
                feed = new Feed(name, u, collection.strip(), into, auth, ca, allowHttp, mayReshare, Time.system().instant());
            } catch (IllegalArgumentException e) {
                throw new ConcordException(ErrorCode.INVALID_ARGUMENT, e.getMessage());
            }
            try (Node n = node.open()) {
                SyncDatabase db = new SyncDatabase(n.database());
                n.collectionId(into); // it must exist
                db.ledger().addFeed(feed);
            }
            System.out.println("added feed " + name + "  " + u + "  collection " + feed.collection() + " -> " + into);
            System.out.println("  auth   " + switch (auth) {
                case FeedAuth.None x -> "none";
                case FeedAuth.Basic b -> "basic, user " + b.user() + ", password read from " + b.passwordFile();
                case FeedAuth.Bearer b -> "bearer token read from " + b.tokenFile();
            });
            System.out.println("  origin feed:" + name + (mayReshare ? ", may be passed on to peers" : ", not passed on to peers"));
            if (allowHttp && "http".equalsIgnoreCase(u.getScheme())) System.out.println("  WARNING plain HTTP: credentials and objects travel unencrypted");
            System.out.println("  pulled by concord serve every sync.pull_seconds, or now: concord sync --feed " + name);
            return Main.OK;
        }

        private FeedAuth auth() {
            if (tokenFile != null && (user != null || passwordFile != null)) {
                throw new ConcordException(ErrorCode.INVALID_ARGUMENT, "give either --token-file, or --user with --password-file, not both");
            }
            if ((user == null) != (passwordFile == null)) {
                throw new ConcordException(ErrorCode.INVALID_ARGUMENT, "--user and --password-file go together");
            }
            try {
                if (tokenFile != null) return new FeedAuth.Bearer(readable(tokenFile, "--token-file"));
                if (user != null) return new FeedAuth.Basic(user, readable(passwordFile, "--password-file"));
            } catch (IllegalArgumentException e) {
                throw new ConcordException(ErrorCode.INVALID_ARGUMENT, e.getMessage());
            }
            return new FeedAuth.None();
        }

        /** The file's absolute path (sync may run from another folder); warns when others may read it. */
        private static Path readable(Path file, String option) {
            Path abs = file.toAbsolutePath().normalize();
            if (!Files.isRegularFile(abs) || !Files.isReadable(abs)) {
                throw new ConcordException(ErrorCode.INVALID_ARGUMENT, option + " must name a readable file: " + abs);
            }
            if (!option.equals("--ca-file")) {
                try {
                    Set<PosixFilePermission> p = Files.getPosixFilePermissions(abs);
                    if (p.contains(PosixFilePermission.OTHERS_READ) || p.contains(PosixFilePermission.GROUP_READ)) {
                        System.out.println("  WARNING " + abs + " may be read by other users: chmod 600 it");
                    }
                } catch (UnsupportedOperationException | java.io.IOException e) {
                    // not a POSIX file system: nothing to say
                }
            }
            return abs;
        }

        private static URI uri(String given) {
            try {
                return new URI(given.strip());
            } catch (URISyntaxException e) {
                throw new ConcordException(ErrorCode.INVALID_ARGUMENT, "--url is not a URL: " + given);
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List feeds with their last sync, how far their collection is here, what may be missing, and errors.")
    static final class ListFeeds implements Callable<Integer> {
        @Mixin
        NodeDir node;

        @Override
        public Integer call() {
            try (Node n = node.open()) {
                SyncDatabase db = new SyncDatabase(n.database());
                SyncLedger ledger = db.ledger();
                List<Feed> feeds = ledger.feeds();
                if (feeds.isEmpty()) System.out.println("no feeds (concord feed add NAME --url URL --collection ID)");
                Instant now = Time.system().instant();
                for (Feed f : feeds) {
                    System.out.println(f.name() + "  " + f.url() + "  collection " + f.collection() + " -> " + f.into()
                            + "  (" + f.auth().kind() + (f.mayReshare() ? ", may reshare" : "") + ")");
                    PartyState s = ledger.state(f.party(), Direction.PULL).orElse(null);
                    System.out.println("  last sync   " + lastSync(s, now));
                    List<Checkpoint> cps = ledger.checkpoints(f.party());
                    Checkpoint cp = cps.isEmpty() ? null : cps.getFirst();
                    System.out.println("  pulled      " + (cp == null ? "nothing known complete yet"
                            : "everything the feed added up to " + cp.addedAfter() + " (checkpoint, advanced " + ago(cp.updated(), now) + ")"));
                    List<SyncError> errors = ledger.recentErrors(f.party(), 3);
                    if (s != null && s.lastError() != null && s.failures() > 0) {
                        System.out.println("  failing     " + s.failures() + " rounds in a row: " + s.lastError());
                        System.out.println("  missing     what the feed added " + (cp == null ? "" : "after " + cp.addedAfter() + " ")
                                + "may be missing until a round reaches the end of its collection (each resumes at the checkpoint)");
                    }
                    for (SyncError e : errors) System.out.println("  refused     " + PeerCommand.describe(e));
                }
            }
            return Main.OK;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a feed (what it delivered stays).")
    static final class Remove implements Callable<Integer> {
        @Mixin
        NodeDir node;

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            try (Node n = node.open()) {
                SyncDatabase db = new SyncDatabase(n.database());
                if (!db.ledger().removeFeed(name)) throw new ConcordException(ErrorCode.NOT_FOUND, "no feed " + name + " (concord feed list)");
            }
            System.out.println("removed feed " + name);
            return Main.OK;
        }
    }

    static String lastSync(PartyState s, Instant now) {
        if (s == null) return "never";
        String ok = s.lastSuccess() == null ? "never succeeded" : "succeeded " + ago(s.lastSuccess(), now);
        return s.failures() > 0 ? ok + "; failed since" : ok;
    }

    static String ago(Instant t, Instant now) {
        Duration d = Duration.between(t, now);
        if (d.isNegative()) d = Duration.ZERO;
        String age = d.toDays() > 0 ? d.toDays() + " d" : d.toHours() > 0 ? d.toHours() + " h" : d.toMinutes() > 0 ? d.toMinutes() + " min" : d.toSeconds() + " s";
        return t + " (" + age + " ago)";
    }
}
