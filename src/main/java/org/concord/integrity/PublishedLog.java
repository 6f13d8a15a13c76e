package org.concord.integrity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.InstantSource;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import org.concord.ConcordException;
import org.concord.ErrorCode;
import org.concord.node.NodeKeys;
import org.concord.store.LogStorage;
import org.concord.store.LoggedVersion;

/**
 * What a node publishes of its transparency log to partners, as the JSON of docs/integrity.md: its
 * current signed tree head, its log key, inclusion proofs with the leaf's entry, and consistency
 * proofs. The HTTP edge only parses parameters and sends these; bad parameters are
 * INVALID_ARGUMENT, an unknown version NOT_FOUND. Constructing it does no I/O.
 */
public final class PublishedLog {
    private final LogStorage storage;
    private final MerkleLog log;
    private final NodeKeys keys;
    private final InstantSource clock;

    public PublishedLog(LogStorage storage, NodeKeys keys, InstantSource clock) {
        this.storage = Objects.requireNonNull(storage, "storage");
        this.log = new MerkleLog(storage);
        this.keys = Objects.requireNonNull(keys, "keys");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The log's current size and root, signed now with the node key; its log id is the key's fingerprint. */
    public SignedTreeHead head() {
        return SignedTreeHead.sign(log.head(keys.fingerprint(), clock.instant()), keys);
    }

    /**
     * {@code {"alg":"Ed25519","log_id":…,"key_fingerprint":…,"public_key":…}}: the key that signs the
     * heads, as its X.509 SubjectPublicKeyInfo in standard base64; log_id and key_fingerprint are both
     * the SHA-256 of those bytes in hex.
     */
    public ObjectNode keyJson() {
        ObjectNode o = Codec.JSON.objectNode();
        o.put("alg", "Ed25519").put("log_id", keys.fingerprint()).put("key_fingerprint", keys.fingerprint())
                .put("public_key", encodeKey(keys.publicKey()));
        return o;
    }

    /**
     * The inclusion proof of leaf {@code leafIndex} in the tree of {@code treeSize} leaves (the
     * current size when null), with the leaf's entry: {@link InclusionProof#toJson()}'s members and
     * {@code "entry": {"id", "version_key", "sha256", "leaf_hash"}} (hex).
     *
     * @throws ConcordException INVALID_ARGUMENT unless 0 ≤ leafIndex < treeSize ≤ the log's size
     */
    public ObjectNode inclusion(long leafIndex, Long treeSize) {
        long size = treeSize != null ? treeSize : log.size();
        InclusionProof proof = log.inclusionProof(leafIndex, size);
        List<LoggedVersion> leaf = storage.versionsAfter(leafIndex, 1);
        if (leaf.isEmpty() || leaf.getFirst().seq() != leafIndex + 1) {
            throw new ConcordException(ErrorCode.INTERNAL, "the store has no version for log leaf " + leafIndex);
        }
        LoggedVersion v = leaf.getFirst();
        ObjectNode out = proof.toJson();
        ObjectNode entry = out.putObject("entry");
        entry.put("id", v.id()).put("version_key", v.versionKey()).put("sha256", Codec.hex(v.sha256()))
                .put("leaf_hash", Codec.hex(Merkle.leafHash(LogEntry.of(v.id(), v.versionKey(), v.sha256()))));
        return out;
    }

    /**
     * {@link #inclusion(long, Long)} of the version ({@code id}, {@code versionKey}).
     *
     * @throws ConcordException NOT_FOUND if the log does not hold that version
     */
    public ObjectNode inclusion(String id, String versionKey, Long treeSize) {
        OptionalLong index = log.leafIndex(id, versionKey);
        if (index.isEmpty()) {
            throw new ConcordException(ErrorCode.NOT_FOUND, "the log holds no version " + id + " "
                    + (versionKey.isEmpty() ? "(unversioned)" : versionKey));
        }
        return inclusion(index.getAsLong(), treeSize);
    }

    /**
     * The consistency proof from {@code first} to {@code second} leaves (the current size when null).
     *
     * @throws ConcordException INVALID_ARGUMENT unless 0 ≤ first ≤ second ≤ the log's size
     */
    public ConsistencyProof consistency(long first, Long second) {
        return log.consistencyProof(first, second != null ? second : log.size());
    }

    /** The X.509 SubjectPublicKeyInfo of {@code key}, standard base64. */
    public static String encodeKey(PublicKey key) {
        return Base64.getEncoder().encodeToString(key.getEncoded());
    }

    /**
     * Reads an Ed25519 key in {@link #encodeKey}'s form.
     *
     * @throws ConcordException INVALID_ARGUMENT if it is not one
     */
    public static PublicKey decodeKey(String base64) {
        try {
            return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (GeneralSecurityException | IllegalArgumentException | NullPointerException e) {
            throw new ConcordException(ErrorCode.INVALID_ARGUMENT, "not an Ed25519 public key (SubjectPublicKeyInfo, base64): "
                    + (base64 == null ? "null" : base64.length() > 80 ? base64.substring(0, 80) + "…" : base64));
        }
    }

    /**
     * The key of {@link #keyJson()}'s form, checked against its fingerprint.
     *
     * @throws ConcordException INVALID_ARGUMENT if malformed or the fingerprint does not match
     */
    public static PublicKey keyFromJson(JsonNode json) {
        PublicKey key = decodeKey(Codec.text(json, "public_key"));
        String fingerprint = NodeKeys.fingerprint(key);
        if (!fingerprint.equals(Codec.text(json, "key_fingerprint"))) {
            throw new ConcordException(ErrorCode.INVALID_ARGUMENT, "key_fingerprint is not the SHA-256 of public_key: "
                    + Codec.text(json, "key_fingerprint"));
        }
        return key;
    }
}
