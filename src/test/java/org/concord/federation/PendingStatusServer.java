package org.concord.federation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

/**
 * The one thing the feed and client tests need that the real peers cannot do: a TAXII 2.1 server
 * whose add-objects status is {@code pending} when first answered and {@code complete} when polled
 * (TAXII 2.1 §4.3, §5.5). medallion's memory backend, and Concord's own server, complete every POST
 * before answering. Everything else is tested against medallion itself (MedallionFeedTest,
 * FeedSyncTest, HttpTaxiiClientTest): this is not a model of any server's paging. Plain HTTP on
 * 127.0.0.1, no credentials, one collection.
 */
final class PendingStatusServer implements AutoCloseable {
    static final String TAXII = "application/taxii+json;version=2.1";
    static final String ROOT = "/api1/";
    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final String collection;
    private final Map<String, ObjectNode> statuses = new ConcurrentHashMap<>();

    private PendingStatusServer(HttpServer server, String collection) {
        this.server = server;
        this.collection = collection;
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    }

    static PendingStatusServer start(String collection) throws IOException {
        PendingStatusServer s = new PendingStatusServer(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16), collection);
        s.server.start();
        return s;
    }

    URI apiRoot() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + ROOT);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            String path = x.getRequestURI().getPath();
            if (path.equals(ROOT + "collections/" + collection + "/objects/") && x.getRequestMethod().equals("POST")) {
                JsonNode env;
                try (InputStream in = x.getRequestBody()) {
                    env = JSON.readTree(in);
                }
                ObjectNode status = JSON.createObjectNode().put("id", UUID.randomUUID().toString()).put("status", "pending");
                ArrayNode successes = JSON.createArrayNode();
                for (JsonNode o : env.path("objects")) {
                    successes.addObject().put("id", o.path("id").asText()).put("version", o.path("modified").asText(""));
                }
                status.put("total_count", successes.size()).put("success_count", successes.size()).set("successes", successes);
                status.put("failure_count", 0).put("pending_count", 0);
                statuses.put(status.get("id").asText(), status);
                send(x, 202, status.deepCopy());
            } else if (path.startsWith(ROOT + "status/")) {
                ObjectNode s = statuses.get(path.substring((ROOT + "status/").length()).replace("/", ""));
                if (s == null) {
                    send(x, 404, JSON.createObjectNode().put("title", "Not Found").put("http_status", "404"));
                    return;
                }
                s.put("status", "complete"); // pending when first answered, complete when asked again
                send(x, 200, s);
            } else {
                send(x, 404, JSON.createObjectNode().put("title", "Not Found").put("http_status", "404"));
            }
        }
    }

    private static void send(HttpExchange x, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        x.getResponseHeaders().set("Content-Type", TAXII);
        x.sendResponseHeaders(status, bytes.length);
        x.getResponseBody().write(bytes);
    }
}
