package org.concord.store.jdbc;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.concord.store.SignatureCache;

/** {@link SignatureCache} on the store's database (table {@code origin_signature}). */
final class JdbcSignatureCache implements SignatureCache {
    private static final String INSERT = "INSERT INTO origin_signature (sha256, signature) VALUES (?, ?)"
            + " ON CONFLICT (sha256) DO NOTHING";
    private static final String UNSIGNED_LOCAL = "SELECT v.seq, COALESCE(v.log_sha256, v.sha256), " + Rows.OBJECT_COLUMNS
            + " FROM object_version v" + Rows.JOIN_ORIGIN + " WHERE v.seq > ? AND v.seq <= ? AND o.version_seq IS NULL"
            + " AND NOT EXISTS (SELECT 1 FROM origin_signature s WHERE s.sha256 = COALESCE(v.log_sha256, v.sha256))"
            + " ORDER BY v.seq";

    private final JdbcStore store;
    private final Dialect dialect;

    JdbcSignatureCache(JdbcStore store, Dialect dialect) {
        this.store = store;
        this.dialect = dialect;
    }

    @Override
    public List<byte[]> find(List<byte[]> sha256s) {
        if (sha256s.isEmpty()) return List.of();
        Map<Key, byte[]> found = new HashMap<>(sha256s.size() * 2);
        List<Key> keys = new ArrayList<>(sha256s.size());
        for (byte[] h : sha256s) keys.add(new Key(Objects.requireNonNull(h, "sha256")));
        List<Key> distinct = new ArrayList<>(new java.util.LinkedHashSet<>(keys));
        store.read("reading " + distinct.size() + " cached origin signatures", c -> {
            for (int from = 0; from < distinct.size(); from += dialect.maxList()) {
                List<byte[]> chunk = new ArrayList<>();
                for (Key k : distinct.subList(from, Math.min(distinct.size(), from + dialect.maxList()))) chunk.add(k.bytes);
                Query q = new Query(dialect, "SELECT sha256, signature FROM origin_signature WHERE ").in("sha256", chunk);
                try (PreparedStatement ps = q.prepare(c); ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) found.put(new Key(rs.getBytes(1)), rs.getBytes(2));
                }
            }
            return null;
        });
        List<byte[]> out = new ArrayList<>(keys.size());
        for (Key k : keys) out.add(found.get(k));
        return out;
    }

    @Override
    public void put(List<byte[]> sha256s, List<byte[]> signatures) {
        if (sha256s.size() != signatures.size()) {
            throw new IllegalArgumentException("one signature per hash: " + sha256s.size() + " hashes, " + signatures.size() + " signatures");
        }
        if (sha256s.isEmpty()) return;
        store.inWriteTransaction("caching " + sha256s.size() + " origin signatures", c -> {
            try (PreparedStatement ps = c.prepareStatement(INSERT)) {
                for (int i = 0; i < sha256s.size(); i++) {
                    ps.setBytes(1, Objects.requireNonNull(sha256s.get(i), "sha256"));
                    ps.setBytes(2, Objects.requireNonNull(signatures.get(i), "signature"));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    @Override
    public long lastSeq() {
        return store.read("reading the last seq", c -> BatchWrite.queryLong(c, "SELECT COALESCE(MAX(seq), 0) FROM object_version"));
    }

    @Override
    public List<Unsigned> unsignedLocal(long afterSeq, long throughSeq) {
        return store.read("finding local versions not yet signed", c -> {
            List<Unsigned> out = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(UNSIGNED_LOCAL)) {
                ps.setLong(1, afterSeq);
                ps.setLong(2, throughSeq);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) out.add(new Unsigned(rs.getLong(1), Rows.object(rs, 3), rs.getBytes(2)));
                }
            }
            return out;
        });
    }

    /** A hash as a map key. */
    private record Key(byte[] bytes) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Arrays.equals(bytes, k.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }
    }
}
