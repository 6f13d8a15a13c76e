package org.concord.fanout;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import javax.net.ssl.SSLContext;

/**
 * A webhook receiver as a member's SOC would write one (com.sun.net.httpserver on 127.0.0.1): it
 * verifies each delivery's signature with its own HMAC code (not Concord's), as docs/warning.md
 * tells receivers to, records what came, and answers what the test says.
 */
public final class Receiver implements AutoCloseable {
    /** One request as received. {@code signatureValid}: HMAC-SHA256 over "timestamp.body" matched, timestamp within 5 minutes. */
    public record Delivery(String id, String event, String node, String contentType, long timestamp, String signature,
                           byte[] body, boolean signatureValid) {
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    public final BlockingQueue<Delivery> received = new LinkedBlockingQueue<>();
    /** The status to answer (may block, to hold a delivery in flight). */
    public volatile ToIntFunction<Delivery> answer = d -> 200;
    /** Sent as Retry-After with 429 and 503 answers when not null. */
    public volatile String retryAfter;
    private final byte[] secret;
    private final HttpServer server;

    private Receiver(String secret, HttpServer server) {
        this.secret = secret.strip().getBytes(StandardCharsets.UTF_8);
        this.server = server;
        server.createContext("/hook", this::handle);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.start();
    }

    /** A plain-HTTP receiver on 127.0.0.1 ({@code port} 0: any free port). */
    public static Receiver start(String secret, int port) throws IOException {
        return new Receiver(secret, HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16));
    }

    /** An HTTPS receiver on 127.0.0.1 with {@code tls}'s identity. */
    public static Receiver startTls(String secret, SSLContext tls) throws IOException {
        HttpsServer s = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        s.setHttpsConfigurator(new HttpsConfigurator(tls));
        return new Receiver(secret, s);
    }

    public URI url() {
        String scheme = server instanceof HttpsServer ? "https" : "http";
        return URI.create(scheme + "://127.0.0.1:" + server.getAddress().getPort() + "/hook");
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The next delivery, waiting up to 30 s; fails the test if none comes. */
    public Delivery next() throws InterruptedException {
        Delivery d = received.poll(30, TimeUnit.SECONDS);
        if (d == null) throw new AssertionError("no delivery came within 30 s");
        return d;
    }

    /** Whether another delivery comes within {@code wait}. */
    public Delivery nextWithin(Duration wait) throws InterruptedException {
        return received.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex; InputStream in = ex.getRequestBody()) {
            byte[] body = in.readAllBytes();
            String ts = ex.getRequestHeaders().getFirst("X-Concord-Timestamp");
            String sig = ex.getRequestHeaders().getFirst("X-Concord-Signature");
            long timestamp = ts != null && ts.matches("[0-9]{1,12}") ? Long.parseLong(ts) : -1;
            Delivery d = new Delivery(ex.getRequestHeaders().getFirst("X-Concord-Delivery"), ex.getRequestHeaders().getFirst("X-Concord-Event"),
                    ex.getRequestHeaders().getFirst("X-Concord-Node"), ex.getRequestHeaders().getFirst("Content-Type"), timestamp, sig,
                    body, verify(timestamp, sig, body));
            received.add(d);
            int status = answer.applyAsInt(d);
            if ((status == 429 || status == 503) && retryAfter != null) ex.getResponseHeaders().add("Retry-After", retryAfter);
            ex.sendResponseHeaders(status, -1);
        }
    }

    /** The receiver's check: recompute HMAC-SHA256(secret, "<timestamp>.<body>"), compare in constant time, refuse stale timestamps. */
    private boolean verify(long timestamp, String signature, byte[] body) {
        if (timestamp < 0 || signature == null || !signature.startsWith("sha256=")) return false;
        if (Math.abs(Instant.now().getEpochSecond() - timestamp) > 300) return false;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
            byte[] expected = mac.doFinal(body);
            byte[] given = HexFormat.of().parseHex(signature.substring(7));
            return MessageDigest.isEqual(expected, given);
        } catch (Exception e) {
            return false;
        }
    }

    /** Stops listening at once (the port is free again). */
    public void stop() {
        server.stop(0);
    }

    @Override
    public void close() {
        stop();
    }
}
