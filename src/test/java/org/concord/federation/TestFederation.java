package org.concord.federation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.concord.config.ConfigFile;
import org.concord.integrity.MerkleLog;
import org.concord.node.Node;
import org.concord.node.NodeConfig;
import org.concord.partner.Partners;
import org.concord.policy.AuditQuery;
import org.concord.policy.Disclosure;
import org.concord.runtime.NodeRuntime;
import org.concord.runtime.NodeServices;
import org.concord.runtime.Role;
import org.concord.runtime.Roles;
import org.concord.stix.StixObject;
import org.concord.stix.Tlp;
import org.concord.store.ObjectFilter;
import org.concord.store.Page;
import org.concord.store.StoreConfig;
import org.concord.store.StoredVersion;
import org.concord.store.VersionMatch;
import org.concord.taxii.Permissions;
import org.concord.taxii.Principal;

/**
 * Several real nodes on loopback for multi-node tests (sync, faults, benchmarks): each is
 * initialised in its own folder as {@code concord init} does, serves TAXII over real TLS on
 * 127.0.0.1 as {@code concord serve --roles api} runs it ({@link NodeRuntime}; sync too once
 * {@link Member#startSync} is called), and keeps its port across restarts so peers' pins and URLs hold.
 *
 * <pre>{@code
 * try (TestFederation f = new TestFederation(tmp)) {
 *     TestFederation.Member a = f.node("cert-ee", "EE"), b = f.node("cert-lv", "LV");
 *     f.link(a, b);                                   // pinned both ways, push on, pull off
 *     a.agree(TestFederation.outbound("cert-lv", true), TestFederation.inbound("cert-lv", true));
 *     b.agree(TestFederation.outbound("cert-ee", true), TestFederation.inbound("cert-ee", true));
 *     f.start();                                      // every node serving
 *     StixObject x = a.put(indicator);
 *     a.sync();                                       // one round with every party (concord sync)
 *     assertThat(b.version(x)).isPresent();
 * }
 * }</pre>
 */
public final class TestFederation implements AutoCloseable {
    public static final ObjectMapper JSON = new ObjectMapper();

    private final Path root;
    private final List<Member> members = new ArrayList<>();

    public TestFederation(Path root) {
        this.root = root;
    }

    /** A new node on the embedded store, not yet serving. */
    public Member node(String name, String country) {
        return node(name, country, null);
    }

    /** A new node on {@code postgres} (null: the embedded store), not yet serving. */
    public Member node(String name, String country, StoreConfig.Postgres postgres) {
        Path dir = root.resolve(name);
        NodeConfig.StoreSettings store = postgres == null ? new NodeConfig.StoreSettings.Embedded("concord.db")
                : new NodeConfig.StoreSettings.Postgres(postgres.jdbcUrl(), postgres.user(), null);
        try (Node n = Node.init(dir, new Node.Setup(name, name, country, List.of(), store, Tlp.AMBER), InstantSource.system(),
                MerkleLog.writer())) {
            // generous limits: tests and benchmarks post and read in bursts
            ConfigFile.edit(dir.resolve(NodeConfig.FILE),
                    config -> config.putObject("taxii").putObject("rate_limit").put("per_second", 100_000).put("burst", 100_000));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Member m = new Member(dir, name, freePort());
        members.add(m);
        return m;
    }

    /** Pins {@code a} and {@code b} to each other: push on, pull off on both sides. */
    public void link(Member a, Member b) {
        link(a, b, PeerFlags.DEFAULT, PeerFlags.DEFAULT);
    }

    /** Pins {@code a} and {@code b} to each other with the ways each syncs with the other. */
    public void link(Member a, Member b, PeerFlags atA, PeerFlags atB) {
        a.pin(b, atA);
        b.pin(a, atB);
    }

    /** The node named {@code name}. */
    public Member member(String name) {
        return members.stream().filter(m -> m.name.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no node " + name));
    }

    /** Starts every node that is not serving. */
    public void start() {
        for (Member m : members) if (!m.serving()) m.start();
    }

    @Override
    public void close() {
        for (Member m : members) m.close();
    }

    /** An outbound agreement to {@code partner}: every collection and type, CLEAR to AMBER. */
    public static ObjectNode outbound(String partner, boolean mayReshare) {
        return agreement(partner, "outbound", mayReshare);
    }

    /** An inbound agreement from {@code partner}: every collection and type, CLEAR to AMBER. */
    public static ObjectNode inbound(String partner, boolean mayReshare) {
        return agreement(partner, "inbound", mayReshare);
    }

    private static ObjectNode agreement(String partner, String direction, boolean mayReshare) {
        ObjectNode a = JSON.createObjectNode().put("partner", partner).put("direction", direction);
        a.putArray("collections").add("*");
        a.putArray("tlp").add("clear").add("green").add("amber");
        a.putArray("types").add("*");
        a.put("may_reshare", mayReshare);
        return a;
    }

    /** Waits up to 30 s for {@code condition} (sync running in the background); false if it never held. */
    public static boolean eventually(BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) return true;
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return condition.getAsBoolean();
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One node of the federation: its folder, its runtime while open, its roles while running. */
    public static final class Member implements AutoCloseable {
        public final Path dir;
        public final String name;
        public final int port;
        private NodeRuntime runtime;
        private volatile InstantSource clock = InstantSource.system();
        /** Hears every request the node serves (its log line: who, method, path, status), after the request log. */
        public volatile java.util.function.Consumer<String> onRequest = line -> {};

        Member(Path dir, String name, int port) {
            this.dir = dir;
            this.name = name;
            this.port = port;
        }

        /** Its API root: {@code https://127.0.0.1:PORT/NAME/}. */
        public URI apiRoot() {
            return URI.create("https://127.0.0.1:" + port + "/" + name + "/");
        }

        public String tlsFingerprint() {
            return org.concord.node.NodeTls.load(dir).fingerprint();
        }

        /** Its services, opening the node if closed (running nothing). */
        public NodeServices services() {
            return runtime().services();
        }

        private synchronized NodeRuntime runtime() {
            if (runtime == null) runtime = NodeRuntime.open(dir, clock);
            return runtime;
        }

        public Node node() {
            return services().node();
        }

        /** The clock the node runs on from its next (re)opening (a skewed one for clock-skew tests). */
        public Member clock(InstantSource clock) {
            this.clock = clock;
            boolean wasServing = serving();
            closeServices();
            if (wasServing) start();
            return this;
        }

        /** Pins {@code other} as {@code peer add} does (it may read intelligence), with these sync flags. */
        public void pin(Member other, PeerFlags flags) {
            pin(other, flags, other.apiRoot());
        }

        /** Pins {@code other}, reached at {@code url} (through a proxy, say), with these sync flags. */
        public void pin(Member other, PeerFlags flags, URI url) {
            NodeServices s = services();
            s.taxii().partners().remove(other.name);
            s.taxii().partners().add(new Partners.Partner(other.name, other.tlsFingerprint(), Instant.now(), url.toString()));
            s.taxii().rights().set(Principal.partnerKey(other.name),
                    new Permissions(java.util.Set.of(node().collectionId(Node.INTELLIGENCE)), java.util.Set.of()));
            s.syncDatabase().ledger().setPeerFlags(other.name, flags);
        }

        /** Replaces the node's agreements in node.json; a serving node restarts to read them. */
        public void agree(ObjectNode... agreements) {
            editAgreements(agreements);
            boolean wasServing = serving();
            closeServices();
            if (wasServing) start();
        }

        /** Replaces the node's agreements in node.json as an operator would, the node left running. */
        public void editAgreements(ObjectNode... agreements) {
            try {
                ConfigFile.edit(dir.resolve(NodeConfig.FILE), config -> {
                    ArrayNode a = config.putArray("agreements");
                    for (ObjectNode x : agreements) a.add(x);
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Sets the {@code sync} section of node.json (read when the services open). */
        public void syncSettings(ObjectNode sync) {
            try {
                ConfigFile.edit(dir.resolve(NodeConfig.FILE), config -> config.set("sync", sync));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            closeServices();
        }

        public synchronized boolean serving() {
            return runtime != null && runtime.roles().has(Role.API);
        }

        /** Serves TAXII (with peers' pushes) on its port: the {@code api} role. */
        public synchronized Member start() {
            org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger("org.concord.taxii.requests." + name);
            runtime().start(Roles.of(Role.API), NodeRuntime.Listener.loopback(port).requestLog(line -> {
                log.info(line);
                onRequest.accept(line);
            }));
            return this;
        }

        /** Runs sync continuously too, as serve does: the {@code sync} role. */
        public synchronized Member startSync() {
            runtime().start(Roles.of(Role.SYNC));
            return this;
        }

        /** Stops serving (and syncing); the store stays open. */
        public synchronized void stop() {
            if (runtime != null) runtime.stop(Roles.ALL);
        }

        /** Stops and closes everything, as a process that exits. */
        public synchronized void closeServices() {
            if (runtime != null) runtime.close();
            runtime = null;
        }

        /** Closes everything and serves again from the folder. */
        public void restart() {
            closeServices();
            start();
        }

        /** Stores {@code object} in the intelligence collection as this node's own. */
        public StixObject put(ObjectNode object) {
            return put(Node.INTELLIGENCE, object);
        }

        public StixObject put(String alias, ObjectNode object) {
            StixObject o = StixObject.of(object);
            node().store().write(node().collectionId(alias), List.of(o));
            return o;
        }

        /** One round with every party, as concord sync runs it. */
        public List<Report> sync() {
            return services().sync().roundAll();
        }

        /** One round with the party named {@code party} only (a peer's name, or feed:NAME). */
        public List<Report> syncWith(String party) {
            Sync sync = services().sync();
            return sync.round(sync.party(party).orElseThrow(() -> new IllegalArgumentException("no party " + party + " at " + name)));
        }

        /** The stored version of {@code o} (same id and version), with its origin, if this node has it. */
        public Optional<StoredVersion> version(StixObject o) {
            Page p = node().store().objects(node().collectionId(Node.INTELLIGENCE),
                    new ObjectFilter(null, List.of(o.id()), List.of(), VersionMatch.ALL, List.of(), 100));
            return p.items().stream().filter(v -> java.util.Objects.equals(v.object().version(), o.version())).findFirst();
        }

        /** Every entry of a collection, every version, in date_added order. */
        public List<StoredVersion> entries(String alias) {
            List<StoredVersion> out = new ArrayList<>();
            ObjectFilter f = new ObjectFilter(null, List.of(), List.of(), VersionMatch.ALL, List.of(), ObjectFilter.MAX_LIMIT);
            Page p;
            do {
                p = node().store().objects(node().collectionId(alias), f);
                out.addAll(p.items());
                if (!p.items().isEmpty()) f = f.after(p.items().getLast().dateAdded());
            } while (p.more());
            return out;
        }

        /** This node's disclosure decisions for {@code partner}. */
        public List<Disclosure> audit(String partner) {
            return services().audit().log().find(AuditQuery.all().partner(partner).limit(AuditQuery.MAX_LIMIT));
        }

        public SyncLedger ledger() {
            return services().syncDatabase().ledger();
        }

        @Override
        public void close() {
            closeServices();
        }

        @Override
        public String toString() {
            return "Member[" + name + " at " + apiRoot() + "]";
        }
    }
}
