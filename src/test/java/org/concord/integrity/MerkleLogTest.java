package org.concord.integrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.concord.ConcordException;
import org.concord.ErrorCode;
import org.concord.store.LoggedVersion;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The log's roots and proofs against RFC 9162 §2.1 as {@link Reference} writes it out. */
class MerkleLogTest {
    static final int N = 64;
    static final HexFormat HEX = HexFormat.of();

    MemoryLogStorage storage;
    MerkleLog log;
    List<byte[]> entries; // LogEntry of leaf i

    @BeforeEach
    void fill() {
        storage = new MemoryLogStorage();
        log = new MerkleLog(storage);
        entries = new ArrayList<>();
        Random random = new Random(9162);
        // appended in batches of random sizes, as store writes come
        while (entries.size() < N) {
            int batch = Math.min(N - entries.size(), 1 + random.nextInt(9));
            List<LoggedVersion> versions = storage.store(shas(random, batch));
            log.append(versions);
            for (LoggedVersion v : versions) entries.add(LogEntry.of(storage.salt(v.seq()), v.id(), v.versionKey(), v.sha256()));
        }
    }

    static List<byte[]> shas(Random random, int n) {
        List<byte[]> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            byte[] h = new byte[32];
            random.nextBytes(h);
            out.add(h);
        }
        return out;
    }

    @Test
    void theRootOfEverySizeUpTo64IsTheRfcTreeHash() {
        for (int n = 0; n <= N; n++) {
            assertThat(log.root(n)).as("root of %d leaves", n).isEqualTo(Reference.mth(entries.subList(0, n)));
        }
        assertThat(log.size()).isEqualTo(N);
        assertThat(log.root()).isEqualTo(Reference.mth(entries));
    }

    @Test
    void theEmptyTreeHasTheHashOfTheEmptyString() {
        MerkleLog empty = new MerkleLog(new MemoryLogStorage());
        assertThat(HEX.formatHex(empty.root())).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(empty.root(0)).isEqualTo(Merkle.emptyRoot());
    }

    @Test
    void everyInclusionProofUpTo64LeavesIsTheRfcPathAndVerifies() {
        for (int n = 1; n <= N; n++) {
            byte[] root = Reference.mth(entries.subList(0, n));
            for (int m = 0; m < n; m++) {
                InclusionProof proof = log.inclusionProof(m, n);
                assertThat(hex(proof.path())).as("PATH(%d, D[%d])", m, n).isEqualTo(hex(Reference.path(m, entries.subList(0, n))));
                assertThat(proof.verify(Merkle.leafHash(entries.get(m)), root)).as("leaf %d of %d", m, n).isTrue();
            }
        }
    }

    @Test
    void everyConsistencyProofUpTo64LeavesIsTheRfcProofAndVerifies() {
        for (int n = 1; n <= N; n++) {
            byte[] newRoot = Reference.mth(entries.subList(0, n));
            for (int m = 0; m <= n; m++) {
                ConsistencyProof proof = log.consistencyProof(m, n);
                List<String> expected = m == 0 || m == n ? List.of() : hex(Reference.proof(m, entries.subList(0, n)));
                assertThat(hex(proof.path())).as("PROOF(%d, D[%d])", m, n).isEqualTo(expected);
                assertThat(proof.verify(Reference.mth(entries.subList(0, m)), newRoot)).as("%d -> %d", m, n).isTrue();
            }
        }
    }

    @Test
    void rootsAndProofsReadLogarithmicallyManyStoredHashes() {
        MemoryLogStorage big = new MemoryLogStorage();
        MerkleLog bigLog = new MerkleLog(big);
        Random random = new Random(1);
        for (int i = 0; i < 20; i++) bigLog.append(big.store(shas(random, 5_000)));
        assertThat(big.nodeCount()).isLessThan(2 * 100_000);
        big.hashReads = 0;
        bigLog.root(99_999);
        bigLog.inclusionProof(12_345, 99_999);
        bigLog.consistencyProof(54_321, 99_999);
        assertThat(big.hashReads).as("hashes read for a root and two proofs of 100,000 leaves").isLessThan(3 * 2 * 17);
    }

    @Test
    void oneBatchOrOneLeafAtATimeBuildsTheSameTree() {
        MemoryLogStorage other = new MemoryLogStorage();
        MerkleLog oneByOne = new MerkleLog(other);
        List<LoggedVersion> versions = storage.versionsAfter(0, N);
        for (LoggedVersion v : versions) {
            other.store(List.of(v.sha256()));
            oneByOne.append(List.of(v));
        }
        assertThat(oneByOne.root()).isEqualTo(log.root());
    }

    @Test
    void appendingWhatIsAlreadyLoggedChangesNothing() {
        byte[] root = log.root();
        log.append(storage.versionsAfter(10, 20));
        assertThat(log.size()).isEqualTo(N);
        assertThat(log.root()).isEqualTo(root);
    }

    @Test
    void versionsThatWouldLeaveAGapAreRefused() {
        List<LoggedVersion> more = storage.store(shas(new Random(2), 3));
        assertThatThrownBy(() -> log.append(more.subList(1, 3)))
                .isInstanceOfSatisfying(ConcordException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                    assertThat(e.getMessage()).contains("seq 65, not 66");
                });
        assertThat(log.size()).isEqualTo(N);
    }

    @Test
    void catchUpAppendsWhatTheStoreHoldsAndTheLogDoesNot() {
        storage.store(shas(new Random(3), 25_000));
        assertThat(log.catchUp()).isEqualTo(25_000);
        assertThat(log.size()).isEqualTo(N + 25_000);
        assertThat(log.catchUp()).isZero();
        List<byte[]> all = new ArrayList<>();
        for (LoggedVersion v : storage.versionsAfter(0, Integer.MAX_VALUE)) all.add(LogEntry.of(v.salt(), v.id(), v.versionKey(), v.sha256()));
        assertThat(log.root()).isEqualTo(Reference.mth(all));
    }

    @Test
    void proofsOutsideTheLogAreRefusedSayingWhy() {
        assertThatThrownBy(() -> log.root(N + 1)).hasMessage("tree size 65 is beyond the log, which holds 64 leaves");
        assertThatThrownBy(() -> log.inclusionProof(5, 5)).hasMessage("leaf index must be 0..4 in a tree of 5 leaves: 5");
        assertThatThrownBy(() -> log.inclusionProof(-1, 5)).isInstanceOf(ConcordException.class);
        assertThatThrownBy(() -> log.consistencyProof(6, 5)).hasMessage("old tree size must be 0..5: 6");
        assertThatThrownBy(() -> log.consistencyProof(1, 65)).isInstanceOfSatisfying(ConcordException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
    }

    @Test
    void leafIndexFindsALoggedVersion() {
        LoggedVersion v = storage.versionsAfter(41, 1).getFirst();
        assertThat(log.leafIndex(v.id(), v.versionKey())).hasValue(41);
        LoggedVersion unlogged = storage.store(shas(new Random(4), 1)).getFirst();
        assertThat(log.leafIndex(unlogged.id(), "")).isEmpty();
        assertThat(log.leafIndex("indicator--nope", "")).isEmpty();
    }

    /**
     * The Certificate Transparency test vectors (leaves of RFC 6962's reference implementation),
     * checked on the reference and on the verifier, so both are known to be RFC 9162's tree.
     */
    @Test
    void theCertificateTransparencyTestVectorsHold() {
        List<byte[]> leaves = List.of(new byte[0], bytes("00"), bytes("10"), bytes("2021"), bytes("3031"),
                bytes("40414243"), bytes("5051525354555657"), bytes("606162636465666768696a6b6c6d6e6f"));
        String[] roots = {
            "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
            "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
            "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
            "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
            "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
            "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"};
        for (int n = 1; n <= 8; n++) {
            assertThat(HEX.formatHex(Reference.mth(leaves.subList(0, n)))).as("root of %d", n).isEqualTo(roots[n - 1]);
            for (int m = 0; m < n; m++) {
                assertThat(Merkle.verifyInclusion(Merkle.leafHash(leaves.get(m)), m, n,
                        Reference.path(m, leaves.subList(0, n)), bytes(roots[n - 1]))).isTrue();
            }
            for (int m = 1; m < n; m++) {
                assertThat(Merkle.verifyConsistency(m, n, bytes(roots[m - 1]), bytes(roots[n - 1]),
                        Reference.proof(m, leaves.subList(0, n)))).isTrue();
            }
        }
    }

    static List<String> hex(List<byte[]> hashes) {
        return hashes.stream().map(HEX::formatHex).toList();
    }

    static byte[] bytes(String hex) {
        return HEX.parseHex(hex);
    }
}
