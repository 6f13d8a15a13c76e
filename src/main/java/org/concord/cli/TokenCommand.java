package org.concord.cli;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.concord.Time;
import org.concord.node.Node;
import org.concord.taxii.Access;
import org.concord.taxii.Permissions;
import org.concord.taxii.Principal;
import org.concord.taxii.TaxiiDatabase;
import org.concord.taxii.Tokens;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code concord token create|list|revoke}: API tokens for TAXII clients. */
@Command(name = "token", mixinStandardHelpOptions = true, description = "Manage API tokens (sent as Authorization: Bearer).",
        subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Revoke.class})
final class TokenCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a token for a member and print it once. A new member reads and writes the intelligence collection unless --read/--write say otherwise.")
    static final class Create implements Callable<Integer> {
        @Mixin
        NodeDir node;

        @Option(names = "--member", required = true, description = "Who the token is for (a person, program or platform).")
        String member;

        @Option(names = "--read", split = ",", paramLabel = "COLLECTION", description = "Collections (alias or id) the member may read; replaces its rights.")
        List<String> read;

        @Option(names = "--write", split = ",", paramLabel = "COLLECTION", description = "Collections (alias or id) the member may write; replaces its rights.")
        List<String> write;

        @Override
        public Integer call() {
            try (Node n = node.open()) {
                TaxiiDatabase db = new TaxiiDatabase(n.database());
                Access access = new Access(db.tokens(), db.rights(), db.partners(), n.clock(), java.time.Duration.ZERO);
                Permissions given = read == null && write == null ? null
                        : new Permissions(ids(n, read), ids(n, write));
                String intel = n.collectionId(Node.INTELLIGENCE);
                Tokens.IssuedToken t = access.issueToken(member, given, new Permissions(Set.of(intel), Set.of(intel)));
                Permissions now = db.rights().of(Principal.memberKey(member));
                System.out.println(t.secret());
                System.err.println("Token " + t.info().id() + " for " + member + ". Shown once: store it now (it is kept only hashed).");
                System.err.println("  reads  " + names(n, now.read()));
                System.err.println("  writes " + names(n, now.write()));
            }
            return Main.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List tokens (never their secrets).")
    static final class ListTokens implements Callable<Integer> {
        @Mixin
        NodeDir node;

        @Override
        public Integer call() {
            try (Node n = node.open()) {
                TaxiiDatabase db = new TaxiiDatabase(n.database());
                System.out.printf("%-16s  %-24s  %-27s  %s%n", "ID", "MEMBER", "CREATED", "STATE");
                for (Tokens.TokenInfo t : db.tokens().list()) {
                    System.out.printf("%-16s  %-24s  %-27s  %s%n", t.id(), t.member(), t.created(),
                            t.live() ? "live" : "revoked " + t.revoked());
                }
            }
            return Main.OK;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a token by id (takes effect within seconds).")
    static final class Revoke implements Callable<Integer> {
        @Mixin
        NodeDir node;

        @Parameters(paramLabel = "ID", description = "The token id, as token list shows it.")
        String id;

        @Override
        public Integer call() {
            try (Node n = node.open()) {
                TaxiiDatabase db = new TaxiiDatabase(n.database());
                if (!db.tokens().revoke(id, Time.system().instant())) {
                    System.err.println("concord token revoke: no live token " + id);
                    return Main.REFUSED;
                }
                System.out.println("revoked " + id);
            }
            return Main.OK;
        }
    }

    private static Set<String> ids(Node n, List<String> names) {
        Set<String> out = new HashSet<>();
        if (names != null) for (String s : names) if (!s.isBlank()) out.add(n.collectionId(s.strip()));
        return out;
    }

    static String names(Node n, Set<String> ids) {
        if (ids.isEmpty()) return "(none)";
        return String.join(", ", n.store().collections().stream().filter(c -> ids.contains(c.id()))
                .map(c -> c.alias() != null ? c.alias() : c.id()).toList());
    }
}
