package org.concord.taxii;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A server-sent-events client over the JDK HttpClient, parsing the stream as the HTML standard's
 * EventSource does (fields {@code id}, {@code event}, {@code data}; a blank line dispatches; lines
 * starting with a colon are comments), and keeping Concord's {@code signature} field, which an
 * EventSource ignores.
 */
final class EventStreamClient implements AutoCloseable {
    record Event(String id, String event, String data, String signature) {}

    final HttpResponse<InputStream> response;
    final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    final AtomicInteger comments = new AtomicInteger();
    private final CountDownLatch ended = new CountDownLatch(1);
    private volatile String lastEventId;

    private EventStreamClient(HttpResponse<InputStream> response) {
        this.response = response;
        if (response.statusCode() == 200) {
            Thread.ofVirtual().name("sse-client").start(this::read);
        } else {
            ended.countDown();
        }
    }

    /** Opens the stream (returns once the answer's head has come). */
    static EventStreamClient open(HttpClient client, URI uri, String token, String lastEventId) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream");
        if (token != null) b.header("Authorization", "Bearer " + token);
        if (lastEventId != null) b.header("Last-Event-ID", lastEventId);
        return new EventStreamClient(client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream()));
    }

    int status() {
        return response.statusCode();
    }

    /** The id of the last event dispatched (what EventSource sends back as Last-Event-ID). */
    String lastEventId() {
        return lastEventId;
    }

    Event next() throws InterruptedException {
        Event e = events.poll(30, TimeUnit.SECONDS);
        if (e == null) throw new AssertionError("no event within 30 s (stream ended: " + (ended.getCount() == 0) + ")");
        return e;
    }

    Event nextWithin(Duration wait) throws InterruptedException {
        return events.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Whether the server ended the stream within {@code wait}. */
    boolean endsWithin(Duration wait) throws InterruptedException {
        return ended.await(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void read() {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String id = null, event = null, signature = null;
            StringBuilder data = null;
            for (String line; (line = in.readLine()) != null; ) {
                if (line.isEmpty()) {
                    if (id != null) lastEventId = id;
                    if (data != null) events.add(new Event(id, event == null ? "message" : event, data.toString(), signature));
                    id = null;
                    event = null;
                    signature = null;
                    data = null;
                } else if (line.startsWith(":")) {
                    comments.incrementAndGet();
                } else {
                    int colon = line.indexOf(':');
                    String field = colon < 0 ? line : line.substring(0, colon);
                    String value = colon < 0 ? "" : line.substring(colon + 1);
                    if (value.startsWith(" ")) value = value.substring(1);
                    switch (field) {
                        case "id" -> id = value;
                        case "event" -> event = value;
                        case "signature" -> signature = value;
                        case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                        default -> { } // retry, unknown fields
                    }
                }
            }
        } catch (IOException e) {
            // closed by us or by the server
        } finally {
            ended.countDown();
        }
    }

    @Override
    public void close() throws IOException {
        response.body().close();
    }
}
