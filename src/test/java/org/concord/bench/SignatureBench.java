package org.concord.bench;

import java.security.KeyPair;
import java.security.Signature;
import java.util.concurrent.TimeUnit;
import org.concord.node.NodeKeys;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Ed25519 per origin signature: the node's signer ({@link NodeKeys}, BouncyCastle's RFC 8032 code)
 * beside the baseline, the JDK's provider ({@code Signature.getInstance("Ed25519")}), signing and
 * verifying the same message of a typical stored indicator's size (~700 bytes) and of a large
 * object's. {@code ./bench jmh SignatureBench -f 1 -wi 3 -i 5}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SignatureBench {
    @Param({"700", "16384"})
    public int bytes;

    private NodeKeys keys;
    private KeyPair jdk;
    private byte[] message;
    private byte[] signature;

    @Setup
    public void setUp() throws Exception {
        keys = NodeKeys.fromSeed(new java.security.SecureRandom().generateSeed(32));
        jdk = new KeyPair(keys.publicKey(), jdkPrivate(keys));
        message = new byte[bytes];
        new java.util.Random(bytes).nextBytes(message);
        signature = keys.sign(message);
        if (!java.util.Arrays.equals(signature, baselineJdkSign())) throw new IllegalStateException("the signers disagree");
    }

    @Benchmark
    public byte[] sign() {
        return keys.sign(message);
    }

    @Benchmark
    public boolean verify() {
        return NodeKeys.verify(keys.publicKey(), message, signature);
    }

    @Benchmark
    public byte[] baselineJdkSign() throws Exception {
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(jdk.getPrivate());
        s.update(message);
        return s.sign();
    }

    @Benchmark
    public boolean baselineJdkVerify() throws Exception {
        Signature s = Signature.getInstance("Ed25519");
        s.initVerify(jdk.getPublic());
        s.update(message);
        return s.verify(signature);
    }

    /** The same private key as a JDK key: the node key files hold exactly this encoding. */
    private static java.security.PrivateKey jdkPrivate(NodeKeys keys) throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("signature-bench");
        keys.save(dir);
        byte[] der = java.util.Base64.getMimeDecoder().decode(java.nio.file.Files.readString(dir.resolve("private.pem"))
                .replaceAll("-----[A-Z ]+-----", ""));
        for (String f : new String[] {"private.pem", "public.pem"}) java.nio.file.Files.delete(dir.resolve(f));
        java.nio.file.Files.delete(dir);
        return java.security.KeyFactory.getInstance("Ed25519").generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(der));
    }
}
