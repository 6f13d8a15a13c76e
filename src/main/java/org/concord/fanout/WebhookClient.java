package org.concord.fanout;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Optional;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

/**
 * Sends signed POSTs to one webhook endpoint (JDK HttpClient, HTTP/1.1, no redirects followed).
 * Every attempt is signed anew with the time it is sent: a receiver refuses a stale timestamp and
 * recognises a repeated delivery by its {@code X-Concord-Delivery} id.
 */
public final class WebhookClient implements AutoCloseable {
    /** The media type of every body. */
    public static final String CONTENT_TYPE = "application/json";
    private static final String USER_AGENT = "Concord/0.1 (alert fan-out)";

    private final Webhook hook;
    private final String node;
    private final InstantSource clock;
    private final HttpClient http;

    /**
     * @param node the sending node's name (header {@code X-Concord-Node})
     */
    public WebhookClient(Webhook hook, String node, InstantSource clock) {
        this.hook = hook;
        this.node = node;
        this.clock = clock;
        HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(hook.timeout())
                .executor(Executors.newVirtualThreadPerTaskExecutor());
        if (!hook.trust().isEmpty()) b.sslContext(trusting(hook));
        this.http = b.build();
    }

    /**
     * What an attempt got: an HTTP status (-1 when no answer came), what went wrong in words (null
     * on a 2xx), and the receiver's {@code Retry-After} in seconds, if it sent one.
     */
    public record Answer(int status, String error, Optional<Duration> retryAfter) {

        /** A 2xx: the delivery is acknowledged. */
        public boolean acknowledged() {
            return status >= 200 && status < 300;
        }

        /** A 4xx other than 408 (request timeout) and 429 (too many requests): trying again would not help. */
        public boolean refused() {
            return status >= 400 && status < 500 && status != 408 && status != 429;
        }
    }

    /**
     * POSTs {@code body} as event {@code event} with delivery id {@code deliveryId}, signed now.
     * Never throws for what the network or the receiver does: that is in the answer.
     */
    public Answer post(String deliveryId, String event, byte[] body) throws InterruptedException {
        long timestamp = clock.instant().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(hook.url())
                .timeout(hook.timeout())
                .header("Content-Type", CONTENT_TYPE)
                .header("User-Agent", USER_AGENT)
                .header("X-Concord-Event", event)
                .header("X-Concord-Delivery", deliveryId)
                .header("X-Concord-Node", node)
                .header("X-Concord-Timestamp", Long.toString(timestamp))
                .header("X-Concord-Signature", hook.secret().sign(timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            HttpResponse<Void> r = http.send(request, HttpResponse.BodyHandlers.discarding());
            int s = r.statusCode();
            String error = s >= 200 && s < 300 ? null
                    : "HTTP " + s + (s >= 300 && s < 400 ? " (redirects are not followed: fix the url)" : "");
            return new Answer(s, error, r.headers().firstValue("Retry-After").flatMap(WebhookClient::seconds));
        } catch (HttpTimeoutException e) {
            return new Answer(-1, "no answer within " + hook.timeout().toSeconds() + " s", Optional.empty());
        } catch (java.net.ConnectException e) {
            return new Answer(-1, "cannot connect to " + hook.origin() + (e.getMessage() == null ? "" : ": " + e.getMessage()), Optional.empty());
        } catch (SSLException e) {
            return new Answer(-1, "TLS failed: " + e.getMessage(), Optional.empty());
        } catch (IOException e) {
            return new Answer(-1, e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()), Optional.empty());
        }
    }

    @Override
    public void close() {
        http.close();
    }

    private static Optional<Duration> seconds(String retryAfter) {
        String s = retryAfter.strip();
        if (!s.matches("[0-9]{1,9}")) return Optional.empty(); // the HTTP-date form is not honoured
        return Optional.of(Duration.ofSeconds(Long.parseLong(s)));
    }

    private static SSLContext trusting(Webhook hook) {
        try {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            int i = 0;
            for (X509Certificate c : hook.trust()) ks.setCertificateEntry("ca" + i++, c);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            return ssl;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build the trust of " + hook + ": " + e.getMessage(), e);
        }
    }
}
