package org.concord.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.concord.store.LoggedVersion;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * For logs of random sizes (up to 1,500 leaves) grown in random batches: every root is the RFC
 * tree hash of its prefix, and random inclusion and consistency proofs are the RFC's and verify.
 * Each try is one seed, so a failure names the seed that reproduces it.
 */
class MerkleProperties {

    static List<Long> seeds() {
        List<Long> seeds = new ArrayList<>();
        for (long s = 1; s <= 40; s++) seeds.add(s * 7919);
        return seeds;
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void rootsAndProofsAgreeWithTheRfcAtRandomSizes(long seed) {
        Random random = new Random(seed);
        int size = 1 + random.nextInt(random.nextBoolean() ? 70 : 1_500);
        MemoryLogStorage storage = new MemoryLogStorage();
        MerkleLog log = new MerkleLog(storage);
        List<byte[]> entries = new ArrayList<>();
        List<Integer> sizesSeen = new ArrayList<>();
        while (entries.size() < size) {
            int batch = Math.min(size - entries.size(), 1 + random.nextInt(random.nextBoolean() ? 3 : 400));
            List<LoggedVersion> versions = storage.store(MerkleLogTest.shas(random, batch));
            log.append(versions);
            for (LoggedVersion v : versions) entries.add(LogEntry.of(storage.salt(v.seq()), v.id(), v.versionKey(), v.sha256()));
            sizesSeen.add(entries.size());
        }
        for (int check = 0; check < 6; check++) {
            int n = 1 + random.nextInt(size);
            int m = random.nextInt(n + 1);
            int leaf = random.nextInt(n);
            List<byte[]> prefix = entries.subList(0, n);
            byte[] root = log.root(n);
            assertThat(root).as("root of %d", n).isEqualTo(Reference.mth(prefix));

            InclusionProof inclusion = log.inclusionProof(leaf, n);
            assertThat(MerkleLogTest.hex(inclusion.path())).isEqualTo(MerkleLogTest.hex(Reference.path(leaf, prefix)));
            assertThat(inclusion.verify(Merkle.leafHash(entries.get(leaf)), root)).isTrue();

            ConsistencyProof consistency = log.consistencyProof(m, n);
            if (m > 0 && m < n) {
                assertThat(MerkleLogTest.hex(consistency.path())).isEqualTo(MerkleLogTest.hex(Reference.proof(m, prefix)));
            }
            assertThat(consistency.verify(log.root(m), root)).as("%d -> %d", m, n).isTrue();
        }
        // the roots at the sizes the log passed through are consistent with the final one
        int seen = sizesSeen.get(random.nextInt(sizesSeen.size()));
        assertThat(log.consistencyProof(seen, size).verify(log.root(seen), log.root())).isTrue();
    }
}
