package org.concord.integrity;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Objects;
import org.concord.stix.StixObject;

/**
 * What one leaf of a node's transparency log records: a hiding commitment to one stored version of
 * one STIX object. A partner the version was released to recomputes it from the object and the
 * version's salt (which the node gives with the inclusion proof), so it is fixed here byte for
 * byte, in the TLS presentation language RFC 9162 uses:
 *
 * <pre>
 * struct {
 *     opaque salt[32];               // the version's secret salt: 32 random bytes
 *     opaque id&lt;1..2^16-1&gt;;        // the STIX id, UTF-8 (2-byte big-endian length, then the bytes)
 *     opaque version_key&lt;0..2^8-1&gt;; // the version key, UTF-8 (1-byte length, then the bytes)
 *     opaque sha256[32];             // SHA-256 of the version's RFC 8785 canonical JSON, without
 *                                    // Concord's origin-signature extension
 * } LogEntry;
 * </pre>
 *
 * <p>The leaf hash is then {@code SHA-256(0x00 ‖ LogEntry)} ({@link Merkle#leafHash}). The salt is
 * drawn by the node that stores the version, when it first stores it, from a {@link SecureRandom};
 * each node draws its own (a receiver does not reuse the sender's), and gives it only with an
 * inclusion proof to a principal the version was given to. Without it a leaf hash tells nothing of
 * the version: guessing the id, version and content (an {@code ipv4-addr} of a /24, say) is not
 * enough, the 256 bits of the salt must be guessed too. The entry is unambiguous (fixed-length
 * salt and hash, length-prefixed strings), so a leaf opens to one version only.
 *
 * <p>The version key is {@code modified}, else {@code created}, rewritten with exactly nine
 * fractional digits ({@code 2016-05-12T08:17:27.000000000Z}, see
 * {@link org.concord.stix.StixTimestamp#sortKey}), or the empty string for an unversioned object.
 * The canonical JSON is that of the whole object as stored, custom properties and other extensions
 * included, but without the origin signature ({@link OriginSignature#withoutSignature}: the
 * signature's member of {@code extensions}, and {@code extensions} when nothing else is left), so
 * that the copy a receiver holds, signed, opens the leaf of the origin, which stored it unsigned.
 */
public final class LogEntry {
    /** Length of a salt, in bytes. */
    public static final int SALT_SIZE = 32;

    private LogEntry() {}

    /** The entry of {@code object} with salt {@code salt}. */
    public static byte[] of(StixObject object, byte[] salt) {
        return of(salt, object.id(), object.versionKey(), contentHash(object));
    }

    /**
     * The SHA-256 the entry of {@code object} records: of its canonical JSON without the origin
     * signature. Only an object that carries one is hashed again; any other's own
     * {@link StixObject#sha256()} is returned as it is (as for an object whose {@code extensions}
     * is not an object, which can carry no signature).
     */
    public static byte[] contentHash(StixObject object) {
        byte[] canonical = object.canonical();
        if (!SignedForm.mayCarry(canonical)) return object.sha256(); // the common path: one scan, no hashing
        byte[] unsigned;
        try {
            unsigned = SignedForm.unsigned(canonical);
        } catch (org.concord.ConcordException e) {
            return object.sha256();
        }
        return unsigned == canonical ? object.sha256() : Merkle.sha256().digest(unsigned);
    }

    /**
     * The entry of the version ({@code id}, {@code versionKey}) whose canonical JSON has SHA-256
     * {@code sha256}, committed with {@code salt}.
     *
     * @throws IllegalArgumentException if the salt is not 32 bytes, the id empty or longer than
     *         65,535 bytes, the version key longer than 255, or the hash not 32 bytes
     */
    public static byte[] of(byte[] salt, String id, String versionKey, byte[] sha256) {
        requireSalt(salt);
        byte[] idBytes = Objects.requireNonNull(id, "id").getBytes(StandardCharsets.UTF_8);
        byte[] keyBytes = Objects.requireNonNull(versionKey, "versionKey").getBytes(StandardCharsets.UTF_8);
        Merkle.requireHash(sha256, "sha256");
        if (idBytes.length < 1 || idBytes.length > 0xFFFF) {
            throw new IllegalArgumentException("a log entry's id must be 1..65535 bytes: " + idBytes.length);
        }
        if (keyBytes.length > 0xFF) {
            throw new IllegalArgumentException("a log entry's version key must be at most 255 bytes: " + keyBytes.length);
        }
        return ByteBuffer.allocate(SALT_SIZE + 2 + idBytes.length + 1 + keyBytes.length + Merkle.HASH_SIZE)
                .put(salt)
                .putShort((short) idBytes.length).put(idBytes)
                .put((byte) keyBytes.length).put(keyBytes)
                .put(sha256)
                .array();
    }

    /**
     * {@code SHA-256(0x00 ‖ entry)} of {@code object} committed with {@code salt}: what an inclusion
     * proof starts from. {@code object} may carry an origin signature or not: the leaf is the same.
     */
    public static byte[] leafHash(StixObject object, byte[] salt) {
        return Merkle.leafHash(of(object, salt));
    }

    /** The leaf hash of the version ({@code id}, {@code versionKey}, {@code sha256}) committed with {@code salt}. */
    public static byte[] leafHash(byte[] salt, String id, String versionKey, byte[] sha256) {
        return Merkle.leafHash(of(salt, id, versionKey, sha256));
    }

    /** @throws IllegalArgumentException unless {@code salt} is {@value #SALT_SIZE} bytes */
    static void requireSalt(byte[] salt) {
        Objects.requireNonNull(salt, "salt");
        if (salt.length != SALT_SIZE) throw new IllegalArgumentException("a salt is " + SALT_SIZE + " bytes: " + salt.length);
    }
}
