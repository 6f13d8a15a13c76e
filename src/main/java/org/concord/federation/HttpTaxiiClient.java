package org.concord.federation;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.concord.BoundedInputStream;
import org.concord.ConcordException;
import org.concord.ErrorCode;
import org.concord.stix.StixObject;

/**
 * {@link TaxiiRemote} on the JDK's HTTP client (HTTP/1.1, no redirects followed). HTTPS by default:
 * to a peer with mutual TLS and its pinned key ({@link #forPeer}); to a feed with the JDK's CAs or
 * the certificates of the feed's CA file, host name checked, and Basic or bearer credentials read
 * from the operator's file ({@link #forFeed}). Plain HTTP only when the feed allows it explicitly.
 *
 * <p>Every answer is bounded: pages of objects by {@link Limits#maxPageBytes()} (read as a stream,
 * one object at a time), other resources by {@link Limits#maxResourceBytes()}; strings 8 MiB,
 * nesting 64 (docs/architecture.md input bounds). Every request has a timeout, and its answer's body
 * as long again after the headers. Errors name the
 * method and URL (never a query string's value or a credential) and what was wrong.
 */
public final class HttpTaxiiClient implements TaxiiRemote {
    /** TAXII 2.1 media type (§1.6.8.1). */
    public static final String TAXII = "application/taxii+json;version=2.1";
    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(8 * 1024 * 1024).maxNestingDepth(66).build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build());

    /** Timeouts and answer sizes. */
    public record Limits(Duration connectTimeout, Duration requestTimeout, long maxPageBytes, int maxResourceBytes) {
        public static final Limits DEFAULT = new Limits(Duration.ofSeconds(10), Duration.ofSeconds(60), 64L << 20, 1 << 20);

        public Limits {
            Objects.requireNonNull(connectTimeout, "connectTimeout");
            Objects.requireNonNull(requestTimeout, "requestTimeout");
            if (maxPageBytes < 1024 || maxResourceBytes < 1024) throw new IllegalArgumentException("answer bounds must be at least 1 KiB");
        }
    }

    private final HttpClient http;
    private final String authorization; // the Authorization header's value, or null; never logged or shown
    private final boolean allowHttp;
    private final Limits limits;

    private HttpTaxiiClient(SSLContext ssl, String authorization, boolean allowHttp, Limits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
        HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(limits.connectTimeout());
        if (ssl != null) b.sslContext(ssl);
        this.http = b.build();
        this.authorization = authorization;
        this.allowHttp = allowHttp;
    }

    /** A client to a pinned peer: mutual TLS with this node's certificate, the peer's key checked against the pin. */
    public static HttpTaxiiClient forPeer(PinnedTls tls, Limits limits) {
        return new HttpTaxiiClient(tls.context(), null, false, limits);
    }

    /**
     * A client to {@code feed}: its CA file's certificates trusted (else the JDK's), its credentials
     * read from their file now.
     *
     * @throws ConcordException INVALID_CONFIGURATION when the CA or credential file cannot be read
     */
    public static HttpTaxiiClient forFeed(Feed feed, Limits limits) {
        SSLContext ssl = feed.caFile() == null ? null : trusting(feed.caFile(), feed.name());
        String authorization = switch (feed.auth()) {
            case FeedAuth.None n -> null;
            case FeedAuth.Basic b -> "Basic " + Base64.getEncoder().encodeToString(
                    (b.user() + ":" + secret(b.passwordFile(), "password", feed.name())).getBytes(StandardCharsets.UTF_8));
            case FeedAuth.Bearer b -> "Bearer " + secret(b.tokenFile(), "token", feed.name());
        };
        return new HttpTaxiiClient(ssl, authorization, feed.allowHttp(), limits);
    }

    private static String secret(Path file, String what, String feed) {
        String s;
        try {
            if (Files.size(file) > 8192) throw new IOException("larger than 8 KiB");
            s = Files.readString(file, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new ConcordException(ErrorCode.INVALID_CONFIGURATION, "the " + what + " file of feed " + feed + " cannot be read: "
                    + file + " (" + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        }
        if (s.isEmpty() || s.contains("\n") || s.contains("\r")) {
            throw new ConcordException(ErrorCode.INVALID_CONFIGURATION, "the " + what + " file of feed " + feed
                    + " must hold the " + what + " on one line: " + file);
        }
        return s;
    }

    private static SSLContext trusting(Path caFile, String feed) {
        try (InputStream in = Files.newInputStream(caFile)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            int i = 0;
            for (Certificate c : CertificateFactory.getInstance("X.509").generateCertificates(in)) ks.setCertificateEntry("ca" + i++, c);
            if (i == 0) throw new IOException("no certificate in it");
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            return ssl;
        } catch (IOException | GeneralSecurityException e) {
            throw new ConcordException(ErrorCode.INVALID_CONFIGURATION, "the CA file of feed " + feed + " cannot be read as PEM"
                    + " certificates: " + caFile + " (" + e.getMessage() + ")");
        }
    }

    // ---- TAXII endpoints

    @Override
    public Discovery discover(URI url) throws TaxiiException {
        JsonNode d = getResource(url);
        if (!d.has("api_roots") && d.has("versions")) { // an API root's URL given for discovery's
            return new Discovery(d.path("title").asText(""), url, List.of(url));
        }
        List<URI> roots = new ArrayList<>();
        for (JsonNode r : d.path("api_roots")) {
            if (r.isTextual()) roots.add(sameServer(url, r.textValue()));
        }
        URI def = d.path("default").isTextual() ? sameServer(url, d.get("default").textValue()) : null;
        return new Discovery(d.path("title").asText(""), def, roots);
    }

    /** An API root named by a discovery answer: on the discovery's own server only (credentials go nowhere else). */
    private static URI sameServer(URI discovery, String given) throws TaxiiException {
        URI u;
        try {
            u = discovery.resolve(given.endsWith("/") ? given : given + "/");
        } catch (IllegalArgumentException e) {
            throw new TaxiiException(TaxiiException.Kind.MALFORMED, discovery, 200, "GET " + discovery + " names an API root that is not a URL: " + clip(given));
        }
        if (!Objects.equals(lower(u.getScheme()), lower(discovery.getScheme())) || !Objects.equals(lower(u.getHost()), lower(discovery.getHost()))
                || port(u) != port(discovery)) {
            throw new TaxiiException(TaxiiException.Kind.REFUSED, discovery, 200, "GET " + discovery + " names an API root on another"
                    + " server, " + u + "; add the feed with that API root's URL if it is meant");
        }
        return u;
    }

    @Override
    public ApiRoot apiRoot(URI apiRoot) throws TaxiiException {
        JsonNode r = getResource(apiRoot);
        List<String> versions = new ArrayList<>();
        for (JsonNode v : r.path("versions")) versions.add(v.asText());
        long max = r.path("max_content_length").asLong(0);
        if (max <= 0) throw malformed("GET", apiRoot, "the API root names no max_content_length");
        return new ApiRoot(r.path("title").asText(""), versions, max);
    }

    @Override
    public List<Collection> collections(URI apiRoot) throws TaxiiException {
        URI uri = apiRoot.resolve("collections/");
        JsonNode r = getResource(uri);
        List<Collection> out = new ArrayList<>();
        for (JsonNode c : r.path("collections")) {
            if (!c.path("id").isTextual()) throw malformed("GET", uri, "a collection without an id");
            out.add(new Collection(c.get("id").textValue(), c.path("title").asText(""),
                    c.path("alias").isTextual() ? c.get("alias").textValue() : null,
                    c.path("can_read").asBoolean(false), c.path("can_write").asBoolean(false)));
        }
        return out;
    }

    @Override
    public Page objects(URI apiRoot, String collectionId, PageRequest request) throws TaxiiException {
        URI uri = objectsUri(apiRoot, collectionId);
        StringBuilder q = new StringBuilder("match%5Bversion%5D=all&limit=").append(request.limit());
        // §3.4: next goes with the query's own parameters (medallion answers 400 when they differ)
        if (request.addedAfter() != null) q.append("&added_after=").append(encode(request.addedAfter()));
        if (request.next() != null) q.append("&next=").append(encode(request.next()));
        HttpResponse<InputStream> r = send("GET", uri, HttpRequest.newBuilder(URI.create(uri + "?" + q)).GET());
        try (InputStream body = r.body()) {
            expect(r, "GET", uri, 200);
            BoundedInputStream in = new BoundedInputStream(body, limits.maxPageBytes(), "answer");
            Envelope e = readEnvelope(in, "GET", uri);
            String first = r.headers().firstValue("X-TAXII-Date-Added-First").orElse(null);
            String last = r.headers().firstValue("X-TAXII-Date-Added-Last").orElse(null);
            return new Page(e.objects, e.more, e.next, first, last, e.provenance, e.handling, e.signatures);
        } catch (IOException e) {
            throw unreadable("GET", uri, e);
        }
    }

    @Override
    public Status add(URI apiRoot, String collectionId, Outgoing envelope) throws TaxiiException {
        URI uri = objectsUri(apiRoot, collectionId);
        byte[] body = envelopeBytes(envelope);
        HttpResponse<InputStream> r = send("POST", uri, HttpRequest.newBuilder(uri).header("Content-Type", TAXII)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
        return status(readResource(r, "POST", uri, 202), "POST", uri);
    }

    @Override
    public Status status(URI apiRoot, String statusId) throws TaxiiException {
        URI uri = apiRoot.resolve("status/" + encode(statusId) + "/");
        return status(getResource(uri), "GET", uri);
    }

    @Override
    public void close() {
        http.close();
    }

    /**
     * The §3.7 envelope posted: each object's canonical bytes as they are, and the provenance,
     * handling and signatures members when there is any entry for them.
     */
    static byte[] envelopeBytes(Outgoing envelope) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024 + envelope.objects().size() * 1024);
        out.writeBytes("{\"objects\":[".getBytes(StandardCharsets.US_ASCII));
        boolean first = true;
        for (StixObject o : envelope.objects()) {
            if (!first) out.write(',');
            first = false;
            out.writeBytes(o.canonical());
        }
        out.write(']');
        if (!envelope.provenance().isEmpty()) {
            out.writeBytes((",\"" + ProvenanceClaim.MEMBER + "\":[").getBytes(StandardCharsets.US_ASCII));
            first = true;
            for (ProvenanceClaim c : envelope.provenance()) {
                if (!first) out.write(',');
                first = false;
                out.writeBytes(c.toJson().toString().getBytes(StandardCharsets.UTF_8));
            }
            out.write(']');
        }
        if (!envelope.handling().isEmpty()) {
            out.writeBytes((",\"" + HandlingClaim.MEMBER + "\":[").getBytes(StandardCharsets.US_ASCII));
            first = true;
            for (HandlingClaim c : envelope.handling()) {
                if (!first) out.write(',');
                first = false;
                out.writeBytes(c.toJson().toString().getBytes(StandardCharsets.UTF_8));
            }
            out.write(']');
        }
        if (!envelope.signatures().isEmpty()) {
            out.writeBytes((",\"" + SignatureClaim.MEMBER + "\":[").getBytes(StandardCharsets.US_ASCII));
            first = true;
            for (SignatureClaim c : envelope.signatures()) {
                if (!first) out.write(',');
                first = false;
                out.writeBytes(c.toJson().toString().getBytes(StandardCharsets.UTF_8));
            }
            out.write(']');
        }
        out.write('}');
        return out.toByteArray();
    }

    private static Status status(JsonNode s, String method, URI uri) throws TaxiiException {
        if (!s.path("id").isTextual() || !s.path("status").isTextual()) throw malformed(method, uri, "not a status resource (id, status)");
        return new Status(s.get("id").textValue(), s.get("status").textValue().equals("complete"), s.path("total_count").asInt(0),
                details(s.path("successes")), details(s.path("failures")), details(s.path("pendings")));
    }

    private static List<Detail> details(JsonNode a) {
        List<Detail> out = new ArrayList<>();
        for (JsonNode d : a) {
            out.add(new Detail(d.path("id").asText(""), d.path("version").asText(""),
                    d.path("message").isTextual() ? d.get("message").textValue() : null));
        }
        return out;
    }

    // ---- HTTP

    private static URI objectsUri(URI apiRoot, String collectionId) {
        return apiRoot.resolve("collections/" + encode(collectionId) + "/objects/");
    }

    private JsonNode getResource(URI uri) throws TaxiiException {
        return readResource(send("GET", uri, HttpRequest.newBuilder(uri).GET()), "GET", uri, 200);
    }

    private HttpResponse<InputStream> send(String method, URI uri, HttpRequest.Builder b) throws TaxiiException {
        String scheme = lower(uri.getScheme());
        if (!"https".equals(scheme) && !("http".equals(scheme) && allowHttp)) {
            throw new TaxiiException(TaxiiException.Kind.REFUSED, uri, 0, method + " " + uri + ": only HTTPS is allowed"
                    + ("http".equals(scheme) ? " (plain HTTP needs an explicit allow: feed add --allow-http)" : ""));
        }
        b.header("Accept", TAXII).timeout(limits.requestTimeout());
        if (authorization != null) b.header("Authorization", authorization);
        try {
            // the request timeout covers the wait for the headers; the body has as long again, then is cut
            return http.send(b.build(), info -> HttpResponse.BodySubscribers.mapping(HttpResponse.BodySubscribers.ofInputStream(),
                    in -> Deadlined.of(in, limits.requestTimeout())));
        } catch (HttpTimeoutException e) {
            throw new TaxiiException(TaxiiException.Kind.UNREACHABLE, uri, 0, method + " " + uri + ": no answer within "
                    + limits.requestTimeout().toSeconds() + " s", e);
        } catch (SSLHandshakeException e) {
            throw new TaxiiException(TaxiiException.Kind.UNREACHABLE, uri, 0, method + " " + uri + ": TLS handshake failed: " + rootMessage(e), e);
        } catch (IOException e) {
            throw new TaxiiException(TaxiiException.Kind.UNREACHABLE, uri, 0, method + " " + uri + ": " + network(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TaxiiException(TaxiiException.Kind.UNREACHABLE, uri, 0, method + " " + uri + ": interrupted", e);
        }
    }

    private JsonNode readResource(HttpResponse<InputStream> r, String method, URI uri, int expected) throws TaxiiException {
        try (InputStream body = r.body()) {
            expect(r, method, uri, expected);
            byte[] bytes = body.readNBytes(limits.maxResourceBytes() + 1);
            if (bytes.length > limits.maxResourceBytes()) {
                throw malformed(method, uri, "the answer is larger than " + limits.maxResourceBytes() + " bytes");
            }
            JsonNode json;
            try {
                json = JSON.readTree(bytes);
            } catch (JsonProcessingException e) {
                throw malformed(method, uri, "the answer is not JSON: " + e.getOriginalMessage());
            }
            if (json == null || !json.isObject()) throw malformed(method, uri, "the answer is not a JSON object");
            return json;
        } catch (IOException e) {
            throw unreadable(method, uri, e);
        }
    }

    /** Checks status and media type; on an error status, reads a little of the body for the message. */
    private static void expect(HttpResponse<InputStream> r, String method, URI uri, int expected) throws IOException, TaxiiException {
        int status = r.statusCode();
        if (status != expected && !(expected == 202 && status == 200)) {
            byte[] start = r.body().readNBytes(4096);
            String why = errorText(start);
            TaxiiException.Kind kind = status >= 500 || status == 429 ? TaxiiException.Kind.SERVER_ERROR : TaxiiException.Kind.REFUSED;
            String hint = switch (status) {
                case 401 -> " (credentials missing or refused)";
                case 403 -> " (these credentials may not do that)";
                case 404 -> " (no such endpoint or collection, or not visible to these credentials)";
                case 301, 302, 303, 307, 308 -> " (redirected to " + r.headers().firstValue("Location").map(HttpTaxiiClient::clip).orElse("?")
                        + "; give the final URL: redirects are not followed)";
                case 413 -> " (the body exceeds the server's max_content_length)";
                default -> "";
            };
            throw new TaxiiException(kind, uri, status, method + " " + uri + " answered " + status + hint + (why.isEmpty() ? "" : ": " + why));
        }
        String type = r.headers().firstValue("Content-Type").orElse("");
        String t = type.toLowerCase(Locale.ROOT);
        if (!t.startsWith("application/taxii+json") && !t.startsWith("application/json") && !t.startsWith("application/stix+json")) {
            throw malformed(method, uri, "the answer is " + (type.isEmpty() ? "without a Content-Type" : clip(type)) + ", not " + TAXII);
        }
    }

    /** A TAXII error resource's title and description, or the start of the body. */
    private static String errorText(byte[] start) {
        try {
            JsonNode e = JSON.readTree(start);
            if (e != null && e.isObject() && (e.has("title") || e.has("description"))) {
                return clip(e.path("title").asText("") + (e.has("description") ? ": " + e.path("description").asText("") : ""));
            }
        } catch (IOException ignored) {
            // not JSON (or cut short): show the text
        }
        return clip(new String(start, StandardCharsets.UTF_8).strip());
    }

    // ---- envelopes, read as a stream

    private record Envelope(List<JsonNode> objects, boolean more, String next, JsonNode provenance, JsonNode handling,
                            JsonNode signatures) {}

    private static Envelope readEnvelope(BoundedInputStream in, String method, URI uri) throws TaxiiException {
        List<JsonNode> objects = new ArrayList<>();
        boolean more = false;
        String next = null;
        JsonNode provenance = null, handling = null, signatures = null;
        try (JsonParser p = JSON.createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) throw malformed(method, uri, "the answer is not a TAXII envelope (a JSON object)");
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                switch (field) {
                    case "objects" -> {
                        if (t != JsonToken.START_ARRAY) throw malformed(method, uri, "\"objects\" is not an array");
                        while (p.nextToken() != JsonToken.END_ARRAY) objects.add(JSON.readTree(p));
                    }
                    case "more" -> {
                        if (!t.isBoolean()) throw malformed(method, uri, "\"more\" is not true or false");
                        more = p.getBooleanValue();
                    }
                    case "next" -> {
                        if (t != JsonToken.VALUE_STRING) throw malformed(method, uri, "\"next\" is not a string");
                        next = p.getText();
                        if (next.length() > 4096) throw malformed(method, uri, "\"next\" is longer than 4096 characters");
                    }
                    case ProvenanceClaim.MEMBER -> provenance = JSON.readTree(p);
                    case HandlingClaim.MEMBER -> handling = JSON.readTree(p);
                    case SignatureClaim.MEMBER -> signatures = JSON.readTree(p);
                    default -> p.skipChildren();
                }
            }
        } catch (JsonProcessingException e) {
            if (in.exceeded()) throw malformed(method, uri, "the page is larger than " + in.max() + " bytes; ask for fewer objects per page");
            throw malformed(method, uri, "the page is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            if (in.exceeded()) throw malformed(method, uri, "the page is larger than " + in.max() + " bytes; ask for fewer objects per page");
            throw unreadable(method, uri, e);
        }
        return new Envelope(objects, more, next, provenance, handling, signatures);
    }


    // ---- small helpers

    private static TaxiiException malformed(String method, URI uri, String what) {
        return new TaxiiException(TaxiiException.Kind.MALFORMED, uri, 200, method + " " + uri + ": " + what);
    }

    /**
     * A response body that must be read within {@code within} of its headers: a partner that
     * trickles its answer (or stops sending without closing) has the stream closed under it, and
     * the reader gets an IOException saying so rather than waiting forever.
     */
    private static final class Deadlined extends FilterInputStream {
        private static final ScheduledExecutorService CUTTER =
                Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("concord-taxii-deadline").factory());
        private final Duration within;
        private final ScheduledFuture<?> cut;
        private volatile boolean expired;

        private Deadlined(InputStream in, Duration within) {
            super(in);
            this.within = within;
            this.cut = CUTTER.schedule(this::expire, within.toMillis(), TimeUnit.MILLISECONDS);
        }

        static InputStream of(InputStream in, Duration within) {
            return new Deadlined(in, within);
        }

        private void expire() {
            expired = true;
            try {
                in.close();
            } catch (IOException ignored) {
                // closing it is the point
            }
        }

        private IOException why(IOException e) {
            return expired ? new IOException("the answer did not arrive within " + within.toSeconds() + " s of its headers") : e;
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                throw why(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (IOException e) {
                throw why(e);
            }
        }

        @Override
        public void close() throws IOException {
            cut.cancel(false);
            super.close();
        }
    }

    private static TaxiiException unreadable(String method, URI uri, IOException e) {
        return new TaxiiException(TaxiiException.Kind.UNREACHABLE, uri, 0, method + " " + uri + ": the answer was cut short: "
                + (closed(e) ? "the connection was closed before its end" : rootMessage(e)), e);
    }

    /** Whether {@code e} says the other side closed the connection (an end of stream where bytes were due). */
    private static boolean closed(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.io.EOFException || t instanceof java.nio.channels.ClosedChannelException) return true;
        }
        return false;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** What a failed exchange means, in words: refused, closed, or the underlying message (never "null"). */
    static String network(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.net.ConnectException) return "cannot connect (connection refused: is the server up?)";
            if (t instanceof java.net.UnknownHostException) return "unknown host " + t.getMessage();
            if (t instanceof java.nio.channels.ClosedChannelException || t instanceof java.io.EOFException) {
                return "the connection was closed before an answer (is the server up?)";
            }
        }
        return rootMessage(e);
    }

    static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) t = t.getCause();
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    private static String clip(String s) {
        return s.length() > 500 ? s.substring(0, 500) + "…" : s;
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }

    private static int port(URI u) {
        if (u.getPort() >= 0) return u.getPort();
        return "https".equals(lower(u.getScheme())) ? 443 : 80;
    }

    @Override
    public String toString() { // never the credentials
        return "HttpTaxiiClient[" + (authorization == null ? "no credentials" : authorization.substring(0, authorization.indexOf(' '))) + "]";
    }
}
