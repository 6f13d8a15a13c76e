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
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.HexFormat;
import org.concord.ConcordException;
import org.concord.ErrorCode;

/**
 * A node's Ed25519 signing key pair (JDK crypto), kept as PEM files in the node folder, the private
 * one readable by the owner only. It signs what the node originates and its transparency-log heads.
 */
public final class NodeKeys {
    private final KeyPair pair;

    private NodeKeys(KeyPair pair) {
        this.pair = pair;
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
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new ConcordException(ErrorCode.INVALID_CONFIGURATION,
                    "cannot read the node's Ed25519 keys in " + dir + ": " + e.getMessage(), e);
        }
    }

    public PublicKey publicKey() {
        return pair.getPublic();
    }

    /** SHA-256 of the public key's SubjectPublicKeyInfo, hex: how people compare keys. */
    public String fingerprint() {
        return fingerprint(pair.getPublic());
    }

    public static String fingerprint(PublicKey key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Ed25519 signature of {@code data}. */
    public byte[] sign(byte[] data) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(pair.getPrivate());
            s.update(data);
            return s.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether {@code signature} is {@code key}'s Ed25519 signature of {@code data}. */
    public static boolean verify(PublicKey key, byte[] data, byte[] signature) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(data);
            return s.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    @Override
    public String toString() { // never the private key
        return "NodeKeys[" + fingerprint() + "]";
    }


}
