package org.concord.federation;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.concord.node.Node;
import org.concord.policy.Disclosure;
import org.concord.policy.Rule;
import org.concord.stix.StixObject;
import org.concord.stix.Tlp;
import org.concord.store.Origin;
import org.concord.store.StoredVersion;
import org.concord.store.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two real nodes on loopback (real TLS, real HTTP, their own folders): A pushes to B, B pulls from
 * A, on the embedded store and with B on PostgreSQL; TLP:RED never leaves; what arrives carries
 * its origin, path and a valid signature; rounds are idempotent.
 */
class TwoNodeSyncTest {
    @TempDir
    Path tmp;

    static String newId() {
        return "indicator--" + UUID.randomUUID();
    }

    @Test
    void aPushesToBWhatItsAgreementReleasesSignedAndWithItsOriginAndRedNeverLeaves() {
        try (TestFederation f = new TestFederation(tmp)) {
            TestFederation.Member a = f.node("cert-ee", "EE"), b = f.node("cert-lv", "LV");
            f.link(a, b);
            a.agree(TestFederation.outbound("cert-lv", false));
            b.agree(TestFederation.inbound("cert-ee", true));
            f.start();
            StixObject green = a.put(Samples.indicator(newId(), "2026-02-01T00:00:00.000Z", Tlp.GREEN));
            StixObject red = a.put(Samples.indicator(newId(), "2026-02-01T00:00:00.000Z", Tlp.RED));

            List<Report> round = a.sync();
            assertThat(round).singleElement().satisfies(r -> {
                assertThat(r.ok()).as(r.summary()).isTrue();
                assertThat(r.direction()).isEqualTo(Direction.PUSH);
                assertThat(r.read()).isEqualTo(5); // the member's identity, location, relationship, and the two
                assertThat(r.sent()).isEqualTo(4);
            });
            StoredVersion got = b.version(green).orElseThrow();
            // A's agreement does not let B pass A's versions on, whatever B's own agreement says: A's entry tells B so
            assertThat(got.origin()).isEqualTo(new Origin("cert-ee", "EE", List.of("cert-ee"), false, "cert-ee", Origin.Signature.VALID));
            assertThat(b.version(red)).isEmpty();
            List<Disclosure> audit = a.audit("cert-lv");
            assertThat(audit).filteredOn(d -> d.objectId().equals(red.id())).singleElement()
                    .satisfies(d -> assertThat(d.released()).isFalse()).satisfies(d -> assertThat(d.rules()).containsExactly(Rule.TLP_RED));
            assertThat(a.ledger().state("cert-lv", Direction.PUSH)).get().satisfies(s -> assertThat(s.failures()).isZero());
            assertThat(b.ledger().state("cert-ee", Direction.RECEIVED)).isPresent();

            // another round moves nothing: the cursor is past everything
            int entries = b.entries(Node.INTELLIGENCE).size();
            assertThat(a.sync()).singleElement().satisfies(r -> assertThat(r.read()).isZero());
            StixObject next = a.put(Samples.indicator(newId(), "2026-02-02T00:00:00.000Z"));
            assertThat(a.sync()).singleElement().satisfies(r -> assertThat(r.sent()).isEqualTo(1));
            assertThat(b.entries(Node.INTELLIGENCE)).hasSize(entries + 1);
            assertThat(b.version(next)).isPresent();
        }
    }

    @Test
    void bPullsFromAOnPostgresAndAPeerWithoutAnInboundAgreementHasNothingTaken() {
        try (TestFederation f = new TestFederation(tmp)) {
            TestFederation.Member a = f.node("cert-ee", "EE"), b = f.node("cert-lv", "LV", TestDatabases.newPostgres());
            f.link(a, b, new PeerFlags(false, false), new PeerFlags(true, false)); // B pulls from A, nobody pushes
            a.agree(TestFederation.outbound("cert-lv", true));
            f.start();
            StixObject x = a.put(Samples.indicator(newId(), "2026-02-01T00:00:00.000Z"));
            // B has no inbound agreement with A yet: the pull fails, saying why
            assertThat(b.sync()).singleElement().satisfies(r -> {
                assertThat(r.ok()).isFalse();
                assertThat(r.error()).contains("no inbound agreement with cert-ee");
            });
            b.agree(TestFederation.inbound("cert-ee", false));
            List<Report> round = b.sync();
            assertThat(round).singleElement().satisfies(r -> {
                assertThat(r.ok()).as(r.summary()).isTrue();
                assertThat(r.direction()).isEqualTo(Direction.PULL);
                assertThat(r.stored()).isEqualTo(4);
            });
            assertThat(b.version(x)).get().satisfies(v -> assertThat(v.origin().signature()).isEqualTo(Origin.Signature.VALID));
            assertThat(b.ledger().checkpoints("cert-ee")).hasSize(1);
            // pulling again stores nothing new; a new version arrives
            assertThat(b.sync()).singleElement().satisfies(r -> assertThat(r.received()).isZero());
            StixObject x2 = a.put(Samples.indicator(x.id(), "2026-02-03T00:00:00.000Z"));
            assertThat(b.sync()).singleElement().satisfies(r -> assertThat(r.stored()).isEqualTo(1));
            assertThat(b.version(x2)).isPresent();
            assertThat(b.version(x)).isPresent(); // every version travels, not only the last
        }
    }
}
