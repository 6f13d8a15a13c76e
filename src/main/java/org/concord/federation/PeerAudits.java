package org.concord.federation;

import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Objects;
import org.concord.node.NodeTls;
import org.concord.partner.Partners;

/**
 * Audits pinned peers' transparency logs over mutual TLS ({@link LogAuditor} through {@link
 * HttpsPeerLog}): at first contact this records the peer's log key (trust on first use over the
 * pinned channel), later it checks that the log only grew. Sync audits a peer before each pull,
 * and learns the key of a peer that pushes before ever being pulled from.
 */
public final class PeerAudits implements SignerKeys.Learner {
    private final Partners partners;
    private final NodeTls identity;
    private final LogAuditor auditor;
    private final Duration timeout;

    public PeerAudits(Partners partners, NodeTls identity, InstantSource clock, Duration timeout) {
        this.partners = Objects.requireNonNull(partners, "partners");
        this.identity = Objects.requireNonNull(identity, "identity");
        this.auditor = new LogAuditor(partners, clock);
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    /** Audits {@code peer}'s log; a verdict other than consistent says what was found. */
    public LogAuditor.Verdict audit(Partners.Partner peer) {
        if (peer.url() == null || !peer.url().startsWith("https:")) {
            return new LogAuditor.Verdict.Unreachable("peer " + peer.name() + " has no HTTPS URL (peer add --url)");
        }
        PinnedTls tls = new PinnedTls(identity, peer.fingerprint());
        return auditor.audit(peer, new HttpsPeerLog(URI.create(peer.url()), tls, timeout));
    }

    @Override
    public String learn(String peer) {
        Partners.Partner p = partners.byName(peer).orElse(null);
        if (p == null) return "it is not pinned";
        LogAuditor.Verdict v = audit(p);
        if (v instanceof LogAuditor.Verdict.Unreachable u) { // concord sync on a node that does not serve: say what to do
            return "keep " + peer + " serving (concord serve) when it pushes, as its log key is read from its own server the"
                    + " first time; " + u.reason();
        }
        return problem(v);
    }

    /** Null for a consistent log, else what is wrong, in words. */
    public static String problem(LogAuditor.Verdict v) {
        return switch (v) {
            case LogAuditor.Verdict.Consistent c -> null;
            case LogAuditor.Verdict.KeyChanged k -> "its log key changed from " + k.recordedFingerprint() + " to "
                    + k.offeredFingerprint() + " (confirm with its operator; concord verify)";
            case LogAuditor.Verdict.BadHead b -> "its tree head is not to be trusted: " + b.reason();
            case LogAuditor.Verdict.Rewritten r -> "its transparency log rewrote history: " + r.evidence().reason()
                    + " (concord verify prints the evidence; --accept-new-history once its operator confirms the log was rebuilt)";
            case LogAuditor.Verdict.Unreachable u -> "its log could not be read: " + u.reason();
        };
    }
}
