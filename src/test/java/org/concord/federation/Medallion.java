package org.concord.federation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.concord.Peers;
import org.concord.node.NodeTls;

/**
 * The OASIS TAXII 2.1 reference server, medallion, with its memory backend: started from
 * {@code ../shared/peers} in place (its README), plain HTTP on 127.0.0.1 on a port it picks, one
 * API root {@code /api1/} whose collections are seeded from a data file (objects with the
 * {@code date_added} a test chooses) or filled by POSTs. It behaves as medallion does, which is
 * the point: every object of one POST gets one {@code date_added}, one {@code next} token serves a
 * whole result set, a {@code next} must come with the first request's parameters, pages hold at
 * most {@link #PAGE_SIZE} objects. One process per test class: collections are the tests' own.
 */
final class Medallion implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String TAXII = "application/taxii+json;version=2.1";
    /** medallion's {@code max_page_size}: larger limits are served as this. */
    static final int PAGE_SIZE = 100;
    static final String USER = "analyst";
    static final String ROOT = "/api1/";
    private static final Pattern RUNNING = Pattern.compile("Running on (https?)://127\\.0\\.0\\.1:(\\d+)");
    /**
     * medallion's own runner, with Flask's {@code run} given the certificate and key: its server
     * then speaks TLS (medallion's runner has no option for it; nothing of medallion is changed).
     */
    private static final String TLS_RUNNER = """
            import runpy, sys, flask
            cert, key, script = sys.argv[1], sys.argv[2], sys.argv[3]
            plain_run = flask.Flask.run
            def tls_run(self, *args, **kwargs):
                kwargs["ssl_context"] = (cert, key)
                return plain_run(self, *args, **kwargs)
            flask.Flask.run = tls_run
            sys.argv = [script] + sys.argv[4:]
            runpy.run_path(script, run_name="__main__")
            """;

    /** An object seeded into a collection, with the date_added its manifest entry gives it. */
    record Seeded(ObjectNode object, String dateAdded) {}

    final String password = UUID.randomUUID().toString();
    private final Process process;
    private final String scheme;
    private final int port;
    private final Deque<String> output = new ArrayDeque<>();
    private final HttpClient http;

    private Medallion(Path dir, Map<String, List<Seeded>> collections, Map<String, Object> backend, Path tls) {
        Path data = Peers.write(dir.resolve("data.json"), data(collections));
        ObjectNode conf = JSON.createObjectNode();
        ObjectNode b = conf.putObject("backend").put("module_class", "MemoryBackend").put("filename", data.toString());
        backend.forEach((k, v) -> b.set(k, JSON.valueToTree(v)));
        conf.putObject("users").put(USER, password);
        conf.putObject("taxii").put("max_page_size", PAGE_SIZE);
        Path confFile = Peers.write(dir.resolve("medallion.json"), conf.toString());
        HttpClient.Builder client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1);
        if (tls != null) client.sslContext(trusting(NodeTls.certificateFile(tls)));
        http = client.build();
        List<String> args = new ArrayList<>();
        if (tls != null) {
            args.addAll(List.of("-c", TLS_RUNNER, NodeTls.certificateFile(tls).toString(),
                    tls.resolve(NodeTls.FOLDER).resolve(NodeTls.KEY_FILE).toString()));
        }
        args.addAll(List.of(Peers.DIR.resolve("medallion/medallion/scripts/run.py").toString(), "--host", "127.0.0.1",
                "--port", "0", "--no-conf-dir", "--conf-file", confFile.toString()));
        try {
            process = Peers.python(args.toArray(String[]::new)).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("medallion cannot be started", e);
        }
        CompletableFuture<Matcher> started = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("medallion-output").start(() -> drain(started));
        try {
            Matcher m = started.get(60, TimeUnit.SECONDS);
            scheme = m.group(1);
            port = Integer.parseInt(m.group(2));
        } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
            process.destroyForcibly();
            throw new AssertionError("medallion did not start within 60 s; it said:\n" + output(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new AssertionError("interrupted", e);
        }
    }

    /** medallion over plain HTTP serving {@code collections} (id to seeded objects, possibly none). */
    static Medallion start(Path dir, Map<String, List<Seeded>> collections) {
        return new Medallion(dir, collections, Map.of(), null);
    }

    /**
     * medallion over HTTPS with the certificate and key {@link NodeTls#create} made in {@code tls},
     * serving {@code collections}.
     */
    static Medallion startTls(Path dir, Map<String, List<Seeded>> collections, Path tls) {
        return new Medallion(dir, collections, Map.of(), tls);
    }

    private static javax.net.ssl.SSLContext trusting(Path certificate) {
        try {
            javax.net.ssl.TrustManagerFactory tmf = javax.net.ssl.TrustManagerFactory.getInstance(
                    javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(NodeTls.trustStore(NodeTls.readCertificate(certificate)));
            javax.net.ssl.SSLContext ssl = javax.net.ssl.SSLContext.getInstance("TLS");
            ssl.init(null, tmf.getTrustManagers(), null);
            return ssl;
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private void drain(CompletableFuture<Matcher> started) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                synchronized (output) {
                    output.addLast(line);
                    if (output.size() > 200) output.removeFirst();
                }
                Matcher m = RUNNING.matcher(line);
                if (m.find()) started.complete(m);
            }
        } catch (IOException e) {
            // the process ended
        }
        started.completeExceptionally(new IllegalStateException("medallion's output ended: it exited"));
    }

    /** What medallion printed last (its request log and errors). */
    String output() {
        synchronized (output) {
            return String.join("\n", output);
        }
    }

    private static String data(Map<String, List<Seeded>> collections) {
        ObjectNode d = JSON.createObjectNode();
        ObjectNode discovery = d.putObject("/discovery").put("title", "medallion").put("description", "OASIS reference server")
                .put("default", ROOT);
        discovery.putArray("api_roots").add(ROOT);
        ObjectNode root = d.putObject(ROOT.replace("/", ""));
        ObjectNode info = root.putObject("information").put("title", "api1").put("description", "collections for Concord's tests")
                .put("max_content_length", 9_765_625);
        info.putArray("versions").add(TAXII);
        root.putArray("status");
        ArrayNode cs = root.putArray("collections");
        collections.forEach((id, seeded) -> {
            ObjectNode c = cs.addObject().put("id", id).put("title", "collection " + id).put("can_read", true).put("can_write", true);
            c.putArray("media_types").add("application/stix+json;version=2.1");
            ArrayNode objects = c.putArray("objects");
            ArrayNode manifest = c.putArray("manifest");
            for (Seeded s : seeded) {
                objects.add(s.object());
                manifest.addObject().put("id", s.object().get("id").asText()).put("date_added", s.dateAdded())
                        .put("version", s.object().path("modified").asText(s.object().path("created").asText()))
                        .put("media_type", "application/stix+json;version=2.1");
            }
        });
        return d.toString();
    }

    /** The port it serves on, 127.0.0.1. */
    int port() {
        return port;
    }

    URI discovery() {
        return URI.create(scheme + "://127.0.0.1:" + port + "/taxii2/");
    }

    URI apiRoot() {
        return URI.create(scheme + "://127.0.0.1:" + port + ROOT);
    }

    /** Adds {@code objects} to {@code collection} in one POST (so one date_added for all): medallion's status. */
    JsonNode post(String collection, List<ObjectNode> objects) {
        ObjectNode envelope = JSON.createObjectNode();
        envelope.putArray("objects").addAll(objects);
        HttpResponse<String> r = send(HttpRequest.newBuilder(apiRoot().resolve("collections/" + collection + "/objects/"))
                .header("Content-Type", TAXII).POST(HttpRequest.BodyPublishers.ofString(envelope.toString())));
        if (r.statusCode() != 202) throw new AssertionError("medallion answered " + r.statusCode() + ": " + r.body());
        try {
            JsonNode status = JSON.readTree(r.body());
            if (status.path("success_count").asInt() != objects.size()) throw new AssertionError("medallion refused some: " + r.body());
            return status;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every object of {@code collection} as medallion lists them (all versions), id to its date_added, from its manifest. */
    Map<String, String> manifest(String collection) {
        Map<String, String> out = new LinkedHashMap<>();
        String next = null;
        do {
            URI u = URI.create(apiRoot() + "collections/" + collection + "/manifest/?match%5Bversion%5D=all&limit=" + PAGE_SIZE
                    + (next == null ? "" : "&next=" + next));
            HttpResponse<String> r = send(HttpRequest.newBuilder(u).GET());
            JsonNode page;
            try {
                page = JSON.readTree(r.body());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            if (r.statusCode() != 200) throw new AssertionError("medallion answered " + r.statusCode() + ": " + r.body());
            for (JsonNode m : page.path("objects")) out.put(m.get("id").asText() + "@" + m.get("version").asText(), m.get("date_added").asText());
            next = page.path("more").asBoolean() ? page.path("next").asText() : null;
        } while (next != null);
        return out;
    }

    private HttpResponse<String> send(HttpRequest.Builder b) {
        String basic = Base64.getEncoder().encodeToString((USER + ":" + password).getBytes(StandardCharsets.UTF_8));
        try {
            return http.send(b.header("Accept", TAXII).header("Authorization", "Basic " + basic).timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        http.close();
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
