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
import org.concord.store.ScanFilter;
import org.concord.store.Store;
import org.concord.store.StoreConfig;
import org.concord.store.Stores;
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

    /** The log's entries as the store's versions in the order first stored. */
    static List<byte[]> entries(Store store) {
        List<byte[]> out = new ArrayList<>();
        store.scan(ScanFilter.ALL, v -> out.add(LogEntry.of(v.object())));
        return out;
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
            assertThat(head.verify(keys.publicKey())).isTrue();
            assertThat(proof.verify(LogEntry.leafHash(received), head.head().rootHash())).isTrue();
            assertThat(proof.verify(LogEntry.leafHash(indicator("p34", 0)), head.head().rootHash())).isFalse();
        }
    }

    @Test
    void aVersionStoredSignedHasTheLeafItHasWhereItWasStoredUnsigned() {
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
            assertThat(atReceiver.root()).isEqualTo(atOrigin.root()).isEqualTo(Reference.mth(entries(origin)));
            // what the receiver serves as the leaf's entry: the unsigned form's hash, and the leaf of the signed copy
            ObjectNode entry = (ObjectNode) new PublishedLog(receiver.log(), keys, java.time.InstantSource.system())
                    .inclusion(12, null).get("entry");
            assertThat(entry.get("sha256").textValue()).isEqualTo(java.util.HexFormat.of().formatHex(originals.get(12).sha256()));
            assertThat(entry.get("leaf_hash").textValue())
                    .isEqualTo(java.util.HexFormat.of().formatHex(LogEntry.leafHash(signedCopies.get(12))));
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
