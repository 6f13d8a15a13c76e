package org.concord.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.concord.ConcordException;
import org.concord.Time;
import org.concord.federation.HttpsPeerLog;
import org.concord.federation.LogAuditor;
import org.concord.federation.PinnedTls;
import org.concord.integrity.PublishedLog;
import org.concord.integrity.SignedTreeHead;
import org.concord.node.Node;
import org.concord.node.NodeTls;
import org.concord.partner.Partners;
import org.concord.response.ResponseApi.RequestView;
import org.concord.response.ResponseApi.Version;
import org.concord.runtime.NodeServices;
import org.concord.store.ObjectFilter;
import org.concord.store.StoredVersion;
import org.concord.store.VersionMatch;

/**
 * {@code concord request show --proof}: where each version of a request is in the transparency
 * logs (docs/integrity.md), so that each side can prove what was asked and answered, and when:
 * every version in this node's log (its leaf and the current signed head), and each version the
 * other party made in that party's log too (its inclusion proof checked against its audited head,
 * asked over mutual TLS as {@code concord verify} does). A version this node made is in the other
 * party's log as well, but only that party may ask for its proof (a log proves only what it
 * released to the asker).
 */
final class RequestProof {
    private RequestProof() {
    }

    /** The lines to print for {@code view}, read from {@code services}' node and asked of the other party's. */
    static List<String> lines(NodeServices services, RequestView view, Duration timeout) {
        Node node = services.node();
        String cases = node.collectionId(Node.CASES), self = node.config().name();
        String id = view.summary().id();
        List<StoredVersion> stored = node.store().objects(cases,
                new ObjectFilter(null, List.of(id), List.of(), VersionMatch.ALL, List.of(), ObjectFilter.MAX_LIMIT)).items();
        PublishedLog own = new PublishedLog(node.store().log(), node.keys(), node.clock());
        SignedTreeHead head = own.head();
        List<String> out = new ArrayList<>();
        out.add("this node's log (" + self + "): " + head.head().treeSize() + " leaves, root " + hex(head.head().rootHash())
                + ", signed " + head.head().timestamp());
        String other = view.summary().requester().name() != null && view.summary().requester().name().equals(self)
                ? view.summary().receiver().name() : view.summary().requester().name();
        Partners.Partner partner = other == null ? null : services.taxii().partners().byName(other).orElse(null);
        LogAuditor auditor = new LogAuditor(services.taxii().partners(), Time.system());
        for (Version v : view.versions()) {
            StoredVersion s = stored.stream().filter(x -> hex(x.object().sha256()).equals(v.sha256())).findFirst().orElse(null);
            String label = "  " + v.transition() + " by " + name(v) + " at " + v.at() + " (sha256 " + v.sha256() + ")";
            if (s == null) {
                out.add(label + ": not held here");
                continue;
            }
            ObjectNode proof = own.inclusion(id, s.object().versionKey(), head.head().treeSize(),
                    new PublishedLog.Audience.Reader(Set.of(cases)));
            out.add(label);
            out.add("    in " + self + "'s log: leaf " + proof.path("leaf_index").asLong() + " of " + proof.path("tree_size").asLong()
                    + " (" + proof.path("inclusion_path").size() + " hashes to the root above)");
            if (partner == null || v.by() == null || !other.equals(v.by().name())) continue;
            out.add("    in " + other + "'s log: " + partnerLog(partner, auditor, s, node, timeout));
        }
        if (other != null && partner == null) out.add("(" + other + " is not a pinned peer here: its log was not asked)");
        return out;
    }

    private static String partnerLog(Partners.Partner partner, LogAuditor auditor, StoredVersion s, Node node, Duration timeout) {
        if (partner.url() == null || !partner.url().startsWith("https:")) return "not asked: " + partner.name() + " has no HTTPS URL";
        try {
            PinnedTls tls = new PinnedTls(NodeTls.load(node.dir()), partner.fingerprint());
            return switch (auditor.inclusion(partner, new HttpsPeerLog(URI.create(partner.url()), tls, timeout), s.object())) {
                case LogAuditor.Inclusion.Included i -> "leaf " + i.leafIndex() + " of its audited head of " + i.head().head().treeSize()
                        + " leaves, signed " + i.head().head().timestamp() + " (proof verified)";
                case LogAuditor.Inclusion.NotIncluded n -> "NOT PROVEN: " + n.reason();
                case LogAuditor.Inclusion.NotAudited n -> "not asked: its log did not pass the audit (" + n.verdict() + ")";
            };
        } catch (ConcordException | IllegalStateException | java.io.UncheckedIOException e) {
            return "not asked: " + e.getMessage();
        }
    }

    private static String name(Version v) {
        return v.by() == null ? "?" : v.by().name() != null ? v.by().name() : v.by().identity();
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
