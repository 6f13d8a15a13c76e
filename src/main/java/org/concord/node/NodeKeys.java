package org.concord.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;
import org.bouncycastle.math.ec.rfc8032.Ed25519;
import org.concord.ConcordException;
import org.concord.ErrorCode;

/**
 * A node's Ed25519 signing key pair, kept as PEM files in the node folder (PKCS#8 and X.509
 * SubjectPublicKeyInfo, as the JDK encodes them), the private one readable by the owner only. It
 * signs what the node originates and its transparency-log heads.
 *
 * <p>Signing and verifying use BouncyCastle's RFC 8032 code on the raw 32-byte keys
 * ({@code org.bouncycastle.math.ec.rfc8032.Ed25519}): Ed25519 is deterministic, so its
 * signatures are byte for byte the JDK provider's, about eight times faster (docs/architecture.md,
 * BENCHMARKS.md). Thread-safe.
 */
public final class NodeKeys {
    /** DER of an Ed25519 PKCS#8 v1 private key (RFC 8410 §7) up to the 32-byte seed. */
    private static final byte[] PKCS8_PREFIX = HexFormat.of().parseHex("302e020100300506032b657004220420");
    /** DER of an Ed25519 SubjectPublicKeyInfo (RFC 8410 §4) up to the 32-byte key. */
    private static final byte[] SPKI_PREFIX = HexFormat.of().parseHex("302a300506032b6570032100");
    private static final int KEY_BYTES = 32, SIGNATURE_BYTES = 64;

    private final KeyPair pair;
    private final byte[] seed;      // RFC 8032 §5.1.5: the 32-byte private key
    private final byte[] rawPublic; // its 32-byte public key
    private final String fingerprint;

    private NodeKeys(KeyPair pair) {
        this.pair = pair;
        this.seed = ((EdECPrivateKey) pair.getPrivate()).getBytes()
                .orElseThrow(() -> new IllegalArgumentException("the Ed25519 private key does not reveal its bytes"));
        this.rawPublic = rawPublicKey(pair.getPublic());
        if (seed.length != KEY_BYTES || rawPublic == null) throw new IllegalArgumentException("not an Ed25519 key pair");
        byte[] derived = new byte[KEY_BYTES];
        Ed25519.generatePublicKey(seed, 0, derived, 0);
        if (!Arrays.equals(derived, rawPublic)) throw new IllegalArgumentException("the private and public keys are not one pair");
        this.fingerprint = fingerprint(pair.getPublic());
    }

    /**
     * The pair of an RFC 8032 private key (its 32-byte seed): for tests against the RFC's vectors,
     * and for tools that hold raw keys.
     */
    public static NodeKeys fromSeed(byte[] seed) {
        if (seed.length != KEY_BYTES) throw new IllegalArgumentException("an Ed25519 seed is 32 bytes: " + seed.length);
        byte[] pub = new byte[KEY_BYTES];
        Ed25519.generatePublicKey(seed, 0, pub, 0);
        try {
            KeyFactory kf = KeyFactory.getInstance("Ed25519");
            return new NodeKeys(new KeyPair(kf.generatePublic(new X509EncodedKeySpec(concat(SPKI_PREFIX, pub))),
                    kf.generatePrivate(new PKCS8EncodedKeySpec(concat(PKCS8_PREFIX, seed)))));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK always has Ed25519", e);
        }
    }

    /** A new random key pair. */
    public static NodeKeys generate() {
        try {
            return new NodeKeys(KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK always has Ed25519", e);
        }
    }

    /** Writes {@code private.pem} (mode 600) and {@code public.pem} into {@code dir}. */
    public void save(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path priv = dir.resolve("private.pem");
        Files.deleteIfExists(priv);
        Files.createFile(priv, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(priv, Pem.encode("PRIVATE KEY", pair.getPrivate().getEncoded()));
        Files.writeString(dir.resolve("public.pem"), Pem.encode("PUBLIC KEY", pair.getPublic().getEncoded()));
    }

    /** Reads the pair written by {@link #save}. */
    public static NodeKeys load(Path dir) {
        try {
            KeyFactory kf = KeyFactory.getInstance("Ed25519");
            PrivateKey priv = kf.generatePrivate(new PKCS8EncodedKeySpec(Pem.read(dir.resolve("private.pem"))));
            PublicKey pub = kf.generatePublic(new X509EncodedKeySpec(Pem.read(dir.resolve("public.pem"))));
            return new NodeKeys(new KeyPair(pub, priv));
        } catch (IOException | GeneralSecurityException | IllegalArgumentException | ClassCastException e) {
            throw new ConcordException(ErrorCode.INVALID_CONFIGURATION,
                    "cannot read the node's Ed25519 keys in " + dir + ": " + e.getMessage(), e);
        }
    }

    public PublicKey publicKey() {
        return pair.getPublic();
    }

    /** SHA-256 of the public key's SubjectPublicKeyInfo, hex: how people compare keys. */
    public String fingerprint() {
        return fingerprint;
    }

    public static String fingerprint(PublicKey key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Ed25519 signature (RFC 8032 §5.1.6) of {@code data}: 64 bytes. */
    public byte[] sign(byte[] data) {
        byte[] signature = new byte[SIGNATURE_BYTES];
        Ed25519.sign(seed, 0, rawPublic, 0, data, 0, data.length, signature, 0);
        return signature;
    }

    /**
     * Whether {@code signature} is {@code key}'s Ed25519 signature of {@code data} (RFC 8032
     * §5.1.7; a signature whose S is not below the group order is refused, as the JDK does).
     * False for a key that is not Ed25519 and a signature that is not 64 bytes.
     */
    public static boolean verify(PublicKey key, byte[] data, byte[] signature) {
        byte[] raw = rawPublicKey(key);
        if (raw == null || signature == null || signature.length != SIGNATURE_BYTES) return false;
        return Ed25519.verify(signature, 0, raw, 0, data, 0, data.length);
    }

    /** The 32-byte RFC 8032 public key inside an Ed25519 SubjectPublicKeyInfo, or null for any other key. */
    static byte[] rawPublicKey(PublicKey key) {
        byte[] spki = key.getEncoded();
        if (spki == null || spki.length != SPKI_PREFIX.length + KEY_BYTES
                || !Arrays.equals(spki, 0, SPKI_PREFIX.length, SPKI_PREFIX, 0, SPKI_PREFIX.length)) {
            return null;
        }
        return Arrays.copyOfRange(spki, SPKI_PREFIX.length, spki.length);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    @Override
    public String toString() { // never the private key
        return "NodeKeys[" + fingerprint + "]";
    }
}
