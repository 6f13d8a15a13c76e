package org.concord.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.concord.node.NodeKeys;
import org.concord.store.LoggedVersion;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A partner's record of a node's heads catches a node that rewrites or withdraws history. */
class HeadHistoryTest {
    static final NodeKeys NODE = NodeKeys.generate();
    static final String LOG = NODE.fingerprint();
    static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    MemoryLogStorage storage;
    MerkleLog log;
    HeadHistory partner;
    Random random = new Random(7);
    Instant now = T0;

    @BeforeEach
    void setUp() {
        storage = new MemoryLogStorage();
        log = new MerkleLog(storage);
        partner = new HeadHistory(LOG, NODE.publicKey());
    }

    SignedTreeHead grow(int leaves) {
        log.append(storage.store(MerkleLogTest.shas(random, leaves)));
        return head(log);
    }

    SignedTreeHead head(MerkleLog of) {
        now = now.plus(Duration.ofMinutes(1));
        return SignedTreeHead.sign(of.head(LOG, now), NODE);
    }

    @Test
    void theHeadsOfAnAppendOnlyLogAreAcceptedOneAfterAnother() {
        SignedTreeHead first = grow(6);
        assertThat(partner.check(first, null)).isEqualTo(new HeadCheck.Accepted(first));
        long seen = 6;
        for (int i = 0; i < 5; i++) {
            SignedTreeHead next = grow(1 + random.nextInt(20));
            ConsistencyProof proof = log.consistencyProof(seen, next.head().treeSize());
            assertThat(partner.check(next, proof)).isInstanceOf(HeadCheck.Accepted.class);
            seen = next.head().treeSize();
        }
        assertThat(partner.latest().orElseThrow().head().treeSize()).isEqualTo(seen);
        assertThat(partner.heads()).hasSize(6);
    }

    @Test
    void aDifferentEntryAtAnOldIndexIsCaughtByTheConsistencyProof() {
        List<LoggedVersion> history = storage.store(MerkleLogTest.shas(random, 10));
        log.append(history.subList(0, 6));
        SignedTreeHead seen = head(log);
        assertThat(partner.check(seen, null)).isInstanceOf(HeadCheck.Accepted.class);

        // the node rebuilds its log with leaf 3 replaced, then grows it further
        MemoryLogStorage rewritten = new MemoryLogStorage();
        MerkleLog forged = new MerkleLog(rewritten);
        for (int i = 0; i < 10; i++) {
            byte[] sha = history.get(i).sha256().clone();
            if (i == 3) sha[0] ^= 1;
            forged.append(rewritten.store(List.of(sha)));
        }
        forged.append(rewritten.store(MerkleLogTest.shas(random, 2)));
        SignedTreeHead offered = head(forged);
        ConsistencyProof proof = forged.consistencyProof(6, 12);

        HeadCheck check = partner.check(offered, proof);

        assertThat(check).isInstanceOfSatisfying(HeadCheck.HistoryRewritten.class, r -> {
            assertThat(r.seen()).isEqualTo(seen);
            assertThat(r.offered()).isEqualTo(offered);
            assertThat(r.proof()).isEqualTo(proof);
            assertThat(r.reason()).contains("from 6 to 12 leaves does not verify");
            // the evidence stands on its own: two heads the node signed, and its proof that fails
            assertThat(r.seen().verify(NODE.publicKey())).isTrue();
            assertThat(r.offered().verify(NODE.publicKey())).isTrue();
            assertThat(r.proof().verify(r.seen().head().rootHash(), r.offered().head().rootHash())).isFalse();
        });
        assertThat(partner.latest()).hasValue(seen);
        // and no other proof the forged log could serve helps it
        assertThat(forged.consistencyProof(6, 12).verify(seen.head().rootHash(), offered.head().rootHash())).isFalse();
    }

    @Test
    void twoSignedHeadsOfOneSizeWithDifferentRootsAreEvidenceOfAFork() {
        SignedTreeHead seen = grow(5);
        partner.check(seen, null);
        MemoryLogStorage other = new MemoryLogStorage();
        MerkleLog fork = new MerkleLog(other);
        fork.append(other.store(MerkleLogTest.shas(new Random(99), 5)));
        SignedTreeHead offered = head(fork);

        assertThat(partner.check(offered, null)).isInstanceOfSatisfying(HeadCheck.HistoryRewritten.class,
                r -> assertThat(r.reason()).isEqualTo("two signed heads of 5 leaves with different roots"));
    }

    @Test
    void aSmallerTreeSignedAfterALargerOneIsAWithdrawal() {
        List<LoggedVersion> versions = storage.store(MerkleLogTest.shas(random, 9));
        log.append(versions.subList(0, 4));
        SignedTreeHead small = head(log); // signed early, shown to the partner late
        log.append(versions.subList(4, 9));
        SignedTreeHead large = head(log);
        partner.check(large, null);

        // the older, smaller head is fine: the log only grew since
        assertThat(partner.check(small, log.consistencyProof(4, 9))).isInstanceOf(HeadCheck.Accepted.class);

        // a head of 4 leaves signed after the one of 9: the node withdrew five versions
        MemoryLogStorage truncated = new MemoryLogStorage();
        MerkleLog shrunk = new MerkleLog(truncated);
        shrunk.append(truncated.store(versions.subList(0, 4).stream().map(LoggedVersion::sha256).toList()));
        SignedTreeHead later = head(shrunk);
        assertThat(partner.check(later, log.consistencyProof(4, 9)))
                .isInstanceOfSatisfying(HeadCheck.HistoryRewritten.class, r -> assertThat(r.reason()).startsWith("the log shrank from 9 to 4"));
    }

    @Test
    void forgedOrUnusableHeadsAreRejectedAndNotRecorded() {
        SignedTreeHead first = grow(3);
        partner.check(first, null);
        SignedTreeHead next = grow(4);
        ConsistencyProof proof = log.consistencyProof(3, 7);

        SignedTreeHead forged = SignedTreeHead.sign(next.head(), NodeKeys.generate());
        assertThat(partner.check(forged, proof)).isInstanceOfSatisfying(HeadCheck.Rejected.class,
                r -> assertThat(r.reason()).contains("is not the log's"));
        SignedTreeHead otherLog = SignedTreeHead.sign(new TreeHead("another-log", 7, next.head().rootHash(), now), NODE);
        assertThat(partner.check(otherLog, proof)).isInstanceOf(HeadCheck.Rejected.class);
        assertThat(partner.check(next, null)).isInstanceOfSatisfying(HeadCheck.Rejected.class,
                r -> assertThat(r.reason()).isEqualTo("need the consistency proof from 3 to 7 leaves, got none"));
        assertThat(partner.check(next, log.consistencyProof(2, 7))).isInstanceOf(HeadCheck.Rejected.class);
        assertThat(partner.heads()).containsExactly(first);

        assertThat(partner.check(next, proof)).isInstanceOf(HeadCheck.Accepted.class);
    }

    @Test
    void aRestoredHistoryContinuesWhereItStopped() {
        SignedTreeHead first = grow(8);
        partner.check(first, null);
        HeadHistory restored = new HeadHistory(LOG, NODE.publicKey(), partner.heads());
        SignedTreeHead next = grow(8);
        assertThat(restored.check(next, log.consistencyProof(8, 16))).isInstanceOf(HeadCheck.Accepted.class);
        assertThat(restored.heads()).containsExactly(first, next);
    }
}
