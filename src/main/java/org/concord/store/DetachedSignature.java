package org.concord.store;

import java.util.Base64;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An origin signature beside an object version, not inside it (docs/integrity.md, where signatures
 * travel and are kept): the fields of Concord's origin-signature extension but {@code alg}, which is
 * always Ed25519. It covers the RFC 8785 canonical JSON of the object without that extension, as an
 * embedded one does, so the object's bytes stay exactly as its producer made them. It travels in
 * the envelope member {@code x_concord_signatures} (docs/federation.md) and a receiver keeps the one
 * it verified with the version's {@link Origin}, to send it on.
 *
 * @param keyFingerprint SHA-256 of the signing key's SubjectPublicKeyInfo, 64 lowercase hex digits:
 *                       which pinned key verifies it (not covered by the signature)
 * @param signer         who signed, e.g. the member's STIX identity id (not covered by the signature)
 * @param signature      the 64-byte Ed25519 signature (RFC 8032), unpadded base64url (RFC 4648 §5)
 */
public record DetachedSignature(String keyFingerprint, String signer, String signature) {
    /** The one algorithm, as the wire names it. */
    public static final String ALGORITHM = "Ed25519";
    private static final int MAX_SIGNER = 1_000;
    private static final int SIGNATURE_BYTES = 64;
    private static final Pattern FINGERPRINT = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern BASE64URL_64_BYTES = Pattern.compile("[A-Za-z0-9_-]{85}[AQgw]");

    public DetachedSignature {
        Objects.requireNonNull(keyFingerprint, "keyFingerprint");
        Objects.requireNonNull(signer, "signer");
        Objects.requireNonNull(signature, "signature");
        if (!FINGERPRINT.matcher(keyFingerprint).matches()) {
            throw new IllegalArgumentException("key_fingerprint must be 64 lowercase hex digits: " + clip(keyFingerprint));
        }
        if (signer.isEmpty() || signer.length() > MAX_SIGNER) {
            throw new IllegalArgumentException("signer must be 1.." + MAX_SIGNER + " characters");
        }
        if (!BASE64URL_64_BYTES.matcher(signature).matches()) { // the last character's four low bits unused: zero
            throw new IllegalArgumentException("signature must be " + SIGNATURE_BYTES + " bytes in unpadded base64url (86 characters): "
                    + clip(signature));
        }
    }

    /** The signature of {@code value} (64 bytes) by the key {@code keyFingerprint}, on behalf of {@code signer}. */
    public static DetachedSignature of(String keyFingerprint, String signer, byte[] value) {
        if (value.length != SIGNATURE_BYTES) throw new IllegalArgumentException("an Ed25519 signature is 64 bytes: " + value.length);
        return new DetachedSignature(keyFingerprint, signer, encode(value));
    }

    /** The 64 bytes of the signature. */
    public byte[] value() {
        return Base64.getUrlDecoder().decode(signature);
    }

    private static String encode(byte[] b) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static String clip(String s) {
        return s.length() <= 100 ? s : s.substring(0, 100) + "…";
    }
}
