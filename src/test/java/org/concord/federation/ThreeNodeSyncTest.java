package org.concord.federation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.concord.integrity.OriginSignature;
import org.concord.node.Node;
import org.concord.policy.Rule;
import org.concord.stix.StixObject;
import org.concord.store.Origin;
import org.concord.store.StoredVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three real nodes on loopback: a chain A→B→C by push, re-sharing as the agreements allow, and a
 * cycle A→B→C→A in which nothing is duplicated and nothing echoes back to its origin.
 */
class ThreeNodeSyncTest {
    @TempDir
    Path tmp;

    @Test
    void aChainByPushCarriesThePathAndStopsWhereReshareIsNotAllowed() {
        try (TestFederation f = new TestFederation(tmp)) {
            TestFederation.Member a = f.node("cert-ee", "EE"), b = f.node("cert-lv", "LV"), c = f.node("cert-lt", "LT");
            f.link(a, b);
            f.link(b, c);
            a.agree(TestFederation.outbound("cert-lv", true));
            b.agree(TestFederation.inbound("cert-ee", true), TestFederation.outbound("cert-lt", true));
            c.agree(TestFederation.inbound("cert-lv", true));
            f.start();
            StixObject x = a.put(Samples.indicator("indicator--" + UUID.randomUUID(), "2026-02-01T00:00:00.000Z"));
            assertThat(a.sync()).allSatisfy(r -> assertThat(r.ok()).as(r.summary()).isTrue());
            assertThat(b.sync()).allSatisfy(r -> assertThat(r.ok()).as(r.summary()).isTrue());
            StoredVersion atC = c.version(x).orElseThrow();
            assertThat(atC.origin().node()).isEqualTo("cert-ee");
            assertThat(atC.origin().path()).containsExactly("cert-ee", "cert-lv");
            assertThat(atC.origin().from()).isEqualTo("cert-lv");
            // relayed unaltered with A's signature, and C has no key of A's: kept, never treated as genuine
            assertThat(atC.origin().signature()).isEqualTo(Origin.Signature.UNKNOWN_SIGNER);
            // every node holds A's bytes; the signature A made travels beside them, kept at B and sent on to C
            StoredVersion atB = b.version(x).orElseThrow();
            assertThat(atC.object().canonical()).isEqualTo(atB.object().canonical()).isEqualTo(x.canonical());
            assertThat(atC.signature()).isEqualTo(atB.signature()).isEqualTo(atC.origin().detached()).isNotNull();
            assertThat(OriginSignature.verify(atC.object(), atC.signature(), a.node().keys().publicKey()))
                    .isInstanceOf(OriginSignature.Verification.Valid.class);

            // B's agreement with A now keeps what A sends at B
            b.agree(TestFederation.inbound("cert-ee", false), TestFederation.outbound("cert-lt", true));
            StixObject kept = a.put(Samples.indicator("indicator--" + UUID.randomUUID(), "2026-02-01T00:00:00.000Z"));
            a.sync();
            assertThat(b.version(kept)).isPresent();
            assertThat(b.sync()).allSatisfy(r -> assertThat(r.ok()).as(r.summary()).isTrue());
            assertThat(c.version(kept)).isEmpty();
            assertThat(b.audit("cert-lt")).filteredOn(d -> d.objectId().equals(kept.id())).singleElement()
                    .satisfies(d -> assertThat(d.rules()).containsExactly(Rule.RESHARE));
        }
    }

    @Test
    void aCycleDuplicatesNothingAndNeverEchoesBackToTheOrigin() {
        try (TestFederation f = new TestFederation(tmp)) {
            TestFederation.Member a = f.node("cert-ee", "EE"), b = f.node("cert-lv", "LV"), c = f.node("cert-lt", "LT");
            f.link(a, b);
            f.link(b, c);
            f.link(c, a);
            a.agree(TestFederation.outbound("cert-lv", true), TestFederation.inbound("cert-lt", true));
            b.agree(TestFederation.inbound("cert-ee", true), TestFederation.outbound("cert-lt", true));
            c.agree(TestFederation.inbound("cert-lv", true), TestFederation.outbound("cert-ee", true));
            f.start();
            StixObject x = a.put(Samples.indicator("indicator--" + UUID.randomUUID(), "2026-02-01T00:00:00.000Z"));
            int before = a.entries(Node.INTELLIGENCE).size();
            for (int round = 0; round < 3; round++) {
                for (TestFederation.Member m : List.of(a, b, c)) {
                    assertThat(m.sync()).allSatisfy(r -> assertThat(r.ok()).as(r.summary()).isTrue());
                }
            }
            // each node holds x once, and A got nothing of its own back
            for (TestFederation.Member m : List.of(a, b, c)) {
                assertThat(m.entries(Node.INTELLIGENCE)).filteredOn(v -> v.object().id().equals(x.id())).hasSize(1);
            }
            assertThat(a.version(x).orElseThrow().local()).isTrue();
            assertThat(c.audit("cert-ee")).filteredOn(d -> d.objectId().equals(x.id())).isNotEmpty()
                    .allSatisfy(d -> assertThat(d.rules()).containsExactly(Rule.LOOP));
            // A received B's and C's own objects (identity, location, relationship), nothing of its own
            List<StoredVersion> atA = a.entries(Node.INTELLIGENCE);
            assertThat(atA).hasSize(before + 6);
            assertThat(atA).filteredOn(v -> !v.local()).allSatisfy(v -> assertThat(v.origin().node()).isIn("cert-lv", "cert-lt"));
            assertThat(b.entries(Node.INTELLIGENCE).stream().map(v -> v.object().id() + v.object().version()).toList()).doesNotHaveDuplicates();
        }
    }
}
