package org.concord.runtime;

import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.concord.ConcordException;
import org.concord.ErrorCode;
import org.concord.Time;
import org.concord.federation.PeerAudits;
import org.concord.federation.PeerInbox;
import org.concord.federation.Receiver;
import org.concord.federation.SignerKeys;
import org.concord.federation.Sync;
import org.concord.federation.SyncConfig;
import org.concord.federation.SyncDatabase;
import org.concord.federation.SyncService;
import org.concord.integrity.MerkleLog;
import org.concord.integrity.OriginSigner;
import org.concord.integrity.PublishedLog;
import org.concord.node.Node;
import org.concord.node.NodeTls;
import org.concord.partner.Audiences;
import org.concord.partner.IngressCheck;
import org.concord.partner.PartnerEgress;
import org.concord.partner.PartnerInbox;
import org.concord.policy.Agreements;
import org.concord.policy.AgreementsFile;
import org.concord.policy.AuditDatabase;
import org.concord.policy.EgressGate;
import org.concord.policy.EgressPolicy;
import org.concord.policy.IngressPolicy;
import org.concord.policy.PolicyEgress;
import org.concord.policy.Provenance;
import org.concord.policy.PseudonymKey;
import org.concord.response.ResponseApi;
import org.concord.response.CaseAudiences;
import org.concord.response.ResponseConfig;
import org.concord.response.ResponseDatabase;
import org.concord.response.ResponseIngressCheck;
import org.concord.response.ResponseService;
import org.concord.stix.StixValidator;
import org.concord.taxii.Access;
import org.concord.taxii.ObjectValidator;
import org.concord.taxii.TaxiiConfig;
import org.concord.taxii.TaxiiDatabase;
import org.concord.taxii.TaxiiServer;

/**
 * A node's parts that do not run by themselves, opened: its folder ({@link Node}: database, store
 * with the transparency log, keys), the TAXII, audit and sync tables on its database, its TLS
 * identity, its agreements (re-read when node.json changes), the egress every partner read and push
 * goes through, the receive path every pull and peer push goes through (the partner inbox), and
 * rounds of sync. What one-shot commands open ({@code concord sync}), and what {@link NodeRuntime}
 * starts its roles on. {@link #open} does the I/O; {@link #server} and {@link #syncService} build,
 * and do not start, the parts that listen or run.
 */
public final class NodeServices implements AutoCloseable {
    private final Node node;
    private final NodeSettings settings;
    private final TaxiiDatabase taxii;
    private final AuditDatabase audit;
    private final SyncDatabase syncDb;
    private final NodeTls identity;
    private final InstantSource clock;
    private final AgreementsFile agreements;
    private final PartnerEgress egress;
    private final Receiver receiver;
    private final PeerInbox inbox;
    private final Sync sync;
    private ResponseService response;

    private NodeServices(Node node, NodeSettings settings, NodeTls identity, PseudonymKey pseudonyms, InstantSource clock) {
        this.node = node;
        this.settings = settings;
        SyncConfig config = settings.sync();
        this.taxii = new TaxiiDatabase(node.database());
        this.audit = new AuditDatabase(node.database());
        this.syncDb = new SyncDatabase(node.database());
        this.clock = clock;
        this.identity = identity;
        this.agreements = new AgreementsFile(settings.file(), settings.agreements(), clock);
        StixValidator validator = new StixValidator();
        // coordinated response's seams (docs/response-design.md §3, §5): who may receive a case's
        // objects, and which transitions a partner may send, both from node.json's response.members
        ResponseConfig response = settings.response();
        Audiences audiences = new CaseAudiences(new ResponseDatabase(node.database()), response);
        IngressCheck ingressCheck = new ResponseIngressCheck(node.store(), memberOf(node, response), clock, response.maxSkew());
        this.egress = egress(node, pseudonyms, agreements, audit, validator, clock, audiences);
        PeerAudits audits = new PeerAudits(taxii.partners(), identity, clock, config.limits().requestTimeout());
        SignerKeys keys = new SignerKeys(node.config().name(), node.keys().publicKey(), taxii.partners(), audits, clock);
        this.receiver = new Receiver(node.config().name(), node.store(), validator, new IngressPolicy(node.config().defaultTlp()),
                agreements, keys, ingressCheck);
        this.inbox = new PeerInbox(receiver, agreements, syncDb.ledger(), clock);
        this.sync = new Sync(node.store(), taxii.partners(), syncDb.ledger(), receiver, egress, audit.log(), agreements, audits, identity,
                config, clock);
    }

    /**
     * Opens the node in {@code dir} (its database; on it, its store with the transparency log,
     * TAXII state, audit log, sync state), configured by its {@code node.json}.
     */
    public static NodeServices open(Path dir, InstantSource clock) {
        return open(dir, NodeSettings.load(dir), clock);
    }

    /**
     * As {@link #open(Path, InstantSource)}, with the node's settings already read from its
     * node.json: opens the node, makes or renews its TLS identity ({@link NodeTls#ensure}) and loads
     * (or makes, at first use) its pseudonym key.
     */
    public static NodeServices open(Path dir, NodeSettings settings, InstantSource clock) {
        Node node = Node.open(dir, settings.node(), clock, MerkleLog.writer());
        try {
            NodeTls identity = NodeTls.ensure(node.dir(), node.config().name(), List.of(), clock);
            PseudonymKey pseudonyms = PseudonymKey.loadOrCreate(node.dir().resolve(PseudonymKey.FILE));
            return new NodeServices(node, settings, identity, pseudonyms, clock);
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
    }

    /**
     * What partner nodes receive, on a TAXII read or a push: the egress policy of their outbound
     * agreement and, for the {@code cases} collection, the {@code audiences}, signed by this node
     * where it signs (docs/federation.md), every decision audited.
     */
    private static PartnerEgress egress(Node n, PseudonymKey pseudonyms, Supplier<Agreements> agreements, AuditDatabase audit,
                                        StixValidator validator, InstantSource clock, Audiences audiences) {
        EgressPolicy policy = new EgressPolicy(n.config().name(), n.config().defaultTlp(), pseudonyms, validator);
        Provenance local = Provenance.local(n.config().name(), n.config().member().country());
        EgressGate gate = new EgressGate(policy, agreements, audit.log(), clock, signer(n)::sign, n.store(), local, audiences);
        return new PolicyEgress(gate, local, n.config().defaultTlp());
    }

    /** What the node signs with: its key, on behalf of its member's identity, each signature kept once. */
    public static OriginSigner signer(Node n) {
        return new OriginSigner(n.keys(), n.config().member().identityId(), n.store().signatures());
    }

    /**
     * The node's TAXII server, not started: the store, the transparency log under
     * {@code concord/log/}, partner reads through the egress, peers' posts through the receive path,
     * every request's log line to {@code requestLog}.
     *
     * @param tls the node's TLS identity; null only with plain HTTP
     */
    TaxiiServer server(TaxiiConfig config, NodeTls tls, Consumer<String> requestLog) {
        Access access = new Access(taxii.tokens(), taxii.rights(), taxii.partners(), clock, Duration.ofSeconds(2));
        return new TaxiiServer(config, tls, node.store(), access, taxii.statuses(), ObjectValidator.of(new StixValidator()), clock,
                requestLog, new PublishedLog(node.store().log(), node.keys(), clock), egress, inbox).responseApi(response());
    }

    /** Sync running continuously as the {@code "sync"} settings say, not started. */
    SyncService syncService() {
        return new SyncService(sync, node.store(), settings.sync(), RandomGenerator.getDefault(), Time.of(clock));
    }

    public Node node() {
        return node;
    }

    /**
     * Coordinated response on this node (what the REST routes, the CLI and the demo call), built at
     * first use on the node's store and database with node.json's {@code response} settings.
     */
    public synchronized ResponseService response() {
        if (response == null) response = ResponseService.of(node, settings.response(), taxii.partners());
        return response;
    }

    /** The member identity of a node: this node's own, or a partner's as node.json's {@code response.members} names it. */
    private static Function<String, Optional<String>> memberOf(Node node, ResponseConfig response) {
        String self = node.config().name(), own = node.config().member().identityId();
        return name -> name.equals(self) ? Optional.of(own)
                : Optional.ofNullable(response.members().get(name)).map(ResponseConfig.MemberEntry::identity);
    }

    /** The node's configuration, as read when it opened (the agreements in force: {@link #agreements}). */
    public NodeSettings settings() {
        return settings;
    }

    public TaxiiDatabase taxii() {
        return taxii;
    }

    public AuditDatabase audit() {
        return audit;
    }

    public SyncDatabase syncDatabase() {
        return syncDb;
    }

    /** Rounds of sync with this node's parties. */
    public Sync sync() {
        return sync;
    }

    public PartnerInbox inbox() {
        return inbox;
    }

    public Agreements agreements() {
        return agreements.get();
    }

    /** This node's TLS identity (its server's key, and its client certificate towards peers). */
    public NodeTls identity() {
        return identity;
    }

    @Override
    public void close() {
        try {
            sync.close();
        } finally {
            node.close();
        }
    }

    @Override
    public String toString() {
        return "NodeServices[" + Objects.toString(node.config().name()) + "]";
    }
}
