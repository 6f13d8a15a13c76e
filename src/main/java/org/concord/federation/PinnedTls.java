package org.concord.federation;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import org.concord.node.NodeTls;

/**
 * A TLS client context for one partner: presents our node's certificate (mutual TLS) and accepts
 * only a server whose certificate's public key has the pinned SHA-256 (of its
 * SubjectPublicKeyInfo, {@link NodeTls#fingerprint(java.security.PublicKey)}). No CA and no host
 * name are checked: the pin is the whole of the server's authentication, so a partner may be
 * reached by any name or address.
 */
public final class PinnedTls {
    private final SSLContext context;
    private final AtomicReference<String> mismatch = new AtomicReference<>();

    /**
     * @param identity our node's TLS key and certificate
     * @param pin      the partner's pinned fingerprint, 64 hex digits
     */
    public PinnedTls(NodeTls identity, String pin) {
        Objects.requireNonNull(identity, "identity");
        String expected = Objects.requireNonNull(pin, "pin").toLowerCase(Locale.ROOT);
        try {
            char[] password = randomPassword();
            KeyStore ks = identity.keyStore(password);
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, password);
            context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), new javax.net.ssl.TrustManager[] {new Pin(expected)}, new SecureRandom());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build the TLS client context", e);
        }
    }

    public SSLContext context() {
        return context;
    }

    /** The fingerprint of the last server key refused for not matching the pin, or null. */
    public String refusedFingerprint() {
        return mismatch.get();
    }

    private static char[] randomPassword() {
        byte[] b = new byte[18];
        new SecureRandom().nextBytes(b);
        return Base64.getEncoder().encodeToString(b).toCharArray();
    }

    /** Extended, so the JDK adds no host-name check of its own: the pin replaces it. */
    private final class Pin extends X509ExtendedTrustManager {
        private final String expected;

        Pin(String expected) {
            this.expected = expected;
        }

        private void check(X509Certificate[] chain) throws CertificateException {
            if (chain == null || chain.length == 0) throw new CertificateException("the server presented no certificate");
            String got = NodeTls.fingerprint(chain[0].getPublicKey());
            if (!got.equals(expected)) {
                mismatch.set(got);
                throw new CertificateException("the server's TLS key sha256:" + got + " is not the pinned sha256:" + expected);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            check(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            check(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            check(chain);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("a client context does not check clients");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            throw new CertificateException("a client context does not check clients");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            throw new CertificateException("a client context does not check clients");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
