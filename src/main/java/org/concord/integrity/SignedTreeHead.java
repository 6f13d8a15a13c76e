package org.concord.integrity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.Objects;
import org.concord.node.NodeKeys;

/**
 * A tree head with its node's Ed25519 signature over {@link TreeHead#signedBytes()}: the log's
 * commitment to its size and root at a time (the signed tree head of RFC 9162 §4, in JSON). In JSON, the head's members
 * and {@code "signature"}, the 64-byte signature in unpadded base64url.
 *
 * @param signature the Ed25519 signature (copied; do not modify what the accessor returns)
 */
public record SignedTreeHead(TreeHead head, byte[] signature) {

    public SignedTreeHead {
        Objects.requireNonNull(head, "head");
        signature = Objects.requireNonNull(signature, "signature").clone();
    }

    /** Signs {@code head} with the node's key. */
    public static SignedTreeHead sign(TreeHead head, NodeKeys keys) {
        return new SignedTreeHead(head, keys.sign(head.signedBytes()));
    }

    /** Whether the signature is {@code key}'s over this head. */
    public boolean verify(PublicKey key) {
        return NodeKeys.verify(key, head.signedBytes(), signature);
    }

    /** {@code {"log_id","root_hash","signature","timestamp","tree_size"}}. */
    public ObjectNode toJson() {
        return head.toJson().put("signature", Codec.base64url(signature));
    }

    /** Reads {@link #toJson()}'s form; checks the form, not the signature. @throws org.concord.ConcordException INVALID_ARGUMENT */
    public static SignedTreeHead fromJson(JsonNode json) {
        return new SignedTreeHead(TreeHead.fromJson(json), Codec.signature(json, "signature"));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SignedTreeHead s && s.head.equals(head) && Arrays.equals(s.signature, signature);
    }

    @Override
    public int hashCode() {
        return head.hashCode() * 31 + Arrays.hashCode(signature);
    }

    @Override
    public String toString() {
        return "Signed" + head;
    }
}
