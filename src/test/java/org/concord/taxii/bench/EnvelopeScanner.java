package org.concord.taxii.bench;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * The benchmark client's view of a TAXII envelope, read as the body arrives: {@code more},
 * {@code next} and the exact number of elements of {@code objects}. It follows JSON's structure
 * (strings, escapes, nesting) byte by byte but decodes only the envelope's own members, so the
 * client spends on each object what finding its end costs and no more (the client shares the
 * server's CPUs). A client that uses the objects parses them; that is the client's work, not the
 * server's.
 */
final class EnvelopeScanner implements HttpResponse.BodySubscriber<TaxiiBenchmark.Envelope> {
    private final CompletableFuture<TaxiiBenchmark.Envelope> result = new CompletableFuture<>();
    private Flow.Subscription subscription;
    private final byte[] chunk = new byte[16 * 1024];

    // the scan's state
    private int depth;
    private boolean inString, escaped, expectKey, inObjects;
    private ByteArrayOutputStream text; // a string of the envelope itself (depth 1) being read
    private String key = "";
    private Boolean more;
    private String next;
    private int objects;

    @Override
    public CompletionStage<TaxiiBenchmark.Envelope> getBody() {
        return result;
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        try {
            for (ByteBuffer b : buffers) scan(b);
        } catch (RuntimeException e) {
            subscription.cancel();
            result.completeExceptionally(e);
            return;
        }
        subscription.request(1);
    }

    @Override
    public void onError(Throwable t) {
        result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
        try {
            result.complete(envelope());
        } catch (IllegalStateException e) {
            result.completeExceptionally(e);
        }
    }

    /** What was scanned, once the whole body was. @throws IllegalStateException if that was no whole envelope */
    TaxiiBenchmark.Envelope envelope() {
        if (depth != 0 || more == null) {
            throw new IllegalStateException("not a whole TAXII envelope (depth " + depth + ", more " + more + ")");
        }
        return new TaxiiBenchmark.Envelope(more, next, objects);
    }

    private void scan(ByteBuffer b) {
        while (b.hasRemaining()) {
            int n = Math.min(chunk.length, b.remaining());
            b.get(chunk, 0, n);
            scan(chunk, n);
        }
    }

    /** Scans the next {@code n} bytes of the body. */
    void scan(byte[] bytes, int n) {
        int i = 0;
        while (i < n) {
            if (inString) {
                if (text == null && !escaped) { // inside an object: skip to the next quote or backslash
                    while (i < n && bytes[i] != '"' && bytes[i] != '\\') i++;
                    if (i == n) return;
                }
                byte c = bytes[i++];
                if (text != null && !(c == '"' && !escaped)) text.write(c);
                if (escaped) {
                    escaped = false;
                } else if (c == '\\') {
                    escaped = true;
                } else if (c == '"') {
                    inString = false;
                    if (text != null) endString(text.toString(StandardCharsets.UTF_8));
                }
                continue;
            }
            byte c = bytes[i++];
            switch (c) {
                case '"' -> {
                    inString = true;
                    text = depth == 1 ? new ByteArrayOutputStream() : null;
                }
                case '{', '[' -> {
                    if (depth == 2 && inObjects && c == '{') objects++;
                    if (depth == 1 && c == '[' && key.equals("objects")) inObjects = true;
                    depth++;
                    if (depth == 1) expectKey = true;
                }
                case '}', ']' -> {
                    depth--;
                    if (depth == 1) inObjects = false;
                }
                case ':' -> {
                    if (depth == 1) expectKey = false;
                }
                case ',' -> {
                    if (depth == 1) expectKey = true;
                }
                case 't', 'f' -> {
                    if (depth == 1 && !expectKey && key.equals("more")) more = c == 't';
                }
                default -> { }
            }
        }
    }

    private void endString(String s) {
        if (expectKey) key = s;
        else if (key.equals("next")) next = s;
        text = null;
    }
}
