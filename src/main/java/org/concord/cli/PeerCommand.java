package org.concord.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.concord.ConcordException;
import org.concord.ErrorCode;
import org.concord.Time;
import org.concord.integrity.PublishedLog;
import org.concord.integrity.SignedTreeHead;
import org.concord.federation.Checkpoint;
import org.concord.federation.Direction;
import org.concord.federation.HeldBack;
import org.concord.federation.LogAuditor;
import org.concord.federation.PartyState;
import org.concord.federation.PeerFlags;
import org.concord.federation.Report;
import org.concord.federation.SyncDatabase;
import org.concord.federation.SyncError;
import org.concord.federation.SyncLedger;
import org.concord.federation.SyncStatus;
import org.concord.integrity.PublishedLog;
import org.concord.integrity.SignedTreeHead;
import org.concord.node.Node;
import org.concord.node.NodeKeys;
import org.concord.partner.Partners;
import org.concord.policy.AuditDatabase;
import org.concord.policy.AuditQuery;
import org.concord.policy.Disclosure;
import org.concord.policy.DisclosureLog;
import org.concord.taxii.Permissions;
import org.concord.taxii.Principal;
import org.concord.taxii.TaxiiConfig;
import org.concord.taxii.TaxiiDatabase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code concord peer add|list|show|remove}: partner nodes pinned by their TLS key. */
@Command(name = "peer", mixinStandardHelpOptions = true,
        description = "Manage partner nodes, pinned by the SHA-256 of their TLS key (mutual TLS).",
        subcommands = {PeerCommand.Add.class, PeerCommand.ListPeers.class, PeerCommand.Show.class, PeerCommand.Remove.class})
final class PeerCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Pin a partner node. It may then connect with its node certificate and, by default, read the intelligence collection.")
    static final class Add implements Callable<Integer> {
        @Mixin
        NodeDir node;

        @Parameters(paramLabel = "NAME", description = "A short name for the partner, e.g. cert-fi.")
        String name;

        @Option(names = "--url", required = true,
                description = "The partner's API root, e.g. https://taxii.cert.fi:8443/cert-fi/ (its serve prints it).")
        String url;

        @Option(names = "--fingerprint", required = true, paramLabel = "FP",
                description = "The SHA-256 of the partner's TLS key, 64 hex digits, as its init and serve print it.")
        String fingerprint;

        @Option(names = "--read", split = ",", paramLabel = "COLLECTION",
                description = "Collections (alias or id) the partner may read (default: intelligence, when it has no rights yet).")
        List<String> read;

        @Option(names = "--insecure-http", description = "Allow a plain-HTTP URL; only for a loopback address (testing).")
        boolean insecureHttp;

        @Option(names = "--pull", description = "Also pull: read the peer's collections each round (its inbound agreement decides what is kept).")
        boolean pull;

        @Option(names = "--no-push", description = "Do not push to the peer (by default what its outbound agreement releases is pushed).")
        boolean noPush;

        @Override
        public Integer call() {
            String pin = fingerprint(fingerprint);
            String root = apiRoot(url, insecureHttp);
            validName(name);
            try (Node n = node.open()) {
                TaxiiDatabase db = new TaxiiDatabase(n.database());
                SyncDatabase sync = new SyncDatabase(n.database());
                db.partners().add(new Partners.Partner(name, pin, Time.system().instant(), root));
                PeerFlags flags = new PeerFlags(pull, !noPush);
                sync.ledger().forget(name); // nothing left of an earlier peer of that name
                sync.ledger().setPeerFlags(name, flags);
                String key = Principal.partnerKey(name);
                if (read != null) {
                    Set<String> ids = new HashSet<>();
                    for (String c : read) if (!c.isBlank()) ids.add(n.collectionId(c.strip()));
                    db.rights().set(key, new Permissions(ids, db.rights().of(key).write()));
                } else if (db.rights().of(key).isEmpty()) {
                    // the federation's pull: a new partner reads the intelligence collection
                    db.rights().set(key, new Permissions(Set.of(n.collectionId(Node.INTELLIGENCE)), Set.of()));
                }
                System.out.println("pinned peer " + name + "  " + root + "  sha256:" + pin);
                System.out.println("  reads  " + TokenCommand.names(n, db.rights().of(key).read()));
                System.out.println("  sync   " + flags(flags) + (root.startsWith("https:") ? "" : " (sync needs an https URL)"));
            }
            return Main.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List pinned peers.")
    static final class ListPeers implements Callable<Integer> {
        @Mixin
        NodeDir node;

        @Override
        public Integer call() {
            try (Node n = node.open()) {
                TaxiiDatabase db = new TaxiiDatabase(n.database());
                System.out.printf("%-20s  %-64s  %-40s  %s%n", "NAME", "FINGERPRINT", "URL", "LAST HEAD");
                for (Partners.Partner p : db.partners().pinned()) {
                    Optional<Partners.LogAudit> audit = db.partners().audit(p.name());
                    String last = audit.map(a -> head(a).head().treeSize() + " leaves, seen " + a.seen()).orElse("-");
                    System.out.printf("%-20s  %-64s  %-40s  %s%n", p.name(), p.fingerprint(), p.url() == null ? "-" : p.url(), last);
                }
            }
            return Main.OK;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Show a peer: URL, pin, rights, the last tree head verified, sync (last rounds, lag, refused objects,"
                    + " what the outbound agreement held back from pushes, per rule) and the newest egress decisions for it.")
    static final class Show implements Callable<Integer> {
        @Mixin
        NodeDir node;

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            try (Node n = node.open()) {
                TaxiiDatabase db = new TaxiiDatabase(n.database());
                Partners.Partner p = db.partners().byName(name).orElseThrow(() -> notPinned(name));
                Permissions rights = db.rights().of(Principal.partnerKey(name));
                System.out.println("peer          " + p.name());
                System.out.println("url           " + (p.url() == null ? "-" : p.url()));
                System.out.println("fingerprint   sha256:" + p.fingerprint());
                System.out.println("added         " + p.added());
                System.out.println("reads         " + TokenCommand.names(n, rights.read()));
                System.out.println("writes        " + TokenCommand.names(n, rights.write()));
                Optional<Partners.LogAudit> audit = db.partners().audit(name);
                if (audit.isEmpty()) {
                    System.out.println("last head     - (never verified: concord verify " + name + ")");
                } else {
                    SignedTreeHead h = head(audit.get());
                    System.out.println("log key       ed25519 sha256:" + NodeKeys.fingerprint(PublishedLog.decodeKey(audit.get().logKey())));
                    System.out.println("last head     " + h.head().treeSize() + " leaves, root "
                            + h.toJson().path("root_hash").asText() + ", signed " + h.head().timestamp());
                    System.out.println("verified      " + audit.get().seen());
                }
                showSync(n, new SyncDatabase(n.database()).ledger(), name);
                showDecisions(new AuditDatabase(n.database()).log(), name);
            }
            return Main.OK;
        }
    }

    /** Sync with the peer: its flags, each direction's last rounds and lag, recent refusals. */
    private static void showSync(Node n, SyncLedger ledger, String name) {
        Instant now = Time.system().instant();
        PeerFlags flags = ledger.peerFlags(name);
        System.out.println("sync          " + flags(flags));
        for (Direction d : Direction.values()) {
            Optional<PartyState> s = ledger.state(name, d);
            if (s.isEmpty() && !(d == Direction.PUSH && flags.push()) && !(d == Direction.PULL && flags.pull())) continue;
            System.out.printf("%-13s %s%n", d.label(), s.map(x -> FeedCommand.lastSync(x, now)).orElse("never"));
            s.filter(x -> x.failures() > 0).ifPresent(x -> System.out.println("  failing     " + x.failures()
                    + " rounds in a row, last at " + x.lastErrorAt() + ": " + x.lastError()));
            if (d == Direction.PUSH && flags.push()) {
                for (SyncStatus.Waiting w : SyncStatus.waiting(n.store(), ledger, name)) {
                    System.out.println("  waiting     " + w.collection().alias() + ": " + w.entries() + (w.atLeast() ? "+" : "")
                            + " entries" + (w.cursor() == null ? " (nothing pushed yet)" : " after " + w.cursor()));
                }
            }
            if (d == Direction.PUSH) {
                List<HeldBack.Count> held = ledger.heldBackCounts(name);
                long all = held.stream().mapToLong(HeldBack.Count::count).sum();
                if (all > 0) {
                    System.out.println("  held back   " + all + " versions withheld by the outbound agreement, sent if an edited"
                            + " agreement releases them:");
                }
                for (HeldBack.Count c : held) System.out.println("    " + Report.describe(c));
            }
            if (d == Direction.PULL) {
                for (Checkpoint c : ledger.checkpoints(name)) {
                    System.out.println("  checkpoint  " + c.remoteCollection() + " at " + c.addedAfter() + ", advanced "
                            + FeedCommand.ago(c.updated(), now));
                }
                if (flags.pull()) {
                    System.out.println("  withheld    what " + name + " withholds is not seen here (withheld looks absent; its operator's"
                            + " peer show tells); once it releases more: concord sync rewind --peer " + name + " --pull");
                }
            }
        }
        List<SyncError> errors = ledger.recentErrors(name, 10);
        if (!errors.isEmpty()) System.out.println("refused       (newest first)");
        for (SyncError e : errors) System.out.println("  " + describe(e));
    }

    /**
     * The newest decisions of the egress policy for the peer, its reads and this node's pushes
     * alike: how many went and, per rule, how many were withheld (the peer itself is never told).
     */
    private static void showDecisions(DisclosureLog log, String name) {
        List<Disclosure> newest = log.find(AuditQuery.all().partner(name).newest().limit(AuditQuery.MAX_LIMIT));
        if (newest.isEmpty()) return;
        long released = newest.stream().filter(Disclosure::released).count();
        Map<String, long[]> perRule = new LinkedHashMap<>();
        Map<String, Disclosure> example = new LinkedHashMap<>();
        for (Disclosure d : newest) {
            if (d.released()) continue;
            String rule = d.rules().getFirst().id();
            perRule.computeIfAbsent(rule, r -> new long[1])[0]++;
            example.putIfAbsent(rule, d);
        }
        System.out.println("decisions     the newest " + newest.size() + " for " + name + " (its reads and the pushes): released "
                + released + ", withheld " + (newest.size() - released) + "  (concord audit --partner " + name + ")");
        perRule.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0])).forEach(e -> {
            Disclosure d = example.get(e.getKey());
            System.out.println("    withheld " + e.getValue()[0] + " by " + e.getKey() + ", e.g. " + d.objectId()
                    + (d.version().isEmpty() ? "" : " @ " + d.version()) + (d.reason() == null ? "" : ": " + d.reason()));
        });
    }

    static String flags(PeerFlags f) {
        return (f.push() ? "push" : "no push") + ", " + (f.pull() ? "pull" : "no pull");
    }

    /** One refused object as a line: when, which way, which version, why. */
    static String describe(SyncError e) {
        return e.at() + "  " + e.direction().label() + "  " + (e.objectId().isEmpty() ? "-" : e.objectId()
                + (e.version().isEmpty() ? "" : " @ " + e.version())) + "  " + e.reason();
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Unpin a peer and withdraw its rights.")
    static final class Remove implements Callable<Integer> {
        @Mixin
        NodeDir node;

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            try (Node n = node.open()) {
                TaxiiDatabase db = new TaxiiDatabase(n.database());
                SyncDatabase sync = new SyncDatabase(n.database());
                if (!db.partners().remove(name)) throw notPinned(name);
                db.rights().set(Principal.partnerKey(name), Permissions.NONE);
                sync.ledger().forget(name);
                System.out.println("removed peer " + name);
            }
            return Main.OK;
        }
    }

    static ConcordException notPinned(String name) {
        return new ConcordException(ErrorCode.NOT_FOUND, "no pinned peer " + name + " (concord peer list)");
    }

    private static SignedTreeHead head(Partners.LogAudit audit) {
        return LogAuditor.readHead(audit.lastHead());
    }

    /** Lower-case hex of a fingerprint given as hex, with or without colons or a {@code sha256:} prefix. */
    static String fingerprint(String given) {
        String fp = given.strip().toLowerCase(Locale.ROOT);
        if (fp.startsWith("sha256:")) fp = fp.substring(7);
        fp = fp.replace(":", "");
        if (!fp.matches("[0-9a-f]{64}")) {
            throw new ConcordException(ErrorCode.INVALID_ARGUMENT,
                    "--fingerprint must be a SHA-256 in hex (64 digits, colons allowed), as the peer's init prints it: " + given);
        }
        return fp;
    }

    /** The API root URL, ending with a slash: HTTPS, or plain HTTP to a loopback host when allowed. */
    static String apiRoot(String given, boolean insecureHttp) {
        URI u;
        try {
            u = new URI(given.strip());
        } catch (URISyntaxException e) {
            throw new ConcordException(ErrorCode.INVALID_ARGUMENT, "--url is not a URL: " + given);
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (u.getHost() == null || u.getQuery() != null || u.getFragment() != null || !(scheme.equals("https") || scheme.equals("http"))) {
            throw new ConcordException(ErrorCode.INVALID_ARGUMENT,
                    "--url must be the peer's API root, e.g. https://taxii.cert.fi:8443/cert-fi/: " + given);
        }
        if (scheme.equals("http")) {
            String host = u.getHost().startsWith("[") ? u.getHost().substring(1, u.getHost().length() - 1) : u.getHost();
            if (!insecureHttp || !TaxiiConfig.isLoopback(host)) {
                throw new ConcordException(ErrorCode.INVALID_ARGUMENT, "--url must be https; plain http only with --insecure-http"
                        + " to a loopback address (127.0.0.1, ::1): " + given);
            }
        }
        String s = u.toString();
        return s.endsWith("/") ? s : s + "/";
    }

    private static void validName(String name) {
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,99}")) {
            throw new ConcordException(ErrorCode.INVALID_ARGUMENT,
                    "a peer name is 1..100 letters, digits, '.', '_' or '-', starting with a letter or digit: " + name);
        }
    }
}
