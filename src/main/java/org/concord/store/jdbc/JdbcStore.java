package org.concord.store.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.concord.ConcordException;
import org.concord.ErrorCode;
import org.concord.stix.StixObject;
import org.concord.stix.StixTimestamp;
import org.concord.store.CanonicalPage;
import org.concord.store.CollectionInfo;
import org.concord.store.Database.Work;
import org.concord.store.LogStorage;
import org.concord.store.LogWriter;
import org.concord.store.LoggedVersion;
import org.concord.store.ObjectFilter;
import org.concord.store.Origin;
import org.concord.store.Page;
import org.concord.store.ScanFilter;
import org.concord.store.SignatureCache;
import org.concord.store.Store;
import org.concord.store.StoredVersion;
import org.concord.store.VersionMatch;
import org.concord.store.WriteOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Store} over JDBC, for SQLite and PostgreSQL alike; what differs is in {@link Dialect}.
 *
 * <p>Writes (write, delete, createCollection) run one at a time: in this process under the
 * database's fair write lock, across processes under the dialect's write exclusion
 * ({@link JdbcDatabase#exclusive}). Each takes the time from the
 * injected clock and hands out date_added values from {@code max(now, last + 1µs)}, one per new
 * entry, so date_added strictly increases in commit order across the store. Reads run on their own
 * connections, concurrently with a write.
 */
final class JdbcStore implements Store {
    private static final String COLLECTION_COLUMNS = "id, alias, title, description";
    /** Where {@link Rows#ORIGIN_COLUMNS} start in a read: after the time and {@link Rows#OBJECT_COLUMNS}. */
    private static final int ORIGIN_AT = 11;
    /** Where {@link Rows#HANDLING_COLUMN} is in a read: after the origin's columns. */
    private static final int HANDLING_AT = ORIGIN_AT + Rows.ORIGIN_COLUMN_COUNT;
    /** What a full read selects after the time: the version, its origin and its handling level. */
    private static final String VERSION_COLUMNS = Rows.OBJECT_COLUMNS + ", " + Rows.ORIGIN_COLUMNS + ", " + Rows.HANDLING_COLUMN;
    /** The joins {@link #VERSION_COLUMNS} needs. */
    private static final String VERSION_JOINS = Rows.JOIN_ORIGIN + Rows.JOIN_HANDLING;
    private static final Logger LOG = LoggerFactory.getLogger(JdbcStore.class);

    private final JdbcDatabase db;
    private final boolean ownsDatabase; // close() closes db
    private final Dialect dialect;
    private final InstantSource clock;
    private final Map<String, Long> collectionPks = new ConcurrentHashMap<>(); // collections are never removed
    private final LogWriter logWriter; // null: versions are not logged as they are written
    private final LogStorage log;
    private final SignatureCache signatures;
    private final List<StoreListener> listeners = new CopyOnWriteArrayList<>();

    JdbcStore(JdbcDatabase db, InstantSource clock, LogWriter logWriter, boolean ownsDatabase) {
        this.db = Objects.requireNonNull(db, "db");
        this.ownsDatabase = ownsDatabase;
        this.dialect = db.dialect();
        this.clock = Objects.requireNonNull(clock, "clock");
        this.logWriter = logWriter;
        this.log = JdbcLogStorage.of(this, dialect);
        this.signatures = new JdbcSignatureCache(this, dialect);
    }

    @Override
    public List<WriteOutcome> write(String collectionId, List<StixObject> objects) {
        return write(collectionId, objects, null);
    }

    @Override
    public List<WriteOutcome> write(String collectionId, List<StixObject> objects, List<Origin> origins) {
        if (origins != null && origins.size() != objects.size()) {
            throw new IllegalArgumentException("one origin (or null) per object: " + objects.size() + " objects, "
                    + origins.size() + " origins");
        }
        List<Prepared> items = new ArrayList<>(objects.size());
        for (int i = 0; i < objects.size(); i++) {
            items.add(prepare(Objects.requireNonNull(objects.get(i), "object"), origins == null ? null : origins.get(i)));
        }
        return writePrepared(collectionId, items);
    }

    @Override
    public Prepared prepare(StixObject object, Origin origin, org.concord.stix.Tlp handling) {
        return BatchWrite.Item.of(object, origin, handling, logWriter);
    }

    @Override
    public List<WriteOutcome> writePrepared(String collectionId, List<Prepared> objects) {
        Objects.requireNonNull(collectionId, "collectionId");
        List<BatchWrite.Item> items = new ArrayList<>(objects.size());
        long bytes = 0;
        for (Prepared p : objects) {
            if (!(p instanceof BatchWrite.Item item)) {
                throw new IllegalArgumentException("not prepared by Store.prepare: " + (p == null ? null : p.getClass().getName()));
            }
            items.add(item);
            bytes += item.object().canonical().length;
        }
        List<WriteOutcome> outcomes = inWriteTransaction("writing " + items.size() + " objects to collection " + collectionId, bytes, c -> {
            Consumer<List<LoggedVersion>> logged = logWriter == null ? null
                    : versions -> logWriter.append(JdbcLogStorage.inTransaction(this, dialect, c), versions);
            return new BatchWrite(dialect, collectionPk(c, collectionId), items, logged).run(c, Rows.micros(clock.instant()));
        });
        if (!listeners.isEmpty()) tell(collectionId, items, outcomes);
        return outcomes;
    }

    private void tell(String collectionId, List<BatchWrite.Item> items, List<WriteOutcome> outcomes) {
        List<StixObject> added = new ArrayList<>();
        for (int i = 0; i < outcomes.size(); i++) {
            if (outcomes.get(i) instanceof WriteOutcome.Stored) added.add(items.get(i).object());
        }
        if (added.isEmpty()) return;
        List<StixObject> view = List.copyOf(added);
        for (StoreListener l : listeners) {
            try {
                l.stored(collectionId, view);
            } catch (RuntimeException e) {
                LOG.warn("a store listener failed; the write stands", e);
            }
        }
    }

    @Override
    public void onStored(StoreListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public LogStorage log() {
        return log;
    }

    @Override
    public SignatureCache signatures() {
        return signatures;
    }

    @Override
    public Page objects(String collectionId, ObjectFilter filter) {
        Objects.requireNonNull(collectionId, "collectionId");
        List<String> versionKeys = versionKeys(filter.versions());
        return read("reading objects of collection " + collectionId, c -> {
            Query q = pageQuery(c, collectionId, filter, versionKeys, VERSION_COLUMNS + ", e.is_last", VERSION_JOINS);
            List<StoredVersion> items = new ArrayList<>(Math.min(filter.limit(), 1_000));
            java.util.BitSet older = new java.util.BitSet();
            boolean more = readPage(c, q, filter.limit(), items, rs -> {
                if (!rs.getBoolean(HANDLING_AT + 1)) older.set(items.size());
                return version(rs);
            });
            return new Page(items, more, older);
        });
    }

    @Override
    public CanonicalPage canonical(String collectionId, ObjectFilter filter) {
        Objects.requireNonNull(collectionId, "collectionId");
        List<String> versionKeys = versionKeys(filter.versions());
        return read("reading objects of collection " + collectionId, c -> {
            // the same rows as objects(), but only the two columns sent: no origin, no envelope fields decoded
            Query q = pageQuery(c, collectionId, filter, versionKeys, "v.canonical", "");
            List<CanonicalPage.Entry> items = new ArrayList<>(Math.min(filter.limit(), 1_000));
            boolean more = readPage(c, q, filter.limit(), items, rs -> new CanonicalPage.Entry(Rows.instant(rs.getLong(1)), rs.getBytes(2)));
            return new CanonicalPage(items, more);
        });
    }

    /** One row of a result, read. */
    @FunctionalInterface
    private interface RowReader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /** Reads up to {@code limit} rows of a page query into {@code items}; returns whether more follow. */
    private static <T> boolean readPage(Connection c, Query q, int limit, List<T> items, RowReader<T> row) throws SQLException {
        try (PreparedStatement ps = q.prepare(c); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                if (items.size() == limit) return true;
                items.add(row.read(rs));
            }
        }
        return false;
    }

    /**
     * One page of a collection's entries: date_added, then {@code columns}, in date_added order, at
     * most {@code limit + 1} rows (the extra one tells that more follow).
     */
    private Query pageQuery(Connection c, String collectionId, ObjectFilter filter, List<String> versionKeys,
                            String columns, String joins) throws SQLException {
        Query q = new Query(dialect, "SELECT e.date_added, " + columns);
        long collection = collectionPk(c, collectionId);
        // The access path follows the most selective filter, so a walk never reads a whole collection
        // to find a few entries:
        if (!filter.ids().isEmpty()) { // the ids' versions, then their entries (CROSS JOIN: in this order)
            q.append(" FROM object_version v CROSS JOIN collection_entry e" + dialect.indexedBy("collection_entry_version")
                    + joins + " WHERE e.collection_pk = ? AND e.version_seq = v.seq AND ", collection)
                    .in("v.id", filter.ids()).append(" AND ");
            Rows.seqOfIdHash(q, "v.seq", Rows.idHashes(filter.ids()));
            if (!filter.types().isEmpty()) q.append(" AND ").in("e.type", filter.types());
        } else if (filter.types().size() == 1) { // the one type's entries, in date_added order
            q.append(" FROM collection_entry e" + dialect.indexedBy("collection_entry_type")
                    + " JOIN object_version v ON v.seq = e.version_seq" + joins
                    + " WHERE e.collection_pk = ? AND e.type = ?",
                    collection, filter.types().getFirst());
        } else { // the collection's entries in date_added order, filtered
            q.append(" FROM collection_entry e JOIN object_version v ON v.seq = e.version_seq" + joins
                    + " WHERE e.collection_pk = ?", collection);
            if (!filter.types().isEmpty()) q.append(" AND ").in("e.type", filter.types());
        }
        if (filter.addedAfter() != null) q.append(" AND e.date_added > ?", Rows.micros(filter.addedAfter()));
        if (!filter.specVersions().isEmpty()) q.append(" AND ").in("e.spec_version", filter.specVersions());
        matchVersions(q, filter.versions(), versionKeys);
        q.append(" ORDER BY e.date_added LIMIT ?", filter.limit() + 1);
        return q;
    }

    @Override
    public void scan(ScanFilter filter, Consumer<StoredVersion> sink) {
        Objects.requireNonNull(sink, "sink");
        read("scanning stored versions", c -> {
            dialect.beginStream(c);
            try {
                long fromSeq = 0;
                if (filter.addedAfter() != null) {
                    // first_added increases with seq, so the first version after the time starts the scan
                    Query first = new Query(dialect, "SELECT seq FROM object_version WHERE first_added > ?"
                            + " ORDER BY first_added LIMIT 1", Rows.micros(filter.addedAfter()));
                    try (PreparedStatement ps = first.prepare(c); ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) return null;
                        fromSeq = rs.getLong(1);
                    }
                }
                Query q = new Query(dialect, "SELECT v.first_added, " + VERSION_COLUMNS
                        + " FROM object_version v" + VERSION_JOINS + " WHERE v.seq >= ?", fromSeq);
                if (!filter.types().isEmpty()) q.append(" AND ").in("v.type", filter.types());
                q.append(" ORDER BY v.seq");
                try (PreparedStatement ps = q.prepare(c)) {
                    ps.setFetchSize(dialect.fetchSize());
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            sink.accept(version(rs));
                        }
                    }
                }
                return null;
            } finally {
                dialect.endStream(c);
            }
        });
    }

    @Override
    public Optional<StoredVersion> latest(String id) {
        Objects.requireNonNull(id, "id");
        return read("reading the latest version of " + id, c -> {
            Query q = new Query(dialect, "SELECT v.first_added, " + VERSION_COLUMNS
                    + " FROM object_version v" + VERSION_JOINS + " WHERE v.id = ? AND EXISTS (SELECT 1 FROM collection c"
                    + " CROSS JOIN collection_entry e" + dialect.indexedBy("collection_entry_version")
                    + " WHERE e.collection_pk = c.pk AND e.version_seq = v.seq) AND ", id);
            Rows.seqOfIdHash(q, "v.seq", List.of(Rows.idHash(id))).append(" ORDER BY v.version_key DESC LIMIT 1");
            try (PreparedStatement ps = q.prepare(c); ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(version(rs)) : Optional.<StoredVersion>empty();
            }
        });
    }

    /** The version of a full read's row: the time in column 1, then {@link #VERSION_COLUMNS}. */
    private static StoredVersion version(ResultSet rs) throws SQLException {
        return new StoredVersion(Rows.object(rs, 2), Rows.instant(rs.getLong(1)), Rows.origin(rs, ORIGIN_AT),
                Rows.handling(rs, HANDLING_AT));
    }

    /** Ids per query of {@link #newest}. */
    private static final int NEWEST_CHUNK = 500;

    @Override
    public Map<String, Held> newest(java.util.Collection<String> ids) {
        Objects.requireNonNull(ids, "ids");
        if (ids.isEmpty()) return Map.of();
        List<String> distinct = List.copyOf(new java.util.LinkedHashSet<>(ids));
        return read("reading the newest versions of " + distinct.size() + " ids", c -> {
            Map<String, Held> out = new java.util.HashMap<>(distinct.size() * 2);
            for (int from = 0; from < distinct.size(); from += NEWEST_CHUNK) {
                newest(c, distinct.subList(from, Math.min(distinct.size(), from + NEWEST_CHUNK)), out);
            }
            return out;
        });
    }

    /**
     * Two queries for a chunk of ids: every version of them that a collection holds, as keys and
     * collections only; then the newest one's full row per id.
     */
    private void newest(Connection c, List<String> ids, Map<String, Held> out) throws SQLException {
        Map<String, String> keyOf = new java.util.HashMap<>();
        Map<String, Long> seqOf = new java.util.HashMap<>();
        Map<Long, List<String>> collectionsOf = new java.util.HashMap<>();
        // (as latest(): for each version, a probe of the (collection, version) index per collection)
        Query q = new Query(dialect, "SELECT v.id, v.version_key, v.seq, k.id FROM object_version v CROSS JOIN collection k"
                + " CROSS JOIN collection_entry e" + dialect.indexedBy("collection_entry_version")
                + " WHERE e.collection_pk = k.pk AND e.version_seq = v.seq AND ").in("v.id", ids).append(" AND ");
        Rows.seqOfIdHash(q, "v.seq", Rows.idHashes(ids)).append(" ORDER BY k.pk");
        try (PreparedStatement ps = q.prepare(c); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String id = rs.getString(1), key = rs.getString(2);
                long seq = rs.getLong(3);
                String known = keyOf.get(id);
                if (known == null || key.compareTo(known) > 0) {
                    keyOf.put(id, key);
                    seqOf.put(id, seq);
                }
                collectionsOf.computeIfAbsent(seq, s -> new ArrayList<>(1)).add(rs.getString(4));
            }
        }
        if (seqOf.isEmpty()) return;
        Query full = new Query(dialect, "SELECT v.first_added, " + VERSION_COLUMNS + ", v.seq FROM object_version v"
                + VERSION_JOINS + " WHERE ").in("v.seq", new ArrayList<>(seqOf.values()));
        try (PreparedStatement ps = full.prepare(c); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                StoredVersion v = version(rs);
                out.put(v.object().id(), new Held(v, collectionsOf.get(rs.getLong(HANDLING_AT + 1))));
            }
        }
    }

    @Override
    public int delete(String collectionId, String id, VersionMatch versions) {
        Objects.requireNonNull(collectionId, "collectionId");
        Objects.requireNonNull(id, "id");
        Set<String> keys = Set.copyOf(versionKeys(versions));
        return inWriteTransaction("deleting " + id + " from collection " + collectionId, c -> {
            long collection = collectionPk(c, collectionId);
            List<EntryFlags> kept = new ArrayList<>();
            List<EntryFlags> removed = new ArrayList<>();
            for (EntryFlags e : entriesOf(c, collection, id)) {
                boolean match = versions.all() || (versions.first() && e.first()) || (versions.last() && e.last())
                        || keys.contains(e.versionKey());
                (match ? removed : kept).add(e);
            }
            if (removed.isEmpty()) return 0;
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM collection_entry WHERE collection_pk = ? AND date_added = ?")) {
                for (EntryFlags e : removed) {
                    ps.setLong(1, collection);
                    ps.setLong(2, e.dateAdded());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            reflag(c, collection, kept);
            return removed.size();
        });
    }

    /** An entry's key and first/last flags. */
    private record EntryFlags(long dateAdded, String versionKey, boolean first, boolean last) {}

    private List<EntryFlags> entriesOf(Connection c, long collection, String id) throws SQLException {
        List<EntryFlags> entries = new ArrayList<>();
        Query q = new Query(dialect, "SELECT e.date_added, e.version_key, e.is_first, e.is_last"
                + " FROM object_version v CROSS JOIN collection_entry e" + dialect.indexedBy("collection_entry_version")
                + " WHERE v.id = ? AND e.collection_pk = ? AND e.version_seq = v.seq AND ", id, collection);
        Rows.seqOfIdHash(q, "v.seq", List.of(Rows.idHash(id)));
        try (PreparedStatement ps = q.prepare(c); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) entries.add(new EntryFlags(rs.getLong(1), rs.getString(2), rs.getBoolean(3), rs.getBoolean(4)));
        }
        return entries;
    }

    /** Sets first/last on the entries of one id left in the collection, where they changed. */
    private static void reflag(Connection c, long collection, List<EntryFlags> kept) throws SQLException {
        if (kept.isEmpty()) return;
        String min = kept.stream().map(EntryFlags::versionKey).min(String::compareTo).orElseThrow();
        String max = kept.stream().map(EntryFlags::versionKey).max(String::compareTo).orElseThrow();
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE collection_entry SET is_first = ?, is_last = ? WHERE collection_pk = ? AND date_added = ?")) {
            int n = 0;
            for (EntryFlags e : kept) {
                boolean first = e.versionKey().equals(min);
                boolean last = e.versionKey().equals(max);
                if (first == e.first() && last == e.last()) continue;
                ps.setBoolean(1, first);
                ps.setBoolean(2, last);
                ps.setLong(3, collection);
                ps.setLong(4, e.dateAdded());
                ps.addBatch();
                n++;
            }
            if (n > 0) ps.executeBatch();
        }
    }

    @Override
    public void createCollection(CollectionInfo collection) {
        Objects.requireNonNull(collection, "collection");
        inWriteTransaction("creating collection " + collection.id(), c -> {
            List<String> names = collection.alias() == null
                    ? List.of(collection.id()) : List.of(collection.id(), collection.alias());
            Query taken = new Query(dialect, "SELECT id FROM collection WHERE ").in("id", names)
                    .append(" OR ").in("alias", names);
            try (PreparedStatement ps = taken.prepare(c); ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    throw new ConcordException(ErrorCode.ALREADY_EXISTS, "collection " + rs.getString(1)
                            + " already has the id or alias of " + describe(collection));
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO collection (" + COLLECTION_COLUMNS + ") VALUES (?, ?, ?, ?)")) {
                ps.setString(1, collection.id());
                ps.setString(2, collection.alias());
                ps.setString(3, collection.title());
                ps.setString(4, collection.description());
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public List<CollectionInfo> collections() {
        return read("listing collections", c -> {
            List<CollectionInfo> all = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT " + COLLECTION_COLUMNS + " FROM collection ORDER BY pk");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) all.add(collectionInfo(rs));
            }
            return List.copyOf(all);
        });
    }

    @Override
    public Optional<CollectionInfo> collection(String idOrAlias) {
        Objects.requireNonNull(idOrAlias, "idOrAlias");
        return read("reading collection " + idOrAlias, c -> {
            Query q = new Query(dialect, "SELECT " + COLLECTION_COLUMNS + " FROM collection WHERE id = ? OR alias = ?"
                    + " ORDER BY CASE WHEN id = ? THEN 0 ELSE 1 END LIMIT 1", idOrAlias, idOrAlias, idOrAlias);
            try (PreparedStatement ps = q.prepare(c); ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(collectionInfo(rs)) : Optional.<CollectionInfo>empty();
            }
        });
    }

    @Override
    public Map<String, Long> countByType() {
        return read("counting stored versions by type", c -> {
            TreeMap<String, Long> counts = new TreeMap<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT type, versions FROM type_count WHERE versions > 0");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) counts.put(rs.getString(1), rs.getLong(2));
            }
            return Collections.unmodifiableSortedMap(counts);
        });
    }

    @Override
    public void close() {
        if (ownsDatabase) db.close();
    }

    @Override
    public String toString() {
        return "Store[" + db + "]";
    }

    /** The compact key of a collection, by id. @throws ConcordException NOT_FOUND */
    private long collectionPk(Connection c, String collectionId) throws SQLException {
        Long cached = collectionPks.get(collectionId);
        if (cached != null) return cached;
        try (PreparedStatement ps = c.prepareStatement("SELECT pk FROM collection WHERE id = ?")) {
            ps.setString(1, collectionId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) throw new ConcordException(ErrorCode.NOT_FOUND, "no collection with id " + collectionId);
                long pk = rs.getLong(1);
                collectionPks.put(collectionId, pk);
                return pk;
            }
        }
    }

    /**
     * Appends the TAXII match[version] predicate (TAXII 2.1 §3.4.2): any of first, last or the
     * explicit versions; nothing for all.
     */
    private static void matchVersions(Query q, VersionMatch versions, List<String> keys) {
        if (versions.all()) return;
        String or = " AND (";
        if (versions.first()) {
            q.append(or + "e.is_first");
            or = " OR ";
        }
        if (versions.last()) {
            q.append(or + "e.is_last");
            or = " OR ";
        }
        if (!keys.isEmpty()) q.append(or).in("e.version_key", keys);
        q.append(")");
    }

    /** The version keys of a match's explicit versions. @throws ConcordException INVALID_ARGUMENT */
    private static List<String> versionKeys(VersionMatch versions) {
        List<String> keys = new ArrayList<>(versions.versions().size());
        for (String v : versions.versions()) {
            String problem = StixTimestamp.check(v);
            if (problem != null) {
                throw new ConcordException(ErrorCode.INVALID_ARGUMENT,
                        "a version must be first, last, all or a STIX timestamp: " + problem);
            }
            keys.add(StixTimestamp.sortKey(v));
        }
        return keys;
    }

    private static CollectionInfo collectionInfo(ResultSet rs) throws SQLException {
        return new CollectionInfo(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4));
    }

    private static String describe(CollectionInfo c) {
        return c.id() + (c.alias() == null ? "" : " (alias " + c.alias() + ")");
    }

    <T> T read(String what, Work<T> work) {
        return db.read(what, work);
    }

    /** Runs {@code work} in a write transaction, excluding every other writer; rolls back on any failure. */
    <T> T inWriteTransaction(String what, Work<T> work) {
        return db.exclusive(what, 1, work);
    }

    /** {@link #inWriteTransaction(String, Work)} of a write of about {@code bytes} bytes of objects. */
    private <T> T inWriteTransaction(String what, long bytes, Work<T> work) {
        return db.exclusive(what, bytes, work);
    }

    /** The store's translation of a database error (the database's one). */
    ConcordException failure(String what, SQLException e) {
        return db.failure(what, e);
    }
}
