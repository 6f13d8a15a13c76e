package org.concord.federation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Objects;
import org.concord.store.DetachedSignature;

/**
 * One entry of the {@code x_concord_signatures} envelope member (docs/federation.md, wire
 * additions): the origin signature of an object of the envelope, which travels beside the object
 * rather than inside it, so the object's bytes stay its producer's. What it covers and how it is
 * checked are those of an embedded origin signature (docs/integrity.md); a receiver verifies it
 * with the key it pinned for the signer, never with one the entry names.
 *
 * <pre>{"id": "indicator--…", "version": "2026-01-02T03:04:05.000Z", "alg": "Ed25519",
 *  "key_fingerprint": "<64 hex>", "signer": "identity--…", "signature": "<86 base64url>"}</pre>
 *
 * @param version the object's {@code modified}, else {@code created}, else ""
 */
public record SignatureClaim(String id, String version, DetachedSignature signature) {
    /** The envelope member's name. */
    public static final String MEMBER = org.concord.partner.PartnerInbox.SIGNATURES_MEMBER;

    public SignatureClaim {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(signature, "signature");
    }

    /** This entry as JSON. */
    public ObjectNode toJson() {
        return JsonNodeFactory.instance.objectNode().put("id", id).put("version", version).put("alg", DetachedSignature.ALGORITHM)
                .put("key_fingerprint", signature.keyFingerprint()).put("signer", signature.signer())
                .put("signature", signature.signature());
    }

    /**
     * The entries of an {@code x_concord_signatures} member by (id, version). An object whose entry
     * cannot be read is refused, as one whose embedded signature is malformed.
     */
    public static EnvelopeClaims<DetachedSignature> parse(JsonNode member) {
        return EnvelopeClaims.parse(member, MEMBER, SignatureClaim::read);
    }

    private static DetachedSignature read(JsonNode e) {
        JsonNode alg = e.get("alg");
        if (alg == null || !alg.isTextual()) throw new IllegalArgumentException("alg is required");
        if (!DetachedSignature.ALGORITHM.equals(alg.textValue())) {
            throw new IllegalArgumentException("unsupported signature algorithm: " + clip(alg.textValue()));
        }
        for (String member : new String[] {"key_fingerprint", "signer", "signature"}) {
            if (!e.path(member).isTextual()) throw new IllegalArgumentException(member + " must be a string");
        }
        return new DetachedSignature(e.get("key_fingerprint").textValue(), e.get("signer").textValue(), e.get("signature").textValue());
    }

    private static String clip(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
