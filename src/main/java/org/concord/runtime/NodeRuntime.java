package org.concord.runtime;

import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import org.concord.Time;
import org.concord.fanout.AlertFeed;
import org.concord.fanout.Escalations;
import org.concord.fanout.Feed;
import org.concord.fanout.ResponseEvents;
import org.concord.fanout.WebhookDatabase;
import org.concord.fanout.WebhookDispatcher;
import org.concord.federation.SyncService;
import org.concord.integrity.MerkleLog;
import org.concord.integrity.PreSigner;
import org.concord.node.Node;
import org.concord.node.NodeTls;
import org.concord.response.ResponseConfig;
import org.concord.response.ResponseRole;
import org.concord.taxii.TaxiiConfig;
import org.concord.taxii.TaxiiServer;
import org.concord.warning.Correlator;

/**
 * The one composition root of a node: its parts opened from its folder and its parsed
 * configuration ({@link NodeServices}), and the {@link Role}s it runs, started and stopped in one
 * order. What {@code concord serve} and {@code concord demo} run, and what tests start.
 *
 * <pre>{@code
 * try (NodeRuntime node = NodeRuntime.open(dir, NodeSettings.load(dir), Time.system())
 *         .start(Roles.ALL, NodeRuntime.Listener.of(settings.taxii()))) {
 *     ... node.server().baseUri() ...
 * }   // stops sync, the server, early warning (writing what it holds pending), fan-out; closes the store
 * }</pre>
 *
 * <p>Starting, in this order (docs/architecture.md, "Runtime and roles"): the transparency log
 * catches up with the store (once); {@code warning} opens the correlator (its lists) and starts it;
 * {@code response} publishes its extension definition, catches its read side up and starts its
 * follower and deadline sweep;
 * the pre-signer starts with {@code api} or {@code sync}; the alert feed (and the cases feed, when
 * the node has a {@code cases} collection) with {@code api} or {@code fanout}, and on them the
 * webhook lanes with {@code fanout} (alerts, and escalation notices to the duty webhooks);
 * {@code api} makes or renews the TLS certificate for its address and starts the TAXII server
 * (partners' reads through the egress, peers' pushes through the inbox, the alert and response
 * streams on the feeds); {@code sync} last, once the node answers its peers. Stopping goes the
 * other way: sync (a round in flight ends first), the server, the pre-signer, coordinated response (a sweep in flight finishes), early warning (a last
 * round writes what it holds pending), the webhook lanes, the feeds; {@link #close} then closes the
 * store and the database.
 *
 * <p>{@link #open} does the I/O of opening; nothing runs until {@link #start}, which may be called
 * again with more roles; {@link #stop} stops some and leaves the node open (a test restarting its
 * server, the demo stopping sync everywhere before any node closes).
 */
public final class NodeRuntime implements AutoCloseable {
    private final NodeServices services;
    private final InstantSource clock;
    private Roles running = Roles.NONE;
    private boolean caughtUp;
    private long appended;
    private Correlator warning;
    private ResponseRole response;
    private PreSigner presigner;
    private AlertFeed feed;
    private WebhookDispatcher webhooks;
    private Feed cases;
    private Feed escalationFeed;
    private WebhookDispatcher escalations;
    private NodeTls tls;
    private TaxiiServer server;
    private SyncService sync;

    private NodeRuntime(NodeServices services, InstantSource clock) {
        this.services = services;
        this.clock = clock;
    }

    /**
     * Where and how the {@code api} role listens, within the node's {@code "taxii"} settings.
     *
     * @param plainHttp  HTTP without TLS (loopback only: {@link TaxiiConfig#withListener} refuses another address)
     * @param requestLog where each request's log line goes
     */
    public record Listener(String bind, int port, boolean plainHttp, Consumer<String> requestLog) {
        public Listener {
            Objects.requireNonNull(bind, "bind");
            Objects.requireNonNull(requestLog, "requestLog");
        }

        /** The listener {@code taxii} names (node.json's {@code "server"}, or as overridden), request lines to SLF4J. */
        public static Listener of(TaxiiConfig taxii) {
            return new Listener(taxii.bind(), taxii.port(), taxii.plainHttp(), TaxiiServer.slf4jRequestLog());
        }

        /** HTTPS on 127.0.0.1 at {@code port} (0: any free port), request lines to SLF4J. */
        public static Listener loopback(int port) {
            return new Listener("127.0.0.1", port, false, TaxiiServer.slf4jRequestLog());
        }

        /** This listener with each request's log line going to {@code log} instead. */
        public Listener requestLog(Consumer<String> log) {
            return new Listener(bind, port, plainHttp, log);
        }
    }

    /** Opens the node in {@code dir}, configured by its {@code node.json}; nothing runs yet. */
    public static NodeRuntime open(Path dir, InstantSource clock) {
        return open(dir, NodeSettings.load(dir), clock);
    }

    /**
     * Opens the node in {@code dir} with its settings already parsed: its database, store, keys, TLS
     * identity, agreements ({@link NodeServices#open}); nothing runs yet.
     */
    public static NodeRuntime open(Path dir, NodeSettings settings, InstantSource clock) {
        return new NodeRuntime(NodeServices.open(dir, settings, clock), clock);
    }

    /** Starts {@code roles}, the {@code api} role listening where node.json says ({@link Listener#of}). */
    public NodeRuntime start(Roles roles) {
        return start(roles, Listener.of(services.settings().taxii()));
    }

    /**
     * Starts those of {@code roles} that are not running, in the order the class comment gives;
     * {@code listener} says where {@code api} listens. When one fails to start, those this call
     * started are stopped again and the failure is thrown.
     *
     * @throws org.concord.ConcordException INVALID_CONFIGURATION when the server cannot listen, or the
     *         early warning's lists cannot be read; STORE_FAILURE
     */
    public synchronized NodeRuntime start(Roles roles, Listener listener) {
        Roles starting = roles.without(running);
        if (starting.isEmpty()) return this;
        Node node = services.node();
        try {
            if (!caughtUp) {
                appended = new MerkleLog(node.store().log()).catchUp();
                caughtUp = true;
            }
            if (starting.has(Role.WARNING)) {
                warning = Correlator.open(services.settings().warning(), node.store(), node.config().member(),
                        node.config().defaultTlp(), clock);
                running = running.and(Roles.of(Role.WARNING));
                warning.start();
            }
            if (starting.has(Role.RESPONSE)) {
                response = new ResponseRole(services.response(), node.store(), node.collectionId(Node.CASES),
                        node.config().member().identityId(), services.settings().response(), Time.of(clock));
                running = running.and(Roles.of(Role.RESPONSE));
                response.start();
            }
            if (starting.hasAny(Role.API, Role.SYNC) && presigner == null) {
                presigner = new PreSigner(node.store(), NodeServices.signer(node)).start();
            }
            if (starting.hasAny(Role.API, Role.FANOUT) && feed == null) {
                feed = new AlertFeed(node.store(), node.collectionId(Node.ALERTS), services.settings().fanout().poll(), Time.of(clock)).start();
            }
            Optional<String> casesId = casesCollection();
            if (starting.hasAny(Role.API, Role.FANOUT) && cases == null && casesId.isPresent()) {
                cases = ResponseEvents.stream(node.store(), casesId.get(), services.settings().fanout().poll(), Time.of(clock)).start();
            }
            if (starting.has(Role.FANOUT)) {
                webhooks = new WebhookDispatcher(services.settings().webhooks(), feed, new WebhookDatabase(node.database()),
                        node.config().name(), node.config().defaultTlp(), clock, WebhookDispatcher.Timing.defaults(),
                        services.settings().fanout().poll());
                running = running.and(Roles.of(Role.FANOUT));
                webhooks.start();
                if (casesId.isPresent()) startEscalations(casesId.get());
            }
            if (starting.has(Role.API)) {
                TaxiiConfig config = services.settings().taxii().withListener(listener.bind(), listener.port(), listener.plainHttp());
                tls = config.plainHttp() ? null : NodeTls.ensure(node.dir(), node.config().name(), extraNames(config.bind()), clock);
                server = services.server(config, tls, listener.requestLog()).alertStream(feed, services.settings().fanout());
                if (cases != null) server.responseStream(cases, services.settings().fanout());
                running = running.and(Roles.of(Role.API));
                server.start();
            }
            if (starting.has(Role.SYNC)) {
                sync = services.syncService();
                running = running.and(Roles.of(Role.SYNC));
                sync.start();
            }
        } catch (RuntimeException e) {
            try {
                stop(starting);
            } catch (RuntimeException again) {
                e.addSuppressed(again);
            }
            throw e;
        }
        return this;
    }

    /**
     * Stops those of {@code roles} that run, in the order the class comment gives (sync first, early
     * warning writing what it holds pending); the node stays open and may start them again.
     */
    public synchronized void stop(Roles roles) {
        Roles stopping = roles;
        Roles left = running.without(stopping);
        Failures failures = new Failures();
        if (stopping.has(Role.SYNC) && sync != null) failures.run(sync::close);
        sync = left.has(Role.SYNC) ? sync : null;
        if (stopping.has(Role.API) && server != null) failures.run(server::close);
        server = left.has(Role.API) ? server : null;
        tls = left.has(Role.API) ? tls : null;
        if (!left.hasAny(Role.API, Role.SYNC) && presigner != null) {
            failures.run(presigner::close);
            presigner = null;
        }
        if (stopping.has(Role.RESPONSE) && response != null) failures.run(response::close);
        response = left.has(Role.RESPONSE) ? response : null;
        if (stopping.has(Role.WARNING) && warning != null) failures.run(warning::close);
        warning = left.has(Role.WARNING) ? warning : null;
        if (stopping.has(Role.FANOUT) && webhooks != null) failures.run(webhooks::close);
        webhooks = left.has(Role.FANOUT) ? webhooks : null;
        if (stopping.has(Role.FANOUT) && escalations != null) {
            failures.run(escalations::close);
            failures.run(escalationFeed::close);
        }
        escalations = left.has(Role.FANOUT) ? escalations : null;
        escalationFeed = left.has(Role.FANOUT) ? escalationFeed : null;
        if (!left.hasAny(Role.API, Role.FANOUT) && feed != null) {
            failures.run(feed::close);
            feed = null;
        }
        if (!left.hasAny(Role.API, Role.FANOUT) && cases != null) {
            failures.run(cases::close);
            cases = null;
        }
        running = left;
        failures.rethrow();
    }

    /** Stops every role, then closes the node's store, database and sync clients. */
    @Override
    public synchronized void close() {
        Failures failures = new Failures();
        failures.run(() -> stop(Roles.ALL));
        failures.run(services::close);
        failures.rethrow();
    }

    /** The roles running now. */
    public synchronized Roles roles() {
        return running;
    }

    /** The node's parts (its store, databases, agreements, sync rounds), open whatever runs. */
    public NodeServices services() {
        return services;
    }

    public Node node() {
        return services.node();
    }

    public NodeSettings settings() {
        return services.settings();
    }

    /** How many versions the transparency log lacked and appended at the first start. */
    public synchronized long appended() {
        return appended;
    }

    /**
     * The TAXII server of the {@code api} role.
     *
     * @throws IllegalStateException when {@code api} does not run
     */
    public synchronized TaxiiServer server() {
        return running(Role.API, server);
    }

    /** The TLS identity the server presents; null with plain HTTP. @throws IllegalStateException when {@code api} does not run */
    public synchronized NodeTls tls() {
        running(Role.API, server);
        return tls;
    }

    /**
     * The early warning of the {@code warning} role (report sightings to it, ask for alert ids).
     *
     * @throws IllegalStateException when {@code warning} does not run
     */
    public synchronized Correlator warning() {
        return running(Role.WARNING, warning);
    }

    private <T> T running(Role role, T part) {
        if (part == null) throw new IllegalStateException("the node " + node().config().name() + " does not run the role " + role);
        return part;
    }

    /**
     * The escalation lanes of the {@code fanout} role: notices of the {@code cases} collection to the
     * duty webhooks ({@link Escalations}; a list naming no webhook of node.json fails the start).
     */
    private void startEscalations(String casesId) {
        Node node = services.node();
        ResponseConfig.Duty duty = services.settings().response().duty();
        Escalations routing = Escalations.of(services.settings().webhooks(), duty == null ? List.of() : duty.webhooks(),
                duty == null ? List.of() : duty.secondWebhooks(), Set.of(node.config().member().identityId()));
        escalationFeed = ResponseEvents.escalations(node.store(), casesId, services.settings().fanout().poll(), Time.of(clock)).start();
        escalations = new WebhookDispatcher(routing.endpoints(), escalationFeed, routing, new WebhookDatabase(node.database()),
                node.config().name(), node.config().defaultTlp(), clock, WebhookDispatcher.Timing.defaults(),
                services.settings().fanout().poll()).start();
    }

    /** The id of the node's {@code cases} collection (alias {@code cases}), if it has one. */
    private Optional<String> casesCollection() {
        return services.node().store().collection(Node.CASES).map(c -> c.id());
    }

    /** A non-loopback, non-wildcard bind address goes into the certificate too. */
    static List<String> extraNames(String bind) {
        if (bind.equals("0.0.0.0") || bind.equals("::") || TaxiiConfig.isLoopback(bind)) return List.of();
        return List.of(bind);
    }

    @Override
    public String toString() {
        return "NodeRuntime[" + node().config().name() + " " + roles() + "]";
    }

    /** Runs every step of a stop, keeping the first failure (the others suppressed in it). */
    private static final class Failures {
        private RuntimeException first;

        void run(Runnable step) {
            try {
                step.run();
            } catch (RuntimeException e) {
                if (first == null) first = e;
                else first.addSuppressed(e);
            }
        }

        void rethrow() {
            if (first != null) throw first;
        }
    }
}
