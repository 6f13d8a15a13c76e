package org.concord.integrity;

import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.concord.ConcordException;
import org.concord.ErrorCode;
import org.concord.stix.StixObject;
import org.concord.store.LogStorage;
import org.concord.store.LogWriter;
import org.concord.store.LoggedVersion;

/**
 * A node's append-only transparency log: an RFC 9162 §2.1 Merkle tree whose leaf {@code i}
 * commits to the version the store stored {@code (i + 1)}-th with that version's secret salt
 * ({@link LogEntry}), kept in the store's database through {@link LogStorage}.
 *
 * <p>Only the hashes of complete perfect subtrees are stored, each once: appending a leaf writes
 * its hash and those of the subtrees it completes (two rows per leaf on average), and every root
 * and proof is a fold of O(log n) stored hashes read in one query. Proofs follow PATH (§2.1.3.1)
 * and PROOF (§2.1.4.1); partners check them with {@link Merkle}'s verifiers.
 *
 * <p>The log is normally written by the store itself: open it with {@link #writer()} and every
 * {@code Store.write} appends the versions it stores first, in the same transaction. A store
 * written without the writer (older data, a tool) leaves the log behind; {@link #catchUp()} (or
 * the writer, for a short gap) appends what is missing, in order, drawing the salts of versions
 * stored without one (and recording them in the same append). Constructing a log does no I/O.
 * Thread-safe as its storage is: concurrent appenders are serialised by the storage's size check.
 */
public final class MerkleLog {
    /** Versions read and appended per transaction by {@link #catchUp()}. */
    static final int CATCH_UP_CHUNK = 10_000;
    /** The most versions the {@link #writer()} appends ahead of a write's own when the log lags. */
    static final int MAX_INLINE_GAP = 10_000;

    private final LogStorage storage;
    private final Salts salts = Salts.shared();

    public MerkleLog(LogStorage storage) {
        this.storage = Objects.requireNonNull(storage, "storage");
    }

    /**
     * What {@code Stores.open} takes to append each write's new versions to the log inside the
     * write transaction. Each object's commitment is worked out ahead, on the thread that prepares
     * it ({@code Store.prepare}): its {@link LogEntry#contentHash} (a signed version without its
     * origin signature), a new salt, and the leaf hash. When the log lags behind the store by at
     * most {@value #MAX_INLINE_GAP} versions, it appends those first; further behind, it leaves the
     * write's versions to {@link #catchUp()} (the log must grow in store order).
     */
    public static LogWriter writer() {
        Salts salts = Salts.shared();
        return new LogWriter() {
            @Override
            public void append(LogStorage storage, List<LoggedVersion> versions) {
                new MerkleLog(storage).appendInTransaction(versions);
            }

            @Override
            public Commitment prepare(StixObject object) {
                byte[] content = LogEntry.contentHash(object);
                byte[] salt = salts.next();
                return new Commitment(content, salt, LogEntry.leafHash(salt, object.id(), object.versionKey(), content));
            }
        };
    }

    /** Leaves in the log. */
    public long size() {
        return storage.size();
    }

    /** The root of the whole log now ({@link Merkle#emptyRoot()} when empty). */
    public byte[] root() {
        return rootAt(storage.size());
    }

    /**
     * MTH of the first {@code treeSize} leaves (RFC 9162 §2.1.1): the root the log had at that size.
     *
     * @throws ConcordException INVALID_ARGUMENT if treeSize is negative or beyond the log
     */
    public byte[] root(long treeSize) {
        requireWithinLog(treeSize);
        return rootAt(treeSize);
    }

    /** The current size and root as a tree head to sign ({@link SignedTreeHead#sign}). */
    public TreeHead head(String logId, Instant timestamp) {
        long size = storage.size();
        return new TreeHead(logId, size, rootAt(size), timestamp);
    }

    /**
     * The inclusion proof of leaf {@code leafIndex} in the tree of {@code treeSize} leaves
     * (RFC 9162 §2.1.3.1).
     *
     * @throws ConcordException INVALID_ARGUMENT unless 0 ≤ leafIndex < treeSize ≤ size()
     */
    public InclusionProof inclusionProof(long leafIndex, long treeSize) {
        requireWithinLog(treeSize);
        if (leafIndex < 0 || leafIndex >= treeSize) {
            throw new ConcordException(ErrorCode.INVALID_ARGUMENT,
                    "leaf index must be 0.." + (treeSize - 1) + " in a tree of " + treeSize + " leaves: " + leafIndex);
        }
        return new InclusionProof(leafIndex, treeSize, hashesOf(Tree.inclusionPath(leafIndex, treeSize)));
    }

    /**
     * The consistency proof between the trees of {@code oldSize} and {@code newSize} leaves
     * (RFC 9162 §2.1.4.1); empty when oldSize is 0 or equals newSize.
     *
     * @throws ConcordException INVALID_ARGUMENT unless 0 ≤ oldSize ≤ newSize ≤ size()
     */
    public ConsistencyProof consistencyProof(long oldSize, long newSize) {
        requireWithinLog(newSize);
        if (oldSize < 0 || oldSize > newSize) {
            throw new ConcordException(ErrorCode.INVALID_ARGUMENT,
                    "old tree size must be 0.." + newSize + ": " + oldSize);
        }
        List<byte[]> path = oldSize == 0 ? List.of() : hashesOf(Tree.consistencyPath(oldSize, newSize));
        return new ConsistencyProof(oldSize, newSize, path);
    }

    /** The leaf index of the stored version (id, version key), if the log holds it yet. */
    public OptionalLong leafIndex(String id, String versionKey) {
        return logged(id, versionKey).map(v -> OptionalLong.of(v.seq() - 1)).orElse(OptionalLong.empty());
    }

    /** The stored version (id, version key) with its salt, if the log holds it yet. */
    public Optional<LoggedVersion> logged(String id, String versionKey) {
        Optional<LoggedVersion> v = storage.version(id, versionKey);
        if (v.isEmpty() || v.get().seq() > storage.size() || v.get().salt() == null) return Optional.empty();
        return v;
    }

    /**
     * Appends {@code versions}, which must continue the log in seq order; versions already logged
     * are skipped, so appending twice is harmless.
     *
     * @throws ConcordException INVALID_ARGUMENT if they leave a gap or are out of order;
     *         ALREADY_EXISTS if another writer appended meanwhile
     */
    public void append(List<LoggedVersion> versions) {
        long size = storage.size();
        List<LoggedVersion> todo = notYetLogged(size, versions);
        if (!todo.isEmpty()) appendAt(size, todo);
    }

    /**
     * Appends every version the store holds and the log does not yet, in chunks of
     * {@value #CATCH_UP_CHUNK} per transaction; returns how many it appended. Safe beside other
     * writers: a chunk someone else appended first is skipped.
     */
    public long catchUp() {
        long appended = 0;
        while (true) {
            long size = storage.size();
            List<LoggedVersion> next = storage.versionsAfter(size, CATCH_UP_CHUNK);
            if (next.isEmpty()) return appended;
            try {
                appendAt(size, next);
                appended += next.size();
            } catch (ConcordException e) {
                if (e.code() != ErrorCode.ALREADY_EXISTS) throw e; // someone else appended: look again
            }
        }
    }

    /** The writer's work inside a store transaction. */
    private void appendInTransaction(List<LoggedVersion> versions) {
        long size = storage.size();
        List<LoggedVersion> todo = notYetLogged(size, versions);
        if (todo.isEmpty()) return;
        long gap = todo.getFirst().seq() - 1 - size;
        if (gap > MAX_INLINE_GAP) return; // far behind: catchUp() appends in order, in chunks
        if (gap > 0) {
            List<LoggedVersion> missing = new ArrayList<>(storage.versionsAfter(size, (int) gap));
            missing.addAll(todo);
            todo = missing;
        }
        appendAt(size, todo);
    }

    private static List<LoggedVersion> notYetLogged(long size, List<LoggedVersion> versions) {
        int from = 0;
        while (from < versions.size() && versions.get(from).seq() <= size) from++;
        return versions.subList(from, versions.size());
    }

    /**
     * Appends leaves {@code size, size + 1, …} for {@code versions} (seq size + 1, size + 2, …):
     * reads the right-edge subtrees, hashes each leaf (unless its hash was worked out ahead) and the
     * subtrees it completes, draws the salts of versions that have none, and writes them all and the
     * new size in one storage append.
     */
    private void appendAt(long size, List<LoggedVersion> versions) {
        long newSize = size + versions.size();
        if (newSize > Tree.MAX_SIZE) throw new ConcordException(ErrorCode.LIMIT_EXCEEDED, "the log is full: " + size);
        long[] frontier = Tree.frontier(size);
        Map<Long, byte[]> nodes = new HashMap<>(storage.hashes(positions(frontier)));
        for (long p : frontier) Tree.need(nodes, p);
        Map<Long, byte[]> written = new LinkedHashMap<>(versions.size() * 4);
        Map<Long, byte[]> newSalts = new HashMap<>();
        MessageDigest md = Merkle.sha256();
        long index = size;
        for (LoggedVersion v : versions) {
            if (v.seq() != index + 1) {
                throw new ConcordException(ErrorCode.INVALID_ARGUMENT, "the log's next version is seq "
                        + (index + 1) + ", not " + v.seq() + " (" + v.id() + "): versions must be appended in store order");
            }
            byte[] h = v.leafHash();
            if (h == null) {
                byte[] salt = v.salt();
                if (salt == null) { // stored without the writer, or before migration V12
                    salt = salts.next();
                    newSalts.put(v.seq(), salt);
                }
                md.update((byte) 0x00);
                h = md.digest(LogEntry.of(salt, v.id(), v.versionKey(), v.sha256()));
            }
            long at = Tree.position(0, index);
            nodes.put(at, h);
            written.put(at, h);
            // each odd index completes its parent: climb while this node is a right child
            int level = 0;
            for (long i = index; (i & 1) == 1; i >>= 1) {
                h = Merkle.nodeHash(md, Tree.need(nodes, Tree.position(level, i - 1)), h);
                level++;
                at = Tree.position(level, i >> 1);
                nodes.put(at, h);
                written.put(at, h);
            }
            index++;
        }
        storage.append(size, newSize, written, newSalts);
    }

    private byte[] rootAt(long treeSize) {
        if (treeSize == 0) return Merkle.emptyRoot();
        return hashesOf(List.of(new Tree.Range(0, treeSize))).getFirst();
    }

    /** The MTH of each range: its pieces' hashes read in one call, then folded. */
    private List<byte[]> hashesOf(List<Tree.Range> ranges) {
        List<long[]> pieces = new ArrayList<>(ranges.size());
        Set<Long> positions = new LinkedHashSet<>();
        for (Tree.Range r : ranges) {
            long[] p = Tree.pieces(r);
            pieces.add(p);
            for (long x : p) positions.add(x);
        }
        Map<Long, byte[]> hashes = storage.hashes(positions);
        MessageDigest md = Merkle.sha256();
        List<byte[]> out = new ArrayList<>(ranges.size());
        for (long[] p : pieces) out.add(Tree.fold(p, hashes, md));
        return out;
    }

    private void requireWithinLog(long treeSize) {
        if (treeSize < 0) throw new ConcordException(ErrorCode.INVALID_ARGUMENT, "tree size must not be negative: " + treeSize);
        long size = storage.size();
        if (treeSize > size) {
            throw new ConcordException(ErrorCode.INVALID_ARGUMENT,
                    "tree size " + treeSize + " is beyond the log, which holds " + size + " leaves");
        }
    }

    private static List<Long> positions(long[] positions) {
        List<Long> out = new ArrayList<>(positions.length);
        for (long p : positions) out.add(p);
        return out;
    }
}
