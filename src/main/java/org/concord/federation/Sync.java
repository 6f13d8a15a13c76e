package org.concord.federation;

import java.net.URI;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.concord.ConcordException;
import org.concord.Time;
import org.concord.node.NodeTls;
import org.concord.partner.PartnerEgress;
import org.concord.partner.Partners;
import org.concord.policy.Agreements;
import org.concord.policy.DisclosureLog;
import org.concord.store.CollectionInfo;
import org.concord.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rounds of sync with the node's parties (docs/federation.md): for a peer, push what its outbound
 * agreement releases into its collections of the same alias, and, when pulled from, read its
 * collections after auditing its transparency log; for a feed, pull its collection. Every round
 * records its outcome ({@link SyncLedger#succeeded}/{@link SyncLedger#failed}) and the objects
 * refused on the way; one party's failure never stops another's round.
 *
 * <p>{@code concord sync} runs {@link #roundAll()} once; {@link SyncService} runs rounds
 * continuously. Thread-safe: rounds with different parties may run at once (never two rounds with
 * one party in one direction: {@link SyncService} sees to that).
 */
public final class Sync implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Sync.class);
    /** How long a peer's API root and collections are taken as read. */
    /** Pages of one collection pushed before the next collection's turn. */
    static final int PAGES_PER_TURN = 4;
    static final java.time.Duration CATALOG_FOR = java.time.Duration.ofSeconds(60);

    private final Store store;
    private final Partners partners;
    private final SyncLedger ledger;
    private final Receiver receiver;
    private final Supplier<Agreements> agreements;
    private final PeerAudits audits;
    private final NodeTls identity;
    private final SyncConfig config;
    private final InstantSource clock;
    private final Time time; // the clock's ticker: how old a catalog is
    private final Puller puller;
    private final Pusher pusher;
    private final Map<String, Client> peerClients = new ConcurrentHashMap<>();

    /**
     * @param egress     what a partner may receive: the same as on its TAXII reads
     * @param audit      the disclosure audit log the egress writes (read once, for cursors older than migration V13)
     * @param identity   this node's TLS identity (mutual TLS with peers)
     */
    public Sync(Store store, Partners partners, SyncLedger ledger, Receiver receiver, PartnerEgress egress, DisclosureLog audit,
                Supplier<Agreements> agreements, PeerAudits audits, NodeTls identity, SyncConfig config, InstantSource clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.partners = Objects.requireNonNull(partners, "partners");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.receiver = Objects.requireNonNull(receiver, "receiver");
        this.agreements = Objects.requireNonNull(agreements, "agreements");
        this.audits = Objects.requireNonNull(audits, "audits");
        this.identity = Objects.requireNonNull(identity, "identity");
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.time = Time.of(clock);
        this.puller = new Puller(ledger, receiver::receive, clock, config.pageSize());
        this.pusher = new Pusher(ledger, store, egress, audit, clock, config.pushBatch(), config.statusWait());
    }

    public SyncLedger ledger() {
        return ledger;
    }

    /** Every party: pinned peers with a URL (with their flags), then the feeds. */
    public List<Party> parties() {
        List<Party> out = new ArrayList<>();
        for (Partners.Partner p : partners.pinned()) {
            if (p.url() != null) out.add(new Party.Peer(p, ledger.peerFlags(p.name())));
        }
        for (Feed f : ledger.feeds()) out.add(new Party.FromFeed(f));
        return out;
    }

    /** The party named {@code name}: a peer's name, or {@code feed:NAME} (or a feed's bare name when no peer has it). */
    public Optional<Party> party(String name) {
        for (Party p : parties()) if (p.key().equals(name)) return Optional.of(p);
        return ledger.feed(name).map(Party.FromFeed::new);
    }

    /** One round with every party; one report per party and direction run. */
    public List<Report> roundAll() {
        List<Report> out = new ArrayList<>();
        for (Party p : parties()) out.addAll(round(p));
        return out;
    }

    /** One round with {@code party}: push then pull for a peer (as its flags say), pull for a feed. */
    public List<Report> round(Party party) {
        List<Report> out = new ArrayList<>(2);
        switch (party) {
            case Party.Peer p -> {
                if (p.flags().push()) out.add(push(p));
                if (p.flags().pull()) out.add(pull(p));
            }
            case Party.FromFeed f -> out.add(pull(f));
        }
        return out;
    }

    /** One push round to {@code peer}. */
    public Report push(Party.Peer peer) {
        String name = peer.key();
        if (agreements.get().outbound(name).isEmpty()) {
            return Report.skipped(name, Direction.PUSH, "nothing to push: no outbound agreement with " + name);
        }
        return recorded(name, Direction.PUSH, () -> {
            Client c = client(peer.partner());
            Catalog catalog = c.catalog();
            Pusher.Pushed total = Pusher.Pushed.NONE;
            try {
                Map<CollectionInfo, String> lanes = new LinkedHashMap<>(); // local collection -> the peer's
                for (CollectionInfo mine : store.collections()) {
                    if (mine.alias() == null) continue;
                    catalog.collections.stream().filter(t -> mine.alias().equals(t.alias()) && t.canWrite()).findFirst()
                            .ifPresent(t -> lanes.put(mine, t.id())); // absent: the peer takes nothing from us there
                }
                // Turns of a few pages per collection, round the lanes until all are drained: a backlog
                // in one collection (a bulk import) delays another's new sightings or alerts by a turn only.
                while (!lanes.isEmpty()) {
                    for (Iterator<Map.Entry<CollectionInfo, String>> it = lanes.entrySet().iterator(); it.hasNext(); ) {
                        Map.Entry<CollectionInfo, String> lane = it.next();
                        Pusher.Pushed p = pusher.push(name, c.remote, c.root, lane.getKey(), lane.getValue(),
                                catalog.root.maxContentLength(), PAGES_PER_TURN);
                        total = total.plus(p);
                        if (!p.more()) it.remove();
                    }
                }
            } catch (TaxiiException e) {
                c.forgetCatalog(); // its collections or limits may have changed
                throw e;
            }
            return new Report(name, Direction.PUSH, null, null, 0, 0, 0, total.refused(), total.read(), total.sent(), total.reviewed(),
                    total.withheld());
        });
    }

    /** One pull round from {@code party}. */
    public Report pull(Party party) {
        return switch (party) {
            case Party.Peer p -> pullPeer(p);
            case Party.FromFeed f -> pullFeed(f.feed());
        };
    }

    private Report pullPeer(Party.Peer peer) {
        String name = peer.key();
        if (agreements.get().inbound(name).isEmpty()) {
            return recordedFailure(name, Direction.PULL, "no inbound agreement with " + name + ": nothing it sends would be accepted");
        }
        return recorded(name, Direction.PULL, () -> {
            String problem = PeerAudits.problem(audits.audit(peer.partner()));
            if (problem != null) throw new RoundFailure(name + ": " + problem);
            Client c = client(peer.partner());
            Puller.Pulled total = Puller.Pulled.NONE;
            for (TaxiiRemote.Collection theirs : c.remote.collections(c.root)) {
                if (theirs.alias() == null || !theirs.canRead()) continue;
                Optional<CollectionInfo> mine = store.collection(theirs.alias());
                if (mine.isEmpty() || !theirs.alias().equals(mine.get().alias())) continue;
                total = total.plus(puller.pull(new Receiver.Sender.Peer(name), c.remote, c.root, theirs.id(), mine.get()));
            }
            return pulled(name, total);
        });
    }

    private Report pullFeed(Feed feed) {
        String name = feed.party();
        return recorded(name, Direction.PULL, () -> {
            CollectionInfo into = store.collection(feed.into()).orElseThrow(() -> new RoundFailure(
                    "the local collection " + feed.into() + " does not exist (concord collection list)"));
            try (HttpTaxiiClient remote = HttpTaxiiClient.forFeed(feed, config.limits())) {
                URI root = rootOf(remote, feed);
                return pulled(name, puller.pull(new Receiver.Sender.FromFeed(feed), remote, root, feed.collection(), into));
            }
        });
    }

    /** The API root of the feed's URL that holds its collection. */
    private static URI rootOf(TaxiiRemote remote, Feed feed) throws TaxiiException {
        TaxiiRemote.Discovery d = remote.discover(feed.url());
        List<String> seen = new ArrayList<>();
        for (URI root : d.apiRoots()) {
            for (TaxiiRemote.Collection c : remote.collections(root)) {
                if (c.id().equals(feed.collection())) {
                    if (!c.canRead()) throw new RoundFailure("collection " + c.id() + " at " + root + " may not be read with these credentials");
                    return root;
                }
                seen.add(c.id());
            }
        }
        throw new RoundFailure("no collection " + feed.collection() + " at " + feed.url() + " (collections seen: "
                + (seen.isEmpty() ? "none" : String.join(", ", seen.subList(0, Math.min(10, seen.size())))) + ")");
    }

    private static Report pulled(String party, Puller.Pulled p) {
        return new Report(party, Direction.PULL, null, null, p.received(), p.stored(), p.duplicates(), p.refused(), 0, 0, 0, List.of());
    }

    // ---- outcomes

    private interface RoundWork {
        Report run() throws TaxiiException;
    }

    /** A round that cannot go on, for a reason that is the operator's to fix or the party's. */
    private static final class RoundFailure extends RuntimeException {
        RoundFailure(String message) {
            super(message);
        }
    }

    private Report recorded(String party, Direction direction, RoundWork work) {
        try {
            Report r = work.run();
            ledger.succeeded(party, direction, clock.instant());
            return r;
        } catch (TaxiiException | RoundFailure e) {
            return recordedFailure(party, direction, e.getMessage());
        } catch (ConcordException e) {
            return recordedFailure(party, direction, e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("{} round with {} failed", direction.label(), party, e);
            return recordedFailure(party, direction, "internal error: " + e);
        }
    }

    private Report recordedFailure(String party, Direction direction, String error) {
        if (Thread.currentThread().isInterrupted()) return Report.failed(party, direction, error); // stopping: not the party's failure
        try {
            ledger.failed(party, direction, error, clock.instant());
        } catch (ConcordException e) {
            LOG.warn("cannot record the failed {} round with {}: {}", direction.label(), party, e.getMessage());
        }
        return Report.failed(party, direction, error);
    }

    // ---- peers' clients, kept while their pin and URL stay

    /** What a peer's API root says of itself and its collections, as last read. */
    private record Catalog(TaxiiRemote.ApiRoot root, List<TaxiiRemote.Collection> collections, long readAt) {}

    /** A peer's client, and its catalog kept for {@link #CATALOG_FOR} so that a push round is one post. */
    private final class Client {
        final String pin;
        final URI root;
        final HttpTaxiiClient remote;
        private volatile Catalog catalog;

        Client(String pin, URI root, HttpTaxiiClient remote) {
            this.pin = pin;
            this.root = root;
            this.remote = remote;
        }

        Catalog catalog() throws TaxiiException {
            Catalog c = catalog;
            if (c == null || time.nanoTime() - c.readAt > CATALOG_FOR.toNanos()) {
                c = new Catalog(remote.apiRoot(root), remote.collections(root), time.nanoTime());
                catalog = c;
            }
            return c;
        }

        void forgetCatalog() {
            catalog = null;
        }
    }

    private Client client(Partners.Partner p) {
        URI root = URI.create(p.url());
        Client c = peerClients.get(p.name());
        if (c != null && c.pin.equals(p.fingerprint()) && c.root.equals(root)) return c;
        Client fresh = new Client(p.fingerprint(), root, HttpTaxiiClient.forPeer(new PinnedTls(identity, p.fingerprint()), config.limits()));
        Client old = peerClients.put(p.name(), fresh);
        if (old != null) old.remote.close();
        return fresh;
    }

    @Override
    public void close() {
        peerClients.values().forEach(c -> c.remote.close());
        peerClients.clear();
    }
}
