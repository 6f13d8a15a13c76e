package org.concord.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeTlsTest {
    @TempDir
    Path dir;

    @Test
    void createsAnEcdsaP256SelfSignedCertificateTheJdkParsesAndVerifies() throws Exception {
        NodeTls tls = NodeTls.create(dir, "cert-ee");
        X509Certificate cert = NodeTls.readCertificate(NodeTls.certificateFile(dir));
        cert.verify(cert.getPublicKey());
        cert.checkValidity();
        assertThat(cert.getVersion()).isEqualTo(3);
        assertThat(cert.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(cert.getPublicKey().getAlgorithm()).isEqualTo("EC");
        assertThat(cert.getPublicKey().toString()).contains("secp256r1");
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=cert-ee,O=Concord");
        assertThat(cert.getBasicConstraints()).isEqualTo(-1); // not a CA
        assertThat(cert.getKeyUsage()[0]).isTrue();            // digitalSignature
        assertThat(cert.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
        assertThat(tls.names()).containsExactly("localhost", "127.0.0.1", "0:0:0:0:0:0:0:1", "cert-ee");
        assertThat(Duration.between(cert.getNotBefore().toInstant(), cert.getNotAfter().toInstant()))
                .isLessThanOrEqualTo(NodeTls.VALIDITY.plusHours(1));
        assertThat(tls.fingerprint()).matches("[0-9a-f]{64}").isEqualTo(NodeTls.fingerprint(cert.getPublicKey()));
    }

    @Test
    void privateKeyIsReadableByTheOwnerOnly() throws Exception {
        NodeTls.create(dir, "node1");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("tls/key.pem")))).isEqualTo("rw-------");
        assertThat(Files.readString(dir.resolve("tls/key.pem"))).startsWith("-----BEGIN PRIVATE KEY-----");
        NodeTls loaded = NodeTls.load(dir);
        assertThat(loaded.toString()).doesNotContain("PRIVATE");
    }

    @Test
    void nodeNamesThatAreNotHostNamesAreLeftOutOfTheCertificate() {
        NodeTls tls = NodeTls.create(dir, "my_node");
        assertThat(tls.names()).containsExactly("localhost", "127.0.0.1", "0:0:0:0:0:0:0:1");
        assertThat(tls.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=my_node,O=Concord");
    }

    @Test
    void ensureCreatesWhenMissingAndKeepsTheKeyWhenRenewing() {
        Instant t0 = Instant.parse("2030-01-01T00:00:00Z");
        NodeTls first = NodeTls.ensure(dir, "node1", List.of(), () -> t0);
        assertThat(NodeTls.ensure(dir, "node1", List.of(), () -> t0).certificate()).isEqualTo(first.certificate());

        // a new name or an expiring certificate: a new certificate over the same key, so pins hold
        NodeTls named = NodeTls.ensure(dir, "node1", List.of("10.1.2.3", "taxii.example.org"), () -> t0);
        assertThat(named.names()).contains("10.1.2.3", "taxii.example.org", "node1");
        assertThat(named.fingerprint()).isEqualTo(first.fingerprint());
        InstantSource later = () -> t0.plus(NodeTls.VALIDITY).minus(Duration.ofDays(10));
        NodeTls renewed = NodeTls.ensure(dir, "node1", List.of(), later);
        assertThat(renewed.certificate().getNotAfter()).isAfter(named.certificate().getNotAfter());
        assertThat(renewed.fingerprint()).isEqualTo(first.fingerprint());
        assertThat(NodeTls.load(dir).certificate()).isEqualTo(renewed.certificate());
    }

    @Test
    void theCertificateHoldsTheSameNamesExtensionsCriticalityAndValidityToTheSecond() throws Exception {
        Instant t0 = Instant.parse("2030-01-01T00:00:00.750Z");
        NodeTls tls = NodeTls.create(dir, "cert-ee", List.of("10.1.2.3", "taxii.example.org"), () -> t0);
        X509Certificate cert = tls.certificate();
        assertThat(cert.getIssuerX500Principal()).isEqualTo(cert.getSubjectX500Principal());
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=cert-ee,O=Concord");
        assertThat(cert.getSubjectX500Principal().getEncoded()) // O then CN, both UTF8String (tag 0x0C)
                .containsSubsequence((byte) 0x06, (byte) 0x03, (byte) 0x55, (byte) 0x04, (byte) 0x0A, (byte) 0x0C)
                .containsSubsequence((byte) 0x06, (byte) 0x03, (byte) 0x55, (byte) 0x04, (byte) 0x03, (byte) 0x0C);
        assertThat(cert.getCriticalExtensionOIDs()).containsExactlyInAnyOrder("2.5.29.19", "2.5.29.15");
        assertThat(cert.getNonCriticalExtensionOIDs()).containsExactlyInAnyOrder("2.5.29.37", "2.5.29.17");
        assertThat(cert.getKeyUsage()).startsWith(true, false, false, false, false, false, false, false, false);
        assertThat(cert.getSubjectAlternativeNames()).extracting(n -> n.get(0) + " " + n.get(1)).containsExactlyInAnyOrder(
                "2 localhost", "7 127.0.0.1", "7 0:0:0:0:0:0:0:1", "2 cert-ee", "7 10.1.2.3", "2 taxii.example.org");
        assertThat(cert.getNotBefore().toInstant()).isEqualTo(Instant.parse("2029-12-31T23:00:00Z"));
        assertThat(cert.getNotAfter().toInstant()).isEqualTo(Instant.parse("2030-01-01T00:00:00Z").plus(NodeTls.VALIDITY));
        assertThat(cert.getSerialNumber().signum()).isPositive();
        assertThat(cert.getSerialNumber().bitLength()).isBetween(100, 128);
    }
}
