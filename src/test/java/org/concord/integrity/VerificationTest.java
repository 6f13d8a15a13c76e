package org.concord.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.concord.store.LoggedVersion;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The partner's verifiers (RFC 9162 §2.1.3.2, §2.1.4.2) reject every proof, leaf and root that
 * was tampered with, for every leaf and size of trees up to 40 leaves.
 */
class VerificationTest {
    static final int N = 40;
    static MerkleLog log;
    static List<byte[]> leafHashes = new ArrayList<>();

    @BeforeAll
    static void fill() {
        MemoryLogStorage storage = new MemoryLogStorage();
        log = new MerkleLog(storage);
        List<LoggedVersion> versions = storage.store(MerkleLogTest.shas(new Random(40), N));
        log.append(versions);
        for (LoggedVersion v : versions) leafHashes.add(Merkle.leafHash(LogEntry.of(storage.salt(v.seq()), v.id(), v.versionKey(), v.sha256())));
    }

    @Test
    void aTamperedInclusionProofLeafOrRootIsRejected() {
        for (int n = 1; n <= N; n++) {
            byte[] root = log.root(n);
            for (int m = 0; m < n; m++) {
                List<byte[]> path = log.inclusionProof(m, n).path();
                byte[] leaf = leafHashes.get(m);
                String at = "leaf " + m + " of " + n;
                assertThat(Merkle.verifyInclusion(leaf, m, n, path, root)).as(at).isTrue();
                assertThat(Merkle.verifyInclusion(flip(leaf), m, n, path, root)).as(at + ", other leaf").isFalse();
                assertThat(Merkle.verifyInclusion(leaf, m, n, path, flip(root))).as(at + ", other root").isFalse();
                for (int i = 0; i < path.size(); i++) {
                    assertThat(Merkle.verifyInclusion(leaf, m, n, replace(path, i, flip(path.get(i))), root))
                            .as(at + ", hash %d altered", i).isFalse();
                }
                if (!path.isEmpty()) {
                    assertThat(Merkle.verifyInclusion(leaf, m, n, path.subList(0, path.size() - 1), root)).as(at + ", short").isFalse();
                }
                assertThat(Merkle.verifyInclusion(leaf, m, n, plus(path, root), root)).as(at + ", long").isFalse();
                if (n > 1) {
                    assertThat(Merkle.verifyInclusion(leaf, (m + 1) % n, n, path, root)).as(at + ", other index").isFalse();
                }
                assertThat(Merkle.verifyInclusion(leaf, n, n, path, root)).as(at + ", index beyond").isFalse();
            }
        }
    }

    @Test
    void aTamperedConsistencyProofOrRootIsRejected() {
        for (int n = 2; n <= N; n++) {
            byte[] newRoot = log.root(n);
            for (int m = 1; m < n; m++) {
                byte[] oldRoot = log.root(m);
                List<byte[]> path = log.consistencyProof(m, n).path();
                String at = m + " -> " + n;
                assertThat(Merkle.verifyConsistency(m, n, oldRoot, newRoot, path)).as(at).isTrue();
                assertThat(Merkle.verifyConsistency(m, n, flip(oldRoot), newRoot, path)).as(at + ", other old root").isFalse();
                assertThat(Merkle.verifyConsistency(m, n, oldRoot, flip(newRoot), path)).as(at + ", other new root").isFalse();
                for (int i = 0; i < path.size(); i++) {
                    assertThat(Merkle.verifyConsistency(m, n, oldRoot, newRoot, replace(path, i, flip(path.get(i)))))
                            .as(at + ", hash %d altered", i).isFalse();
                }
                assertThat(Merkle.verifyConsistency(m, n, oldRoot, newRoot, path.subList(0, path.size() - 1))).as(at + ", short").isFalse();
                assertThat(Merkle.verifyConsistency(m, n, oldRoot, newRoot, plus(path, newRoot))).as(at + ", long").isFalse();
                assertThat(Merkle.verifyConsistency(m, n, oldRoot, newRoot, List.of())).as(at + ", empty").isFalse();
                assertThat(Merkle.verifyConsistency(n, m, newRoot, oldRoot, path)).as(at + ", reversed").isFalse();
            }
        }
    }

    @Test
    void theTrivialConsistencyCasesNeedEmptyProofsAndMatchingRoots() {
        byte[] root = log.root(7);
        assertThat(Merkle.verifyConsistency(7, 7, root, root, List.of())).isTrue();
        assertThat(Merkle.verifyConsistency(7, 7, root, flip(root), List.of())).isFalse();
        assertThat(Merkle.verifyConsistency(7, 7, root, root, List.of(root))).isFalse();
        assertThat(Merkle.verifyConsistency(0, 7, Merkle.emptyRoot(), root, List.of())).isTrue();
        assertThat(Merkle.verifyConsistency(0, 7, root, root, List.of())).isFalse();
        assertThat(Merkle.verifyConsistency(-1, 7, root, root, List.of())).isFalse();
    }

    @Test
    void malformedHashesAreRejectedNotThrown() {
        byte[] root = log.root(8);
        List<byte[]> path = log.inclusionProof(3, 8).path();
        assertThat(Merkle.verifyInclusion(new byte[31], 3, 8, path, root)).isFalse();
        assertThat(Merkle.verifyInclusion(leafHashes.get(3), 3, 8, path, null)).isFalse();
        assertThat(Merkle.verifyInclusion(leafHashes.get(3), 3, 8, replace(path, 0, new byte[33]), root)).isFalse();
        assertThat(Merkle.verifyConsistency(3, 8, new byte[0], root, log.consistencyProof(3, 8).path())).isFalse();
    }

    static byte[] flip(byte[] h) {
        byte[] c = h.clone();
        c[h.length / 2] ^= 0x01;
        return c;
    }

    static List<byte[]> replace(List<byte[]> path, int i, byte[] h) {
        List<byte[]> c = new ArrayList<>(path);
        c.set(i, h);
        return c;
    }

    static List<byte[]> plus(List<byte[]> path, byte[] h) {
        List<byte[]> c = new ArrayList<>(path);
        c.add(h);
        return c;
    }
}
