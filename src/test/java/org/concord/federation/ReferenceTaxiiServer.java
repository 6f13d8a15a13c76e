package org.concord.federation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.concord.node.NodeTls;

/**
 * A third-party TAXII 2.1 server for interop tests, written to behave like the OASIS reference
 * server medallion (memory backend) rather than like Concord: discovery naming absolute API-root
 * URLs, HTTP Basic authentication, its own paging with opaque {@code next} tokens kept in a
 * session table, {@code X-TAXII-Date-Added-First/Last}, statuses that are {@code pending} when
 * first answered and {@code complete} when polled, and date_added with microseconds, one per
 * object. Plain HTTP or HTTPS (a self-signed certificate for 127.0.0.1), on the JDK's
 * {@code com.sun.net.httpserver}, bound to 127.0.0.1 on a free port.
 */
final class ReferenceTaxiiServer implements AutoCloseable {
    static final String TAXII = "application/taxii+json;version=2.1";
    static final String ROOT = "/api1/";
    static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    /** One stored object and when the server added it. */
    record Entry(ObjectNode object, Instant dateAdded) {}

    private final HttpServer server;
    private final String user, password;
    private final Map<String, List<Entry>> collections = new LinkedHashMap<>();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Map<String, ObjectNode> statuses = new ConcurrentHashMap<>();
    private Instant clock = Instant.parse("2026-03-01T10:00:00Z");
    /** Every request's method, path and query, in order. */
    final List<String> requests = new CopyOnWriteArrayList<>();
    /** Get Objects requests answered so far. */
    final AtomicInteger pagesServed = new AtomicInteger();
    /** From the Get Objects request with this ordinal (1-based) on, answer 503; 0: never. */
    volatile int failAtPage;

    private record Session(String collection, List<Entry> remaining, int limit) {}

    private ReferenceTaxiiServer(HttpServer server, String user, String password) {
        this.server = server;
        this.user = user;
        this.password = password;
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    }

    /** Plain HTTP on 127.0.0.1 with Basic credentials {@code user}/{@code password}. */
    static ReferenceTaxiiServer http(String user, String password) throws IOException {
        ReferenceTaxiiServer s = new ReferenceTaxiiServer(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64), user, password);
        s.server.start();
        return s;
    }

    /** HTTPS on 127.0.0.1 with {@code tls} as its certificate. */
    static ReferenceTaxiiServer https(NodeTls tls, String user, String password) throws Exception {
        HttpsServer https = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        char[] pw = "reference".toCharArray();
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(tls.keyStore(pw), pw);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(kmf.getKeyManagers(), null, new SecureRandom());
        https.setHttpsConfigurator(new HttpsConfigurator(ssl));
        ReferenceTaxiiServer s = new ReferenceTaxiiServer(https, user, password);
        s.server.start();
        return s;
    }

    URI discovery() {
        return URI.create(base() + "/taxii2/");
    }

    String base() {
        return (server instanceof HttpsServer ? "https" : "http") + "://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Creates a collection; the server's clock advances 1 ms per object added. */
    synchronized void collection(String id) {
        collections.putIfAbsent(id, new ArrayList<>());
    }

    synchronized void add(String collection, List<ObjectNode> objects) {
        List<Entry> entries = collections.get(collection);
        for (ObjectNode o : objects) {
            clock = clock.plus(1, ChronoUnit.MILLIS);
            entries.add(new Entry(o.deepCopy(), clock));
        }
    }

    synchronized List<Entry> entries(String collection) {
        return List.copyOf(collections.get(collection));
    }

    @Override
    public void close() {
        server.stop(0);
    }

    // ---- requests

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            String path = x.getRequestURI().getPath();
            requests.add(x.getRequestMethod() + " " + path + (x.getRequestURI().getRawQuery() == null ? "" : "?" + x.getRequestURI().getRawQuery()));
            if (!path.equals("/taxii2/") && !authorised(x)) {
                x.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"medallion\"");
                error(x, 401, "Unauthorized", "bad or missing credentials");
                return;
            }
            String accept = x.getRequestHeaders().getFirst("Accept");
            if (accept == null || !accept.contains("application/taxii+json")) {
                error(x, 406, "Not Acceptable", "send Accept: " + TAXII);
                return;
            }
            if (path.equals("/taxii2/")) {
                ObjectNode d = JSON.createObjectNode().put("title", "Reference TAXII server").put("default", base() + ROOT);
                d.putArray("api_roots").add(base() + ROOT);
                send(x, 200, d);
            } else if (path.equals(ROOT)) {
                ObjectNode r = JSON.createObjectNode().put("title", "api1").put("max_content_length", 9_765_625);
                r.putArray("versions").add(TAXII);
                send(x, 200, r);
            } else if (path.equals(ROOT + "collections/")) {
                ObjectNode r = JSON.createObjectNode();
                ArrayNode a = r.putArray("collections");
                synchronized (this) {
                    for (String id : collections.keySet()) {
                        a.addObject().put("id", id).put("title", "collection " + id).put("can_read", true).put("can_write", true)
                                .putArray("media_types").add("application/stix+json;version=2.1");
                    }
                }
                send(x, 200, r);
            } else if (path.startsWith(ROOT + "status/")) {
                String id = path.substring((ROOT + "status/").length()).replace("/", "");
                ObjectNode s = statuses.get(id);
                if (s == null) {
                    error(x, 404, "Not Found", "no status " + id);
                    return;
                }
                s.put("status", "complete"); // pending when first answered, complete when asked again
                send(x, 200, s);
            } else if (path.startsWith(ROOT + "collections/") && path.endsWith("/objects/")) {
                String id = path.substring((ROOT + "collections/").length(), path.length() - "/objects/".length());
                synchronized (this) {
                    if (!collections.containsKey(id)) {
                        error(x, 404, "Not Found", "no collection " + id);
                        return;
                    }
                }
                if (x.getRequestMethod().equals("POST")) post(x, id);
                else objects(x, id);
            } else {
                error(x, 404, "Not Found", "no such endpoint");
            }
        }
    }

    private boolean authorised(HttpExchange x) {
        String auth = x.getRequestHeaders().getFirst("Authorization");
        if (auth == null || !auth.startsWith("Basic ")) return false;
        String decoded = new String(Base64.getDecoder().decode(auth.substring(6)), StandardCharsets.UTF_8);
        return decoded.equals(user + ":" + password);
    }

    /** medallion's paging: the first request takes added_after and limit; later ones name the session by next. */
    private void objects(HttpExchange x, String collection) throws IOException {
        int page = pagesServed.incrementAndGet();
        if (failAtPage > 0 && page >= failAtPage) {
            error(x, 503, "Service Unavailable", "the server is going down");
            return;
        }
        Map<String, String> q = query(x.getRequestURI().getRawQuery());
        Session s;
        if (q.containsKey("next")) {
            s = sessions.remove(q.get("next"));
            if (s == null || !s.collection.equals(collection)) {
                error(x, 400, "Bad Request", "unknown or expired next: " + q.get("next"));
                return;
            }
        } else {
            Instant after = q.containsKey("added_after") ? Instant.parse(q.get("added_after")) : null;
            List<Entry> matching = new ArrayList<>();
            for (Entry e : entries(collection)) if (after == null || e.dateAdded().isAfter(after)) matching.add(e);
            s = new Session(collection, matching, q.containsKey("limit") ? Integer.parseInt(q.get("limit")) : 100);
        }
        List<Entry> now = s.remaining.subList(0, Math.min(s.limit, s.remaining.size()));
        List<Entry> rest = s.remaining.subList(now.size(), s.remaining.size());
        ObjectNode env = JSON.createObjectNode().put("more", !rest.isEmpty());
        if (!rest.isEmpty()) {
            String next = UUID.randomUUID().toString();
            sessions.put(next, new Session(collection, new ArrayList<>(rest), s.limit));
            env.put("next", next);
        }
        if (!now.isEmpty()) {
            ArrayNode a = env.putArray("objects");
            now.forEach(e -> a.add(e.object()));
            x.getResponseHeaders().add("X-TAXII-Date-Added-First", STAMP.format(now.getFirst().dateAdded()));
            x.getResponseHeaders().add("X-TAXII-Date-Added-Last", STAMP.format(now.getLast().dateAdded()));
        }
        send(x, 200, env);
    }

    private void post(HttpExchange x, String collection) throws IOException {
        JsonNode env;
        try (InputStream in = x.getRequestBody()) {
            env = JSON.readTree(in);
        }
        List<ObjectNode> ok = new ArrayList<>();
        ObjectNode status = JSON.createObjectNode().put("id", UUID.randomUUID().toString()).put("status", "pending")
                .put("request_timestamp", STAMP.format(Instant.now()));
        ArrayNode successes = JSON.createArrayNode(), failures = JSON.createArrayNode();
        for (JsonNode o : env.path("objects")) {
            if (o.isObject() && o.path("id").isTextual()) {
                ok.add((ObjectNode) o);
                successes.addObject().put("id", o.get("id").asText()).put("version", o.path("modified").asText(""));
            } else {
                failures.addObject().put("id", "").put("version", "").put("message", "not an object with an id");
            }
        }
        add(collection, ok);
        status.put("total_count", ok.size() + failures.size()).put("success_count", ok.size()).set("successes", successes);
        status.put("failure_count", failures.size()).set("failures", failures);
        status.put("pending_count", 0);
        statuses.put(status.get("id").asText(), status);
        send(x, 202, status.deepCopy());
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new HashMap<>();
        if (raw == null) return q;
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) q.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return q;
    }

    private static void error(HttpExchange x, int status, String title, String description) throws IOException {
        send(x, status, JSON.createObjectNode().put("title", title).put("description", description).put("http_status", String.valueOf(status)));
    }

    private static void send(HttpExchange x, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        x.getResponseHeaders().set("Content-Type", TAXII);
        x.sendResponseHeaders(status, bytes.length);
        x.getResponseBody().write(bytes);
    }
}
