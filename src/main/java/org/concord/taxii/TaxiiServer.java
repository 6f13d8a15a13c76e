package org.concord.taxii;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;
import org.concord.ConcordException;
import org.concord.ErrorCode;
import org.concord.Time;
import org.concord.fanout.AlertFeed;
import org.concord.fanout.Feed;
import org.concord.fanout.FanOutConfig;
import org.concord.node.NodeTls;
import org.concord.partner.PartnerEgress;
import org.concord.partner.PartnerInbox;
import org.concord.stix.StixTimestamp;
import org.concord.stix.TlpDefinitions;
import org.concord.store.CanonicalPage;
import org.concord.store.CollectionInfo;
import org.concord.store.ObjectFilter;
import org.concord.store.Page;
import org.concord.store.Store;
import org.concord.store.StoredVersion;
import org.concord.store.VersionMatch;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's TAXII 2.1 server: Javalin on Jetty 12 with instance routing; each handler parses the
 * request, asks {@link TaxiiService}, and writes the resource.
 *
 * <p>Every endpoint but discovery needs a credential: a partner's client certificate whose key is
 * pinned (mutual TLS, requested but not required), or {@code Authorization: Bearer <token>} (HTTP
 * Basic with the token as password is accepted too, §8.2.2 asks servers to support Basic). Then a
 * per-credential rate limit, then content negotiation (406), then the endpoint.
 *
 * <p>Every request is logged (who, method, path, status, duration) to {@code requestLog}; never a
 * query string, token or Authorization header.
 *
 * <p>Beside the TAXII endpoints, the node's transparency log under {@code {api root}concord/log/}
 * ({@link LogRoutes}, docs/integrity.md), the alert stream at {@code {api root}concord/alerts/stream}
 * ({@link StreamRoutes}, docs/warning.md) when {@link #alertStream} gives it a feed, the response
 * stream at {@code {api root}concord/response/stream} when {@link #responseStream} does, and coordinated
 * response's cases and requests under {@code {api root}concord/cases} and {@code …/requests}
 * ({@link ResponseRoutes}, docs/response.md) when {@link #responseApi} gives it the service.
 */
public final class TaxiiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TaxiiServer.class);
    private static final String PRINCIPAL = "concord.principal";
    private static final String BODY_READ = "concord.bodyRead";
    private static final String CLIENT_CERT = "jakarta.servlet.request.X509Certificate";
    private static final String WWW_AUTHENTICATE = "Bearer realm=\"concord\", Basic realm=\"concord\"";

    private final TaxiiConfig config;
    private final NodeTls tls;
    private final Access access;
    private final TaxiiService service;
    private final Consumer<String> requestLog;
    private final RateLimiter limiter;
    private final Semaphore posts;
    private final String root;
    private final LogRoutes log;
    private final PartnerInbox inbox;
    private final PartnerEgress egress;
    private volatile StreamRoutes alerts;
    private volatile StreamRoutes response;
    private ResponseRoutes cases;
    private Javalin app;
    private JettyTransport transport;

    /**
     * @param tls        the node's TLS identity; null only with {@link TaxiiConfig#plainHttp()}
     * @param validator  checks each posted object (the node passes {@code StixValidator})
     * @param requestLog receives one line per request
     */
    public TaxiiServer(TaxiiConfig config, NodeTls tls, Store store, Access access, Statuses statuses,
                       ObjectValidator validator, InstantSource clock, Consumer<String> requestLog) {
        this(config, tls, store, access, statuses, validator, clock, requestLog, null, PartnerEgress.NOTHING);
    }

    /**
     * A server that also publishes the node's transparency log under {@code {api root}concord/log/}
     * ({@link LogRoutes}); {@code log} null publishes none (those endpoints answer 404). Partner
     * nodes read only what {@code egress} releases to them.
     */
    public TaxiiServer(TaxiiConfig config, NodeTls tls, Store store, Access access, Statuses statuses,
                       ObjectValidator validator, InstantSource clock, Consumer<String> requestLog,
                       org.concord.integrity.PublishedLog log, PartnerEgress egress) {
        this(config, tls, store, access, statuses, validator, clock, requestLog, log, egress, PartnerInbox.NONE);
    }

    /**
     * As above; objects a pinned partner posts go to {@code inbox} (the federation's receive path),
     * into the collections it accepts from that partner.
     */
    public TaxiiServer(TaxiiConfig config, NodeTls tls, Store store, Access access, Statuses statuses,
                       ObjectValidator validator, InstantSource clock, Consumer<String> requestLog,
                       org.concord.integrity.PublishedLog log, PartnerEgress egress, PartnerInbox inbox) {
        this.inbox = Objects.requireNonNull(inbox, "inbox");
        this.log = new LogRoutes(log, Objects.requireNonNull(egress, "egress"));
        this.config = Objects.requireNonNull(config, "config");
        if (tls == null && !config.plainHttp()) throw new IllegalArgumentException("HTTPS needs the node's TLS identity");
        this.tls = tls;
        this.access = access;
        this.service = new TaxiiService(store, statuses, validator, clock, java.time.Duration.ofSeconds(2), egress);
        this.egress = egress;
        this.alerts = StreamRoutes.alerts(service, egress, null, FanOutConfig.defaults());
        this.response = StreamRoutes.response(service, egress, null, FanOutConfig.defaults());
        this.cases = new ResponseRoutes(service, null, config.maxContentLength());
        this.requestLog = requestLog;
        this.limiter = new RateLimiter(config.ratePerSecond(), config.rateBurst(), Time.of(clock)::nanoTime);
        this.posts = new Semaphore(config.maxConcurrentPosts(), true);
        this.root = "/" + config.apiRoot() + "/";
    }

    /** A request log line sink that writes to the {@code org.concord.taxii.requests} logger. */
    public static Consumer<String> slf4jRequestLog() {
        Logger log = LoggerFactory.getLogger("org.concord.taxii.requests");
        return log::info;
    }

    /**
     * Serves the alerts of {@code feed} as a server-sent-events stream at
     * {@code {api root}concord/alerts/stream} ({@link StreamRoutes}). Call before {@link #start()}.
     *
     * @throws IllegalArgumentException when the heartbeat is not shorter than the idle timeout (idle
     *         streams would be closed between heartbeats)
     */
    public synchronized TaxiiServer alertStream(AlertFeed feed, FanOutConfig settings) {
        if (app != null) throw new IllegalStateException("alertStream must be set before start()");
        if (settings.heartbeat().compareTo(config.idleTimeout()) >= 0) {
            throw new IllegalArgumentException("fanout.heartbeat_seconds (" + settings.heartbeat().toSeconds()
                    + ") must be shorter than taxii.idle_timeout_seconds (" + config.idleTimeout().toSeconds() + ")");
        }
        this.alerts = StreamRoutes.alerts(service, egress, java.util.Objects.requireNonNull(feed, "feed"), settings);
        return this;
    }

    /**
     * Serves the events of {@code feed} (the {@code cases} collection's, {@code fanout.ResponseEvents#stream})
     * to members as a server-sent-events stream at {@code {api root}concord/response/stream}
     * ({@link StreamRoutes}). Call before {@link #start()}.
     *
     * @throws IllegalArgumentException when the heartbeat is not shorter than the idle timeout
     */
    public synchronized TaxiiServer responseStream(Feed feed, FanOutConfig settings) {
        if (app != null) throw new IllegalStateException("responseStream must be set before start()");
        if (settings.heartbeat().compareTo(config.idleTimeout()) >= 0) {
            throw new IllegalArgumentException("fanout.heartbeat_seconds (" + settings.heartbeat().toSeconds()
                    + ") must be shorter than taxii.idle_timeout_seconds (" + config.idleTimeout().toSeconds() + ")");
        }
        this.response = StreamRoutes.response(service, egress, java.util.Objects.requireNonNull(feed, "feed"), settings);
        return this;
    }

    /**
     * Serves coordinated response (cases and requests) as JSON under {@code {api root}concord/}
     * ({@link ResponseRoutes}, docs/response.md) over {@code api}. Call before {@link #start()};
     * without it those routes answer 404.
     */
    public synchronized TaxiiServer responseApi(org.concord.response.ResponseApi api) {
        if (app != null) throw new IllegalStateException("responseApi must be set before start()");
        this.cases = new ResponseRoutes(service, Objects.requireNonNull(api, "api"), config.maxContentLength());
        return this;
    }

    /** Alert streams open now. */
    public int alertStreams() {
        return alerts.open();
    }

    /**
     * Starts listening.
     *
     * @throws ConcordException IN_USE when another program listens on the port, FORBIDDEN or
     *         INVALID_CONFIGURATION when the port or address cannot be listened on ({@link #checkListenable})
     */
    public synchronized TaxiiServer start() {
        transport = new JettyTransport(config, tls);
        app = Javalin.create(cfg -> {
            transport.configure(cfg);
            cfg.http.prefer405over404 = true;
            cfg.jetty.modifyServer(server -> server.setErrorHandler(new JettyErrors()));
            cfg.requestLogger.http((ctx, ms) -> logRequest(ctx, ms));
            routes(cfg.routes);
        });
        try {
            app.start();
        } catch (RuntimeException e) {
            try {
                app.stop();
            } catch (RuntimeException stopping) {
                e.addSuppressed(stopping);
            }
            app = null;
            IOException cause = ioCause(e);
            if (cause != null) throw listenFailure(config.bind(), config.port(), cause);
            throw e;
        }
        LOG.info("TAXII 2.1 server listening on {}", baseUri());
        return this;
    }

    /**
     * Checks, before anything is started, that this process can listen on {@code bind:port} now
     * (port 0, any free one, always can).
     *
     * @throws ConcordException IN_USE when another program listens there; FORBIDDEN for a port
     *         this process may not open (below 1024); INVALID_CONFIGURATION for an address that is
     *         not one of this machine's
     */
    public static void checkListenable(String bind, int port) {
        if (port == 0) return;
        try (java.net.ServerSocket s = new java.net.ServerSocket()) {
            s.setReuseAddress(true); // as Jetty binds
            s.bind(new java.net.InetSocketAddress(bind, port));
        } catch (IOException e) {
            throw listenFailure(bind, port, e);
        }
    }

    /** Why {@code bind:port} cannot be listened on, in words that say what to change. */
    private static ConcordException listenFailure(String bind, int port, IOException e) {
        String why = e.getMessage() == null ? "" : e.getMessage();
        String where = "port " + port + " on " + bind;
        if (why.contains("already in use")) {
            return new ConcordException(ErrorCode.IN_USE, where + " is in use by another program (another concord serve or"
                    + " demo?): stop it, or choose another port");
        }
        if (why.contains("Permission denied") || why.contains("Access denied")) {
            return new ConcordException(ErrorCode.FORBIDDEN, "this process may not listen on " + where
                    + (port < 1024 ? " (ports below 1024 need privileges): choose a port of 1024 or more" : ""));
        }
        if (why.contains("assign requested address") || why.contains("Unresolved") || e instanceof java.net.UnknownHostException) {
            return new ConcordException(ErrorCode.INVALID_CONFIGURATION, bind + " is not an address of this machine:"
                    + " bind to one of its addresses (127.0.0.1, 0.0.0.0 for all, ...)");
        }
        return new ConcordException(ErrorCode.INTERNAL, "cannot listen on " + where + ": " + why, e);
    }

    /** The innermost I/O failure under {@code e} (a bind failure under Javalin's and Jetty's wrappers), or null. */
    private static IOException ioCause(Throwable e) {
        IOException found = null;
        for (Throwable t = e; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof IOException io) found = io;
        }
        return found;
    }

    /** The port listened on (the chosen one when configured with 0). */
    public int port() {
        return transport.port();
    }

    /** {@code https://host:port} (or http with plain HTTP). */
    public URI baseUri() {
        String host = config.bind().contains(":") && !config.bind().startsWith("[") ? "[" + config.bind() + "]" : config.bind();
        if (host.equals("0.0.0.0") || host.equals("[::]")) host = "localhost";
        return URI.create((config.plainHttp() ? "http" : "https") + "://" + host + ":" + port());
    }

    /** The API root path, e.g. {@code /cert-ee/}. */
    public String apiRootPath() {
        return root;
    }

    @Override
    public synchronized void close() {
        alerts.close(); // streams end, so that stopping does not wait for them
        response.close();
        if (app != null) app.stop();
        app = null;
    }

    // ---- wiring

    private void routes(io.javalin.config.RoutesConfig r) {
        r.before(this::admit);
        r.get("/taxii2/", this::discovery);
        r.get(root, ctx -> send(ctx, 200, Resources.apiRoot(config)));
        r.get(root + "status/{status}/", this::status);
        r.get(root + "collections/", ctx -> send(ctx, 200, Resources.collections(service.collections(permissions(ctx)))));
        r.get(root + "collections/{collection}/", ctx -> send(ctx, 200, Resources.toBytes(
                Resources.collection(service.collection(permissions(ctx), ctx.pathParam("collection"))))));
        r.get(root + "collections/{collection}/manifest/", this::manifest);
        r.get(root + "collections/{collection}/objects/", this::getObjects);
        r.post(root + "collections/{collection}/objects/", this::addObjects);
        r.get(root + "collections/{collection}/objects/{object}/", this::getObject);
        r.delete(root + "collections/{collection}/objects/{object}/", this::deleteObject);
        r.get(root + "collections/{collection}/objects/{object}/versions/", this::versions);
        // Concord's transparency log, beside the TAXII endpoints (docs/integrity.md)
        r.get(root + LogRoutes.PREFIX + "head", ctx -> send(ctx, 200, log.head(ctx)));
        r.get(root + LogRoutes.PREFIX + "key", ctx -> send(ctx, 200, log.key(ctx)));
        r.get(root + LogRoutes.PREFIX + "inclusion", ctx -> send(ctx, 200, log.inclusion(ctx, principal(ctx), permissions(ctx))));
        r.get(root + LogRoutes.PREFIX + "consistency", ctx -> send(ctx, 200, log.consistency(ctx)));
        r.get(root + StreamRoutes.ALERTS, ctx -> alerts.stream(ctx, principal(ctx), permissions(ctx)));
        r.get(root + StreamRoutes.RESPONSE, ctx -> response.stream(ctx, principal(ctx), permissions(ctx)));
        // coordinated response: cases and requests as JSON (docs/response.md)
        cases.register(r, root, new ResponseRoutes.Callers() {
            @Override
            public Principal principal(Context ctx) {
                return TaxiiServer.this.principal(ctx);
            }

            @Override
            public Permissions permissions(Context ctx) {
                return TaxiiServer.this.permissions(ctx);
            }
        });
        // Javalin's own answers for paths and methods no route takes, as TAXII errors too
        for (int status : new int[] {404, 405}) {
            r.error(status, ctx -> {
                String type = ctx.res().getContentType();
                // an answer of a route (TAXII, or the response API's JSON) stands; Javalin's own gets a body
                if (type == null || !(type.startsWith("application/taxii+json") || type.startsWith(ResponseRoutes.JSON_TYPE))) {
                    sendError(ctx, ErrorMapper.status(status, status == 404
                            ? "no such TAXII endpoint (paths end with a slash, e.g. /taxii2/)" : "method not allowed here"));
                }
            });
        }
        r.exception(Exception.class, (e, ctx) -> {
            if (e instanceof HttpResponseException h) {
                sendError(ctx, ErrorMapper.status(h.getStatus(), h.getStatus() == 404
                        ? "no such TAXII endpoint (paths end with a slash, e.g. /taxii2/)" : h.getMessage()));
            } else {
                sendError(ctx, ErrorMapper.render(e, ctx.method().name(), ctx.path()));
            }
        });
    }

    // ---- before every request: who, how often, what they accept

    private void admit(Context ctx) {
        boolean discovery = ctx.path().equals("/taxii2/") || ctx.path().equals("/taxii2");
        Optional<Principal> principal = discovery ? Optional.empty() : authenticate(ctx);
        String bucket = principal.map(p -> p instanceof Principal.Member m ? "token:" + m.tokenId() : p.key())
                .orElse("ip:" + ctx.ip());
        long wait = limiter.acquire(bucket);
        if (wait > 0) {
            throw new HttpProblem(429, "Too many requests", "rate limit of this credential reached; retry in " + wait + " s",
                    Map.of("Retry-After", Long.toString(wait)));
        }
        if (!discovery && principal.isEmpty()) {
            throw new HttpProblem(401, "Authentication required",
                    "send Authorization: Bearer <token> (concord token create), or connect with a pinned partner certificate",
                    Map.of("WWW-Authenticate", WWW_AUTHENTICATE));
        }
        principal.ifPresent(p -> ctx.attribute(PRINCIPAL, p));
        // §3.1: a request whose Accept names no TAXII 2.1 media range gets 406 (the event streams and the response API negotiate their own)
        boolean own = ctx.path().equals(root + StreamRoutes.ALERTS) || ctx.path().equals(root + StreamRoutes.RESPONSE)
                || ctx.path().startsWith(root) && ResponseRoutes.owns(ctx.path().substring(root.length()));
        if (!MediaTypes.acceptable(ctx.header("Accept")) && !own) {
            throw new HttpProblem(406, "Not acceptable", "this server answers " + MediaTypes.TAXII
                    + "; send it in the Accept header");
        }
    }

    private Optional<Principal> authenticate(Context ctx) {
        Object certs = ctx.req().getAttribute(CLIENT_CERT);
        if (certs instanceof X509Certificate[] chain && chain.length > 0) {
            Optional<Principal> partner = access.byCertificate(chain[0]);
            if (partner.isPresent()) return partner;
        }
        String auth = ctx.header("Authorization");
        if (auth == null) return Optional.empty();
        String token = null;
        if (auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            token = auth.substring(7).strip();
        } else if (auth.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(auth.substring(6).strip()), java.nio.charset.StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                token = colon < 0 ? null : decoded.substring(colon + 1);
            } catch (IllegalArgumentException e) {
                token = null;
            }
        }
        if (token == null || token.isEmpty() || token.length() > 512) return Optional.empty();
        return access.byToken(token);
    }

    private Principal principal(Context ctx) {
        Principal p = ctx.attribute(PRINCIPAL);
        if (p == null) throw new ConcordException(ErrorCode.UNAUTHENTICATED, "not authenticated");
        return p;
    }

    /** A partner's rights, and writing into the collections its inbound agreement covers (a peer's push). */
    private Permissions permissions(Context ctx) {
        Principal who = principal(ctx);
        Permissions p = access.permissions(who);
        if (!(who instanceof Principal.Partner partner)) return p;
        java.util.Set<String> write = new java.util.HashSet<>(p.write());
        for (CollectionInfo c : service.all()) if (inbox.accepts(partner.name(), c)) write.add(c.id());
        return write.size() == p.write().size() ? p : new Permissions(p.read(), write);
    }

    // ---- endpoints

    /** §4.1 Server Discovery: the one unauthenticated endpoint. */
    private void discovery(Context ctx) {
        send(ctx, 200, Resources.discovery(config, root));
    }

    /** §4.3 Get Status. */
    private void status(Context ctx) {
        send(ctx, 200, Resources.status(service.status(principal(ctx), ctx.pathParam("status"))));
    }

    /** §5.3 Get Object Manifests. */
    private void manifest(Context ctx) throws IOException {
        CollectionInfo c = service.readable(permissions(ctx), ctx.pathParam("collection"));
        Query q = Query.parse(ctx.queryParamMap(), Query.Fields.ALL);
        String binding = q.binding(c.id(), null);
        writePage(ctx, service.page(principal(ctx), c, q.filter(binding, config.pageSize(), VersionMatch.LAST, null)), binding,
                Resources::manifest);
    }

    /** §5.4 Get Objects. */
    private void getObjects(Context ctx) throws IOException {
        CollectionInfo c = service.readable(permissions(ctx), ctx.pathParam("collection"));
        Query q = Query.parse(ctx.queryParamMap(), Query.Fields.ALL);
        String binding = q.binding(c.id(), null);
        Principal who = principal(ctx);
        ObjectFilter filter = q.filter(binding, config.pageSize(), VersionMatch.LAST, null);
        if (who instanceof Principal.Partner) {
            writePage(ctx, service.page(who, c, filter), binding, Resources::partnerEnvelope);
        } else {
            writeStored(ctx, service.stored(c, filter), binding);
        }
    }

    /** §5.6 Get An Object: 404 when the object (of those versions) is not in the collection. */
    private void getObject(Context ctx) throws IOException {
        CollectionInfo c = service.readable(permissions(ctx), ctx.pathParam("collection"));
        String id = objectId(ctx);
        Query q = Query.parse(ctx.queryParamMap(), Query.Fields.OBJECT);
        String binding = q.binding(c.id(), id);
        ObjectFilter filter = q.filter(binding, config.pageSize(), VersionMatch.LAST, List.of(id));
        Principal who = principal(ctx);
        if (TlpDefinitions.isStandardId(id)) { // the built-in definition, for every reader of the collection
            writePage(ctx, service.tlpDefinition(c, id, filter), binding,
                    who instanceof Principal.Partner ? Resources::partnerEnvelope : Resources::envelope);
        } else if (who instanceof Principal.Partner) {
            TaxiiService.Scanned page = service.page(who, c, filter);
            if (page.page().items().isEmpty() && filter.addedAfter() == null) throw noSuchObject(id, c);
            writePage(ctx, page, binding, Resources::partnerEnvelope);
        } else {
            CanonicalPage page = service.stored(c, filter);
            if (page.items().isEmpty() && filter.addedAfter() == null) throw noSuchObject(id, c);
            writeStored(ctx, page, binding);
        }
    }

    private static ConcordException noSuchObject(String id, CollectionInfo c) {
        return new ConcordException(ErrorCode.NOT_FOUND, "no object " + id + " (of those versions) in collection " + c.id());
    }

    /** §5.8 Get Object Versions. */
    private void versions(Context ctx) throws IOException {
        CollectionInfo c = service.readable(permissions(ctx), ctx.pathParam("collection"));
        String id = objectId(ctx);
        Query q = Query.parse(ctx.queryParamMap(), Query.Fields.VERSIONS);
        String binding = q.binding(c.id(), id) + "\nversions";
        ObjectFilter filter = q.filter(binding, config.pageSize(), VersionMatch.ALL, List.of(id));
        TaxiiService.Scanned page = service.page(principal(ctx), c, filter);
        if (page.page().items().isEmpty() && filter.addedAfter() == null) {
            throw new ConcordException(ErrorCode.NOT_FOUND, "no object " + id + " in collection " + c.id());
        }
        // the versions of the object only (a partner's page may hold companions the policy sent along)
        List<StoredVersion> own = page.page().items().stream().filter(v -> v.object().id().equals(id)).toList();
        writePage(ctx, new TaxiiService.Scanned(new Page(own, page.page().more()), page.last()), binding, Resources::versions);
    }

    /** §5.7 Delete An Object. */
    private void deleteObject(Context ctx) {
        // the rights granted, without what an inbound agreement lets a partner post: a push adds, never deletes
        CollectionInfo c = service.deletable(access.permissions(principal(ctx)), ctx.pathParam("collection"));
        String id = objectId(ctx);
        Query q = Query.parse(ctx.queryParamMap(), Query.Fields.OBJECT);
        service.delete(c, id, q.versions() != null ? q.versions() : VersionMatch.ALL);
        ctx.status(200).contentType(MediaTypes.TAXII);
    }

    /** §5.5 Add Objects: 415 / 413 / 422 on a bad body, else 202 with the status resource. */
    private void addObjects(Context ctx) throws InterruptedException {
        Principal who = principal(ctx);
        CollectionInfo c = service.writable(permissions(ctx), ctx.pathParam("collection"));
        if (!MediaTypes.isTaxiiBody(ctx.header("Content-Type"))) {
            throw new HttpProblem(415, "Unsupported media type", "post a TAXII envelope as " + MediaTypes.TAXII);
        }
        long declared = ctx.req().getContentLengthLong();
        if (declared > config.maxContentLength()) throw EnvelopeReader.tooLarge(config.maxContentLength());
        posts.acquire(); // bounds the memory held by bodies being read
        Statuses.Status status;
        try {
            try {
                ctx.attribute(BODY_READ, Boolean.TRUE);
                if (who instanceof Principal.Partner partner) { // a peer's push: the federation's receive path
                    EnvelopeReader.Read<com.fasterxml.jackson.databind.JsonNode> read = EnvelopeReader.read(ctx.bodyInputStream(),
                            config.maxContentLength(), node -> node,
                            java.util.Set.of(PartnerInbox.PROVENANCE_MEMBER, PartnerInbox.HANDLING_MEMBER, PartnerInbox.SIGNATURES_MEMBER));
                    status = service.addFromPartner(partner, c, inbox.receive(partner.name(), c, read.items(),
                            read.member(PartnerInbox.PROVENANCE_MEMBER), read.member(PartnerInbox.HANDLING_MEMBER),
                            read.member(PartnerInbox.SIGNATURES_MEMBER)));
                } else {
                    status = service.add(who, c, EnvelopeReader.read(ctx.bodyInputStream(), config.maxContentLength(), service::prepare));
                }
            } catch (HttpProblem p) {
                if (p.status == 413) ctx.attribute(BODY_READ, null); // the rest of the body is not read
                throw p;
            }
        } finally {
            posts.release();
        }
        send(ctx, 202, Resources.status(status));
    }

    private static String objectId(Context ctx) {
        String id = ctx.pathParam("object");
        if (!ObjectIds.valid(id)) throw HttpProblem.badRequest("not a STIX identifier (" + ObjectIds.FORM + "): " + Query.clip(id));
        return id;
    }

    // ---- responses

    private interface PageWriter {
        void write(OutputStream out, Page page, String next) throws IOException;
    }

    /** A page with §3.2 X-TAXII-Date-Added-First/Last and §3.4 more/next; written as a stream. */
    private void writePage(Context ctx, TaxiiService.Scanned scanned, String binding, PageWriter writer) throws IOException {
        Page page = scanned.page();
        List<StoredVersion> items = page.items();
        // the dates of entries sent only: a page with none has no headers, as an empty collection (docs/sovereignty.md)
        String next = pageHeaders(ctx, items.isEmpty() || scanned.last() == null ? null : items.getFirst().dateAdded(), scanned.last(),
                page.more(), binding);
        JettyTransport.stream(ctx, -1, out -> writer.write(out, page, next));
    }

    /** A plain TAXII envelope of stored bytes (a member's read), as {@link #writePage}. */
    private void writeStored(Context ctx, CanonicalPage page, String binding) throws IOException {
        List<CanonicalPage.Entry> items = page.items();
        String next = pageHeaders(ctx, items.isEmpty() ? null : items.getFirst().dateAdded(),
                items.isEmpty() ? null : items.getLast().dateAdded(), page.more(), binding);
        Resources.StoredEnvelope envelope = new Resources.StoredEnvelope(page, next);
        JettyTransport.stream(ctx, envelope.length(), envelope::write);
    }

    /** Status, type and the date_added headers of a page; returns its {@code next}, or null for the last page. */
    private static String pageHeaders(Context ctx, Instant first, Instant last, boolean more, String binding) {
        ctx.status(200).contentType(MediaTypes.TAXII);
        if (first != null) {
            ctx.header("X-TAXII-Date-Added-First", StixTimestamp.formatMicros(first));
            ctx.header("X-TAXII-Date-Added-Last", StixTimestamp.formatMicros(last));
        }
        return more && last != null ? PageToken.encode(last, binding) : null;
    }

    private static void send(Context ctx, int status, byte[] body) {
        ctx.status(status).contentType(MediaTypes.TAXII).result(body);
    }

    private static void sendError(Context ctx, ErrorMapper.Rendered e) {
        e.headers().forEach(ctx::header);
        // a refused POST leaves its body unread: close, so the answer is the same whatever was buffered
        if (ctx.method() == io.javalin.http.HandlerType.POST && ctx.attribute(BODY_READ) == null) ctx.header("Connection", "close");
        ctx.status(e.status()).contentType(MediaTypes.TAXII).result(e.body());
    }

    private void logRequest(Context ctx, Float ms) {
        Principal p = ctx.attribute(PRINCIPAL);
        String path = ctx.path();
        if (path.length() > 300) path = path.substring(0, 300) + "…";
        requestLog.accept(String.format("%s %s %s %d %.1fms ip=%s", p == null ? "-" : p.key(), ctx.method().name(),
                path, ctx.statusCode(), ms, ctx.ip()));
    }

    /** Jetty's own rejections (bad URI, header too large, ...) as TAXII errors too. */
    private final class JettyErrors extends ErrorHandler {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            int status = response.getStatus() >= 400 ? response.getStatus() : 400;
            Object cause = request.getAttribute(ERROR_MESSAGE);
            ErrorMapper.Rendered e = ErrorMapper.status(status, cause == null ? "the request was refused" : cause.toString());
            response.getHeaders().put("Content-Type", MediaTypes.TAXII);
            requestLog.accept(String.format("- %s %s %d (refused by the HTTP layer) ip=%s", request.getMethod(),
                    Query.clip(request.getHttpURI().getPath() == null ? "" : request.getHttpURI().getPath()), status,
                    Request.getRemoteAddr(request)));
            response.write(true, ByteBuffer.wrap(e.body()), callback);
            return true;
        }
    }
}
