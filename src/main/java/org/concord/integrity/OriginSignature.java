package org.concord.integrity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.PublicKey;
import java.util.Objects;
import java.util.Optional;
import org.concord.ConcordException;
import org.concord.ErrorCode;
import org.concord.node.NodeKeys;
import org.concord.stix.Canonical;
import org.concord.stix.ProjectIdentity;
import org.concord.stix.StixObject;
import org.concord.store.DetachedSignature;

/**
 * Origin signatures: a node signs each version it originates (and each copy its egress policy
 * altered) with its Ed25519 key. The signature's fields are those of a property extension (STIX
 * 2.1 §7.3) of the extension definition Concord publishes ({@link #extensionDefinition()}). Between
 * Concord nodes the signature travels <em>beside</em> the object ({@link DetachedSignature}, in the
 * envelope member {@code x_concord_signatures}), so every node keeps the producer's bytes; an
 * object may also carry one embedded in that extension (an older node's, a bundle signed by hand),
 * which is verified the same way and kept as part of its bytes.
 *
 * <p>The extension, under {@code extensions["extension-definition--62015bc9-b90f-4880-ba7d-99e820841c83"]}:
 * <pre>
 * {"extension_type": "property-extension",
 *  "alg": "Ed25519",
 *  "key_fingerprint": SHA-256 of the signing key's SubjectPublicKeyInfo, 64 lowercase hex digits,
 *  "signer": who signed (e.g. the member's identity id),
 *  "signature": the 64-byte Ed25519 signature (RFC 8032), unpadded base64url (RFC 4648 §5)}
 * </pre>
 * The signature covers the RFC 8785 canonical JSON of the object without that one entry of
 * {@code extensions} — and without {@code extensions} itself when nothing else is left in it —
 * so neither property order, whitespace, number spelling nor other extensions added later by
 * the origin's signer matter, while any change to any other property does. {@code signer} and
 * {@code key_fingerprint} are hints, not signed: a receiver verifies with the key it pinned for
 * the partner, never with one the object names.
 */
public final class OriginSignature {
    /** The id of Concord's origin-signature extension definition. */
    public static final String EXTENSION_ID = "extension-definition--62015bc9-b90f-4880-ba7d-99e820841c83";
    /** The STIX identity of the Concord project, which publishes the extension definition ({@link ProjectIdentity}). */
    public static final String PROJECT_IDENTITY_ID = ProjectIdentity.ID;
    /** Where the extension's schema and documentation live: docs/integrity.md, at the address the project publishes it. */
    public static final String SCHEMA_URL = "https://concord.example/docs/integrity.md#origin-signature-extension";
    /** The one algorithm: Ed25519 (RFC 8032). */
    public static final String ALGORITHM = "Ed25519";

    private static final String PUBLISHED = "2026-11-24T00:00:00.000Z";
    private static final int SIGNATURE_BYTES = 64;

    private OriginSignature() {}

    /** What {@link #verify} found. */
    public sealed interface Verification {
        /** The signature is the key's over the object as it is. */
        record Valid(String signer, String keyFingerprint) implements Verification {}

        /** The object carries the extension, but it is malformed or the signature does not match. */
        record Invalid(String reason) implements Verification {}

        /** The object carries no origin signature. */
        record Unsigned() implements Verification {}
    }

    /**
     * A copy of {@code object} signed by {@code keys} on behalf of {@code signerId}, the signature
     * embedded in the extension: any earlier origin signature replaced, every other property kept.
     * {@code object} is not modified. The reference form of an embedded signature (a bundle signed
     * by hand, a node before signatures went beside objects); a node's egress never embeds one, it
     * sends {@link OriginSigner}'s beside the object, which are exactly this extension's fields.
     *
     * @throws ConcordException INVALID_STIX if the object is not signable (extensions not an
     *         object, numbers beyond I-JSON)
     */
    public static ObjectNode sign(ObjectNode object, NodeKeys keys, String signerId) {
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(signerId, "signerId");
        ObjectNode unsigned = withoutSignature(object);
        byte[] signature = keys.sign(Canonical.bytes(unsigned));
        ObjectNode signed = unsigned.deepCopy();
        JsonNode extensions = signed.get("extensions");
        ObjectNode into = extensions == null ? signed.putObject("extensions") : (ObjectNode) extensions;
        into.putObject(EXTENSION_ID)
                .put("extension_type", "property-extension")
                .put("alg", ALGORITHM)
                .put("key_fingerprint", keys.fingerprint())
                .put("signer", signerId)
                .put("signature", Codec.base64url(signature));
        return signed;
    }

    /** Checks the origin signature of {@code object} with {@code key}, the signer's pinned key. */
    public static Verification verify(ObjectNode object, PublicKey key) {
        Objects.requireNonNull(key, "key");
        JsonNode extensions = object.get("extensions");
        JsonNode ext = extensions == null || !extensions.isObject() ? null : extensions.get(EXTENSION_ID);
        if (ext == null) return new Verification.Unsigned();
        if (!ext.isObject()) return new Verification.Invalid("the origin signature extension is not an object");
        String problem = malformed(ext);
        if (problem != null) return new Verification.Invalid(problem);
        String fingerprint = ext.get("key_fingerprint").textValue();
        String expected = NodeKeys.fingerprint(key);
        if (!fingerprint.equals(expected)) {
            return new Verification.Invalid("signed by key " + fingerprint + ", not by " + expected);
        }
        byte[] signature = Codec.fromBase64url(ext.get("signature").textValue());
        byte[] signed;
        try {
            signed = Canonical.bytes(withoutSignature(object));
        } catch (ConcordException e) {
            return new Verification.Invalid("the object has no canonical form: " + e.getMessage());
        }
        if (!NodeKeys.verify(key, signed, signature)) {
            return new Verification.Invalid("the signature does not match the object: it was altered after signing");
        }
        return new Verification.Valid(ext.get("signer").textValue(), fingerprint);
    }

    /**
     * Checks {@code signature}, which came beside {@code object} (docs/integrity.md, where signatures
     * travel), with {@code key}, the signer's pinned key: exactly as {@link #verify(ObjectNode, PublicKey)}
     * checks an embedded one, over the object's canonical JSON without the origin-signature
     * extension (an extension the object carries stays part of its bytes, and is not what is checked).
     */
    public static Verification verify(StixObject object, DetachedSignature signature, PublicKey key) {
        Objects.requireNonNull(signature, "signature");
        Objects.requireNonNull(key, "key");
        String expected = NodeKeys.fingerprint(key);
        if (!signature.keyFingerprint().equals(expected)) {
            return new Verification.Invalid("signed by key " + signature.keyFingerprint() + ", not by " + expected);
        }
        byte[] signed;
        try {
            signed = OriginSigner.unsignedForm(object);
        } catch (ConcordException e) {
            return new Verification.Invalid("the object has no canonical form without the extension: " + e.getMessage());
        }
        if (!NodeKeys.verify(key, signed, signature.value())) {
            return new Verification.Invalid("the signature does not match the object: it was altered after signing");
        }
        return new Verification.Valid(signature.signer(), signature.keyFingerprint());
    }

    /** The fingerprint of the key that claims to have signed {@code object}: which pinned key to verify with. */
    public static Optional<String> keyFingerprint(ObjectNode object) {
        JsonNode fp = object.path("extensions").path(EXTENSION_ID).get("key_fingerprint");
        return fp != null && fp.isTextual() ? Optional.of(fp.textValue()) : Optional.empty();
    }

    /** A copy of {@code object} without the origin signature (and without an emptied extensions). */
    public static ObjectNode withoutSignature(ObjectNode object) {
        ObjectNode copy = Objects.requireNonNull(object, "object").deepCopy();
        JsonNode extensions = copy.get("extensions");
        if (extensions == null) return copy;
        if (!extensions.isObject()) {
            throw new ConcordException(ErrorCode.INVALID_STIX, object.path("id").asText("(no id)")
                    + " /extensions: must be an object to carry an origin signature");
        }
        ((ObjectNode) extensions).remove(EXTENSION_ID);
        if (extensions.isEmpty()) copy.remove("extensions");
        return copy;
    }

    /** The extension-definition object (STIX 2.1 §7.3) Concord publishes for origin signatures. */
    public static ObjectNode extensionDefinition() {
        ObjectNode d = Codec.JSON.objectNode()
                .put("type", "extension-definition")
                .put("spec_version", "2.1")
                .put("id", EXTENSION_ID)
                .put("created_by_ref", PROJECT_IDENTITY_ID)
                .put("created", PUBLISHED)
                .put("modified", PUBLISHED)
                .put("name", "Concord origin signature")
                .put("description", "An Ed25519 signature by the node that originated this version, over the RFC 8785"
                        + " canonical JSON of the object without this extension (and without extensions when"
                        + " nothing else is left in it). Properties: alg (\"Ed25519\"), key_fingerprint (SHA-256 of"
                        + " the signing key's SubjectPublicKeyInfo, hex), signer (who signed), signature"
                        + " (unpadded base64url).")
                .put("schema", SCHEMA_URL)
                .put("version", "1.0");
        d.putArray("extension_types").add("property-extension");
        return d;
    }

    /** The STIX identity of the Concord project, the extension definition's creator ({@link ProjectIdentity#object()}). */
    public static ObjectNode projectIdentity() {
        return ProjectIdentity.object();
    }

    /** Why the extension's members are unusable, or null. */
    private static String malformed(JsonNode ext) {
        if (!"property-extension".equals(ext.path("extension_type").asText(null))) {
            return "extension_type must be property-extension";
        }
        JsonNode alg = ext.get("alg");
        if (alg == null || !alg.isTextual()) return "alg is required";
        if (!ALGORITHM.equals(alg.textValue())) return "unsupported signature algorithm: " + alg.textValue();
        for (String member : new String[] {"key_fingerprint", "signer", "signature"}) {
            JsonNode v = ext.get(member);
            if (v == null || !v.isTextual()) return member + " must be a string";
        }
        byte[] signature = Codec.fromBase64url(ext.get("signature").textValue());
        if (signature == null || signature.length != SIGNATURE_BYTES) {
            return "signature must be " + SIGNATURE_BYTES + " bytes in base64url";
        }
        return null;
    }
}
