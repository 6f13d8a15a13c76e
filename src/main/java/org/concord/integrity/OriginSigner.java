package org.concord.integrity;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.concord.ConcordException;
import org.concord.node.NodeKeys;
import org.concord.stix.StixObject;
import org.concord.store.DetachedSignature;
import org.concord.store.SignatureCache;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's origin signatures on what it sends (docs/federation.md, signatures on egress): a
 * signature by the node key on behalf of the member ({@code signer}) over each object's unsigned
 * form — its canonical JSON without the origin-signature extension ({@link OriginSignature},
 * docs/integrity.md) — that goes <em>beside</em> the object ({@link DetachedSignature}): the
 * object itself is sent as it is. Ed25519 is deterministic, so each unsigned form is signed once:
 * signatures are kept in the store's {@link SignatureCache} by the SHA-256 of the bytes signed,
 * which for a version without the extension (nearly all) is its own SHA-256 (and its log entry's
 * hash). The unsigned form of one that carries the extension is cut out of the canonical bytes
 * themselves ({@link SignedForm}), without parsing them.
 *
 * <p>Constructing one does no I/O. Thread-safe.
 */
public final class OriginSigner {
    private static final Logger LOG = LoggerFactory.getLogger(OriginSigner.class);

    private final NodeKeys keys;
    private final String signer;
    private final SignatureCache cache;

    /**
     * @param keys   the node's keys (the key partners pin)
     * @param signer who signs, as the extension's {@code signer}: the member's STIX identity id
     * @param cache  where signatures are kept ({@code Store.signatures()})
     */
    public OriginSigner(NodeKeys keys, String signer, SignatureCache cache) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.signer = Objects.requireNonNull(signer, "signer");
        if (signer.isBlank()) throw new IllegalArgumentException("a signer is named");
        this.cache = Objects.requireNonNull(cache, "cache");
    }

    /** The extension's {@code signer}. */
    public String signer() {
        return signer;
    }

    /** {@link #sign(List)} of one object. */
    public DetachedSignature sign(StixObject object) {
        return sign(List.of(object)).getFirst();
    }

    /**
     * This node's signatures of {@code objects}, in order, each to go beside its object: over the
     * object without any origin-signature extension it carries (which stays in the object, as its
     * bytes are). Signatures come from the cache, one lookup for the whole list; the missing ones
     * are computed and kept (one write). A failure to keep them is logged and costs only their
     * recomputation later.
     *
     * @throws ConcordException INVALID_STIX for an object whose {@code extensions} is not an
     *         object; STORE_FAILURE if the cache cannot be read
     */
    public List<DetachedSignature> sign(List<StixObject> objects) {
        List<byte[]> unsigned = new ArrayList<>(objects.size());
        List<byte[]> hashes = new ArrayList<>(objects.size());
        for (StixObject o : objects) {
            byte[] u;
            try {
                u = unsignedForm(o);
            } catch (ConcordException e) {
                throw new ConcordException(e.code(), o + " cannot be signed: " + e.getMessage(), e);
            }
            unsigned.add(u);
            hashes.add(u == o.canonical() ? o.sha256() : Merkle.sha256().digest(u));
        }
        List<byte[]> signatures = new ArrayList<>(cache.find(hashes));
        Map<ByteBuffer, byte[]> made = new LinkedHashMap<>();
        for (int i = 0; i < objects.size(); i++) {
            if (signatures.get(i) != null) continue;
            byte[] u = unsigned.get(i);
            signatures.set(i, made.computeIfAbsent(ByteBuffer.wrap(hashes.get(i)), h -> keys.sign(u)));
        }
        keep(made);
        List<DetachedSignature> out = new ArrayList<>(objects.size());
        String fingerprint = keys.fingerprint();
        for (byte[] signature : signatures) out.add(DetachedSignature.of(fingerprint, signer, signature));
        return out;
    }

    /**
     * Computes and keeps the signatures of {@code versions} (local versions that have none yet,
     * {@link SignatureCache#unsignedLocal}); returns how many it computed. The pre-signer's step.
     */
    int presign(List<SignatureCache.Unsigned> versions) {
        Map<ByteBuffer, byte[]> made = new LinkedHashMap<>();
        for (SignatureCache.Unsigned v : versions) {
            byte[] u;
            try {
                u = unsignedForm(v.object());
            } catch (ConcordException e) {
                continue; // not signable (extensions not an object): egress refuses it the same way
            }
            byte[] hash = u == v.object().canonical() ? v.object().sha256() : Merkle.sha256().digest(u);
            ByteBuffer key = ByteBuffer.wrap(hash);
            if (!made.containsKey(key)) made.put(key, keys.sign(u));
        }
        if (!made.isEmpty()) put(made);
        return made.size();
    }

    /** The bytes a signature covers: the canonical JSON without an origin signature (the same array when there is none). */
    static byte[] unsignedForm(StixObject o) {
        byte[] canonical = o.canonical();
        return SignedForm.mayCarry(canonical) ? SignedForm.unsigned(canonical) : canonical;
    }

    private void keep(Map<ByteBuffer, byte[]> made) {
        if (made.isEmpty()) return;
        try {
            put(made);
        } catch (ConcordException e) {
            LOG.warn("keeping " + made.size() + " origin signatures failed; they are sent all the same: "
                    + e.getMessage());
        }
    }

    private void put(Map<ByteBuffer, byte[]> made) {
        List<byte[]> hashes = new ArrayList<>(made.size());
        for (ByteBuffer h : made.keySet()) hashes.add(h.array());
        cache.put(hashes, new ArrayList<>(made.values()));
    }

    @Override
    public String toString() {
        return "OriginSigner[" + signer + ", key " + keys.fingerprint() + "]";
    }
}
