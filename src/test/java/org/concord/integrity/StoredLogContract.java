package org.concord.integrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.concord.node.NodeKeys;
import org.concord.stix.StixObject;
import org.concord.store.CollectionInfo;
import org.concord.store.LogWriter;
import org.concord.store.LoggedVersion;
import org.concord.store.ScanFilter;
import org.concord.store.Store;
import org.concord.store.StoreConfig;
import org.concord.store.Stores;
import org.concord.store.jdbc.StoreInternals;
import org.junit.jupiter.api.Test;

/**
 * The log kept in a real store's database, run on every store implementation: appended in the
 * store's write transaction, in the order versions are first stored, surviving a restart.
 */
abstract class StoredLogContract {
    static final String A = "0b7c1d2e-3f40-4a5b-8c6d-7e8f9a0b1c2d";
    static final String B = "1c8d2e3f-4051-4b6c-9d7e-8f9a0b1c2d3e";
    static final ObjectMapper JSON = new ObjectMapper();

    /** The configuration of a new, empty database. */
    protected abstract StoreConfig newDatabase();

    static Store open(StoreConfig config, LogWriter writer) {
        return Stores.open(config, java.time.InstantSource.system(), writer);
    }

    static Store create(StoreConfig config, LogWriter writer) {
        Store store = open(config, writer);
        store.createCollection(new CollectionInfo(A, null, "A", null));
        store.createCollection(new CollectionInfo(B, null, "B", null));
        return store;
    }

    static StixObject indicator(String name, int version) {
        String id = "indicator--" + UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
        String modified = "2026-0" + (1 + version % 9) + "-01T00:00:00.000Z";
        ObjectNode o = JSON.createObjectNode().put("type", "indicator").put("spec_version", "2.1").put("id", id)
                .put("created", "2026-01-01T00:00:00.000Z").put("modified", modified).put("name", name + " v" + version)
                .put("pattern", "[domain-name:value = '" + name + ".example']").put("pattern_type", "stix")
                .put("valid_from", "2026-01-01T00:00:00Z");
        return StixObject.of(o);
    }

    static List<StixObject> indicators(String prefix, int from, int to) {
        List<StixObject> out = new ArrayList<>();
        for (int i = from; i < to; i++) out.add(indicator(prefix + i, 0));
        return out;
    }

    /**
     * The log's entries as the store's versions in the order first stored, each committed with the
     * salt the store keeps for it.
     */
    static List<byte[]> entries(Store store) {
        List<StixObject> objects = new ArrayList<>();
        store.scan(ScanFilter.ALL, v -> objects.add(v.object()));
        List<LoggedVersion> logged = store.log().versionsAfter(0, Integer.MAX_VALUE);
        assertThat(logged).hasSameSizeAs(objects);
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < objects.size(); i++) out.add(LogEntry.of(objects.get(i), logged.get(i).salt()));
        return out;
    }

    /** The salt the store keeps for the version of {@code o}. */
    static byte[] salt(Store store, StixObject o) {
        return store.log().version(o.id(), o.versionKey()).orElseThrow().salt();
    }

    @Test
    void everyNewVersionIsLoggedOnceInTheOrderFirstStored() {
        try (Store store = create(newDatabase(), MerkleLog.writer())) {
            MerkleLog log = new MerkleLog(store.log());
            store.write(A, indicators("a", 0, 30));
            store.write(A, indicators("a", 20, 45));          // 15 duplicates
            store.write(B, indicators("a", 0, 10));           // known versions, another collection
            store.write(B, List.of(indicator("a3", 1), indicator("a3", 2), indicator("a3", 1))); // new versions, one twice
            List<byte[]> entries = entries(store);
            assertThat(entries).hasSize(47);
            assertThat(log.size()).isEqualTo(47);
            assertThat(log.root()).isEqualTo(Reference.mth(entries));
            assertThat(log.root(30)).isEqualTo(Reference.mth(entries.subList(0, 30)));
        }
    }

    @Test
    void aWriteThatFailsLogsNothing() {
        AtomicInteger calls = new AtomicInteger();
        LogWriter failingSecond = (storage, versions) -> {
            MerkleLog.writer().append(storage, versions);
            if (calls.incrementAndGet() == 2) throw new IllegalStateException("crash after the log append");
        };
        try (Store store = create(newDatabase(), failingSecond)) {
            MerkleLog log = new MerkleLog(store.log());
            store.write(A, indicators("f", 0, 10));
            byte[] root = log.root();
            assertThatThrownBy(() -> store.write(A, indicators("f", 10, 20))).hasMessage("crash after the log append");
            assertThat(store.latest(indicator("f12", 0).id())).isEmpty();
            assertThat(log.size()).isEqualTo(10);
            assertThat(log.root()).isEqualTo(root);
            store.write(A, indicators("f", 10, 20));
            assertThat(log.root()).isEqualTo(Reference.mth(entries(store)));
        }
    }

    @Test
    void aReopenedLogContinuesWithIdenticalRoots() {
        StoreConfig config = newDatabase();
        List<byte[]> roots = new ArrayList<>();
        try (Store store = create(config, MerkleLog.writer())) {
            MerkleLog log = new MerkleLog(store.log());
            store.write(A, indicators("r", 0, 37));
            for (int n = 0; n <= 37; n++) roots.add(log.root(n));
        }
        try (Store store = open(config, MerkleLog.writer())) {
            MerkleLog log = new MerkleLog(store.log());
            for (int n = 0; n <= 37; n++) assertThat(log.root(n)).as("root of %d after restart", n).isEqualTo(roots.get(n));
            store.write(A, indicators("r", 37, 90));
            for (int n = 0; n <= 37; n++) assertThat(log.root(n)).isEqualTo(roots.get(n));
            assertThat(log.root()).isEqualTo(Reference.mth(entries(store)));
            assertThat(log.consistencyProof(37, 90).verify(roots.get(37), log.root())).isTrue();
        }
    }

    @Test
    void versionsStoredWithoutTheWriterAreLoggedByCatchUpOrByTheNextWrite() {
        StoreConfig config = newDatabase();
        try (Store store = create(config, null)) {
            store.write(A, indicators("c", 0, 25));
            assertThat(new MerkleLog(store.log()).size()).isZero();
            assertThat(store.log().version(indicator("c3", 0).id(), indicator("c3", 0).versionKey()).orElseThrow().salt())
                    .as("no salt before it is logged").isNull();
        }
        try (Store store = open(config, MerkleLog.writer())) {
            MerkleLog log = new MerkleLog(store.log());
            store.write(A, indicators("c", 25, 28)); // the writer appends the 25 it finds missing first
            assertThat(log.size()).isEqualTo(28);
            assertThat(log.root()).isEqualTo(Reference.mth(entries(store)));
        }
        try (Store store = open(config, null)) {
            store.write(B, indicators("c", 28, 40));
            MerkleLog log = new MerkleLog(store.log());
            assertThat(log.catchUp()).isEqualTo(12);
            assertThat(log.catchUp()).isZero();
            assertThat(log.root()).isEqualTo(Reference.mth(entries(store)));
            assertThat(salt(store, indicator("c3", 0))).hasSize(LogEntry.SALT_SIZE);
        }
    }

    @Test
    void everyVersionHasASaltOfItsOwnThatNeverChanges() {
        StoreConfig config = newDatabase();
        List<StixObject> objects = indicators("u", 0, 200);
        java.util.Map<String, String> salts = new java.util.HashMap<>();
        try (Store store = create(config, MerkleLog.writer())) {
            store.write(A, objects);
            store.write(B, objects.subList(0, 50)); // known versions in another collection: no new salt
            for (StixObject o : objects) salts.put(o.id(), java.util.HexFormat.of().formatHex(salt(store, o)));
        }
        assertThat(new java.util.HashSet<>(salts.values())).as("200 distinct salts").hasSize(200);
        try (Store store = open(config, MerkleLog.writer())) {
            for (StixObject o : objects) assertThat(java.util.HexFormat.of().formatHex(salt(store, o))).isEqualTo(salts.get(o.id()));
            assertThat(new MerkleLog(store.log()).root()).isEqualTo(Reference.mth(entries(store)));
        }
    }

    @Test
    void aStoreFromBeforeSaltsGetsThemAndItsLogRebuiltOnceByMigrationV12() throws Exception {
        StoreConfig config = newDatabase();
        List<StixObject> old = indicators("m", 0, 30);
        writeAsBeforeV12(config, old);
        try (Store store = open(config, MerkleLog.writer())) {
            MerkleLog log = new MerkleLog(store.log());
            assertThat(log.size()).as("the old log, of unsalted leaves, is gone").isZero();
            assertThat(store.log().version(old.get(7).id(), old.get(7).versionKey()).orElseThrow().salt()).isNull();
            assertThat(log.catchUp()).isEqualTo(30); // serve does this at start
            assertThat(log.root()).isEqualTo(Reference.mth(entries(store)));
            for (StixObject o : old) assertThat(salt(store, o)).hasSize(LogEntry.SALT_SIZE);
            store.write(A, indicators("m", 30, 35));
            assertThat(log.size()).isEqualTo(35);
            assertThat(log.root()).isEqualTo(Reference.mth(entries(store)));
            assertThat(store.latest(old.get(7).id()).orElseThrow().object()).isEqualTo(old.get(7));
        }
        // the next write appends the versions the log lacks (at most 10,000) when nothing caught up first
        StoreConfig other = newDatabase();
        writeAsBeforeV12(other, old);
        try (Store store = open(other, MerkleLog.writer())) {
            store.write(A, indicators("n", 0, 3));
            MerkleLog log = new MerkleLog(store.log());
            assertThat(log.size()).isEqualTo(33);
            assertThat(log.root()).isEqualTo(Reference.mth(entries(store)));
        }
    }

    /**
     * Rows as the release before migration V12 left them: the schema up to the migration before V12, collection A with
     * {@code objects}, and a log of their unsalted leaves ({@code SHA-256(0x00 ‖ len16 id ‖ id ‖
     * len8 key ‖ key ‖ sha256)}, level 0 only: V12 drops it whole).
     */
    private static void writeAsBeforeV12(StoreConfig config, List<StixObject> objects) throws Exception {
        org.concord.store.TestDatabases.migrateToBefore(config, "12");
        try (java.sql.Connection c = org.concord.store.TestDatabases.connect(config)) {
            try (var ps = c.prepareStatement("INSERT INTO collection (id, alias, title, description) VALUES (?, NULL, 'A', '')")) {
                ps.setString(1, A);
                ps.executeUpdate();
            }
            long pk;
            try (var ps = c.prepareStatement("SELECT pk FROM collection WHERE id = ?")) {
                ps.setString(1, A);
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    pk = rs.getLong(1);
                }
            }
            long seq = 0;
            for (StixObject o : objects) {
                seq++;
                long added = 1_800_000_000_000_000L + seq;
                try (var ps = c.prepareStatement("INSERT INTO object_version (seq, id_hash, id, version_key, type, spec_version,"
                        + " created, modified, revoked, marking_refs, canonical, sha256, first_added) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?, ?)")) {
                    ps.setLong(1, seq);
                    ps.setLong(2, StoreInternals.idHash(o.id()));
                    ps.setString(3, o.id());
                    ps.setString(4, o.versionKey());
                    ps.setString(5, o.type());
                    ps.setString(6, o.specVersion());
                    ps.setString(7, o.created());
                    ps.setString(8, o.modified());
                    ps.setBoolean(9, false);
                    ps.setBytes(10, o.canonical());
                    ps.setBytes(11, o.sha256());
                    ps.setLong(12, added);
                    ps.executeUpdate();
                }
                try (var ps = c.prepareStatement("INSERT INTO version_id_recent (id_hash, seq) VALUES (?, ?)")) {
                    ps.setLong(1, StoreInternals.idHash(o.id()));
                    ps.setLong(2, seq);
                    ps.executeUpdate();
                }
                try (var ps = c.prepareStatement("INSERT INTO collection_entry (collection_pk, date_added, version_seq, version_key,"
                        + " type, spec_version, is_first, is_last) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                    ps.setLong(1, pk);
                    ps.setLong(2, added);
                    ps.setLong(3, seq);
                    ps.setString(4, o.versionKey());
                    ps.setString(5, o.type());
                    ps.setString(6, o.specVersion());
                    ps.setBoolean(7, true);
                    ps.setBoolean(8, true);
                    ps.executeUpdate();
                }
                byte[] id = o.id().getBytes(StandardCharsets.UTF_8), key = o.versionKey().getBytes(StandardCharsets.UTF_8);
                byte[] unsalted = java.nio.ByteBuffer.allocate(2 + id.length + 1 + key.length + 32).putShort((short) id.length)
                        .put(id).put((byte) key.length).put(key).put(o.sha256()).array();
                try (var ps = c.prepareStatement("INSERT INTO log_node (pos, hash) VALUES (?, ?)")) {
                    ps.setLong(1, seq - 1);
                    ps.setBytes(2, Merkle.leafHash(unsalted));
                    ps.executeUpdate();
                }
            }
            try (var st = c.createStatement()) {
                st.executeUpdate("UPDATE log_state SET tree_size = " + seq);
                st.executeUpdate("UPDATE write_clock SET last_added = " + (1_800_000_000_000_000L + seq));
                st.executeUpdate("INSERT INTO type_count (type, versions) VALUES ('indicator', " + seq + ")");
            }
        }
    }

    @Test
    void aProofIsGivenOnlyForAVersionGivenToTheAskerAndOtherwiseOneIdenticalAnswer() {
        NodeKeys keys = NodeKeys.generate();
        StoreConfig config = newDatabase();
        try (Store store = create(config, null)) {
            store.write(A, List.of(indicator("unlogged", 0))); // stored, not yet in the log
        }
        try (Store store = open(config, MerkleLog.writer())) {
            new MerkleLog(store.log()).catchUp();
            StixObject inA = indicator("g1", 0), inB = indicator("g2", 0);
            store.write(A, List.of(inA));
            store.write(B, List.of(inB));
            try (Store raw = open(config, null)) {
                raw.write(A, List.of(indicator("unlogged", 1))); // a write without the writer: not logged yet
            }
            PublishedLog published = new PublishedLog(store.log(), keys, java.time.InstantSource.system());
            PublishedLog.Audience readsA = new PublishedLog.Audience.Reader(java.util.Set.of(A));
            PublishedLog.Audience partner = new PublishedLog.Audience.Partner((id, key) -> id.equals(inB.id()));

            assertThat(LeafProof.fromJson(published.inclusion(inA.id(), inA.versionKey(), null, readsA))
                    .verify(inA, new MerkleLog(store.log()).root())).isTrue();
            assertThat(LeafProof.fromJson(published.inclusion(inB.id(), inB.versionKey(), null, partner))
                    .verify(inB, new MerkleLog(store.log()).root())).isTrue();
            List<Runnable> refused = List.of(
                    () -> published.inclusion(inB.id(), inB.versionKey(), null, readsA),          // in a collection it may not read
                    () -> published.inclusion(inA.id(), inA.versionKey(), null, partner),         // not released to the partner
                    () -> published.inclusion(inA.id(), "2020-01-01T00:00:00.000000000Z", null, readsA), // another version
                    () -> published.inclusion("indicator--" + UUID.randomUUID(), inA.versionKey(), null, readsA), // unknown
                    () -> published.inclusion(indicator("unlogged", 1).id(), indicator("unlogged", 1).versionKey(), null, readsA));
            for (Runnable r : refused) {
                assertThatThrownBy(r::run).isInstanceOfSatisfying(org.concord.ConcordException.class, e -> {
                    assertThat(e.code()).isEqualTo(org.concord.ErrorCode.NOT_FOUND);
                    assertThat(e.getMessage()).isEqualTo(PublishedLog.NO_PROOF);
                });
            }
            long size = new MerkleLog(store.log()).size();
            assertThatThrownBy(() -> published.inclusion(inA.id(), inA.versionKey(), size + 1, partner))
                    .hasMessage("tree size must be 0.." + size + " (the log's size): " + (size + 1));
            assertThatThrownBy(() -> published.inclusion(inB.id(), inB.versionKey(), 1L, partner))
                    .hasMessageContaining("ask with a larger tree_size");
        }
    }

    @Test
    void theCollectionsHoldingAVersionAreThoseWithAnEntryOfIt() {
        try (Store store = create(newDatabase(), MerkleLog.writer())) {
            StixObject o = indicator("h", 0);
            store.write(A, List.of(o));
            store.write(B, List.of(o, indicator("h", 1)));
            assertThat(store.log().collectionsHolding(o.id(), o.versionKey())).containsExactlyInAnyOrder(A, B);
            store.delete(A, o.id(), org.concord.store.VersionMatch.ALL);
            assertThat(store.log().collectionsHolding(o.id(), o.versionKey())).containsExactly(B);
            assertThat(store.log().collectionsHolding(o.id(), "2020-01-01T00:00:00.000000000Z")).isEmpty();
            assertThat(store.log().collectionsHolding("indicator--" + UUID.randomUUID(), "")).isEmpty();
        }
    }

    @Test
    void aStoredVersionsInclusionVerifiesAgainstTheSignedHead() {
        NodeKeys keys = NodeKeys.generate();
        try (Store store = create(newDatabase(), MerkleLog.writer())) {
            MerkleLog log = new MerkleLog(store.log());
            store.write(A, indicators("p", 0, 50));
            StixObject wanted = indicator("p33", 0);
            store.write(B, List.of(indicator("p33", 4)));
            SignedTreeHead head = SignedTreeHead.sign(log.head(keys.fingerprint(), Instant.now()), keys);

            long index = log.leafIndex(wanted.id(), wanted.versionKey()).orElseThrow();
            InclusionProof proof = log.inclusionProof(index, head.head().treeSize());
            StixObject received = StixObject.of((ObjectNode) readTree(wanted.json())); // as a partner reads it
            byte[] salt = salt(store, wanted);
            assertThat(head.verify(keys.publicKey())).isTrue();
            assertThat(proof.verify(LogEntry.leafHash(received, salt), head.head().rootHash())).isTrue();
            assertThat(proof.verify(LogEntry.leafHash(indicator("p34", 0), salt), head.head().rootHash())).isFalse();
            assertThat(proof.verify(LogEntry.leafHash(received, new byte[32]), head.head().rootHash())).isFalse();
        }
    }

    @Test
    void aVersionStoredSignedCommitsToTheContentItHasWhereItWasStoredUnsignedUnderEachNodesOwnSalt() {
        NodeKeys keys = NodeKeys.generate();
        List<StixObject> originals = indicators("s", 0, 20);
        List<StixObject> signedCopies = new ArrayList<>();
        for (StixObject o : originals) {
            signedCopies.add(StixObject.of(OriginSignature.sign((ObjectNode) readTree(o.json()), keys, "identity--origin")));
        }
        org.concord.store.Origin from = new org.concord.store.Origin("origin", "EE", List.of("origin"), true, "origin",
                org.concord.store.Origin.Signature.VALID);
        try (Store origin = create(newDatabase(), MerkleLog.writer()); Store receiver = create(newDatabase(), MerkleLog.writer())) {
            origin.write(A, originals);
            receiver.write(A, signedCopies.subList(0, 7), java.util.Collections.nCopies(7, from));
            receiver.write(A, signedCopies.subList(7, 20), java.util.Collections.nCopies(13, from));

            MerkleLog atOrigin = new MerkleLog(origin.log()), atReceiver = new MerkleLog(receiver.log());
            assertThat(atOrigin.root()).isEqualTo(Reference.mth(entries(origin)));
            assertThat(atReceiver.root()).isEqualTo(Reference.mth(entries(receiver)));
            for (int i = 0; i < 20; i++) {
                LoggedVersion o = origin.log().version(originals.get(i).id(), originals.get(i).versionKey()).orElseThrow();
                LoggedVersion r = receiver.log().version(originals.get(i).id(), originals.get(i).versionKey()).orElseThrow();
                assertThat(r.sha256()).as("the content committed to").isEqualTo(o.sha256()).isEqualTo(originals.get(i).sha256());
                assertThat(r.salt()).as("each node draws its own salt").hasSize(32).isNotEqualTo(o.salt());
            }
            assertThat(atReceiver.root()).isNotEqualTo(atOrigin.root());
            // what the receiver serves to a reader of the collection: the entry with its salt, whose leaf the signed copy opens
            ObjectNode answer = new PublishedLog(receiver.log(), keys, java.time.InstantSource.system()).inclusion(
                    originals.get(12).id(), originals.get(12).versionKey(), null, new PublishedLog.Audience.Reader(java.util.Set.of(A)));
            ObjectNode entry = (ObjectNode) answer.get("entry");
            byte[] salt = salt(receiver, originals.get(12));
            assertThat(entry.get("salt").textValue()).isEqualTo(java.util.HexFormat.of().formatHex(salt));
            assertThat(entry.get("sha256").textValue()).isEqualTo(java.util.HexFormat.of().formatHex(originals.get(12).sha256()));
            assertThat(entry.get("leaf_hash").textValue())
                    .isEqualTo(java.util.HexFormat.of().formatHex(LogEntry.leafHash(signedCopies.get(12), salt)));
            assertThat(LeafProof.fromJson(answer).verify(signedCopies.get(12), atReceiver.root())).isTrue();
            assertThat(receiver.latest(originals.get(12).id()).orElseThrow().object()).isEqualTo(signedCopies.get(12));
        }
    }

    @Test
    void anAppendFromAStaleSizeIsRefusedAndWritesNothing() {
        try (Store store = create(newDatabase(), MerkleLog.writer())) {
            store.write(A, indicators("s", 0, 3));
            long position = 5; // level 0, index 5: not yet written
            assertThatThrownBy(() -> store.log().append(2, 4, java.util.Map.of(position, new byte[32])))
                    .isInstanceOfSatisfying(org.concord.ConcordException.class,
                            e -> assertThat(e.code()).isEqualTo(org.concord.ErrorCode.ALREADY_EXISTS));
            assertThat(store.log().size()).isEqualTo(3);
            assertThat(store.log().hashes(List.of(position, 0L, 1L))).containsOnlyKeys(0L, 1L);
        }
    }

    @Test
    void logsCatchingUpSideBySideWithWritesAgreeOnOneTree() throws Exception {
        StoreConfig config = newDatabase();
        try (Store store = create(config, null)) {
            store.write(A, indicators("t", 0, 2_500));
        }
        try (Store store = open(config, MerkleLog.writer())) {
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < 3; i++) threads.add(Thread.ofPlatform().start(() -> new MerkleLog(store.log()).catchUp()));
            for (int i = 0; i < 4; i++) store.write(B, indicators("t", 2_500 + 10 * i, 2_510 + 10 * i));
            for (Thread t : threads) t.join();
            MerkleLog log = new MerkleLog(store.log());
            log.catchUp();
            assertThat(log.size()).isEqualTo(2_540);
            assertThat(log.root()).isEqualTo(Reference.mth(entries(store)));
        }
    }

    private static Object readTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
