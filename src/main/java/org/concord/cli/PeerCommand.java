package org.concord.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.concord.ConcordException;
import org.concord.ErrorCode;
import org.concord.integrity.PublishedLog;
import org.concord.integrity.SignedTreeHead;
import org.concord.federation.LogAuditor;
import org.concord.node.Node;
import org.concord.node.NodeKeys;
import org.concord.taxii.Partners;
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

        @Override
        public Integer call() {
            String pin = fingerprint(fingerprint);
            String root = apiRoot(url, insecureHttp);
            validName(name);
            try (Node n = node.open(); TaxiiDatabase db = TaxiiDatabase.open(n.config().storeConfig(n.dir()))) {
                db.partners().add(new Partners.Partner(name, pin, Instant.now(), root));
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
            try (Node n = node.open(); TaxiiDatabase db = TaxiiDatabase.open(n.config().storeConfig(n.dir()))) {
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

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a peer: URL, pin, rights and the last tree head verified.")
    static final class Show implements Callable<Integer> {
        @Mixin
        NodeDir node;

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            try (Node n = node.open(); TaxiiDatabase db = TaxiiDatabase.open(n.config().storeConfig(n.dir()))) {
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
            }
            return Main.OK;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Unpin a peer and withdraw its rights.")
    static final class Remove implements Callable<Integer> {
        @Mixin
        NodeDir node;

        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        public Integer call() {
            try (Node n = node.open(); TaxiiDatabase db = TaxiiDatabase.open(n.config().storeConfig(n.dir()))) {
                if (!db.partners().remove(name)) throw notPinned(name);
                db.rights().set(Principal.partnerKey(name), Permissions.NONE);
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
