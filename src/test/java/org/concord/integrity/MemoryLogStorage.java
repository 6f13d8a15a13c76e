package org.concord.integrity;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.concord.ConcordException;
import org.concord.ErrorCode;
import org.concord.store.LogStorage;
import org.concord.store.LoggedVersion;

/** {@link LogStorage} in memory, with a list of "stored" versions (without salts until logged) for catch-up; counts reads. */
final class MemoryLogStorage implements LogStorage {
    private final Map<Long, byte[]> nodes = new HashMap<>();
    private final List<LoggedVersion> stored = new ArrayList<>();
    private long size;
    int hashReads;

    /** Adds versions to the simulated store (seq continues from the last one). */
    synchronized List<LoggedVersion> store(List<byte[]> sha256s) {
        List<LoggedVersion> added = new ArrayList<>();
        for (byte[] h : sha256s) {
            long seq = stored.size() + 1;
            LoggedVersion v = new LoggedVersion(seq, "indicator--" + new java.util.UUID(0, seq), "", h);
            stored.add(v);
            added.add(v);
        }
        return added;
    }

    @Override
    public synchronized long size() {
        return size;
    }

    @Override
    public synchronized Map<Long, byte[]> hashes(Collection<Long> positions) {
        hashReads += positions.size();
        Map<Long, byte[]> out = new HashMap<>();
        for (Long p : positions) {
            byte[] h = nodes.get(p);
            if (h != null) out.put(p, h.clone());
        }
        return out;
    }

    @Override
    public synchronized void append(long expectedSize, long newSize, Map<Long, byte[]> hashes, Map<Long, byte[]> salts) {
        if (size != expectedSize) throw new ConcordException(ErrorCode.ALREADY_EXISTS, "size is " + size);
        for (Map.Entry<Long, byte[]> e : salts.entrySet()) {
            int at = (int) (e.getKey() - 1);
            LoggedVersion v = stored.get(at);
            if (v.salt() != null) throw new AssertionError("salt given twice: seq " + e.getKey());
            stored.set(at, new LoggedVersion(v.seq(), v.id(), v.versionKey(), v.sha256(), e.getValue().clone(), null));
        }
        for (Map.Entry<Long, byte[]> e : hashes.entrySet()) {
            if (nodes.putIfAbsent(e.getKey(), e.getValue().clone()) != null) {
                throw new AssertionError("position written twice: " + Long.toHexString(e.getKey()));
            }
        }
        size = newSize;
    }

    @Override
    public synchronized List<LoggedVersion> versionsAfter(long seq, int limit) {
        int from = (int) Math.min(seq, stored.size());
        return List.copyOf(stored.subList(from, Math.min(stored.size(), from + limit)));
    }

    @Override
    public synchronized Optional<LoggedVersion> version(String id, String versionKey) {
        for (LoggedVersion v : stored) {
            if (v.id().equals(id) && v.versionKey().equals(versionKey)) return Optional.of(v);
        }
        return Optional.empty();
    }

    /** Every version is in one collection, "memory". */
    @Override
    public synchronized Set<String> collectionsHolding(String id, String versionKey) {
        return version(id, versionKey).isPresent() ? Set.of("memory") : Set.of();
    }

    /** The salt the log drew for the {@code seq}-th version (null: not logged yet). */
    synchronized byte[] salt(long seq) {
        return stored.get((int) (seq - 1)).salt();
    }

    synchronized int nodeCount() {
        return nodes.size();
    }
}
