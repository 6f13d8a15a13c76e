package org.concord.taxii;

import io.javalin.compression.CompressionStrategy;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.concurrent.Executors;
import org.concord.node.NodeTls;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.ConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The HTTP(S) transport the TAXII server rides on: Jetty 12 under Javalin, handlers on virtual
 * threads, HTTP/1.1 with keep-alive, TLS 1.3 and 1.2 with the node's identity and client
 * certificates asked for (mutual TLS, not required), the header deadline and the idle timeout.
 * One place, so that whatever else is served on this stack (the TAXII benchmark's floor) pays
 * exactly the same transport.
 */
final class JettyTransport {
    private final TaxiiConfig config;
    private final NodeTls tls;
    private ServerConnector connector;

    /** @param tls the node's TLS identity; null only with {@link TaxiiConfig#plainHttp()} */
    JettyTransport(TaxiiConfig config, NodeTls tls) {
        if (tls == null && !config.plainHttp()) throw new IllegalArgumentException("HTTPS needs the node's TLS identity");
        this.config = config;
        this.tls = tls;
    }

    /** Puts the transport into a Javalin configuration (before {@code Javalin.start()}). */
    void configure(JavalinConfig cfg) {
        QueuedThreadPool pool = new QueuedThreadPool(200, 8);
        pool.setName("taxii");
        pool.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor()); // blocking handlers on virtual threads
        cfg.startup.showJavalinBanner = false;
        cfg.http.compressionStrategy = CompressionStrategy.NONE;
        cfg.jetty.threadPool = pool;
        cfg.jetty.modifyHttpConfiguration(this::configureHttp);
        cfg.jetty.addConnector(this::connector);
    }

    /** Writes a response body. */
    @FunctionalInterface
    interface Body {
        void write(OutputStream out) throws IOException;
    }

    /**
     * Streams a response body through the buffer every page goes through (64 KiB, so that each
     * write to Jetty fills whole TLS records), with a Content-Length when {@code length} is known
     * (not negative), else chunked.
     */
    static void stream(Context ctx, long length, Body body) throws IOException {
        if (length >= 0) ctx.res().setContentLengthLong(length);
        OutputStream out = new BufferedOutputStream(ctx.outputStream(), 64 * 1024);
        body.write(out);
        out.flush();
    }

    /** The port listened on (the chosen one when configured with 0), once started. */
    int port() {
        return connector.getLocalPort();
    }

    private void configureHttp(HttpConfiguration http) {
        http.setRequestHeaderSize(config.maxRequestHeaderBytes());
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setMinRequestDataRate(1024); // a body trickling slower than 1 KiB/s is dropped
        http.setIdleTimeout(config.idleTimeout().toMillis());
    }

    private ServerConnector connector(Server server, HttpConfiguration http) {
        HttpConnectionFactory h1 = new HttpConnectionFactory(http);
        ConnectionFactory[] factories;
        if (config.plainHttp()) {
            factories = new ConnectionFactory[] {h1};
        } else {
            SslContextFactory.Server ssl = new PartnerTrust();
            char[] password = randomPassword();
            ssl.setKeyStore(tls.keyStore(password));
            ssl.setKeyStorePassword(new String(password));
            ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2"); // §8.2.2: TLS 1.2 MUST, 1.3 SHOULD
            // mutual TLS: ask for a certificate, do not require one (token clients have none); any
            // certificate is accepted by the handshake and recognised afterwards by its pinned key
            ssl.setWantClientAuth(true);
            ssl.setEndpointIdentificationAlgorithm(null);
            ssl.setSniRequired(false);
            SecureRequestCustomizer secure = new SecureRequestCustomizer();
            secure.setSniHostCheck(false); // partners may connect by any name or address
            http.addCustomizer(secure);
            factories = new ConnectionFactory[] {new SslConnectionFactory(ssl, HttpVersion.HTTP_1_1.asString()), h1};
        }
        connector = new ServerConnector(server, factories);
        connector.setHost(config.bind());
        connector.setPort(config.port());
        connector.setIdleTimeout(config.idleTimeout().toMillis());
        connector.setAcceptQueueSize(1024);
        connector.addBean(new HeaderDeadline(connector.getScheduler(), config.headerTimeout()));
        return connector;
    }

    private static char[] randomPassword() {
        byte[] b = new byte[18];
        new SecureRandom().nextBytes(b);
        return Base64.getEncoder().encodeToString(b).toCharArray();
    }

    /**
     * Client certificates are accepted by the handshake whoever issued them (the handshake still
     * proves the client holds the key) and recognised afterwards by their pinned key. No CA names are
     * sent in the request, so clients offer their self-signed node certificates.
     */
    private static final class PartnerTrust extends SslContextFactory.Server {
        @Override
        protected javax.net.ssl.TrustManager[] getTrustManagers(java.security.KeyStore trustStore,
                                                               java.util.Collection<? extends java.security.cert.CRL> crls) {
            return new javax.net.ssl.TrustManager[] {new javax.net.ssl.X509TrustManager() {
                @Override
                public void checkClientTrusted(X509Certificate[] chain, String authType) {}

                @Override
                public void checkServerTrusted(X509Certificate[] chain, String authType) throws java.security.cert.CertificateException {
                    throw new java.security.cert.CertificateException("a server does not check servers");
                }

                @Override
                public X509Certificate[] getAcceptedIssuers() {
                    return new X509Certificate[0];
                }
            }};
        }
    }
}
