package org.concord.federation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.concord.ConcordException;
import org.concord.TestObjects;
import org.concord.integrity.ConsistencyProof;
import org.concord.integrity.LeafProof;
import org.concord.integrity.MerkleLog;
import org.concord.integrity.OriginSignature;
import org.concord.integrity.PublishedLog;
import org.concord.integrity.SignedTreeHead;
import org.concord.integrity.TreeHead;
import org.concord.node.NodeKeys;
import org.concord.partner.Partners;
import org.concord.stix.StixObject;
import org.concord.stix.StixTimestamp;
import org.concord.store.CollectionInfo;
import org.concord.store.Database;
import org.concord.store.Store;
import org.concord.store.StoreConfig;
import org.concord.store.Stores;
import org.concord.taxii.TaxiiDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code concord verify} concludes from what a peer serves, forged answers included. */
class LogAuditorTest {

    @TempDir
    Path tmp;

    private Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private final InstantSource clock = () -> now;
    private Store store;
    private TaxiiDatabase db;
    private Database auditorDb;
    private final NodeKeys keys = NodeKeys.generate();
    private PublishedLog published;
    private LogAuditor auditor;
    private Partners.Partner peer;
    private String collection;
    /** How the fake peer alters its honest head; identity by default. */
    private UnaryOperator<SignedTreeHead> serve = h -> h;

    /** The peer's log as an HTTP client would parse it, through {@link #serve}. */
    private final PeerLog log = new PeerLog() {
        @Override
        public PublicKey key() {
            return PublishedLog.keyFromJson(published.keyJson());
        }

        @Override
        public SignedTreeHead head() {
            return serve.apply(published.head());
        }

        @Override
        public ConsistencyProof consistency(long first, long second) {
            return published.consistency(first, second);
        }

        @Override
        public LeafProof inclusion(String id, String version, long treeSize) throws IOException {
            try {
                return LeafProof.fromJson(published.inclusion(id, version.isEmpty() ? "" : StixTimestamp.sortKey(version), treeSize,
                        new PublishedLog.Audience.Partner((i, k) -> released.contains(i))));
            } catch (ConcordException e) {
                throw new IOException("answered 404: " + e.getMessage());
            }
        }
    };
    /** The ids the fake peer released to us. */
    private final java.util.Set<String> released = new java.util.HashSet<>();

    @BeforeEach
    void open() {
        StoreConfig config = new StoreConfig.Embedded(tmp.resolve("peer.db"));
        store = Stores.open(config, clock, MerkleLog.writer());
        collection = UUID.randomUUID().toString();
        store.createCollection(new CollectionInfo(collection, "intelligence", "Intelligence", "test"));
        auditorDb = Database.open(new StoreConfig.Embedded(tmp.resolve("auditor.db")));
        db = new TaxiiDatabase(auditorDb);
        peer = new Partners.Partner("cert-fi", "ab".repeat(32), now, "https://127.0.0.1:1/cert-fi/");
        db.partners().add(peer);
        published = new PublishedLog(store.log(), keys, clock);
        auditor = new LogAuditor(db.partners(), clock);
    }

    @AfterEach
    void close() {
        auditorDb.close();
        store.close();
    }

    @Test
    void anHonestPeerIsConsistentAndItsHeadRecorded() {
        store(3);
        var first = auditor.audit(peer, log);
        assertThat(first).isInstanceOfSatisfying(LogAuditor.Verdict.Consistent.class, c -> {
            assertThat(c.keyFirstSeen()).isTrue();
            assertThat(c.previous()).isNull();
        });
        store(5);
        tick();
        assertThat(auditor.audit(peer, log)).isInstanceOfSatisfying(LogAuditor.Verdict.Consistent.class, c -> {
            assertThat(c.keyFirstSeen()).isFalse();
            assertThat(c.previous().head().treeSize()).isEqualTo(3);
            assertThat(c.head().head().treeSize()).isEqualTo(8);
        });
        assertThat(auditor.recordedHead("cert-fi")).get().extracting(h -> h.head().treeSize()).isEqualTo(8L);
    }

    @Test
    void aForgedSignatureOrAHeadOfAnotherLogIsRejectedAndNothingRecorded() {
        store(2);
        assertThat(auditor.audit(peer, log)).isInstanceOf(LogAuditor.Verdict.Consistent.class);
        store(1);
        serve = h -> {
            byte[] sig = h.signature();
            sig[0] ^= 1;
            return new SignedTreeHead(h.head(), sig);
        };
        assertThat(auditor.audit(peer, log)).isInstanceOfSatisfying(LogAuditor.Verdict.BadHead.class,
                b -> assertThat(b.reason()).contains("signature"));
        // signed by a key that is not the peer's, claiming the peer's log
        NodeKeys forger = NodeKeys.generate();
        serve = h -> SignedTreeHead.sign(h.head(), forger);
        assertThat(auditor.audit(peer, log)).isInstanceOf(LogAuditor.Verdict.BadHead.class);
        serve = h -> SignedTreeHead.sign(new TreeHead("other-log", h.head().treeSize(), h.head().rootHash(), now), keys);
        assertThat(auditor.audit(peer, log)).isInstanceOfSatisfying(LogAuditor.Verdict.BadHead.class,
                b -> assertThat(b.reason()).contains("other-log"));
        assertThat(auditor.recordedHead("cert-fi")).get().extracting(h -> h.head().treeSize()).isEqualTo(2L);
    }

    @Test
    void aPeerThatWithdrawsVersionsIsCaughtWithItsSignedHeads() {
        store(4);
        assertThat(auditor.audit(peer, log)).isInstanceOf(LogAuditor.Verdict.Consistent.class);
        tick();
        // the peer now signs a smaller tree (its first two leaves): it withdrew versions
        serve = h -> SignedTreeHead.sign(new TreeHead(h.head().logId(), 2, new MerkleLog(store.log()).root(2), now), keys);
        assertThat(auditor.audit(peer, log)).isInstanceOfSatisfying(LogAuditor.Verdict.Rewritten.class, r -> {
            assertThat(r.evidence().reason()).contains("shrank from 4 to 2");
            assertThat(r.evidence().seen().verify(keys.publicKey())).isTrue();
            assertThat(r.evidence().offered().verify(keys.publicKey())).isTrue();
        });
    }

    @Test
    void anUnreachablePeerChangesNothing() {
        PeerLog down = new PeerLog() {
            @Override
            public PublicKey key() throws IOException {
                throw new IOException("connection refused");
            }

            @Override
            public SignedTreeHead head() throws IOException {
                throw new IOException("connection refused");
            }

            @Override
            public ConsistencyProof consistency(long first, long second) throws IOException {
                throw new IOException("connection refused");
            }

            @Override
            public LeafProof inclusion(String id, String version, long treeSize) throws IOException {
                throw new IOException("connection refused");
            }
        };
        assertThat(auditor.audit(peer, down)).isInstanceOfSatisfying(LogAuditor.Verdict.Unreachable.class,
                u -> assertThat(u.reason()).contains("connection refused"));
        assertThat(auditor.recordedHead("cert-fi")).isEmpty();
    }

    @Test
    void aVersionThePeerReleasedIsProvenInItsLogFromTheCopyWeHoldSignedOrNot() {
        store(3);
        com.fasterxml.jackson.databind.node.ObjectNode json = TestObjects.randomIndicator();
        StixObject x = StixObject.of(json);
        store.write(collection, List.of(x));
        store(2);
        released.add(x.id());
        StixObject received = StixObject.of(OriginSignature.sign(json.deepCopy(), keys, "identity--peer"));
        for (StixObject copy : List.of(x, received)) {
            assertThat(auditor.inclusion(peer, log, copy)).isInstanceOfSatisfying(LogAuditor.Inclusion.Included.class, i -> {
                assertThat(i.leafIndex()).isEqualTo(3);
                assertThat(i.head().head().treeSize()).isEqualTo(6);
            });
        }
        assertThat(auditor.recordedHead("cert-fi")).get().extracting(h -> h.head().treeSize()).isEqualTo(6L); // audited on the way
    }

    @Test
    void aVersionNotReleasedOrNotAsWeHoldItOrUnderABadHeadIsNotProven() {
        com.fasterxml.jackson.databind.node.ObjectNode json = TestObjects.randomIndicator();
        StixObject x = StixObject.of(json);
        store.write(collection, List.of(x));
        store(2);
        assertThat(auditor.inclusion(peer, log, x)).isInstanceOfSatisfying(LogAuditor.Inclusion.NotIncluded.class,
                n -> assertThat(n.reason()).contains("404"));
        released.add(x.id());
        com.fasterxml.jackson.databind.node.ObjectNode altered = json.deepCopy().put("name", "not what the peer logged");
        assertThat(auditor.inclusion(peer, log, StixObject.of(altered))).isInstanceOfSatisfying(LogAuditor.Inclusion.NotIncluded.class,
                n -> assertThat(n.reason()).contains("does not lead"));
        serve = h -> SignedTreeHead.sign(h.head(), NodeKeys.generate());
        assertThat(auditor.inclusion(peer, log, x)).isInstanceOfSatisfying(LogAuditor.Inclusion.NotAudited.class,
                n -> assertThat(n.verdict()).isInstanceOf(LogAuditor.Verdict.BadHead.class));
    }

    private void tick() {
        now = now.plus(Duration.ofMinutes(1));
    }

    private void store(int count) {
        for (int i = 0; i < count; i++) store.write(collection, List.of(StixObject.of(TestObjects.randomIndicator())));
    }
}
