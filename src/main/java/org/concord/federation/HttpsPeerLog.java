package org.concord.federation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.SSLException;
import org.concord.ConcordException;
import org.concord.integrity.ConsistencyProof;
import org.concord.integrity.LeafProof;
import org.concord.integrity.PublishedLog;
import org.concord.integrity.SignedTreeHead;

/**
 * {@link PeerLog} over HTTPS with mutual TLS ({@link PinnedTls}): GETs under the partner's API root
 * {@code concord/log/}. A non-200 answer, a malformed body or a failed connection is an
 * {@link IOException} saying which.
 */
public final class HttpsPeerLog implements PeerLog {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ACCEPT = "application/taxii+json;version=2.1";
    private static final int MAX_BODY = 1 << 20;

    private final URI apiRoot;
    private final HttpClient client;
    private final Duration timeout;

    /** @param apiRoot the partner's API root, ending with a slash */
    public HttpsPeerLog(URI apiRoot, PinnedTls tls, Duration timeout) {
        this.apiRoot = Objects.requireNonNull(apiRoot, "apiRoot");
        if (!"https".equals(apiRoot.getScheme())) throw new IllegalArgumentException("a peer's log is read over HTTPS: " + apiRoot);
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.client = HttpClient.newBuilder().sslContext(tls.context()).connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public PublicKey key() throws IOException {
        JsonNode json = get("key");
        try {
            return PublishedLog.keyFromJson(json);
        } catch (ConcordException e) {
            throw new IOException("the peer's log key is malformed: " + e.getMessage(), e);
        }
    }

    @Override
    public SignedTreeHead head() throws IOException {
        JsonNode json = get("head");
        try {
            return SignedTreeHead.fromJson(json);
        } catch (ConcordException | IllegalArgumentException e) {
            throw new IOException("the peer's tree head is malformed: " + e.getMessage(), e);
        }
    }

    @Override
    public ConsistencyProof consistency(long first, long second) throws IOException {
        JsonNode json = get("consistency?first=" + first + "&second=" + second);
        try {
            return ConsistencyProof.fromJson(json);
        } catch (ConcordException | IllegalArgumentException e) {
            throw new IOException("the peer's consistency proof is malformed: " + e.getMessage(), e);
        }
    }

    @Override
    public LeafProof inclusion(String id, String version, long treeSize) throws IOException {
        JsonNode json = get("inclusion?id=" + URLEncoder.encode(id, StandardCharsets.UTF_8) + "&version="
                + URLEncoder.encode(version, StandardCharsets.UTF_8) + "&tree_size=" + treeSize);
        try {
            return LeafProof.fromJson(json);
        } catch (ConcordException | IllegalArgumentException e) {
            throw new IOException("the peer's inclusion proof is malformed: " + e.getMessage(), e);
        }
    }

    private JsonNode get(String path) throws IOException {
        URI uri = apiRoot.resolve("concord/log/" + path);
        HttpRequest request = HttpRequest.newBuilder(uri).header("Accept", ACCEPT).timeout(timeout).GET().build();
        HttpResponse<java.io.InputStream> r;
        try {
            r = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException e) {
            throw new IOException("GET " + uri + ": no answer within " + timeout.toSeconds() + " s", e);
        } catch (SSLException e) {
            throw new IOException("GET " + uri + ": TLS failed: " + HttpTaxiiClient.rootMessage(e), e);
        } catch (IOException e) { // the JDK's ConnectException has no message: say what happened, and where
            throw new IOException("GET " + uri + ": " + HttpTaxiiClient.network(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while reading " + uri, e);
        }
        byte[] body;
        try (java.io.InputStream in = r.body()) {
            body = in.readNBytes(MAX_BODY + 1); // bounded: a peer cannot make us buffer more
        }
        if (r.statusCode() != 200) {
            String text = new String(body, 0, Math.min(body.length, 500), StandardCharsets.UTF_8);
            throw new IOException("GET " + uri + " answered " + r.statusCode()
                    + (r.statusCode() == 401 ? " (has the peer pinned this node's TLS key? it runs concord peer add for us)" : "")
                    + ": " + text);
        }
        if (body.length > MAX_BODY) throw new IOException("GET " + uri + " answered more than " + MAX_BODY + " bytes");
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new IOException("GET " + uri + " did not answer JSON: " + e.getMessage(), e);
        }
    }
}
