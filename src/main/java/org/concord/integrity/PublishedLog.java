package org.concord.integrity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.InstantSource;
import java.util.Base64;
import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiPredicate;
import org.concord.ConcordException;
import org.concord.ErrorCode;
import org.concord.node.NodeKeys;
import org.concord.stix.StixObject;
import org.concord.store.LogStorage;
import org.concord.store.LoggedVersion;

/**
 * What a node publishes of its transparency log to partners, as the JSON of docs/integrity.md: its
 * current signed tree head, its log key, inclusion proofs with the leaf's entry and salt — only of
 * versions given to the asker, asked by id and version, never by leaf index ({@link Audience}) —
 * and consistency proofs. The HTTP edge only parses parameters and sends these; bad parameters are
 * INVALID_ARGUMENT, a version the asker may not have a proof of NOT_FOUND. Constructing it does no I/O.
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

    /** The one answer for a version the asker may not have a proof of, or that the log does not hold. */
    public static final String NO_PROOF =
            "no inclusion proof: this node's log holds no version with that id and version that was given to you";

    /**
     * Who asks for an inclusion proof, and so which versions it may have proofs of: only versions
     * this node gave it. For any other version — withheld from it, unknown, not yet logged — the
     * answer is the same {@link #NO_PROOF}, so that a proof is no oracle for what the node holds.
     */
    public sealed interface Audience {
        /**
         * A partner node: the versions whose release to it, as stored (not a copy the policy altered,
         * which no log holds), the disclosure audit log records. Asked first, before the store is read.
         *
         * @param released whether (id, version key) was so released to the partner
         */
        record Partner(BiPredicate<String, String> released) implements Audience {
            public Partner {
                Objects.requireNonNull(released, "released");
            }
        }

        /**
         * A member's program or person: the versions a collection it may read holds now.
         *
         * @param readable the ids of the collections it may read
         */
        record Reader(Set<String> readable) implements Audience {
            public Reader {
                readable = Set.copyOf(readable);
            }
        }
    }

    /**
     * The inclusion proof of the version ({@code id}, {@code versionKey}) in the tree of
     * {@code treeSize} leaves (the current size when null), if {@code audience} may have it:
     * {@link InclusionProof#toJson()}'s members and {@code "entry": {"id", "version_key", "salt",
     * "sha256", "leaf_hash"}} (hex). The salt is what the asker needs to recompute the leaf from the
     * object it holds ({@link LogEntry#leafHash(StixObject, byte[])}).
     *
     * @throws ConcordException INVALID_ARGUMENT unless 0 ≤ treeSize ≤ the log's size (checked first:
     *         the size is public), or when the version's leaf is not within treeSize; NOT_FOUND with
     *         {@link #NO_PROOF} when the audience may not have the proof or the log holds no such version
     */
    public ObjectNode inclusion(String id, String versionKey, Long treeSize, Audience audience) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(versionKey, "versionKey");
        long size = log.size();
        long n = treeSize != null ? treeSize : size;
        if (n < 0 || n > size) {
            throw new ConcordException(ErrorCode.INVALID_ARGUMENT, "tree size must be 0.." + size + " (the log's size): " + n);
        }
        boolean given = switch (Objects.requireNonNull(audience, "audience")) {
            case Audience.Partner p -> p.released().test(id, versionKey);
            case Audience.Reader r -> !Collections.disjoint(storage.collectionsHolding(id, versionKey), r.readable());
        };
        if (!given) throw new ConcordException(ErrorCode.NOT_FOUND, NO_PROOF);
        LoggedVersion v = log.logged(id, versionKey).orElseThrow(() -> new ConcordException(ErrorCode.NOT_FOUND, NO_PROOF));
        long index = v.seq() - 1;
        if (index >= n) {
            throw new ConcordException(ErrorCode.INVALID_ARGUMENT, "the version is leaf " + index
                    + " of the log, not within a tree of " + n + " leaves: ask with a larger tree_size");
        }
        ObjectNode out = log.inclusionProof(index, n).toJson();
        ObjectNode entry = out.putObject("entry");
        entry.put("id", v.id()).put("version_key", v.versionKey()).put("salt", Codec.hex(v.salt()))
                .put("sha256", Codec.hex(v.sha256()))
                .put("leaf_hash", Codec.hex(LogEntry.leafHash(v.salt(), v.id(), v.versionKey(), v.sha256())));
        return out;
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
