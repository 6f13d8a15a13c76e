package org.concord.federation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Map;
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
    public static final String MEMBER = org.concord.taxii.PartnerInbox.SIGNATURES_MEMBER;

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
     * The entries of an {@code x_concord_signatures} member by (id, version), and what was wrong with
     * those that could not be read (a member that is not an array: all of them). An object whose
     * entry cannot be read is refused, as one whose embedded signature is malformed.
     */
    public record Claims(Map<String, DetachedSignature> byVersion, Map<String, String> problems, String malformed) {
        public static final Claims NONE = new Claims(Map.of(), Map.of(), null);

        /** The signature sent beside {@code (id, version)}, or null when the sender sent none. */
        public DetachedSignature of(String id, String version) {
            return byVersion.get(ProvenanceClaim.key(id, version));
        }

        /** Why the signature sent beside {@code (id, version)} cannot be read, or null. */
        public String problem(String id, String version) {
            if (malformed != null) return malformed;
            return problems.get(ProvenanceClaim.key(id, version));
        }
    }

    /** Reads the member (null or missing: no entries). */
    public static Claims parse(JsonNode member) {
        if (member == null || member.isMissingNode() || member.isNull()) return Claims.NONE;
        if (!member.isArray()) return new Claims(Map.of(), Map.of(), MEMBER + " is not an array");
        Map<String, DetachedSignature> claims = new HashMap<>();
        Map<String, String> problems = new HashMap<>();
        for (int i = 0; i < member.size(); i++) {
            JsonNode e = member.get(i);
            String id = e.path("id").isTextual() ? e.get("id").textValue() : null;
            String version = e.path("version").isTextual() ? e.get("version").textValue() : null;
            if (id == null || version == null) continue; // names no version: concerns none of the objects
            String key = ProvenanceClaim.key(id, version);
            try {
                // an object may go twice in one envelope (a companion several releases share), with the same signature
                DetachedSignature signature = read(e);
                DetachedSignature before = claims.putIfAbsent(key, signature);
                if (before != null && !before.equals(signature)) {
                    problems.put(key, MEMBER + "[" + i + "] repeats the entry of " + id + " @ " + version + " with another signature");
                }
            } catch (IllegalArgumentException ex) {
                problems.put(key, MEMBER + "[" + i + "]: " + ex.getMessage());
            }
        }
        for (String k : problems.keySet()) claims.remove(k);
        return new Claims(Map.copyOf(claims), Map.copyOf(problems), null);
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
