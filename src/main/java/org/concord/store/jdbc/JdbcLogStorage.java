package org.concord.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.concord.ConcordException;
import org.concord.ErrorCode;
import org.concord.store.LogStorage;
import org.concord.store.Database.Work;
import org.concord.store.LogWriter;
import org.concord.store.LoggedVersion;

/**
 * {@link LogStorage} in tables {@code log_node} and {@code log_state} (migration
 * {@code V3__integrity.sql}) and the salts in {@code object_version.log_salt} ({@code V12}). Either bound to one write transaction — what {@link BatchWrite}
 * hands its {@link LogWriter} — or on its own, reading on reader connections and appending in a
 * write transaction of its own under the store's writer exclusion.
 */
final class JdbcLogStorage implements LogStorage {
    private static final String SIZE = "SELECT tree_size FROM log_state WHERE only_row = 1";
    private static final String MOVE_SIZE = "UPDATE log_state SET tree_size = ? WHERE only_row = 1 AND tree_size = ?";
    private static final String INSERT_NODE = "INSERT INTO log_node (pos, hash) VALUES (?, ?)";
    private static final String SET_SALT = "UPDATE object_version SET log_salt = ? WHERE seq = ? AND log_salt IS NULL";
    private static final String LOGGED_COLUMNS = "v.seq, v.id, v.version_key, COALESCE(v.log_sha256, v.sha256), v.log_salt";
    private static final String VERSIONS_AFTER =
            "SELECT " + LOGGED_COLUMNS + " FROM object_version v WHERE v.seq > ? ORDER BY v.seq LIMIT ?";

    private final JdbcStore store;
    private final Dialect dialect;
    private final Connection transaction; // null when on its own

    private JdbcLogStorage(JdbcStore store, Dialect dialect, Connection transaction) {
        this.store = store;
        this.dialect = dialect;
        this.transaction = transaction;
    }

    /** The log storage of {@code store}, each call on its own connection. */
    static JdbcLogStorage of(JdbcStore store, Dialect dialect) {
        return new JdbcLogStorage(store, dialect, null);
    }

    /** The log storage of {@code store} inside its write transaction on {@code c}. */
    static JdbcLogStorage inTransaction(JdbcStore store, Dialect dialect, Connection c) {
        return new JdbcLogStorage(store, dialect, c);
    }

    @Override
    public long size() {
        return read("reading the transparency log's size", c -> BatchWrite.queryLong(c, SIZE));
    }

    @Override
    public Map<Long, byte[]> hashes(Collection<Long> positions) {
        if (positions.isEmpty()) return Map.of();
        List<Long> all = new ArrayList<>(positions);
        return read("reading " + all.size() + " transparency log hashes", c -> {
            Map<Long, byte[]> found = new HashMap<>(all.size() * 2);
            for (int from = 0; from < all.size(); from += dialect.maxList()) {
                List<Long> chunk = all.subList(from, Math.min(all.size(), from + dialect.maxList()));
                Query q = new Query(dialect, "SELECT pos, hash FROM log_node WHERE ").in("pos", chunk);
                try (PreparedStatement ps = q.prepare(c); ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) found.put(rs.getLong(1), rs.getBytes(2));
                }
            }
            return found;
        });
    }

    @Override
    public void append(long expectedSize, long newSize, Map<Long, byte[]> hashes, Map<Long, byte[]> salts) {
        write("appending " + (newSize - expectedSize) + " leaves to the transparency log", c -> {
            try (PreparedStatement ps = c.prepareStatement(MOVE_SIZE)) {
                ps.setLong(1, newSize);
                ps.setLong(2, expectedSize);
                if (ps.executeUpdate() != 1) {
                    throw new ConcordException(ErrorCode.ALREADY_EXISTS, "the transparency log no longer has "
                            + expectedSize + " leaves: another writer appended first");
                }
            }
            if (!salts.isEmpty()) {
                try (PreparedStatement ps = c.prepareStatement(SET_SALT)) {
                    for (Map.Entry<Long, byte[]> e : salts.entrySet()) {
                        ps.setBytes(1, e.getValue());
                        ps.setLong(2, e.getKey());
                        ps.addBatch();
                    }
                    for (int n : ps.executeBatch()) {
                        // under the size check nobody else logs these versions; a salt, once given, never changes
                        if (n == 0) throw new ConcordException(ErrorCode.ALREADY_EXISTS, "a version appended to the log already has a salt");
                    }
                }
            }
            if (hashes.isEmpty()) return null;
            try (PreparedStatement ps = c.prepareStatement(INSERT_NODE)) {
                for (Map.Entry<Long, byte[]> e : hashes.entrySet()) {
                    ps.setLong(1, e.getKey());
                    ps.setBytes(2, e.getValue());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return null;
        });
    }

    @Override
    public List<LoggedVersion> versionsAfter(long seq, int limit) {
        if (limit < 1) throw new IllegalArgumentException("limit must be at least 1: " + limit);
        return read("reading versions after seq " + seq, c -> {
            List<LoggedVersion> versions = new ArrayList<>(Math.min(limit, 10_000));
            try (PreparedStatement ps = c.prepareStatement(VERSIONS_AFTER)) {
                ps.setLong(1, seq);
                ps.setInt(2, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) versions.add(logged(rs));
                }
            }
            return versions;
        });
    }

    @Override
    public Optional<LoggedVersion> version(String id, String versionKey) {
        return read("finding version " + id + " of the log", c -> {
            Query q = Rows.seqOfIdHash(new Query(dialect, "SELECT " + LOGGED_COLUMNS
                    + " FROM object_version v WHERE v.id = ? AND v.version_key = ? AND ", id, versionKey),
                    "v.seq", List.of(Rows.idHash(id)));
            try (PreparedStatement ps = q.prepare(c); ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(logged(rs)) : Optional.<LoggedVersion>empty();
            }
        });
    }

    @Override
    public Set<String> collectionsHolding(String id, String versionKey) {
        return read("finding the collections holding " + id, c -> {
            // the version by its id hash, then each collection's entry of it (CROSS JOIN: in this order, as latest())
            Query q = Rows.seqOfIdHash(new Query(dialect, "SELECT c.id FROM object_version v CROSS JOIN collection c"
                    + " CROSS JOIN collection_entry e" + dialect.indexedBy("collection_entry_version")
                    + " WHERE e.collection_pk = c.pk AND e.version_seq = v.seq AND v.id = ? AND v.version_key = ? AND ",
                    id, versionKey), "v.seq", List.of(Rows.idHash(id)));
            Set<String> ids = new TreeSet<>();
            try (PreparedStatement ps = q.prepare(c); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) ids.add(rs.getString(1));
            }
            return ids;
        });
    }

    /** The version whose {@link #LOGGED_COLUMNS} a row holds. */
    private static LoggedVersion logged(ResultSet rs) throws SQLException {
        return new LoggedVersion(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBytes(4), rs.getBytes(5), null);
    }

    private <T> T read(String what, Work<T> work) {
        return transaction != null ? inTransaction(what, work) : store.read(what, work);
    }

    private <T> T write(String what, Work<T> work) {
        return transaction != null ? inTransaction(what, work) : store.inWriteTransaction(what, work);
    }

    /** Runs on the bound transaction; a failure fails (and so rolls back) the enclosing write. */
    private <T> T inTransaction(String what, Work<T> work) {
        try {
            return work.apply(transaction);
        } catch (SQLException e) {
            throw store.failure(what, e);
        }
    }
}
