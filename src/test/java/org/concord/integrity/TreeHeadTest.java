package org.concord.integrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import org.concord.ConcordException;
import org.concord.ErrorCode;
import org.concord.node.NodeKeys;
import org.junit.jupiter.api.Test;

/** Signed tree heads: the signed encoding, signing, verifying and the JSON form. */
class TreeHeadTest {
    static final NodeKeys KEYS = NodeKeys.generate();
    static final ObjectMapper JSON = new ObjectMapper();
    static final byte[] ROOT = HexFormat.of().parseHex("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328");
    static final Instant AT = Instant.parse("2026-11-24T10:00:00.123456Z");

    @Test
    void theSignedBytesAreTheCanonicalJsonOfFourMembers() {
        TreeHead head = new TreeHead("log-a", 8, ROOT, AT);
        assertThat(new String(head.signedBytes(), StandardCharsets.UTF_8)).isEqualTo(
                "{\"log_id\":\"log-a\",\"root_hash\":\"5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328\","
                        + "\"timestamp\":1795514400123,\"tree_size\":8}");
        assertThat(head.timestamp()).isEqualTo(Instant.parse("2026-11-24T10:00:00.123Z"));
    }

    @Test
    void aSignedHeadVerifiesWithTheNodesKeyOnly() {
        SignedTreeHead signed = SignedTreeHead.sign(new TreeHead(KEYS.fingerprint(), 8, ROOT, AT), KEYS);
        assertThat(signed.verify(KEYS.publicKey())).isTrue();
        assertThat(signed.verify(NodeKeys.generate().publicKey())).isFalse();
    }

    @Test
    void changingAnyFieldBreaksTheSignature() {
        TreeHead head = new TreeHead("log-a", 8, ROOT, AT);
        byte[] signature = SignedTreeHead.sign(head, KEYS).signature();
        byte[] otherRoot = ROOT.clone();
        otherRoot[0] ^= 1;
        for (TreeHead changed : new TreeHead[] {
                new TreeHead("log-b", 8, ROOT, AT),
                new TreeHead("log-a", 9, ROOT, AT),
                new TreeHead("log-a", 8, otherRoot, AT),
                new TreeHead("log-a", 8, ROOT, AT.plusMillis(1))}) {
            assertThat(new SignedTreeHead(changed, signature).verify(KEYS.publicKey())).as("%s", changed).isFalse();
        }
        byte[] badSignature = signature.clone();
        badSignature[10] ^= 1;
        assertThat(new SignedTreeHead(head, badSignature).verify(KEYS.publicKey())).isFalse();
    }

    @Test
    void theJsonFormRoundTripsAndStillVerifies() throws Exception {
        SignedTreeHead signed = SignedTreeHead.sign(new TreeHead(KEYS.fingerprint(), 1234, ROOT, AT), KEYS);
        String text = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(signed.toJson());
        SignedTreeHead back = SignedTreeHead.fromJson(JSON.readTree(text));
        assertThat(back).isEqualTo(signed);
        assertThat(back.verify(KEYS.publicKey())).isTrue();
        assertThat(signed.toJson().get("signature").textValue()).doesNotContain("=", "+", "/").hasSize(86);
    }

    @Test
    void malformedJsonNamesTheMember() throws Exception {
        ObjectNode good = SignedTreeHead.sign(new TreeHead("log-a", 3, ROOT, AT), KEYS).toJson();
        assertBad(good.deepCopy().put("tree_size", -1), "tree_size must be a non-negative integer");
        assertBad(good.deepCopy().put("tree_size", "3"), "tree_size must be a non-negative integer");
        assertBad(good.deepCopy().put("root_hash", "abc"), "root_hash must be a SHA-256 hash in 64 hex digits");
        assertBad(good.deepCopy().put("signature", "***"), "signature must be base64url");
        ObjectNode noId = good.deepCopy();
        noId.remove("log_id");
        assertBad(noId, "log_id is required");
    }

    @Test
    void proofsRoundTripThroughJson() throws Exception {
        MemoryLogStorage storage = new MemoryLogStorage();
        MerkleLog log = new MerkleLog(storage);
        log.append(storage.store(MerkleLogTest.shas(new java.util.Random(5), 21)));
        InclusionProof inclusion = log.inclusionProof(13, 21);
        ConsistencyProof consistency = log.consistencyProof(6, 21);
        assertThat(InclusionProof.fromJson(JSON.readTree(JSON.writeValueAsString(inclusion.toJson())))).isEqualTo(inclusion);
        assertThat(ConsistencyProof.fromJson(JSON.readTree(JSON.writeValueAsString(consistency.toJson())))).isEqualTo(consistency);
        assertThat(inclusion.toJson().fieldNames()).toIterable().containsExactly("leaf_index", "tree_size", "inclusion_path");
        assertThat(consistency.toJson().fieldNames()).toIterable().containsExactly("tree_size_1", "tree_size_2", "consistency_path");
        assertThatThrownBy(() -> InclusionProof.fromJson(inclusion.toJson().put("leaf_index", 21)))
                .hasMessage("leaf_index must be less than tree_size: 21 of 21");
    }

    private static void assertBad(ObjectNode json, String message) {
        assertThatThrownBy(() -> SignedTreeHead.fromJson(json)).isInstanceOfSatisfying(ConcordException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }
}
