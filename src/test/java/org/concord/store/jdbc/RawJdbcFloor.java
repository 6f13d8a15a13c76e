package org.concord.store.jdbc;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.concord.stix.StixObject;
import org.concord.store.CollectionInfo;
import org.concord.store.Store;
import org.concord.store.StoreConfig;
import org.concord.store.Stores;

/**
 * The floor for the store's write benchmark: the same rows {@code Store.write} stores, inserted with
 * plain JDBC batches into the same schema, with none of the store's work — no lookup of existing
 * versions, no duplicate handling, no first/last flags, no hashing. One transaction per batch, on a
 * connection with the store's pragmas (WAL, synchronous=NORMAL, cache and checkpoint interval) and,
 * on SQLite, the store's background checkpoints ({@link WalCheckpointer}). The rows: each version (with 32 bytes
 * in place of its log salt) and its collection entry, the transparency log's rows (the leaf and the
 * subtrees it completes, at the positions {@code MerkleLog} uses, each holding the object's SHA-256
 * in place of the hash the log computes), the type counts, the log size and the write clock.
 *
 * <p>Assumes it is the only writer and every object is a new version of a new id. It lives beside
 * the store's internals (their package, in the test sources) to share the id hash, the merge
 * threshold of recent ids and the background checkpointer with them.
 */
public final class RawJdbcFloor implements AutoCloseable {
    private static final String INSERT_VERSION = "INSERT INTO object_version (seq, id, version_key, type, "
            + "spec_version, created, modified, revoked, marking_refs, canonical, sha256, first_added, id_hash, log_salt) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String INSERT_ENTRY = "INSERT INTO collection_entry (collection_pk, date_added, "
            + "version_seq, version_key, type, spec_version, is_first, is_last) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String INSERT_NODE = "INSERT INTO log_node (pos, hash) VALUES (?, ?)";
    private static final String COUNT_TYPE = "INSERT INTO type_count (type, versions) VALUES (?, ?)"
            + " ON CONFLICT (type) DO UPDATE SET versions = type_count.versions + excluded.versions";
    private static final String INSERT_RECENT_ID = "INSERT INTO version_id_recent (id_hash, seq) VALUES (?, ?)";
    private static final String LOG_SIZE = "UPDATE log_state SET tree_size = ? WHERE only_row = 1";
    private static final String CLOCK = "UPDATE write_clock SET last_added = ? WHERE only_row = 1";
    /** As org.concord.integrity.Tree: the node of 2^level leaves from leaf index · 2^level. */
    private static final int LEVEL_SHIFT = 57;

    private final Connection connection;
    private final WalCheckpointer checkpointer; // null: none (PostgreSQL)
    private final long collectionPk;
    private long seq;
    private long merged; // the seq up to which ids are in version_id
    private long micros;

    private RawJdbcFloor(Connection connection, WalCheckpointer checkpointer, long collectionPk, long startMicros) {
        this.connection = connection;
        this.checkpointer = checkpointer;
        this.collectionPk = collectionPk;
        this.micros = startMicros;
    }

    /**
     * Creates the schema and the collection in a new embedded store at {@code file} (through
     * {@link Stores}), then opens a plain connection to it.
     */
    public static RawJdbcFloor openSqlite(Path file, String collectionId) throws SQLException {
        try (Store store = Stores.open(new StoreConfig.Embedded(file))) {
            store.createCollection(new CollectionInfo(collectionId, null, "floor", null));
        }
        Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
        try (Statement s = c.createStatement()) {
            s.execute("PRAGMA journal_mode = WAL");
            s.execute("PRAGMA synchronous = NORMAL");
            s.execute("PRAGMA foreign_keys = ON");
            s.execute("PRAGMA cache_size = -65536");
            s.execute("PRAGMA wal_autocheckpoint = 16384");
        }
        return on(c, collectionId, WalCheckpointer.on(file));
    }

    /**
     * Creates the schema and the collection in the PostgreSQL database at {@code url} (through
     * {@link Stores}), then opens a plain connection to it.
     */
    public static RawJdbcFloor openPostgres(String url, String user, String collectionId) throws SQLException {
        try (Store store = Stores.open(new StoreConfig.Postgres(url, user, null))) {
            store.createCollection(new CollectionInfo(collectionId, null, "floor", null));
        }
        java.util.Properties props = new java.util.Properties();
        props.setProperty("user", user);
        props.setProperty("reWriteBatchedInserts", "true"); // as the store's pool: multi-row INSERTs from executeBatch
        Connection c = DriverManager.getConnection(url, props);
        return on(c, collectionId, null);
    }

    private static RawJdbcFloor on(Connection c, String collectionId, WalCheckpointer checkpointer) throws SQLException {
        c.setAutoCommit(false);
        long pk;
        try (PreparedStatement ps = c.prepareStatement("SELECT pk FROM collection WHERE id = ?")) {
            ps.setString(1, collectionId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                pk = rs.getLong(1);
            }
        }
        c.commit();
        return new RawJdbcFloor(c, checkpointer, pk, System.currentTimeMillis() * 1_000);
    }

    /** Inserts one batch as new versions and entries, in one transaction. */
    public void write(List<StixObject> batch) throws SQLException {
        long firstSeq = seq + 1;
        long firstMicros = micros + 1;
        try (PreparedStatement ps = connection.prepareStatement(INSERT_VERSION)) {
            for (StixObject o : batch) {
                ps.setLong(1, ++seq);
                ps.setString(2, o.id());
                ps.setString(3, o.versionKey());
                ps.setString(4, o.type());
                ps.setString(5, o.specVersion());
                ps.setString(6, o.created());
                ps.setString(7, o.modified());
                ps.setBoolean(8, o.revoked());
                ps.setString(9, o.markingRefs().isEmpty() ? null : String.join("\n", o.markingRefs()));
                ps.setBytes(10, o.canonical());
                ps.setBytes(11, o.sha256());
                ps.setLong(12, ++micros);
                ps.setLong(13, Rows.idHash(o.id()));
                ps.setBytes(14, o.sha256()); // 32 bytes in place of the log salt
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = connection.prepareStatement(INSERT_ENTRY)) {
            long s = firstSeq;
            long m = firstMicros;
            for (StixObject o : batch) {
                ps.setLong(1, collectionPk);
                ps.setLong(2, m++);
                ps.setLong(3, s++);
                ps.setString(4, o.versionKey());
                ps.setString(5, o.type());
                ps.setString(6, o.specVersion());
                ps.setBoolean(7, true);
                ps.setBoolean(8, true);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = connection.prepareStatement(INSERT_RECENT_ID)) {
            long s = firstSeq;
            for (StixObject o : batch) {
                ps.setLong(1, Rows.idHash(o.id()));
                ps.setLong(2, s++);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        if (seq - merged >= BatchWrite.mergeAt(merged)) { // the store's merge of recent ids, at the same sizes
            try (Statement s = connection.createStatement()) {
                s.executeUpdate("INSERT INTO version_id (id_hash, seq) SELECT id_hash, seq FROM version_id_recent ORDER BY id_hash, seq");
                s.executeUpdate("DELETE FROM version_id_recent");
                s.executeUpdate("UPDATE write_clock SET merged_seq = " + seq + " WHERE only_row = 1");
            }
            merged = seq;
        }
        Map<String, Long> types = new HashMap<>();
        try (PreparedStatement ps = connection.prepareStatement(INSERT_NODE)) {
            long leaf = firstSeq - 1;
            for (StixObject o : batch) {
                ps.setLong(1, leaf);
                ps.setBytes(2, o.sha256());
                ps.addBatch();
                for (int level = 1; ((leaf + 1) & ((1L << level) - 1)) == 0; level++) {
                    ps.setLong(1, ((long) level << LEVEL_SHIFT) | (((leaf + 1) >> level) - 1));
                    ps.setBytes(2, o.sha256());
                    ps.addBatch();
                }
                leaf++;
                types.merge(o.type(), 1L, Long::sum);
            }
            ps.executeBatch();
        }
        try (PreparedStatement ps = connection.prepareStatement(COUNT_TYPE)) {
            for (var e : types.entrySet()) {
                ps.setString(1, e.getKey());
                ps.setLong(2, e.getValue());
                ps.addBatch();
            }
            ps.executeBatch();
        }
        try (PreparedStatement size = connection.prepareStatement(LOG_SIZE); PreparedStatement clock = connection.prepareStatement(CLOCK)) {
            size.setLong(1, seq);
            size.executeUpdate();
            clock.setLong(1, micros);
            clock.executeUpdate();
        }
        connection.commit();
        if (checkpointer != null) {
            long bytes = 0;
            for (StixObject o : batch) bytes += o.canonical().length;
            checkpointer.committed(bytes);
        }
    }

    @Override
    public void close() throws SQLException {
        if (checkpointer != null) checkpointer.close();
        connection.close();
    }
}
