package org.concord.taxii;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import org.concord.ConcordException;
import org.concord.ErrorCode;
import org.concord.Time;
import org.concord.fanout.AlertFeed;
import org.concord.fanout.Feed;
import org.concord.fanout.FanOutConfig;
import org.concord.partner.PartnerEgress;
import org.concord.stix.StixTimestamp;
import org.concord.store.CollectionInfo;
import org.concord.store.DetachedSignature;
import org.concord.store.StoredVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server-sent-events stream (HTML Living Standard, "Server-sent events") of a {@link Feed} beside
 * the TAXII endpoints. Two exist: the alert stream {@code GET {api root}concord/alerts/stream}
 * (docs/warning.md, "Fan-out") and the response stream {@code GET {api root}concord/response/stream}
 * (escalation notices, cases and requests of the {@code cases} collection; docs/response-design.md
 * §4). Thin: check who may read, then follow the feed from a cursor and write each event.
 *
 * <ul>
 *   <li>Who: the principal must be able to read the feed's collection (else 404 or 403, as for
 *       TAXII). A partner node is served only by a stream that has a partner event (the alert
 *       stream) and receives only what its agreement releases ({@link PartnerEgress}, audited):
 *       TLP:RED never. The response stream is for members (partners get cases over TAXII): 404.</li>
 *   <li>Events: to members, one per version the feed says is an event ({@link Feed#event}: for
 *       alerts, a change of the alert's meaning), named by it in {@code event:}; to a partner, every
 *       version released to it; {@code id:} the version's date_added in the collection (a TAXII
 *       {@code added_after} cursor too), {@code data:} the STIX object's JSON on one line. A
 *       client that reconnects with {@code Last-Event-ID} (or {@code ?added_after=}) resumes after
 *       it exactly; without either, the stream starts with what is added from now on.</li>
 *   <li>Idle streams get a comment line every {@link FanOutConfig#heartbeat()}.</li>
 *   <li>Bounds: at most {@link FanOutConfig#maxStreams()} streams at once and
 *       {@link FanOutConfig#maxStreamsPerClient()} per credential, for each stream (503 with
 *       {@code Retry-After} past them). Nothing is queued per stream: each reads the store after its
 *       own cursor, one page at a time. A consumer that stops reading blocks only its own writes, and
 *       the server's idle timeout ({@code taxii.idle_timeout_seconds}) drops it when a write makes no
 *       progress that long.</li>
 * </ul>
 */
final class StreamRoutes implements AutoCloseable {
    /** The alert stream's path under the API root. */
    static final String ALERTS = "concord/alerts/stream";
    /** The response stream's path under the API root. */
    static final String RESPONSE = "concord/response/stream";
    static final String EVENT_STREAM = "text/event-stream";
    private static final Logger LOG = LoggerFactory.getLogger(StreamRoutes.class);
    private static final int PAGE = 100;
    private static final byte[] HEARTBEAT = ": heartbeat\n\n".getBytes(StandardCharsets.UTF_8);

    private final String what;
    private final String partnerEvent;
    private final TaxiiService service;
    private final PartnerEgress egress;
    private final Feed feed;
    private final FanOutConfig config;
    private final Semaphore slots;
    private final ConcurrentHashMap<String, Integer> perClient = new ConcurrentHashMap<>();
    private final Set<Thread> streams = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /**
     * @param what         the stream in messages, e.g. {@code alert}
     * @param partnerEvent the event a version released to a partner is; null: partners are not served
     * @param feed         null: this server has no such stream (404)
     */
    StreamRoutes(String what, String partnerEvent, TaxiiService service, PartnerEgress egress, Feed feed, FanOutConfig config) {
        this.what = what;
        this.partnerEvent = partnerEvent;
        this.service = service;
        this.egress = egress;
        this.feed = feed;
        this.config = config;
        this.slots = new Semaphore(config.maxStreams());
    }

    /** The alert stream on {@code feed} (null: none). */
    static StreamRoutes alerts(TaxiiService service, PartnerEgress egress, Feed feed, FanOutConfig config) {
        return new StreamRoutes("alert", AlertFeed.EVENT, service, egress, feed, config);
    }

    /** The response stream on {@code feed} (null: none): members only. */
    static StreamRoutes response(TaxiiService service, PartnerEgress egress, Feed feed, FanOutConfig config) {
        return new StreamRoutes("response", null, service, egress, feed, config);
    }

    /** Streams open now. */
    int open() {
        return config.maxStreams() - slots.availablePermits();
    }

    /** {@code GET …/concord/…/stream}: runs until the client goes, the server stops, or a write stalls. */
    void stream(Context ctx, Principal who, Permissions permissions) throws IOException {
        if (feed == null || who instanceof Principal.Partner && partnerEvent == null) throw noStream();
        CollectionInfo collection;
        try {
            collection = service.readable(permissions, feed.collectionId());
        } catch (ConcordException e) {
            // a collection the caller may not see is not named to it: the same answer as no stream at all
            if (e.code() == ErrorCode.NOT_FOUND) throw noStream();
            throw e;
        }
        if (!acceptable(ctx.header("Accept"))) {
            throw new HttpProblem(406, "Not acceptable", "the " + what + " stream answers " + EVENT_STREAM + "; send it in the Accept header");
        }
        Instant cursor = cursor(ctx);
        if (cursor == null) cursor = feed.end();
        if (closed) throw new HttpProblem(503, "Unavailable", "the server is stopping", Map.of("Retry-After", "5"));
        if (!takeSlot(who)) {
            throw new HttpProblem(503, "Too many streams", "at most " + config.maxStreams() + " " + what + " streams, "
                    + config.maxStreamsPerClient() + " per credential, are open at once; retry later",
                    Map.of("Retry-After", "5"));
        }
        Thread self = Thread.currentThread();
        streams.add(self);
        try {
            HttpServletResponse res = ctx.res();
            res.setStatus(200);
            res.setContentType(EVENT_STREAM + ";charset=utf-8");
            res.setHeader("Cache-Control", "no-cache");
            res.setHeader("X-Accel-Buffering", "no");
            OutputStream out = res.getOutputStream();
            out.write(("retry: 5000\n: concord " + what + " stream\n\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            follow(out, who, collection, cursor);
        } catch (IOException e) {
            LOG.debug("{} stream of {} ended: {}", what, who.key(), e.toString()); // the client went, or a write stalled
        } catch (InterruptedException e) {
            LOG.debug("{} stream of {} ended: the server stops", what, who.key());
        } finally {
            streams.remove(self);
            Thread.interrupted(); // the thread goes back to Jetty without our interrupt
            giveSlot(who);
        }
    }

    private ConcordException noStream() {
        return new ConcordException(ErrorCode.NOT_FOUND, "no " + what + " stream under this API root for this credential");
    }

    /** Ends every stream (the server stops). */
    @Override
    public void close() {
        closed = true;
        streams.forEach(Thread::interrupt);
    }

    private void follow(OutputStream out, Principal who, CollectionInfo collection, Instant cursor) throws IOException, InterruptedException {
        long heartbeatNanos = config.heartbeat().toNanos();
        long beatAt = Time.system().nanoTime() + heartbeatNanos;
        while (!closed && !feed.closed()) {
            long seen = feed.changes();
            List<StoredVersion> page;
            try {
                page = feed.after(cursor, PAGE);
                if (!page.isEmpty()) {
                    // a partner's node merges versions: it gets every one its agreement releases; people get
                    // the events (for alerts: one per change of an alert's meaning)
                    List<StoredVersion> send = who instanceof Principal.Partner p ? egress.filter(p.name(), collection, page) : page;
                    for (StoredVersion v : send) {
                        if (!feed.reads(v.object().type())) continue;
                        if (who instanceof Principal.Partner) {
                            out.write(event(v, partnerEvent, v.signature()));
                        } else {
                            String event = feed.event(v);
                            if (event != null) out.write(event(v, event, null));
                        }
                    }
                }
            } catch (ConcordException e) {
                String errorId = UUID.randomUUID().toString();
                LOG.error("{} stream of {} failed (error id {})", what, who.key(), errorId, e);
                out.write((": internal error " + errorId + "; reconnect with Last-Event-ID\n\n").getBytes(StandardCharsets.UTF_8));
                out.flush();
                return;
            }
            if (!page.isEmpty()) {
                cursor = page.getLast().dateAdded();
                out.flush();
                beatAt = Time.system().nanoTime() + heartbeatNanos;
                continue;
            }
            long left = beatAt - Time.system().nanoTime();
            if (left <= 0) {
                out.write(HEARTBEAT);
                out.flush();
                beatAt = Time.system().nanoTime() + heartbeatNanos;
            } else {
                feed.await(seen, Duration.ofNanos(left));
            }
        }
    }

    /**
     * One event named {@code name}: the entry's date_added as id, the object's JSON as data
     * (canonical JSON has no line breaks) and, to a partner, the origin signature that goes beside it
     * as a {@code signature} field (one line of JSON: alg, key_fingerprint, signer, signature;
     * EventSource clients ignore fields they do not know). The data is the object's bytes as stored,
     * never re-signed.
     */
    static byte[] event(StoredVersion v, String name, DetachedSignature signature) {
        byte[] json = v.object().canonical();
        StringBuilder head = new StringBuilder("id: ").append(StixTimestamp.formatMicros(v.dateAdded())).append("\nevent: ")
                .append(name).append('\n');
        if (signature != null) {
            ObjectNode s = Resources.JSON.createObjectNode().put("alg", DetachedSignature.ALGORITHM)
                    .put("key_fingerprint", signature.keyFingerprint()).put("signer", signature.signer())
                    .put("signature", signature.signature());
            head.append("signature: ").append(s).append('\n'); // Jackson escapes line breaks in strings
        }
        byte[] start = head.append("data: ").toString().getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[start.length + json.length + 2];
        System.arraycopy(start, 0, out, 0, start.length);
        System.arraycopy(json, 0, out, start.length, json.length);
        out[out.length - 2] = '\n';
        out[out.length - 1] = '\n';
        return out;
    }

    /** Last-Event-ID, else {@code added_after}; null when neither is given. */
    private static Instant cursor(Context ctx) {
        String last = ctx.header("Last-Event-ID");
        String name = "Last-Event-ID";
        if (last == null || last.isBlank()) {
            List<String> q = ctx.queryParams("added_after");
            if (q.size() > 1) throw HttpProblem.badRequest("added_after is given " + q.size() + " times");
            last = q.isEmpty() ? null : q.getFirst();
            name = "added_after";
        }
        if (last == null || last.isBlank()) return null;
        try {
            return StixTimestamp.parse(last.strip());
        } catch (IllegalArgumentException e) {
            throw HttpProblem.badRequest(name + " must be an event id of this stream (a timestamp such as "
                    + "2026-11-24T05:09:03.123456Z): " + Query.clip(last));
        }
    }

    /** Whether {@code Accept} admits an event stream (a missing header admits anything). */
    static boolean acceptable(String accept) {
        return MediaTypes.admits(accept, EVENT_STREAM);
    }

    private boolean takeSlot(Principal who) {
        if (!slots.tryAcquire()) return false;
        boolean[] ok = {false};
        perClient.compute(who.key(), (k, n) -> {
            int count = n == null ? 0 : n;
            if (count >= config.maxStreamsPerClient()) return n;
            ok[0] = true;
            return count + 1;
        });
        if (!ok[0]) slots.release();
        return ok[0];
    }

    private void giveSlot(Principal who) {
        perClient.computeIfPresent(who.key(), (k, n) -> n <= 1 ? null : n - 1);
        slots.release();
    }
}
