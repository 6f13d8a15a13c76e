package org.concord.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.stream.Stream;
import org.concord.ConcordException;
import org.concord.ErrorCode;
import org.concord.Time;
import org.concord.config.ConfigFile;
import org.concord.federation.PeerFlags;
import org.concord.federation.SyncDatabase;
import org.concord.integrity.MerkleLog;
import org.concord.node.Node;
import org.concord.node.NodeConfig;
import org.concord.node.NodeLock;
import org.concord.node.NodeTls;
import org.concord.partner.Partners;
import org.concord.response.ResponseApi;
import org.concord.runtime.NodeRuntime;
import org.concord.runtime.NodeServices;
import org.concord.runtime.Role;
import org.concord.runtime.Roles;
import org.concord.stix.StixObject;
import org.concord.stix.Tlp;
import org.concord.store.ObjectFilter;
import org.concord.store.Page;
import org.concord.store.StoredVersion;
import org.concord.store.VersionMatch;
import org.concord.taxii.Access;
import org.concord.taxii.Permissions;
import org.concord.taxii.Principal;
import org.concord.taxii.TaxiiDatabase;
import org.concord.taxii.TaxiiServer;
import org.concord.taxii.Tokens;
import org.concord.warning.Correlator;

/**
 * Three real nodes of three fictional members in three countries, each in its own folder under a
 * root, each serving HTTPS TAXII with mutual TLS on its own 127.0.0.1 port, pinned to the other
 * two both ways, with agreements for intelligence, sightings (by country) and alerts, and running
 * what {@code serve} runs ({@link NodeRuntime}, every role). What
 * {@code concord demo} runs, and what the federation's early-warning test and benchmark start.
 *
 * <p>{@link #create} locks the three folders ({@link NodeLock#replace}: refused while another
 * process serves or has one open, before anything is deleted) and writes them (replacing the
 * three it owns, so a re-run starts clean); {@link #start} opens and starts the nodes;
 * {@link #close} stops everything it started and releases the folders.
 */
final class DemoFederation implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** MITRE's copyright statement, which every ATT&CK object carries beside its TLP. */
    static final String ATTACK_MARKING = "marking-definition--fa42a846-8d90-4e51-bc29-71d5b4802168";

    /** A fictional member and its node. */
    record Member(String node, String name, String country, String sector) {}

    /** The three members, in the order the demo introduces them (the first holds ATT&CK). */
    static final List<Member> MEMBERS = List.of(
            new Member("cert-ee", "Virumaa National CERT (fictional)", "EE", "government-national"),
            new Member("isac-fi", "Pohjola Energy ISAC (fictional)", "FI", "energy"),
            new Member("bank-lv", "Daugava Bank SOC (fictional)", "LV", "financial-services"));

    /** How fast the nodes sync and correlate (node.json sections). */
    record Timing(int syncPollSeconds, int warningFlushSeconds, int warningPollSeconds) {
        static final Timing DEMO = new Timing(1, 1, 1);
    }

    private final Path root;
    private final List<Member> members;
    private final int[] ports;
    private final Function<Member, InstantSource> clocks;
    private final List<RunningNode> running = new ArrayList<>();
    /** Members whose node {@link #stop} stopped and {@link #restart} has not started again. */
    private final Set<Member> stopped = new HashSet<>();
    private final List<NodeLock> locks = new ArrayList<>();

    private DemoFederation(Path root, List<Member> members, int[] ports, Function<Member, InstantSource> clocks) {
        this.root = root;
        this.members = members;
        this.ports = ports;
        this.clocks = clocks;
    }

    /**
     * Writes the three nodes' folders under {@code root} (replacing earlier ones of the same names):
     * node, keys and TLS identity, agreements, early-warning and sync settings, pins both ways.
     *
     * @param ports        one 127.0.0.1 port per member
     * @param warninglists the MISP warninglists folder, read in place
     */
    static DemoFederation create(Path root, int[] ports, Path warninglists, Timing timing, InstantSource clock) {
        return create(root, ports, warninglists, timing, m -> clock);
    }

    /** As {@link #create(Path, int[], Path, Timing, InstantSource)}, each node with its own clock (tests: skewed clocks). */
    static DemoFederation create(Path root, int[] ports, Path warninglists, Timing timing, Function<Member, InstantSource> clocks) {
        if (ports.length != MEMBERS.size()) throw new IllegalArgumentException("need " + MEMBERS.size() + " ports: " + ports.length);
        DemoFederation f = new DemoFederation(root, MEMBERS, ports.clone(), clocks);
        try {
            Files.createDirectories(root);
            for (Member m : MEMBERS) f.lock(m); // all three, before any is emptied
            for (Member m : MEMBERS) f.init(m, warninglists, timing);
            for (Member m : MEMBERS) f.pinOthers(m);
            for (Member m : MEMBERS) f.respond(m);
            f.locks.forEach(NodeLock::replaced); // written: others may open them (concord alerts --dir …)
        } catch (IOException e) {
            f.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            f.close();
            throw e;
        }
        return f;
    }

    /** Takes the member's folder for this process alone: refused while another process has it. */
    private void lock(Member m) throws IOException {
        Path dir = dir(m);
        if (Files.exists(dir) && !Files.exists(dir.resolve(NodeConfig.FILE)) && !onlyLockFile(dir)) {
            throw new ConcordException(ErrorCode.INVALID_ARGUMENT, dir.toAbsolutePath()
                    + " exists and is not a node folder: move it away or choose another --dir");
        }
        Files.createDirectories(dir);
        locks.add(NodeLock.replace(dir, "demo"));
    }

    /** An earlier demo stopped between emptying the folder and writing it anew: only its lock file is left. */
    private static boolean onlyLockFile(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) return false;
        try (Stream<Path> s = Files.list(dir)) {
            return s.allMatch(p -> p.getFileName().toString().equals(NodeLock.FILE));
        }
    }

    Path dir(Member m) {
        return root.resolve(m.node());
    }

    int port(Member m) {
        return ports[members.indexOf(m)];
    }

    URI apiRoot(Member m) {
        return URI.create("https://127.0.0.1:" + port(m) + "/" + m.node() + "/");
    }

    List<Member> members() {
        return members;
    }

    private void init(Member m, Path warninglists, Timing timing) throws IOException {
        Path dir = dir(m);
        InstantSource clock = clocks.apply(m);
        empty(dir);
        try (Node n = Node.init(dir, new Node.Setup(m.node(), m.name(), m.country(), List.of(m.sector()),
                new NodeConfig.StoreSettings.Embedded("concord.db"), Tlp.GREEN), clock, MerkleLog.writer())) {
            NodeTls.ensure(dir, m.node(), List.of(), clock);
        }
        ConfigFile.edit(dir.resolve(NodeConfig.FILE), config -> {
            ArrayNode agreements = config.putArray("agreements");
            for (Member p : MEMBERS) {
                if (p.equals(m)) continue;
                agreements.add(agreement(p.node(), "outbound",
                        "the federation: intelligence and alerts; sightings with the reporter's country only"));
                agreements.add(agreement(p.node(), "inbound", "what the federation shares"));
            }
            ObjectNode warning = config.putObject("warning");
            warning.putObject("rule").put("group_by", "country").put("threshold", 3).put("window", "PT24H");
            warning.put("flush_seconds", timing.warningFlushSeconds()).put("poll_seconds", timing.warningPollSeconds());
            warning.putObject("warninglists").putArray("folders").add(warninglists.toAbsolutePath().normalize().toString());
            config.putObject("sync").put("poll_seconds", timing.syncPollSeconds()).put("push_batch", 2_000);
            // peers post in bursts (ATT&CK, a campaign): the partners' rate limit is not what the demo shows
            config.putObject("taxii").putObject("rate_limit").put("per_second", 100_000).put("burst", 100_000);
        });
    }

    private static ObjectNode agreement(String partner, String direction, String comment) {
        ObjectNode a = JSON.createObjectNode().put("partner", partner).put("direction", direction).put("comment", comment);
        a.putArray("collections").add(Node.INTELLIGENCE).add(Node.SIGHTINGS).add(Node.ALERTS).add(Node.CASES);
        a.putArray("tlp").add("clear").add("green").add("amber");
        a.putArray("types").add("*");
        a.putArray("markings").add(ATTACK_MARKING);
        if (direction.equals("outbound")) a.put("sightings", "country");
        a.put("may_reshare", false);
        return a;
    }

    /** Pins the other members' nodes at {@code m}, as {@code peer add --read intelligence,sightings,alerts} does. */
    private void pinOthers(Member m) {
        InstantSource clock = clocks.apply(m);
        try (Node n = Node.open(dir(m), clock, MerkleLog.writer())) {
            TaxiiDatabase db = new TaxiiDatabase(n.database());
            SyncDatabase sync = new SyncDatabase(n.database());
            for (Member p : members) {
                if (p.equals(m)) continue;
                String fingerprint = NodeTls.load(dir(p)).fingerprint();
                db.partners().add(new Partners.Partner(p.node(), fingerprint, clock.instant(), apiRoot(p).toString()));
                sync.ledger().setPeerFlags(p.node(), PeerFlags.DEFAULT);
                db.rights().set(Principal.partnerKey(p.node()), new Permissions(Set.of(n.collectionId(Node.INTELLIGENCE),
                        n.collectionId(Node.SIGHTINGS), n.collectionId(Node.ALERTS), n.collectionId(Node.CASES)), Set.of()));
            }
        }
    }

    /**
     * Writes the member's coordinated-response settings: the other two members' identities and
     * 24/7 points of contact, and deadlines short enough for the demo to show one passing (a
     * critical information request is to be acknowledged within 10 s; the second escalation follows
     * at 15 s), swept every second.
     */
    private void respond(Member m) throws IOException {
        Map<String, String> identities = new TreeMap<>();
        for (Member p : members) identities.put(p.node(), NodeConfig.load(dir(p)).member().identityId());
        ConfigFile.edit(dir(m).resolve(NodeConfig.FILE), config -> {
            ObjectNode response = config.putObject("response");
            response.putObject("duty").put("name", m.name() + " 24/7 duty").put("email", "duty@" + m.node() + ".example");
            ObjectNode known = response.putObject("members");
            for (Member p : members) {
                if (p.equals(m)) continue;
                ObjectNode entry = known.putObject(p.node()).put("identity", identities.get(p.node()));
                entry.putObject("point_of_contact").put("name", p.name() + " 24/7 duty").put("email", "duty@" + p.node() + ".example");
            }
            response.putObject("deadlines").putObject("information").putObject("critical").put("acknowledge", "PT10S")
                    .put("fulfil", "PT1H");
            response.putObject("escalate").put("first", 1.0).put("second", 1.5);
            response.put("sweep_seconds", 1);
        });
    }

    /**
     * Makes {@code url} the member's duty webhook ({@code duty-pager}, signed with {@code secret}):
     * where its node delivers escalations. Before {@link #start}.
     */
    void dutyPager(Member m, String url, String secret) throws IOException {
        Path secrets = Files.createDirectories(dir(m).resolve("secrets"));
        Path file = secrets.resolve("duty-pager.secret");
        Files.writeString(file, secret);
        ConfigFile.edit(dir(m).resolve(NodeConfig.FILE), config -> {
            config.putArray("webhooks").addObject().put("name", "duty-pager").put("url", url).put("secret_file", "secrets/duty-pager.secret");
            ((ObjectNode) config.get("response").get("duty")).putArray("webhooks").add("duty-pager");
        });
    }

    /**
     * Opens and starts every node: TAXII server, early warning, alert fan-out, pre-signer; then,
     * with every peer listening, sync.
     */
    DemoFederation start() {
        try {
            for (Member m : members) running.add(RunningNode.start(m, dir(m), port(m), clocks.apply(m)));
            for (RunningNode n : running) n.startSync();
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        return this;
    }

    List<RunningNode> nodes() {
        return running;
    }

    /**
     * Stops the member's node (sync first, then everything it runs), as an outage would; its folder
     * stays, and {@link #restart} starts it again on the same port (tests: a partner offline, a
     * node restarted mid-escalation).
     */
    void stop(Member m) {
        RunningNode n = node(m);
        if (!stopped.add(m)) return;
        n.stopSync();
        n.close();
    }

    /** Starts the member's node stopped by {@link #stop} again, sync included; the node as it runs now. */
    RunningNode restart(Member m) {
        if (!stopped.contains(m)) throw new IllegalStateException(m.node() + " is running");
        RunningNode n = RunningNode.start(m, dir(m), port(m), clocks.apply(m));
        running.set(members.indexOf(m), n);
        stopped.remove(m);
        n.startSync();
        return n;
    }

    RunningNode node(Member m) {
        return running.get(members.indexOf(m));
    }

    /**
     * Stops sync everywhere first (no push to a peer that is closing), then every node, the last
     * started first; then releases the folders.
     */
    @Override
    public void close() {
        RuntimeException failure = null;
        for (RunningNode n : running) {
            if (stopped.contains(n.member)) continue;
            try {
                n.stopSync();
            } catch (RuntimeException e) {
                if (failure == null) failure = e;
                else failure.addSuppressed(e);
            }
        }
        for (int i = running.size() - 1; i >= 0; i--) {
            if (stopped.contains(running.get(i).member)) continue;
            try {
                running.get(i).close();
            } catch (RuntimeException e) {
                if (failure == null) failure = e;
                else failure.addSuppressed(e);
            }
        }
        running.clear();
        stopped.clear();
        locks.forEach(NodeLock::close);
        locks.clear();
        if (failure != null) throw failure;
    }

    /** Deletes what the folder holds but its lock file, which this process holds locked (and which is never deleted). */
    private static void empty(Path dir) throws IOException {
        Path lockFile = dir.resolve(NodeLock.FILE);
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                if (!p.equals(dir) && !p.equals(lockFile)) Files.delete(p);
            }
        }
    }

    /**
     * One node as {@code serve} runs it, in this process ({@link NodeRuntime}): the TAXII server
     * (with peers' pushes and the alert stream), early warning, the alert fan-out and, once every
     * peer listens, sync.
     */
    static final class RunningNode implements AutoCloseable {
        /** Every role but sync, which starts once every node listens ({@link #startSync}). */
        private static final Roles SERVING = Roles.ALL.without(Roles.of(Role.SYNC));

        final Member member;
        final NodeServices services;
        private final NodeRuntime runtime;

        private RunningNode(Member member, NodeRuntime runtime) {
            this.member = member;
            this.runtime = runtime;
            this.services = runtime.services();
        }

        static RunningNode start(Member m, Path dir, int port, InstantSource clock) {
            NodeRuntime runtime = NodeRuntime.open(dir, clock);
            try {
                // the demo keeps the console for the story: request lines are dropped, as with serve's log level at warn
                runtime.start(SERVING, NodeRuntime.Listener.loopback(port).requestLog(line -> {}));
                return new RunningNode(m, runtime);
            } catch (RuntimeException e) {
                try {
                    runtime.close();
                } catch (RuntimeException again) {
                    e.addSuppressed(again);
                }
                throw e;
            }
        }

        /** Starts sync with the peers (push on every write, as serve does). */
        void startSync() {
            runtime.start(Roles.of(Role.SYNC));
        }

        /** Stops sync (a round in flight ends first). */
        void stopSync() {
            runtime.stop(Roles.of(Role.SYNC));
        }

        Node node() {
            return services.node();
        }

        Correlator correlator() {
            return runtime.warning();
        }

        TaxiiServer server() {
            return runtime.server();
        }

        /** Its API root, as peers and clients reach it. */
        String apiRoot() {
            return server().baseUri() + server().apiRootPath();
        }

        /** Issues a token for an analyst of the member: read intelligence, sightings, alerts; write sightings. */
        String analystToken(String who) {
            Node n = node();
            Access access = new Access(services.taxii().tokens(), services.taxii().rights(), services.taxii().partners(),
                    n.clock(), Duration.ZERO);
            Permissions rights = new Permissions(Set.of(n.collectionId(Node.INTELLIGENCE), n.collectionId(Node.SIGHTINGS),
                    n.collectionId(Node.ALERTS)), Set.of(n.collectionId(Node.SIGHTINGS)));
            Tokens.IssuedToken t = access.issueToken(who, rights, rights);
            return t.secret();
        }

        /** The newest version of each alert the node holds, by id. */
        Map<String, JsonNode> alerts() {
            Map<String, StixObject> newest = new TreeMap<>();
            for (StixObject o : alertVersions()) {
                StixObject had = newest.get(o.id());
                if (had == null || had.versionKey().compareTo(o.versionKey()) <= 0) newest.put(o.id(), o); // time order, any precision
            }
            Map<String, JsonNode> out = new TreeMap<>();
            newest.forEach((id, o) -> out.put(id, tree(o)));
            return out;
        }

        /** Every version of every alert the node holds, in date_added order. */
        List<StixObject> alertVersions() {
            return entries(Node.ALERTS, List.of("x-concord-alert")).stream().map(StoredVersion::object).toList();
        }

        /** The newest version (greatest modified) of the alert on {@code key} the node holds, or null. */
        StixObject latestAlert(String key) {
            StixObject latest = null;
            for (StixObject o : alertVersions()) {
                if (!key.equals(tree(o).path("key").asText())) continue;
                if (latest == null || latest.versionKey().compareTo(o.versionKey()) < 0) latest = o;
            }
            return latest;
        }

        /** Whether the node holds {@code id} in its intelligence collection. */
        boolean has(String id) {
            Page p = node().store().objects(node().collectionId(Node.INTELLIGENCE),
                    new ObjectFilter(null, List.of(id), List.of(), VersionMatch.LAST, List.of(), 1));
            return !p.items().isEmpty();
        }

        /** How many versions the collection {@code alias} holds. */
        long count(String alias) {
            return entries(alias, List.of()).size();
        }

        /** The id of the newest entry of the collection {@code alias}, or null when it is empty. */
        String newest(String alias) {
            List<StoredVersion> all = entries(alias, List.of());
            return all.isEmpty() ? null : all.getLast().object().id();
        }

        private List<StoredVersion> entries(String alias, List<String> types) {
            List<StoredVersion> out = new ArrayList<>();
            ObjectFilter f = new ObjectFilter(null, List.of(), types, VersionMatch.ALL, List.of(), ObjectFilter.MAX_LIMIT);
            Page p;
            do {
                p = node().store().objects(node().collectionId(alias), f);
                out.addAll(p.items());
                if (!p.items().isEmpty()) f = f.after(p.items().getLast().dateAdded());
            } while (p.more());
            return out;
        }

        private static JsonNode tree(StoredVersion v) {
            return tree(v.object());
        }

        static JsonNode tree(StixObject o) {
            try {
                return JSON.readTree(o.canonical());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** What the node's member does to cases and requests, and reads of them. */
        ResponseApi response() {
            return services.response();
        }

        /** Stops what runs, early warning writing what it holds pending, and closes the node. */
        @Override
        public void close() {
            runtime.close();
        }

        @Override
        public String toString() {
            return "RunningNode[" + member.node() + "]";
        }
    }

    /** Waits for {@code ready} up to {@code limit}, polling; the time it took, or null if it never held. */
    static Duration await(BooleanSupplier ready, Duration limit) throws InterruptedException {
        Time time = Time.system();
        long start = time.nanoTime();
        while (!ready.getAsBoolean()) {
            if (time.nanoTime() - start > limit.toNanos()) return null;
            time.sleep(Duration.ofMillis(10));
        }
        return Duration.ofNanos(time.nanoTime() - start);
    }
}
