package org.concord.cli;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.concord.Time;
import org.concord.federation.HttpsPeerLog;
import org.concord.federation.LogAuditor;
import org.concord.federation.LogAuditor.Verdict;
import org.concord.federation.PinnedTls;
import org.concord.integrity.HeadCheck;
import org.concord.integrity.SignedTreeHead;
import org.concord.node.Node;
import org.concord.node.NodeTls;
import org.concord.partner.Partners;
import org.concord.taxii.TaxiiDatabase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code concord verify PEER}: audits a pinned peer's transparency log over mutual TLS. Exit 0 when
 * the log is consistent with what was seen before; 1 when it rewrote history, its head's signature
 * is bad or its log key changed (the evidence is printed); 3 when the peer is not pinned or cannot
 * be reached (a server whose TLS key is not the pinned one is not reached).
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Audit a pinned peer's transparency log: signed head, log key, consistency with the last head seen.")
final class VerifyCommand implements Callable<Integer> {
    @Mixin
    NodeDir node;

    @Parameters(paramLabel = "PEER", description = "The peer's name, as peer add pinned it.")
    String peer;

    @Option(names = "--timeout", defaultValue = "20", paramLabel = "SECONDS", description = "Connect and request timeout (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--accept-new-history",
            description = "If the peer's log rewrote its history, print the evidence and then take its new head as the start of"
                    + " its history. Only after its operator confirmed the log was rebuilt (once for every node, by the upgrade"
                    + " that salts log leaves: docs/integrity.md).")
    boolean acceptNewHistory;

    @Override
    public Integer call() {
        try (Node n = node.open()) {
            TaxiiDatabase db = new TaxiiDatabase(n.database());
            Partners.Partner p = db.partners().byName(peer).orElse(null);
            if (p == null) return unreachable("no pinned peer " + peer + " (concord peer add " + peer + " --url URL --fingerprint FP)");
            if (p.url() == null) return unreachable("peer " + peer + " has no URL; pin it again with peer add --url");
            if (!p.url().startsWith("https:")) return unreachable("verify needs HTTPS with mutual TLS; peer " + peer + " is at " + p.url());
            PinnedTls tls = new PinnedTls(NodeTls.load(n.dir()), p.fingerprint());
            HttpsPeerLog log = new HttpsPeerLog(URI.create(p.url()), tls, Duration.ofSeconds(Math.max(1, timeoutSeconds)));
            LogAuditor auditor = new LogAuditor(db.partners(), Time.system());
            Verdict v = auditor.audit(p, log);
            int status = report(p, v, tls);
            if (acceptNewHistory && v instanceof Verdict.Rewritten r) {
                SignedTreeHead accepted = auditor.acceptRewritten(p, r);
                System.out.println("NEW HISTORY ACCEPTED  peer " + p.name() + ": the head above is now the start of its history");
                System.out.println("  head        " + describe(accepted));
                System.out.println("  Later runs check consistency from this head. The evidence above is the only record of the old one.");
                return Main.OK;
            }
            return status;
        }
    }

    private int report(Partners.Partner p, Verdict v, PinnedTls tls) {
        return switch (v) {
            case Verdict.Consistent c -> {
                System.out.println("CONSISTENT  peer " + p.name() + " (" + p.url() + ")");
                System.out.println("  log         " + c.head().head().logId());
                if (c.keyFirstSeen()) {
                    System.out.println("  log key     ed25519 sha256:" + c.head().head().logId()
                            + " trusted on first use over the pinned TLS channel; later runs compare it");
                }
                System.out.println("  head        " + describe(c.head()));
                System.out.println(c.previous() == null ? "  previous    none: this head is the first recorded"
                        : "  previous    " + describe(c.previous()) + (c.previous().head().treeSize() < c.head().head().treeSize()
                        ? "  (consistency proof verified, RFC 9162 §2.1.4.2)" : "  (same size, same root)"));
                yield Main.OK;
            }
            case Verdict.KeyChanged k -> {
                System.out.println("KEY CHANGED  peer " + p.name() + ": its log key is NOT the one recorded");
                System.out.println("  recorded    ed25519 sha256:" + k.recordedFingerprint());
                System.out.println("  offered     ed25519 sha256:" + k.offeredFingerprint());
                System.out.println("  Nothing was recorded. Confirm the new key with the peer's operator out of band before trusting it.");
                yield Main.REJECTED;
            }
            case Verdict.BadHead b -> {
                System.out.println("REJECTED  peer " + p.name() + ": " + b.reason());
                System.out.println("  offered head " + b.head().toJson());
                yield Main.REJECTED;
            }
            case Verdict.Rewritten r -> {
                HeadCheck.HistoryRewritten e = r.evidence();
                System.out.println("HISTORY REWRITTEN  peer " + p.name() + ": " + e.reason());
                System.out.println("  evidence: two heads the peer signed that cannot both be true");
                System.out.println("  seen      " + e.seen().toJson());
                System.out.println("  offered   " + e.offered().toJson());
                if (e.proof() != null) System.out.println("  proof     " + e.proof().toJson());
                System.out.println("  Keep these lines: each head verifies with the peer's log key."
                        + (acceptNewHistory ? "" : " The recorded head was kept."));
                if (!acceptNewHistory) {
                    System.out.println("  If the peer's operator confirms its log was rebuilt (the upgrade that salts log leaves does"
                            + " it once), run verify again with --accept-new-history.");
                }
                yield Main.REJECTED;
            }
            case Verdict.Unreachable u -> {
                String refused = tls.refusedFingerprint();
                yield unreachable("peer " + p.name() + " not reached: "
                        + (refused != null ? "its server's TLS key sha256:" + refused + " is not the pinned sha256:" + p.fingerprint()
                        : u.reason()));
            }
        };
    }

    private static String describe(SignedTreeHead h) {
        return h.head().treeSize() + " leaves, root " + h.toJson().path("root_hash").asText() + ", signed " + h.head().timestamp();
    }

    private static int unreachable(String message) {
        System.out.println("NOT VERIFIED  " + message);
        return Main.REFUSED;
    }
}
