package org.concord.bench;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.concord.integrity.InclusionProof;
import org.concord.integrity.LogEntry;
import org.concord.integrity.Merkle;
import org.concord.integrity.MerkleLog;
import org.concord.store.LogStorage;
import org.concord.store.LoggedVersion;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The transparency log's arithmetic beside plain SHA-256, storage aside (an in-memory
 * {@link LogStorage}):
 * <ul>
 *   <li>{@code append}: appending a batch of 2,000 versions, per leaf (entry encoding, leaf hash,
 *       the subtree hashes each leaf completes), vs {@code baselineSha256}: SHA-256 of the same
 *       entries, precomputed;</li>
 *   <li>{@code inclusionProof} / {@code consistencyProof} in a log of 2^18 + 12,345 leaves, and
 *       {@code verifyInclusion}, the partner's side, vs {@code baselineNodeHashes}: the 19 node
 *       hashes a proof of that tree amounts to.</li>
 * </ul>
 * {@code ./bench jmh MerkleBench -f 1 -wi 3 -i 5}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class MerkleBench {
    private static final int BATCH = 2_000;
    private static final int BIG = (1 << 18) + 12_345;

    private byte[][] shas;
    private String[] ids;
    private byte[][] entries;
    private FrontierStorage appendStorage;
    private MerkleLog appendLog;
    private MerkleLog big;
    private byte[] bigRoot;
    private InclusionProof someProof;
    private byte[] someLeaf;
    private final Random random = new Random(18);

    @Setup(Level.Trial)
    public void build() {
        shas = new byte[BATCH][32];
        ids = new String[BATCH];
        entries = new byte[BATCH][];
        for (int i = 0; i < BATCH; i++) {
            random.nextBytes(shas[i]);
            ids[i] = "indicator--" + UUID.nameUUIDFromBytes(shas[i]);
            entries[i] = LogEntry.of(shas[i], ids[i], "2026-11-24T10:00:00.000000000Z", shas[i]); // the hash as salt too
        }
        appendStorage = new FrontierStorage(false);
        appendLog = new MerkleLog(appendStorage);
        FrontierStorage all = new FrontierStorage(true);
        big = new MerkleLog(all);
        for (int from = 0; from < BIG; from += BATCH) big.append(batch(all.size(), Math.min(BATCH, BIG - from)));
        bigRoot = big.root();
        int leaf = 123_456;
        someProof = big.inclusionProof(leaf, BIG);
        someLeaf = Merkle.leafHash(entries[leaf % BATCH]);
    }

    private List<LoggedVersion> batch(long size, int n) {
        List<LoggedVersion> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            int k = (int) ((size + i) % BATCH);
            out.add(new LoggedVersion(size + i + 1, ids[k], "2026-11-24T10:00:00.000000000Z", shas[k], shas[k], null));
        }
        return out;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void append() {
        appendLog.append(batch(appendStorage.size(), BATCH));
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void baselineSha256(Blackhole bh) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        for (byte[] e : entries) bh.consume(md.digest(e));
    }

    @Benchmark
    public InclusionProof inclusionProof() {
        return big.inclusionProof(random.nextInt(BIG), BIG);
    }

    @Benchmark
    public Object consistencyProof() {
        return big.consistencyProof(1 + random.nextInt(BIG - 1), BIG);
    }

    @Benchmark
    public boolean verifyInclusion() {
        return someProof.verify(someLeaf, bigRoot);
    }

    @Benchmark
    public byte[] baselineNodeHashes() throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        byte[] h = bigRoot;
        for (int i = 0; i < 19; i++) {
            md.update((byte) 1);
            md.update(h);
            h = md.digest(bigRoot);
        }
        return h;
    }

    /** Hashes in a map; unless asked to keep all, only the right edge appends need. */
    static final class FrontierStorage implements LogStorage {
        private final boolean keepAll;
        private Map<Long, byte[]> nodes = new HashMap<>();
        private long size;

        FrontierStorage(boolean keepAll) {
            this.keepAll = keepAll;
        }

        @Override
        public long size() {
            return size;
        }

        @Override
        public Map<Long, byte[]> hashes(Collection<Long> positions) {
            Map<Long, byte[]> out = new HashMap<>();
            for (Long p : positions) {
                byte[] h = nodes.get(p);
                if (h != null) out.put(p, h);
            }
            return out;
        }

        @Override
        public void append(long expectedSize, long newSize, Map<Long, byte[]> hashes, Map<Long, byte[]> salts) {
            nodes.putAll(hashes);
            size = newSize;
            if (keepAll) return;
            Map<Long, byte[]> edge = new HashMap<>();
            for (int level = 0; level < 63; level++) {
                if ((newSize >> level & 1) == 1) {
                    long p = ((long) level << 57) | ((newSize >> level) - 1);
                    edge.put(p, nodes.get(p));
                }
            }
            nodes = edge;
        }

        @Override
        public List<LoggedVersion> versionsAfter(long seq, int limit) {
            return List.of();
        }

        @Override
        public java.util.Optional<LoggedVersion> version(String id, String versionKey) {
            return java.util.Optional.empty();
        }

        @Override
        public java.util.Set<String> collectionsHolding(String id, String versionKey) {
            return java.util.Set.of();
        }
    }
}
