package org.concord.integrity;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.Objects;
import org.concord.stix.StixObject;

/**
 * What a node answers a principal asking for the inclusion proof of a version it was given
 * (docs/integrity.md, "Serving the log"): the RFC 9162 proof and the salt the version's leaf
 * commits to. The receiver recomputes the leaf from the object it holds and the salt
 * ({@link LogEntry#leafHash(StixObject, byte[])}) rather than trusting the leaf hash the answer
 * also carries.
 *
 * @param salt the leaf's salt, {@value LogEntry#SALT_SIZE} bytes (do not modify)
 */
public record LeafProof(InclusionProof proof, byte[] salt) {

    public LeafProof {
        Objects.requireNonNull(proof, "proof");
        LogEntry.requireSalt(salt);
        salt = salt.clone();
    }

    /**
     * Whether {@code object} — the version as the asker holds it, with or without an origin
     * signature — is leaf {@link InclusionProof#leafIndex()} of the tree whose root is {@code rootHash}.
     */
    public boolean verify(StixObject object, byte[] rootHash) {
        return proof.verify(LogEntry.leafHash(object, salt), rootHash);
    }

    /**
     * Reads the answer of {@code GET {root}concord/log/inclusion}: the proof's members and
     * {@code entry.salt} (64 hex digits); the entry's other members are not needed.
     *
     * @throws org.concord.ConcordException INVALID_ARGUMENT if malformed
     */
    public static LeafProof fromJson(JsonNode json) {
        InclusionProof proof = InclusionProof.fromJson(json);
        JsonNode entry = json.get("entry");
        if (entry == null || !entry.isObject()) {
            throw new org.concord.ConcordException(org.concord.ErrorCode.INVALID_ARGUMENT, "entry is required: an object with the salt");
        }
        return new LeafProof(proof, Codec.hash(entry, "salt"));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LeafProof p && p.proof.equals(proof) && Arrays.equals(p.salt, salt);
    }

    @Override
    public int hashCode() {
        return 31 * proof.hashCode() + Arrays.hashCode(salt);
    }

    @Override
    public String toString() {
        return "LeafProof[" + proof + "]"; // the salt is the version's secret: not in logs
    }
}
