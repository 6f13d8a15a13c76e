package org.concord.federation;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.UUID;
import org.concord.integrity.LeafProof;
import org.concord.node.NodeTls;
import org.concord.partner.Partners;
import org.concord.stix.StixObject;
import org.concord.stix.Tlp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A receiver checks that what it received is in the sender's transparency log, between real nodes
 * on loopback (real TLS, each in its own folder): it recomputes the sender's leaf from the copy it
 * holds (signed by the origin) and the salt the sender's proof carries, and verifies the proof up
 * to a head it audited. Each node salts its own leaves: the relay's proof carries another salt
 * than the origin's, and the origin gives no proof to a node it never released the version to.
 */
class LogInclusionAcrossNodesTest {
    @TempDir
    Path tmp;

    @Test
    void aReceiverProvesWhatItReceivedIsInTheSendersLogAndNowhereItWasNotReleased() throws Exception {
        try (TestFederation f = new TestFederation(tmp)) {
            TestFederation.Member a = f.node("cert-ee", "EE"), b = f.node("cert-lv", "LV"), c = f.node("cert-lt", "LT");
            f.link(a, b);
            f.link(b, c);
            f.link(a, c, PeerFlags.DEFAULT, new PeerFlags(false, false)); // pinned, but A releases nothing to C
            a.agree(TestFederation.outbound("cert-lv", true));
            b.agree(TestFederation.inbound("cert-ee", true), TestFederation.outbound("cert-lt", true));
            c.agree(TestFederation.inbound("cert-lv", true));
            f.start();
            StixObject x = a.put(Samples.indicator("indicator--" + UUID.randomUUID(), "2026-02-01T00:00:00.000Z", Tlp.GREEN));
            StixObject red = a.put(Samples.indicator("indicator--" + UUID.randomUUID(), "2026-02-01T00:00:00.000Z", Tlp.RED));
            assertThat(a.sync()).allSatisfy(r -> assertThat(r.ok()).as(r.summary()).isTrue());
            assertThat(b.sync()).allSatisfy(r -> assertThat(r.ok()).as(r.summary()).isTrue());

            StixObject atB = b.version(x).orElseThrow().object();
            assertThat(atB.canonical()).as("received as its origin made it, the signature beside it").isEqualTo(x.canonical());
            LogAuditor.Inclusion inA = inclusion(b, a, atB);
            assertThat(inA).as(inA.toString()).isInstanceOfSatisfying(LogAuditor.Inclusion.Included.class,
                    i -> assertThat(i.head().head().treeSize()).isEqualTo(a.node().store().log().size()));

            StixObject atC = c.version(x).orElseThrow().object();
            assertThat(inclusion(c, b, atC)).isInstanceOf(LogAuditor.Inclusion.Included.class);
            // A released x to B, not to C: A gives C no proof, exactly as for what it never held
            assertThat(inclusion(c, a, atC)).isInstanceOfSatisfying(LogAuditor.Inclusion.NotIncluded.class,
                    n -> assertThat(n.reason()).contains("404"));
            // nor B a proof of A's RED version, which it never received
            assertThat(inclusion(b, a, red)).isInstanceOf(LogAuditor.Inclusion.NotIncluded.class);

            // one version, two logs, two salts: A's leaf tells B nothing of B's leaf, and the reverse
            LeafProof fromA = peerLog(b, a).inclusion(x.id(), x.version(), a.node().store().log().size());
            LeafProof fromB = peerLog(c, b).inclusion(x.id(), x.version(), b.node().store().log().size());
            assertThat(fromA.salt()).isNotEqualTo(fromB.salt());
        }
    }

    /** {@code at} checks {@code object} in {@code sender}'s log, as it would after receiving it. */
    private static LogAuditor.Inclusion inclusion(TestFederation.Member at, TestFederation.Member sender, StixObject object) {
        Partners.Partner partner = at.services().taxii().partners().byName(sender.name).orElseThrow();
        return new LogAuditor(at.services().taxii().partners(), InstantSource.system()).inclusion(partner, peerLog(at, sender), object);
    }

    private static HttpsPeerLog peerLog(TestFederation.Member at, TestFederation.Member sender) {
        Partners.Partner partner = at.services().taxii().partners().byName(sender.name).orElseThrow();
        return new HttpsPeerLog(URI.create(partner.url()), new PinnedTls(NodeTls.load(at.dir), partner.fingerprint()),
                Duration.ofSeconds(20));
    }
}
