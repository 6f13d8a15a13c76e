package org.concord.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.HexFormat;
import java.util.Random;
import org.concord.ConcordException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Node keys sign with BouncyCastle's RFC 8032 code: the signatures must be exactly the JDK
 * provider's (Ed25519 is deterministic) and the RFC's own test vectors.
 */
class NodeKeysTest {
    private static final HexFormat HEX = HexFormat.of();

    /** RFC 8032 §7.1 TEST 1, 2 and 3: secret key, public key, message, signature. */
    private static final String[][] RFC8032 = {
        {"9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
         "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
         "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"},
        {"4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
         "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
         "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"},
        {"c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
         "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
         "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"},
    };

    @TempDir
    Path dir;

    @Test
    void signaturesAreTheRfc8032TestVectors() {
        for (String[] v : RFC8032) {
            NodeKeys keys = NodeKeys.fromSeed(HEX.parseHex(v[0]));
            byte[] message = HEX.parseHex(v[2]);

            assertThat(HEX.formatHex(NodeKeys.rawPublicKey(keys.publicKey()))).isEqualTo(v[1]);
            assertThat(HEX.formatHex(keys.sign(message))).isEqualTo(v[3]);
            assertThat(NodeKeys.verify(keys.publicKey(), message, HEX.parseHex(v[3]))).isTrue();
            assertThat(jdkVerify(keys.publicKey(), message, HEX.parseHex(v[3]))).isTrue();
        }
    }

    @Test
    void signaturesAreByteForByteTheJdksAndEachVerifiesTheOthers() throws Exception {
        Random random = new Random(8032);
        for (int k = 0; k < 8; k++) {
            var pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            Path keyDir = Files.createDirectories(dir.resolve("k" + k));
            Files.writeString(keyDir.resolve("private.pem"), Pem.encode("PRIVATE KEY", pair.getPrivate().getEncoded()));
            Files.writeString(keyDir.resolve("public.pem"), Pem.encode("PUBLIC KEY", pair.getPublic().getEncoded()));
            NodeKeys keys = NodeKeys.load(keyDir);
            for (int length : new int[] {0, 1, 63, 64, 111, 112, 127, 128, 129, 700, 4096, 70_000}) {
                byte[] message = new byte[length];
                random.nextBytes(message);
                byte[] ours = keys.sign(message);

                assertThat(ours).as("key %d, %d bytes", k, length).isEqualTo(jdkSign(pair.getPrivate(), message));
                assertThat(NodeKeys.verify(pair.getPublic(), message, ours)).isTrue();
                assertThat(jdkVerify(pair.getPublic(), message, ours)).isTrue();
                if (length > 0) {
                    byte[] altered = message.clone();
                    altered[random.nextInt(length)] ^= 1;
                    assertThat(NodeKeys.verify(pair.getPublic(), altered, ours)).isFalse();
                }
            }
        }
    }

    @Test
    void aWrongKeyATruncatedSignatureOrAnotherAlgorithmDoNotVerify() throws Exception {
        NodeKeys keys = NodeKeys.generate();
        byte[] message = "indicator".getBytes();
        byte[] signature = keys.sign(message);

        assertThat(NodeKeys.verify(NodeKeys.generate().publicKey(), message, signature)).isFalse();
        assertThat(NodeKeys.verify(keys.publicKey(), message, java.util.Arrays.copyOf(signature, 63))).isFalse();
        PublicKey ecdsa = KeyPairGenerator.getInstance("EC").generateKeyPair().getPublic();
        assertThat(NodeKeys.verify(ecdsa, message, signature)).isFalse();
        byte[] highS = signature.clone(); // S + L: the same point equation, refused as non-canonical by both
        addGroupOrder(highS);
        assertThat(NodeKeys.verify(keys.publicKey(), message, highS)).isFalse();
        assertThat(jdkVerify(keys.publicKey(), message, highS)).isFalse();
    }

    @Test
    void aSavedPairLoadsBackAndSignsAlike() throws Exception {
        NodeKeys keys = NodeKeys.fromSeed(HEX.parseHex(RFC8032[0][0]));
        keys.save(dir);
        NodeKeys loaded = NodeKeys.load(dir);

        assertThat(loaded.fingerprint()).isEqualTo(keys.fingerprint()).isEqualTo(NodeKeys.fingerprint(keys.publicKey()));
        assertThat(loaded.sign(new byte[0])).isEqualTo(HEX.parseHex(RFC8032[0][3]));
        assertThat(loaded.toString()).doesNotContain(RFC8032[0][0]);
    }

    @Test
    void aPublicKeyFileOfAnotherPairIsRefusedWhenLoading() throws Exception {
        NodeKeys.generate().save(dir);
        Path other = dir.resolve("other");
        NodeKeys.generate().save(other);
        Files.copy(other.resolve("public.pem"), dir.resolve("public.pem"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        assertThatThrownBy(() -> NodeKeys.load(dir)).isInstanceOf(ConcordException.class)
                .hasMessageContaining("not one pair").hasMessageContaining(dir.toString());
    }

    /** Adds the group order L (RFC 8032 §5.1) to the little-endian S half of a signature. */
    private static void addGroupOrder(byte[] signature) {
        byte[] l = HEX.parseHex("edd3f55c1a631258d69cf7a2def9de1400000000000000000000000000000010");
        int carry = 0;
        for (int i = 0; i < 32; i++) {
            int sum = (signature[32 + i] & 0xff) + (l[i] & 0xff) + carry;
            signature[32 + i] = (byte) sum;
            carry = sum >> 8;
        }
    }

    private static byte[] jdkSign(PrivateKey key, byte[] message) throws GeneralSecurityException {
        Signature s = Signature.getInstance("Ed25519");
        s.initSign(key);
        s.update(message);
        return s.sign();
    }

    private static boolean jdkVerify(PublicKey key, byte[] message, byte[] signature) {
        try {
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key);
            s.update(message);
            return s.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
