package org.concord.store;

import java.util.List;
import java.util.Objects;
import org.concord.stix.StixObject;

/**
 * The node's own origin signatures, each computed once (table {@code origin_signature}, migration
 * V6), keyed by the SHA-256 of the bytes signed. The store knows nothing of signing:
 * {@code org.concord.integrity.OriginSigner} decides what is signed and how; this keeps 64-byte
 * values by 32-byte keys and finds the local versions whose key has none yet (the pre-signer's
 * walk). Reads run on their own connections; {@link #put} is a short write transaction under the
 * store's writer exclusion. Implementations are thread-safe.
 */
public interface SignatureCache {

    /** The signatures kept for {@code sha256s}, in the same order; null where there is none. */
    List<byte[]> find(List<byte[]> sha256s);

    /**
     * Keeps {@code signatures.get(i)} for {@code sha256s.get(i)}, in one transaction. A key already
     * kept keeps its value (a signature is a function of its key and the node key).
     */
    void put(List<byte[]> sha256s, List<byte[]> signatures);

    /** The greatest seq of a stored version (0 when none): where a walk ends for now. */
    long lastSeq();

    /**
     * The versions originated here (no {@link Origin}) with {@code afterSeq < seq ≤ throughSeq},
     * in seq order, whose log entry hash ({@link LogWriter#prepare}, the hash of the bytes a
     * signature covers) has no signature kept yet.
     */
    List<Unsigned> unsignedLocal(long afterSeq, long throughSeq);

    /**
     * A local version without a kept signature.
     *
     * @param entryHash the SHA-256 its log entry records (do not modify)
     */
    record Unsigned(long seq, StixObject object, byte[] entryHash) {
        public Unsigned {
            Objects.requireNonNull(object, "object");
            Objects.requireNonNull(entryHash, "entryHash");
        }
    }
}
