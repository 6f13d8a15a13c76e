package org.concord.node;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.concord.ConcordException;
import org.concord.ErrorCode;
import org.concord.Time;

/**
 * A node's TLS identity: an ECDSA P-256 key and a self-signed X.509 certificate for it, kept in
 * {@code tls/} in the node folder ({@code key.pem} readable by the owner only, {@code cert.pem}).
 *
 * <p>ECDSA P-256 rather than the node's Ed25519 key because browsers (Chromium, where the dashboard
 * runs) do not accept Ed25519 in TLS certificates. The certificate is built by BouncyCastle's
 * PKIX builder over the JDK's key and signature; it names {@code localhost}, {@code 127.0.0.1}, {@code ::1}, the node name
 * and any extra names asked for, and is good for both server and client authentication, so the same
 * identity serves HTTPS and presents itself to partners in mutual TLS.
 *
 * <p>Partners pin the SHA-256 of the key's SubjectPublicKeyInfo ({@link #fingerprint()}), not the
 * certificate: {@link #ensure} renews an expiring certificate (or one missing a name) over the same
 * key, so pins survive renewal.
 */
public final class NodeTls {
    /** The folder, inside the node folder, holding the key and certificate. */
    public static final String FOLDER = "tls";
    public static final String KEY_FILE = "key.pem";
    public static final String CERT_FILE = "cert.pem";
    /** Validity of a certificate: 397 days, within what browsers accept for server certificates. */
    public static final Duration VALIDITY = Duration.ofDays(397);
    /** A certificate that expires sooner than this is renewed by {@link #ensure}. */
    public static final Duration RENEW_BEFORE = Duration.ofDays(30);

    private final PrivateKey key;
    private final X509Certificate certificate;

    private NodeTls(PrivateKey key, X509Certificate certificate) {
        this.key = key;
        this.certificate = certificate;
    }

    /**
     * Generates a new key and certificate for {@code nodeName} into {@code dir/tls/}, replacing any
     * there (what {@code concord init} calls).
     */
    public static NodeTls create(Path dir, String nodeName) {
        return create(dir, nodeName, List.of(), Time.system());
    }

    /** As {@link #create(Path, String)}, also naming {@code extraNames} (host names or IP addresses). */
    public static NodeTls create(Path dir, String nodeName, List<String> extraNames, InstantSource clock) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = g.generateKeyPair();
            X509Certificate cert = selfSigned(pair, nodeName, names(nodeName, extraNames), clock.instant());
            NodeTls tls = new NodeTls(pair.getPrivate(), cert);
            tls.save(dir);
            return tls;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK always has ECDSA P-256", e);
        }
    }

    /**
     * Loads the node's TLS identity, creating it when missing and renewing the certificate over the
     * same key when it expires within {@link #RENEW_BEFORE} or lacks one of {@code extraNames}
     * (what {@code concord serve} calls).
     */
    public static NodeTls ensure(Path dir, String nodeName, List<String> extraNames, InstantSource clock) {
        Path folder = dir.resolve(FOLDER);
        if (!Files.exists(folder.resolve(KEY_FILE)) || !Files.exists(folder.resolve(CERT_FILE))) {
            return create(dir, nodeName, extraNames, clock);
        }
        NodeTls tls = load(dir);
        Set<String> wanted = names(nodeName, extraNames);
        boolean expiring = tls.certificate.getNotAfter().toInstant().isBefore(clock.instant().plus(RENEW_BEFORE));
        if (!expiring && tls.names().containsAll(wanted)) return tls;
        Set<String> all = new LinkedHashSet<>(tls.names());
        all.addAll(wanted);
        try {
            KeyPair pair = new KeyPair(tls.certificate.getPublicKey(), tls.key);
            NodeTls renewed = new NodeTls(tls.key, selfSigned(pair, nodeName, all, clock.instant()));
            renewed.save(dir);
            return renewed;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot renew the node's TLS certificate", e);
        }
    }

    /** Reads {@code dir/tls/key.pem} and {@code dir/tls/cert.pem}. */
    public static NodeTls load(Path dir) {
        Path folder = dir.resolve(FOLDER);
        try {
            PrivateKey key = KeyFactory.getInstance("EC")
                    .generatePrivate(new PKCS8EncodedKeySpec(Pem.read(folder.resolve(KEY_FILE))));
            X509Certificate cert = parse(Pem.read(folder.resolve(CERT_FILE)));
            return new NodeTls(key, cert);
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new ConcordException(ErrorCode.INVALID_CONFIGURATION,
                    "cannot read the node's TLS key and certificate in " + folder + ": " + e.getMessage(), e);
        }
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** The certificate file (PEM), what a client is told to trust. */
    public static Path certificateFile(Path dir) {
        return dir.resolve(FOLDER).resolve(CERT_FILE);
    }

    /** SHA-256 of the key's SubjectPublicKeyInfo, lower-case hex: what partners pin. */
    public String fingerprint() {
        return fingerprint(certificate.getPublicKey());
    }

    /** SHA-256 of {@code key}'s SubjectPublicKeyInfo (its X.509 encoding), lower-case hex. */
    public static String fingerprint(PublicKey key) {
        return NodeKeys.fingerprint(key);
    }

    /** The DNS names and IP addresses the certificate names. */
    public Set<String> names() {
        Set<String> out = new LinkedHashSet<>();
        try {
            Collection<List<?>> sans = certificate.getSubjectAlternativeNames();
            if (sans != null) for (List<?> san : sans) out.add(canonicalName(String.valueOf(san.get(1))));
        } catch (CertificateParsingException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }

    /** An in-memory PKCS#12 key store holding the key and certificate under alias "concord". */
    public KeyStore keyStore(char[] password) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("concord", key, password, new java.security.cert.Certificate[] {certificate});
            return ks;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a key store", e);
        }
    }

    /** A trust store holding only this certificate (what a client of this node trusts). */
    public KeyStore trustStore() {
        return trustStore(certificate);
    }

    public static KeyStore trustStore(X509Certificate cert) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setCertificateEntry("concord", cert);
            return ks;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a trust store", e);
        }
    }

    /** Reads a PEM certificate file. */
    public static X509Certificate readCertificate(Path pem) {
        try {
            return parse(Pem.read(pem));
        } catch (IOException | CertificateException | IllegalArgumentException e) {
            throw new ConcordException(ErrorCode.INVALID_CONFIGURATION, "cannot read certificate " + pem + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() { // never the private key
        return "NodeTls[" + certificate.getSubjectX500Principal().getName() + ", " + fingerprint() + "]";
    }

    private void save(Path dir) {
        Path folder = dir.resolve(FOLDER);
        try {
            Files.createDirectories(folder);
            Path tmpKey = folder.resolve(KEY_FILE + ".tmp");
            Files.deleteIfExists(tmpKey);
            Files.createFile(tmpKey, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(tmpKey, Pem.encode("PRIVATE KEY", key.getEncoded()));
            Files.move(tmpKey, folder.resolve(KEY_FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Path tmpCert = folder.resolve(CERT_FILE + ".tmp");
            Files.writeString(tmpCert, Pem.encode("CERTIFICATE", certificate.getEncoded()));
            Files.move(tmpCert, folder.resolve(CERT_FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | CertificateException e) {
            throw new ConcordException(ErrorCode.INVALID_CONFIGURATION, "cannot write the TLS identity to " + folder + ": " + e, e);
        }
    }

    /** localhost, the loopback addresses, the node name (when it is a valid DNS name) and extra names. */
    private static Set<String> names(String nodeName, List<String> extra) {
        Set<String> names = new LinkedHashSet<>(List.of("localhost", "127.0.0.1", canonicalName("::1")));
        if (isDnsName(nodeName)) names.add(nodeName);
        for (String n : extra) {
            String c = canonicalName(n);
            if (!isIpLiteral(c) && !isDnsName(c)) {
                throw new IllegalArgumentException("not a host name or IP address for the TLS certificate: " + n);
            }
            if (!c.equals("0.0.0.0") && !c.equals("::")) names.add(c);
        }
        return names;
    }

    /**
     * RFC 5280 §4.1: an ECDSA-SHA256 self-signed v3 certificate, subject and issuer {@code O=Concord,
     * CN=nodeName}, valid from an hour before {@code now} for {@link #VALIDITY}, not a CA, for digital
     * signatures in TLS servers and clients, naming {@code names} (IP literals as iPAddress, the
     * rest as dNSName). Built by BouncyCastle's PKIX builder, signed and checked with the JDK.
     */
    private static X509Certificate selfSigned(KeyPair pair, String nodeName, Set<String> names, Instant now)
            throws GeneralSecurityException {
        X500Name name = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.O, "Concord").addRDN(BCStyle.CN, nodeName).build();
        byte[] serial = new byte[16];
        new SecureRandom().nextBytes(serial);
        List<GeneralName> altNames = new ArrayList<>();
        for (String n : names) {
            altNames.add(isIpLiteral(n) ? new GeneralName(GeneralName.iPAddress, new DEROctetString(ipBytes(n)))
                    : new GeneralName(GeneralName.dNSName, n));
        }
        try {
            X509CertificateHolder holder = new JcaX509v3CertificateBuilder(name, new BigInteger(1, serial),
                    Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(VALIDITY)), name, pair.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(Extension.extendedKeyUsage, false,
                            new ExtendedKeyUsage(new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}))
                    .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(altNames.toArray(GeneralName[]::new)))
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate()));
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(holder);
            cert.verify(pair.getPublic());
            return cert;
        } catch (CertIOException | OperatorCreationException e) {
            throw new GeneralSecurityException("building the certificate of " + nodeName + ": " + e.getMessage(), e);
        }
    }

    private static X509Certificate parse(byte[] der) throws CertificateException {
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
    }

    private static boolean isDnsName(String s) {
        return s.length() <= 253 && s.matches("(?i)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");
    }

    private static boolean isIpLiteral(String s) {
        return s.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}") || (s.contains(":") && s.matches("[0-9a-fA-F:.]+"));
    }

    private static byte[] ipBytes(String literal) {
        try {
            return InetAddress.getByName(literal).getAddress(); // a literal: no lookup
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an IP address: " + literal, e);
        }
    }

    /** IP literals in the JDK's own text form (so "::1" and "0:0:0:0:0:0:0:1" compare equal). */
    private static String canonicalName(String n) {
        String s = n.strip();
        if (s.startsWith("[") && s.endsWith("]")) s = s.substring(1, s.length() - 1);
        if (isIpLiteral(s)) {
            try {
                return InetAddress.getByName(s).getHostAddress();
            } catch (UnknownHostException e) {
                return s;
            }
        }
        return s.toLowerCase(java.util.Locale.ROOT);
    }
}
