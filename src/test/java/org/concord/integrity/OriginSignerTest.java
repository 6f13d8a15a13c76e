package org.concord.integrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.concord.ConcordException;
import org.concord.node.NodeKeys;
import org.concord.stix.Canonical;
import org.concord.stix.StixObject;
import org.concord.store.CollectionInfo;
import org.concord.store.DetachedSignature;
import org.concord.store.Origin;
import org.concord.store.Store;
import org.concord.store.StoreConfig;
import org.concord.store.Stores;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Signing on egress over a real store's signature cache, and the background pre-signer. */
class OriginSignerTest {
    static final String C = "5d6e7f80-9192-4a3b-8c4d-5e6f708192a3";
    static final Origin RELAYED = new Origin("cert-lv", "LV", List.of("cert-lv"), true, "cert-lv", Origin.Signature.VALID);

    @TempDir
    Path dir;
    Store store;
    OriginSigner signer;

    @BeforeEach
    void open() {
        store = Stores.open(new StoreConfig.Embedded(dir.resolve("store.db")), java.time.InstantSource.system(), MerkleLog.writer());
        store.createCollection(new CollectionInfo(C, "intelligence", "Intelligence", ""));
        signer = new OriginSigner(OriginSignatureTest.KEYS, OriginSignatureTest.SIGNER, store.signatures());
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void theSignatureGoesBesideTheObjectAndIsExactlyTheOneTheExtensionWouldCarry() {
        ObjectNode tree = OriginSignatureTest.indicator();
        StixObject original = StixObject.of(tree);
        DetachedSignature beside = signer.sign(original);

        JsonNode embedded = OriginSignature.sign(tree, OriginSignatureTest.KEYS, OriginSignatureTest.SIGNER)
                .get("extensions").get(OriginSignature.EXTENSION_ID);
        assertThat(beside).isEqualTo(new DetachedSignature(embedded.get("key_fingerprint").textValue(),
                embedded.get("signer").textValue(), embedded.get("signature").textValue()));
        assertThat(OriginSignature.verify(original, beside, OriginSignatureTest.KEYS.publicKey()))
                .isEqualTo(new OriginSignature.Verification.Valid(OriginSignatureTest.SIGNER, OriginSignatureTest.KEYS.fingerprint()));
        assertThat(original.canonical()).isEqualTo(Canonical.bytes(tree)); // the object is not touched
    }

    @Test
    void eachUnsignedFormIsSignedOnceAndKeptByItsHash() {
        StixObject a = StixObject.of(OriginSignatureTest.indicator());
        ObjectNode other = OriginSignatureTest.indicator().put("name", "another");
        StixObject b = StixObject.of(other);
        assertThat(store.signatures().find(List.of(a.sha256(), b.sha256()))).containsOnlyNulls();

        List<DetachedSignature> first = signer.sign(List.of(a, b, a));
        List<byte[]> kept = store.signatures().find(List.of(a.sha256(), b.sha256()));
        assertThat(kept).doesNotContainNull();
        assertThat(first.get(2)).isEqualTo(first.get(0));
        assertThat(first.get(0).value()).isEqualTo(kept.get(0));
        // a signer with another key but this cache signs nothing anew: what is kept is what goes
        OriginSigner sameCache = new OriginSigner(NodeKeys.generate(), OriginSignatureTest.SIGNER, store.signatures());
        assertThat(sameCache.sign(a).signature()).isEqualTo(first.get(0).signature());
    }

    @Test
    void anEmbeddedSignatureStaysInTheObjectAndThisNodesGoesBesideItOverTheUnsignedForm() {
        NodeKeys someone = NodeKeys.generate();
        ObjectNode tree = OriginSignatureTest.indicator();
        StixObject theirs = StixObject.of(OriginSignature.sign(tree, someone, "identity--someone"));
        DetachedSignature ours = signer.sign(theirs);

        assertThat(OriginSignature.verify(theirs, ours, OriginSignatureTest.KEYS.publicKey()))
                .isInstanceOf(OriginSignature.Verification.Valid.class);
        assertThat(OriginSignature.verify(theirs, ours, someone.publicKey())).isInstanceOf(OriginSignature.Verification.Invalid.class);
        assertThat(store.signatures().find(List.of(StixObject.of(tree).sha256()))).doesNotContainNull();
        assertThat(ours).isEqualTo(signer.sign(StixObject.of(tree))); // the same unsigned form, the same signature
    }

    @Test
    void aSignatureBesideAnObjectThatWasAlteredOrByAnotherKeyIsInvalid() {
        StixObject original = StixObject.of(OriginSignatureTest.indicator());
        DetachedSignature beside = signer.sign(original);
        StixObject altered = StixObject.of(OriginSignatureTest.indicator().put("confidence", 86));

        assertThat(OriginSignature.verify(altered, beside, OriginSignatureTest.KEYS.publicKey()))
                .isEqualTo(new OriginSignature.Verification.Invalid("the signature does not match the object: it was altered after signing"));
        NodeKeys other = NodeKeys.generate();
        assertThat(OriginSignature.verify(original, beside, other.publicKey()))
                .isEqualTo(new OriginSignature.Verification.Invalid("signed by key " + OriginSignatureTest.KEYS.fingerprint()
                        + ", not by " + other.fingerprint()));
    }

    @Test
    void anObjectThatCannotCarryTheSignatureIsRefusedByName() {
        ObjectNode bad = OriginSignatureTest.indicator();
        bad.putArray("extensions").add(OriginSignature.EXTENSION_ID);
        StixObject o = StixObject.of(bad);

        assertThatThrownBy(() -> signer.sign(o)).isInstanceOf(ConcordException.class)
                .hasMessageContaining(o.id()).hasMessageContaining("cannot be signed");
    }

    @Test
    void thePreSignerSignsEveryLocalVersionOnceAndNoRelayedOne() {
        List<StixObject> local = objects("local", 2 * PreSigner.CHUNK + 5);
        List<StixObject> relayed = objects("relayed", 3);
        store.write(C, local.subList(0, 10));
        store.write(C, relayed, java.util.Collections.nCopies(3, RELAYED));
        store.write(C, local.subList(10, local.size()));
        PreSigner presigner = new PreSigner(store, signer);

        assertThat(presigner.catchUp()).isEqualTo(local.size());
        assertThat(presigner.catchUp()).isZero();
        assertThat(store.signatures().find(hashes(local))).doesNotContainNull();
        assertThat(store.signatures().find(hashes(relayed))).containsOnlyNulls();
        // what egress then sends beside the object is the kept signature
        DetachedSignature sent = signer.sign(local.get(7));
        assertThat(sent.value()).isEqualTo(store.signatures().find(List.of(local.get(7).sha256())).getFirst());
    }

    @Test
    void startedItSignsWhatIsWrittenAfterwardsAndStopsOnClose() throws Exception {
        try (PreSigner presigner = new PreSigner(store, signer).start()) {
            List<StixObject> later = objects("later", 50);
            store.write(C, later);
            Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
            while (Arrays.asList(store.signatures().find(hashes(later)).toArray()).contains(null)) {
                assertThat(Instant.now()).as("pre-signed within 30 s").isBefore(deadline);
                Thread.sleep(20);
            }
        }
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("concord-presigner") && t.isAlive());
    }

    private static List<StixObject> objects(String prefix, int n) {
        List<StixObject> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(StixObject.of(OriginSignatureTest.indicator().put("name", prefix + " " + i)
                .put("id", "indicator--" + java.util.UUID.nameUUIDFromBytes((prefix + i).getBytes()))));
        return out;
    }

    private static List<byte[]> hashes(List<StixObject> objects) {
        return objects.stream().map(StixObject::sha256).toList();
    }
}
