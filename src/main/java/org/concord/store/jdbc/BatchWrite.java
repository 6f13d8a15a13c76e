package org.concord.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.concord.stix.StixObject;
import org.concord.stix.Tlp;
import org.concord.store.DetachedSignature;
import org.concord.store.LogWriter;
import org.concord.store.LoggedVersion;
import org.concord.store.Origin;
import org.concord.store.Store;
import org.concord.store.WriteOutcome;

/**
 * One {@link Store#write} inside its write transaction. It learns what the store and the
 * collection already hold of the batch's ids with two indexed queries per chunk of ids, decides
 * every outcome and first/last flag in memory, then writes with batched statements: no round trip
 * per object.
 */
final class BatchWrite {
    private static final String CLOCK = "SELECT last_added, merged_seq FROM write_clock WHERE only_row = 1";
    private static final String MAX_SEQ = "SELECT COALESCE(MAX(seq), 0) FROM object_version";
    private static final String ADVANCE_CLOCK = "UPDATE write_clock SET last_added = ? WHERE only_row = 1";
    private static final String INSERT_VERSION = "INSERT INTO object_version (seq, id, version_key, type, "
            + "spec_version, created, modified, revoked, marking_refs, canonical, sha256, first_added, id_hash, log_sha256, "
            + "log_salt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String INSERT_ENTRY = "INSERT INTO collection_entry (collection_pk, date_added, "
            + "version_seq, version_key, type, spec_version, is_first, is_last) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String INSERT_ORIGIN = "INSERT INTO version_origin (version_seq, origin_node, origin_country,"
            + " path, may_reshare, from_party, signature_status, sig_key_fingerprint, sig_signer, sig_value)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String INSERT_HANDLING = "INSERT INTO version_handling (version_seq, tlp) VALUES (?, ?)";
    private static final String COUNT_TYPE = "INSERT INTO type_count (type, versions) VALUES (?, ?)"
            + " ON CONFLICT (type) DO UPDATE SET versions = type_count.versions + excluded.versions";
    private static final String INSERT_RECENT_ID = "INSERT INTO version_id_recent (id_hash, seq) VALUES (?, ?)";
    private static final String MOVE_RECENT_IDS =
            "INSERT INTO version_id (id_hash, seq) SELECT id_hash, seq FROM version_id_recent ORDER BY id_hash, seq";
    private static final String CLEAR_RECENT_IDS = "DELETE FROM version_id_recent";
    private static final String MERGED = "UPDATE write_clock SET merged_seq = ? WHERE only_row = 1";
    /** The least number of recent ids {@link #mergeAt} waits for (tests lower it). */
    static long minMerge = 100_000;
    private static final String UPDATE_FLAGS =
            "UPDATE collection_entry SET is_first = ?, is_last = ? WHERE collection_pk = ? AND date_added = ?";

    /**
     * An object to write, with the work that needs no database done ahead of the write lock: its
     * version key, its id's hash ({@link Rows#idHash}), the hash its log entry records (null: its own
     * SHA-256), its log salt and leaf hash (null: none yet, {@link LogWriter#prepare}), where it came
     * from (null: originated here), and the level it is handled at (null: none recorded; always null
     * for a version with a TLP marking of its own).
     */
    record Item(StixObject object, String versionKey, long idHash, byte[] logSha256, byte[] salt, byte[] leafHash,
                Origin origin, Tlp handling) implements Store.Prepared {
        static Item of(StixObject object, Origin origin, Tlp handling, LogWriter log) {
            Tlp level = handling == null || Tlp.strictestOf(object.markingRefs()).isPresent() ? null : handling;
            if (log == null) return new Item(object, object.versionKey(), Rows.idHash(object.id()), null, null, null, origin, level);
            LogWriter.Commitment c = log.prepare(object);
            return new Item(object, object.versionKey(), Rows.idHash(object.id()),
                    Arrays.equals(c.sha256(), object.sha256()) ? null : c.sha256(), c.salt(), c.leafHash(), origin, level);
        }

        byte[] entryHash() {
            return logSha256 != null ? logSha256 : object.sha256();
        }
    }

    /** An entry of the collection for one version: already there (item null) or added now. */
    private static final class Entry {
        final String versionKey;
        final long dateAdded;
        final long seq;
        final Item item;
        final boolean newVersion;
        final boolean wasFirst;
        final boolean wasLast;
        boolean first;
        boolean last;

        Entry(String versionKey, long dateAdded, long seq, Item item, boolean newVersion, boolean wasFirst,
              boolean wasLast) {
            this.versionKey = versionKey;
            this.dateAdded = dateAdded;
            this.seq = seq;
            this.item = item;
            this.newVersion = newVersion;
            this.wasFirst = wasFirst;
            this.wasLast = wasLast;
        }
    }

    /** What the store and the collection hold of one id. */
    private static final class IdState {
        final long idHash;
        final Map<String, Long> stored = new HashMap<>(4);     // version key -> seq, whole store
        final Map<String, Entry> entries = new HashMap<>(4);   // version key -> entry in the collection
        boolean changed;

        IdState(long idHash) {
            this.idHash = idHash;
        }
    }

    private final Dialect dialect;
    private final long collection;
    private final List<Item> items;
    private final Consumer<List<LoggedVersion>> log; // null: nothing to log
    private final Map<String, IdState> states = new LinkedHashMap<>();
    private final boolean anyOrigin; // false: every item is local, version_origin is not touched
    private final boolean anyHandling; // false: no item has a handling level, version_handling is not touched

    /** @param log takes the new versions, in seq order, inside the transaction; null when there is no log */
    BatchWrite(Dialect dialect, long collection, List<Item> items, Consumer<List<LoggedVersion>> log) {
        this.dialect = dialect;
        this.collection = collection;
        this.items = items;
        this.log = log;
        boolean origins = false, handlings = false;
        for (Item item : items) {
            states.computeIfAbsent(item.object().id(), id -> new IdState(item.idHash()));
            origins |= item.origin() != null;
            handlings |= item.handling() != null;
        }
        this.anyOrigin = origins;
        this.anyHandling = handlings;
    }

    /** Plans and writes the batch; one outcome per item, in order. */
    List<WriteOutcome> run(Connection c, long nowMicros) throws SQLException {
        loadExisting(c);
        long lastAdded;
        long mergedSeq;
        try (PreparedStatement ps = c.prepareStatement(CLOCK); ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) throw new SQLException("no row from: " + CLOCK);
            lastAdded = rs.getLong(1);
            mergedSeq = rs.getLong(2);
        }
        long nextAdded = Math.max(nowMicros, lastAdded + 1);
        long nextSeq = queryLong(c, MAX_SEQ) + 1;
        List<WriteOutcome> outcomes = new ArrayList<>(items.size());
        List<Entry> added = new ArrayList<>(items.size());
        for (Item item : items) {
            StixObject o = item.object();
            IdState state = states.get(o.id());
            if (state.entries.containsKey(item.versionKey())) { // in the collection, or earlier in this batch
                outcomes.add(new WriteOutcome.Duplicate(o.id(), o.version()));
                continue;
            }
            Long seq = state.stored.get(item.versionKey());
            boolean newVersion = seq == null;
            if (newVersion) {
                seq = nextSeq++;
                state.stored.put(item.versionKey(), seq);
            }
            Entry entry = new Entry(item.versionKey(), nextAdded++, seq, item, newVersion, false, false);
            state.entries.put(item.versionKey(), entry);
            state.changed = true;
            added.add(entry);
            outcomes.add(new WriteOutcome.Stored(o.id(), o.version(), Rows.instant(entry.dateAdded)));
        }
        if (added.isEmpty()) return outcomes;
        List<Entry> reflagged = settleFlags();
        insertVersions(c, added);
        insertRecentIds(c, added);
        if (nextSeq - 1 - mergedSeq >= mergeAt(mergedSeq)) mergeIds(c, nextSeq - 1);
        if (anyOrigin) insertOrigins(c, added);
        if (anyHandling) insertHandlings(c, added);
        if (log != null) logVersions(added);
        insertEntries(c, added);
        updateFlags(c, reflagged);
        countTypes(c, added);
        try (PreparedStatement ps = c.prepareStatement(ADVANCE_CLOCK)) {
            ps.setLong(1, nextAdded - 1);
            ps.executeUpdate();
        }
        return outcomes;
    }

    /**
     * Every version of the batch's ids, then which of them the collection holds and with which
     * flags: two index lookups per chunk (one query with a join lets PostgreSQL pick a hash join
     * over every entry of the collection).
     */
    private void loadExisting(Connection c) throws SQLException {
        List<Long> hashes = new ArrayList<>(states.size());
        for (IdState state : states.values()) hashes.add(state.idHash);
        Map<Long, IdState> bySeq = new HashMap<>();
        Map<Long, String> keyBySeq = new HashMap<>();
        for (List<Long> chunk : chunks(hashes)) {
            Query q = Rows.seqOfIdHash(new Query(dialect, "SELECT id, version_key, seq FROM object_version WHERE "), "seq", chunk);
            try (PreparedStatement ps = q.prepare(c); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    IdState state = states.get(rs.getString(1));
                    if (state == null) continue; // another id with the same hash
                    long seq = rs.getLong(3);
                    state.stored.put(rs.getString(2), seq);
                    bySeq.put(seq, state);
                    keyBySeq.put(seq, rs.getString(2));
                }
            }
        }
        for (List<Long> chunk : chunks(new ArrayList<>(bySeq.keySet()))) {
            // (SQLite, unhinted, prefers walking the whole collection by its primary key)
            Query q = new Query(dialect, "SELECT version_seq, date_added, is_first, is_last FROM collection_entry"
                    + dialect.indexedBy("collection_entry_version") + " WHERE collection_pk = ? AND ", collection)
                    .in("version_seq", chunk);
            try (PreparedStatement ps = q.prepare(c); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long seq = rs.getLong(1);
                    String key = keyBySeq.get(seq);
                    bySeq.get(seq).entries.put(key, new Entry(key, rs.getLong(2), seq, null, false,
                            rs.getBoolean(3), rs.getBoolean(4)));
                }
            }
        }
    }

    private <T> List<List<T>> chunks(List<T> values) {
        List<List<T>> chunks = new ArrayList<>();
        for (int from = 0; from < values.size(); from += dialect.maxList()) {
            chunks.add(values.subList(from, Math.min(values.size(), from + dialect.maxList())));
        }
        return chunks;
    }

    /**
     * Sets first/last on every entry of each id that gained entries: first is the least version
     * key in the collection, last the greatest. Returns the existing entries whose flags changed.
     */
    private List<Entry> settleFlags() {
        List<Entry> reflagged = new ArrayList<>();
        for (IdState state : states.values()) {
            if (!state.changed) continue;
            String min = null;
            String max = null;
            for (String key : state.entries.keySet()) {
                if (min == null || key.compareTo(min) < 0) min = key;
                if (max == null || key.compareTo(max) > 0) max = key;
            }
            for (Entry e : state.entries.values()) {
                e.first = e.versionKey.equals(min);
                e.last = e.versionKey.equals(max);
                if (e.item == null && (e.first != e.wasFirst || e.last != e.wasLast)) reflagged.add(e);
            }
        }
        return reflagged;
    }

    private static void insertVersions(Connection c, List<Entry> added) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT_VERSION)) {
            int n = 0;
            for (Entry e : added) {
                if (!e.newVersion) continue;
                StixObject o = e.item.object();
                ps.setLong(1, e.seq);
                ps.setString(2, o.id());
                ps.setString(3, e.versionKey);
                ps.setString(4, o.type());
                ps.setString(5, o.specVersion());
                ps.setString(6, o.created());
                ps.setString(7, o.modified());
                ps.setBoolean(8, o.revoked());
                ps.setString(9, Rows.encodeMarkings(o.markingRefs()));
                ps.setBytes(10, o.canonical());
                ps.setBytes(11, o.sha256());
                ps.setLong(12, e.dateAdded);
                ps.setLong(13, e.item.idHash());
                ps.setBytes(14, e.item.logSha256());
                ps.setBytes(15, e.item.salt());
                ps.addBatch();
                n++;
            }
            if (n > 0) ps.executeBatch();
        }
    }

    /** Makes each new version findable by its id hash, in the small table of recent ids. */
    private static void insertRecentIds(Connection c, List<Entry> added) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT_RECENT_ID)) {
            int n = 0;
            for (Entry e : added) {
                if (!e.newVersion) continue;
                ps.setLong(1, e.item.idHash());
                ps.setLong(2, e.seq);
                ps.addBatch();
                n++;
            }
            if (n > 0) ps.executeBatch();
        }
    }

    /**
     * How many recent ids wait before they move into version_id, when {@code merged} versions are
     * there: the square root of (merged × 10,000), at least {@link #minMerge}. A batch of B new
     * versions rewrites up to the recent table's R rows and a merge the whole main table's N, once
     * per R versions: per version about R/B + N/R index rows written, least when R = √(N·B); B is
     * the import's 10,000 (at 1M versions: a merge every 100k; at 10M, every 316k).
     */
    static long mergeAt(long merged) {
        return Math.max(minMerge, (long) Math.sqrt(10_000.0 * merged));
    }

    /** Moves every recent id into version_id, in index order (one pass over its leaves). */
    private static void mergeIds(Connection c, long lastSeq) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.executeUpdate(MOVE_RECENT_IDS);
            s.executeUpdate(CLEAR_RECENT_IDS);
        }
        try (PreparedStatement ps = c.prepareStatement(MERGED)) {
            ps.setLong(1, lastSeq);
            ps.executeUpdate();
        }
    }

    /** Records where each new version came from; a version already stored keeps its first origin (or none). */
    private static void insertOrigins(Connection c, List<Entry> added) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT_ORIGIN)) {
            int n = 0;
            for (Entry e : added) {
                Origin origin = e.item.origin();
                if (!e.newVersion || origin == null) continue;
                ps.setLong(1, e.seq);
                ps.setString(2, origin.node());
                ps.setString(3, origin.country());
                ps.setString(4, Rows.encodePath(origin.path()));
                ps.setBoolean(5, origin.mayReshare());
                ps.setString(6, origin.from());
                ps.setString(7, origin.signature().name());
                DetachedSignature kept = origin.detached();
                ps.setString(8, kept == null ? null : kept.keyFingerprint());
                ps.setString(9, kept == null ? null : kept.signer());
                ps.setBytes(10, kept == null ? null : kept.value());
                ps.addBatch();
                n++;
            }
            if (n > 0) ps.executeBatch();
        }
    }

    /** Records the handling level of each new version given one; a version already stored keeps its first (or none). */
    private static void insertHandlings(Connection c, List<Entry> added) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT_HANDLING)) {
            int n = 0;
            for (Entry e : added) {
                Tlp handling = e.item.handling();
                if (!e.newVersion || handling == null) continue;
                ps.setLong(1, e.seq);
                ps.setString(2, handling.name());
                ps.addBatch();
                n++;
            }
            if (n > 0) ps.executeBatch();
        }
    }

    /** Hands the versions stored for the first time to the transparency log, in seq order. */
    private void logVersions(List<Entry> added) {
        List<LoggedVersion> versions = new ArrayList<>(added.size());
        for (Entry e : added) {
            if (e.newVersion) {
                versions.add(new LoggedVersion(e.seq, e.item.object().id(), e.versionKey, e.item.entryHash(), e.item.salt(),
                        e.item.leafHash()));
            }
        }
        if (!versions.isEmpty()) log.accept(versions);
    }

    private void insertEntries(Connection c, List<Entry> added) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(INSERT_ENTRY)) {
            for (Entry e : added) {
                StixObject o = e.item.object();
                ps.setLong(1, collection);
                ps.setLong(2, e.dateAdded);
                ps.setLong(3, e.seq);
                ps.setString(4, e.versionKey);
                ps.setString(5, o.type());
                ps.setString(6, o.specVersion());
                ps.setBoolean(7, e.first);
                ps.setBoolean(8, e.last);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private void updateFlags(Connection c, List<Entry> reflagged) throws SQLException {
        if (reflagged.isEmpty()) return;
        try (PreparedStatement ps = c.prepareStatement(UPDATE_FLAGS)) {
            for (Entry e : reflagged) {
                ps.setBoolean(1, e.first);
                ps.setBoolean(2, e.last);
                ps.setLong(3, collection);
                ps.setLong(4, e.dateAdded);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static void countTypes(Connection c, List<Entry> added) throws SQLException {
        Map<String, Long> counts = new HashMap<>();
        for (Entry e : added) {
            if (e.newVersion) counts.merge(e.item.object().type(), 1L, Long::sum);
        }
        if (counts.isEmpty()) return;
        try (PreparedStatement ps = c.prepareStatement(COUNT_TYPE)) {
            for (Map.Entry<String, Long> count : counts.entrySet()) {
                ps.setString(1, count.getKey());
                ps.setLong(2, count.getValue());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    static long queryLong(Connection c, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) throw new SQLException("no row from: " + sql);
            return rs.getLong(1);
        }
    }
}
