package org.concord.fanout;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.concord.Backoff;
import org.concord.Time;
import org.concord.stix.StixObject;
import org.concord.stix.Tlp;
import org.concord.store.StoredVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the events of a {@link Feed} to webhook endpoints, each endpoint in order, at least
 * once: for the alert feed, every alert version that changes its alert's meaning
 * ({@link AlertFeed#changesMeaning}) to every endpoint that takes it; for the cases feed, each
 * escalation notice to the duty endpoints of its level ({@link Escalations}). What goes where, under
 * which queue and with which body is the dispatcher's {@link Routing}.
 *
 * <p>Each endpoint has its own lane (a virtual thread) and its own durable queue: the feed after the
 * queue's cursor ({@link WebhookDatabase}). The lane takes the next version, skips it if the
 * endpoint does not take it ({@link Routing#event}), else POSTs it ({@link WebhookClient}) until
 * the endpoint acknowledges it with a 2xx; only then does the cursor move. A 4xx other than 408 and
 * 429 gives the delivery up (recorded, the queue moves on); anything else (5xx, 408, 429, no
 * answer) is tried again after an exponential backoff with jitter, honouring {@code Retry-After},
 * until the endpoint's {@code give_up_after}. A process that stops or dies between a POST and its
 * acknowledgement being recorded sends the same delivery again — with the same
 * {@code X-Concord-Delivery} id ({@link #deliveryId}), by which receivers recognise it.
 *
 * <p>Where several node processes share one database, one at a time delivers to an endpoint: the
 * lane holds a lease on it, renewed as it goes.
 */
public final class WebhookDispatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WebhookDispatcher.class);
    private static final String HOST = hostName();

    /**
     * Retry timing: {@code retry} is the backoff between attempts ({@link Backoff}: the first retry
     * after {@code first}, doubling up to {@code max}, each delay drawn between its half and itself,
     * so that endpoints recovering together are not all hit at once). {@code lease} is how long a
     * process's claim on an endpoint lasts without renewal.
     */
    public record Timing(Backoff retry, Duration lease) {
        public Timing {
            Objects.requireNonNull(retry, "retry");
            if (lease.compareTo(Duration.ofMillis(300)) < 0) throw new IllegalArgumentException("lease too short: " + lease);
        }

        /** Retries after {@code first} doubling up to {@code max}; a claim lasting {@code lease}. */
        public Timing(Duration first, Duration max, Duration lease) {
            this(new Backoff(first, max), lease);
        }

        /** 1 s doubling to 5 min; a lease of 60 s. */
        public static Timing defaults() {
            return new Timing(Duration.ofSeconds(1), Duration.ofMinutes(5), Duration.ofSeconds(60));
        }
    }

    /**
     * What a dispatcher sends to whom: the queue each endpoint's cursor and lease are kept under,
     * which versions of the feed go to it as which event, and the body POSTed.
     */
    public interface Routing {
        /** The name of {@code hook}'s queue in {@link WebhookDatabase} (its cursor, lease and deliveries given up). */
        String queue(Webhook hook);

        /**
         * The event {@code v} is for {@code hook} ({@code X-Concord-Event}), or null when the endpoint
         * does not take it (skipped). {@code level} is the version's effective TLP.
         */
        String event(Webhook hook, StoredVersion v, Tlp level);

        /** What is POSTed for {@code v}: the same bytes on every attempt. */
        byte[] body(StoredVersion v);
    }

    /**
     * The alert routing: each endpoint's queue is its name; an alert version goes to an endpoint
     * that takes it ({@link Webhook#takes}) when it changes its alert's meaning; the body is the
     * alert's canonical JSON.
     */
    public static Routing alerts(Feed feed) {
        return new Routing() {
            @Override
            public String queue(Webhook hook) {
                return hook.name();
            }

            @Override
            public String event(Webhook hook, StoredVersion v, Tlp level) {
                if (!hook.takes(AlertSummary.of(v.object()), level)) return null; // the cheap test first
                return feed.event(v); // one event per change of meaning
            }

            @Override
            public byte[] body(StoredVersion v) {
                return v.object().canonical();
            }
        };
    }

    private final List<Webhook> hooks;
    private final Feed feed;
    private final Routing routing;
    private final WebhookDatabase db;
    private final String node;
    private final Tlp defaultTlp;
    private final Time clock;
    private final Timing timing;
    private final Duration poll;
    /** {@code host/pid/random}: this dispatcher, as the lease names it. */
    private final String owner = HOST + "/" + ProcessHandle.current().pid() + "/" + UUID.randomUUID().toString().substring(0, 8);
    private final List<Thread> lanes = new ArrayList<>();
    private final List<WebhookClient> clients = new ArrayList<>();
    private volatile boolean closed;

    /**
     * Delivers the alerts of {@code feed} ({@link #alerts}).
     *
     * @param node       this node's name (sent as {@code X-Concord-Node})
     * @param defaultTlp the TLP level of an alert that carries none
     * @param poll       how often an idle lane looks at the feed even without a wake-up
     */
    public WebhookDispatcher(List<Webhook> hooks, AlertFeed feed, WebhookDatabase db, String node, Tlp defaultTlp,
                             InstantSource clock, Timing timing, Duration poll) {
        this(hooks, feed, alerts(feed), db, node, defaultTlp, clock, timing, poll);
    }

    /**
     * Delivers the events of {@code feed} as {@code routing} says.
     *
     * @param node       this node's name (sent as {@code X-Concord-Node})
     * @param defaultTlp the TLP level of a version that carries none
     * @param poll       how often an idle lane looks at the feed even without a wake-up
     */
    public WebhookDispatcher(List<Webhook> hooks, Feed feed, Routing routing, WebhookDatabase db, String node, Tlp defaultTlp,
                             InstantSource clock, Timing timing, Duration poll) {
        this.hooks = List.copyOf(hooks);
        this.feed = Objects.requireNonNull(feed, "feed");
        this.routing = Objects.requireNonNull(routing, "routing");
        this.db = Objects.requireNonNull(db, "db");
        this.node = Objects.requireNonNull(node, "node");
        this.defaultTlp = Objects.requireNonNull(defaultTlp, "defaultTlp");
        this.clock = Time.of(clock); // its instants, and the lanes' waits
        this.timing = Objects.requireNonNull(timing, "timing");
        this.poll = Objects.requireNonNull(poll, "poll");
    }

    /**
     * The id of the delivery of {@code object} (an alert version, an escalation notice) to
     * {@code endpoint}: the same for every attempt and after restarts (a name-based UUID of endpoint,
     * object id and version), so receivers drop repeats.
     */
    public static String deliveryId(String endpoint, StixObject object) {
        return UUID.nameUUIDFromBytes(("concord-webhook\n" + endpoint + "\n" + object.id() + "\n" + object.versionKey())
                .getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName().replace('/', '_');
        } catch (java.io.IOException e) {
            return "localhost";
        }
    }

    /**
     * Starts one lane per endpoint. A queue seen for the first time starts at the end of the feed,
     * as it is when this is called: what is added from then on is delivered.
     */
    public synchronized WebhookDispatcher start() {
        if (!lanes.isEmpty() || closed) return this;
        for (Webhook hook : hooks) {
            try {
                db.begin(routing.queue(hook), feed.end()); // now, not when the lane first runs: nothing written meanwhile is missed
            } catch (RuntimeException e) {
                LOG.warn("{}: could not open its queue yet ({}); its lane retries", hook, e.getMessage());
            }
        }
        for (Webhook hook : hooks) {
            WebhookClient client = new WebhookClient(hook, node, clock);
            clients.add(client);
            Lane lane = new Lane(hook, client);
            lanes.add(Thread.ofVirtual().name("concord-webhook-" + routing.queue(hook)).start(lane::run));
        }
        return this;
    }

    /** Stops every lane; a delivery in flight is abandoned and sent again (same id) after the next start. */
    @Override
    public void close() {
        closed = true;
        List<Thread> running;
        synchronized (this) {
            running = List.copyOf(lanes);
        }
        running.forEach(Thread::interrupt);
        for (Thread t : running) {
            try {
                t.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        synchronized (this) {
            clients.forEach(WebhookClient::close);
        }
    }

    /** One endpoint's delivery loop. */
    private final class Lane {
        private final Webhook hook;
        private final String queue;
        private final WebhookClient client;
        /** At least three attempts long, so that a claim renewed before an attempt outlasts it. */
        private final Duration lease;

        Lane(Webhook hook, WebhookClient client) {
            this.hook = hook;
            this.queue = routing.queue(hook);
            this.client = client;
            Duration attempts = hook.timeout().multipliedBy(3);
            this.lease = timing.lease().compareTo(attempts) >= 0 ? timing.lease() : attempts;
        }

        void run() {
            boolean claimed = false;
            try {
                boolean begun = false;
                Instant renewAt = Instant.MIN;
                while (!closed) {
                    try {
                        if (!begun) {
                            takeOverFromTheDead(db.begin(queue, feed.end()));
                            begun = true;
                        }
                        Instant now = clock.instant();
                        if (!claimed || !now.isBefore(renewAt)) { // renewed a third into the lease: no write on every turn
                            claimed = db.claim(queue, owner, now, lease);
                            renewAt = now.plus(lease.dividedBy(3));
                        }
                        if (!claimed) {
                            clock.sleep(lease.dividedBy(3)); // another process delivers; take over if it stops
                            continue;
                        }
                        step();
                    } catch (InterruptedException e) {
                        return;
                    } catch (RuntimeException e) {
                        if (closed) return;
                        LOG.warn("{}: {}; trying again in {}", hook, e.getMessage(), poll);
                        clock.sleep(poll);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.error("{}: the delivery lane stopped: {}", hook, e.getMessage(), e);
            } finally {
                if (claimed) release();
            }
        }

        /** One turn: wait for a retry time or new versions, or settle the next version. */
        private void step() throws InterruptedException {
            Duration renewWithin = lease.dividedBy(3);
            WebhookDatabase.EndpointState state = db.state(queue).orElseThrow();
            Instant now = clock.instant();
            if (state.nextAttempt() != null && now.isBefore(state.nextAttempt())) {
                Duration wait = Duration.between(now, state.nextAttempt());
                clock.sleep(wait.compareTo(renewWithin) < 0 ? wait : renewWithin);
                return;
            }
            long seen = feed.changes();
            List<StoredVersion> next = feed.after(state.after(), 1);
            if (next.isEmpty()) {
                feed.await(seen, poll.compareTo(renewWithin) < 0 ? poll : renewWithin);
                return;
            }
            StoredVersion v = next.getFirst();
            String event = routing.event(hook, v, v.effectiveTlp(defaultTlp));
            if (event == null) {
                db.skipped(queue, owner, v.dateAdded());
                return;
            }
            deliver(state, v, event);
        }

        private void deliver(WebhookDatabase.EndpointState state, StoredVersion v, String event) throws InterruptedException {
            StixObject object = v.object();
            String id = deliveryId(hook.name(), object);
            WebhookClient.Answer answer = client.post(id, event, routing.body(v));
            Instant now = clock.instant();
            String version = object.version() == null ? "" : object.version();
            if (answer.acknowledged()) {
                db.delivered(queue, owner, v.dateAdded(), now);
            } else if (answer.refused()) {
                LOG.warn("{}: gave up delivery {} of {} @ {}: {}", hook, id, object.id(), version, answer.error());
                db.gaveUp(queue, owner, new WebhookDatabase.GivenUp(0, queue, id, object.id(), version, v.dateAdded(),
                        now, state.attempts() + 1, answer.status(), answer.error() + ": the endpoint refused it"));
            } else if (state.firstFailure() != null && !now.isBefore(state.firstFailure().plus(hook.giveUpAfter()))) {
                LOG.warn("{}: gave up delivery {} of {} @ {} after {} attempts: {}", hook, id, object.id(), version,
                        state.attempts() + 1, answer.error());
                db.gaveUp(queue, owner, new WebhookDatabase.GivenUp(0, queue, id, object.id(), version, v.dateAdded(),
                        now, state.attempts() + 1, answer.status() < 0 ? null : answer.status(),
                        answer.error() + ": still failing after " + hook.giveUpAfter().toHours() + " h"));
            } else {
                Duration delay = timing.retry().delay(state.attempts() + 1, ThreadLocalRandom.current());
                if (answer.retryAfter().isPresent()) {
                    Duration asked = answer.retryAfter().get();
                    Duration ceiling = Duration.ofHours(1);
                    delay = asked.compareTo(delay) > 0 ? (asked.compareTo(ceiling) > 0 ? ceiling : asked) : delay;
                }
                if (state.attempts() == 0) LOG.info("{}: delivery {} failed ({}); retrying with backoff", hook, id, answer.error());
                db.failed(queue, owner, answer.error(), now, now.plus(delay));
            }
        }

        /** A process of this host that held the endpoint and is gone (killed, crashed) need not be waited for. */
        private void takeOverFromTheDead(WebhookDatabase.EndpointState state) {
            String holder = state.owner();
            if (holder == null || holder.equals(owner)) return;
            String[] parts = holder.split("/");
            if (parts.length != 3 || !parts[0].equals(HOST) || !parts[1].matches("[0-9]{1,19}")) return;
            long pid = Long.parseLong(parts[1]);
            if (pid == ProcessHandle.current().pid() || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) return;
            if (db.takeOver(queue, holder, owner, clock.instant(), lease)) {
                LOG.info("{}: took over from {}, which stopped without letting go", hook, holder);
            }
        }

        private void release() {
            try {
                db.release(queue, owner);
            } catch (RuntimeException e) {
                LOG.warn("{}: could not release the endpoint's lease: {}", hook, e.getMessage());
            }
        }
    }
}
