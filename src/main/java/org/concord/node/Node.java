package org.concord.node;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.UUID;
import org.concord.ConcordException;
import org.concord.ErrorCode;
import org.concord.stix.StixObject;
import org.concord.stix.StixTimestamp;
import org.concord.stix.Tlp;
import org.concord.store.CollectionInfo;
import org.concord.store.Database;
import org.concord.store.LogWriter;
import org.concord.store.Store;
import org.concord.store.Stores;

/**
 * One node's folder, opened: its configuration ({@code node.json}), its Ed25519 signing keys
 * ({@code keys/}), its TLS key and certificate ({@code tls/}), its one database and the store on it
 * (capabilities keep their tables on the same {@link #database()}). {@link #init} makes a new one.
 */
public final class Node implements AutoCloseable {
    /** Aliases of the collections every node has. */
    public static final String INTELLIGENCE = "intelligence", SIGHTINGS = "sightings", ALERTS = "alerts";
    /** Alias of the collection of coordinated response: cases, tasks, journal, participations, requests, escalations. */
    public static final String CASES = "cases";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final NodeConfig config;
    private final NodeKeys keys;
    private final Database database;
    private final Store store;
    private final InstantSource clock;
    private final NodeLock lock;

    private Node(Path dir, NodeConfig config, NodeKeys keys, Database database, Store store, InstantSource clock,
                 NodeLock lock) {
        this.dir = dir;
        this.config = config;
        this.keys = keys;
        this.database = database;
        this.store = store;
        this.clock = clock;
        this.lock = lock;
    }

    /**
     * Opens an initialised node folder, beside other processes that have it open
     * ({@link NodeLock#open}). {@code log} (the transparency log's writer, or null) is called
     * inside every store write with the versions it stored first.
     *
     * @throws ConcordException INVALID_CONFIGURATION when {@code dir} holds no node; IN_USE while a
     *         {@code demo} replaces it
     */
    public static Node open(Path dir, InstantSource clock, LogWriter log) {
        return open(dir, NodeConfig.load(dir), clock, log);
    }

    /** As {@link #open(Path, InstantSource, LogWriter)}, with the node's settings already parsed from its node.json. */
    public static Node open(Path dir, NodeConfig config, InstantSource clock, LogWriter log) {
        NodeLock lock = NodeLock.open(dir);
        try {
            NodeKeys keys = NodeKeys.load(dir.resolve("keys"));
            Database database = Database.open(config.storeConfig(dir));
            Store store = Stores.open(database, clock, log);
            try {
                createCases(store); // nodes made before issue 14 gain the collection when they open
            } catch (RuntimeException e) {
                store.close();
                database.close();
                throw e;
            }
            return new Node(dir, config, keys, database, store, clock, lock);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /** What {@link #init} needs to know about the new node. */
    public record Setup(String name, String memberName, String country, List<String> sectors,
                        NodeConfig.StoreSettings store, Tlp defaultTlp) {}

    /**
     * Creates a node in {@code dir}: configuration, keys, store with the default collections, and
     * the member's STIX identity (with its country as a located-at location).
     *
     * @throws ConcordException ALREADY_EXISTS when {@code dir} already holds a node
     */
    public static Node init(Path dir, Setup setup, InstantSource clock, LogWriter log) throws IOException {
        if (Files.exists(dir.resolve(NodeConfig.FILE))) {
            throw new ConcordException(ErrorCode.ALREADY_EXISTS, "a node already lives in " + dir.toAbsolutePath());
        }
        String identityId = "identity--" + UUID.randomUUID();
        Member member = new Member(setup.memberName(), setup.country(), setup.sectors(), identityId);
        NodeConfig config = new NodeConfig(setup.name(), member, setup.store(), setup.defaultTlp(),
                new NodeConfig.Server("127.0.0.1", 8443));
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new ConcordException(ErrorCode.INVALID_ARGUMENT, dir.toAbsolutePath() + " exists and is not a folder: choose another --dir");
        }
        Files.createDirectories(dir);
        NodeLock lock = NodeLock.open(dir);
        Database database;
        NodeKeys keys;
        try {
            keys = NodeKeys.generate();
            keys.save(dir.resolve("keys"));
            NodeTls.create(dir, setup.name(), List.of(), clock);
            database = Database.open(config.storeConfig(dir));
        } catch (RuntimeException | IOException e) {
            lock.close();
            throw e;
        }
        Store store = Stores.open(database, clock, log);
        try {
            createCollection(store, INTELLIGENCE, "Intelligence", "Threat intelligence shared with this node's partners under their agreements");
            createCollection(store, SIGHTINGS, "Sightings", "Sightings reported by the member, its sensors and its partners");
            createCollection(store, ALERTS, "Alerts", "Early warnings raised from sightings across the federation");
            createCases(store);
            store.write(store.collection(INTELLIGENCE).orElseThrow().id(), memberObjects(member, clock));
            config.writeNew(dir); // last: a folder without node.json is not a node, so a failed init can be retried
        } catch (RuntimeException | IOException e) {
            store.close();
            database.close();
            lock.close();
            throw e;
        }
        return new Node(dir, config, keys, database, store, clock, lock);
    }

    private static void createCollection(Store store, String alias, String title, String description) {
        if (store.collection(alias).isEmpty()) {
            try {
                store.createCollection(new CollectionInfo(UUID.randomUUID().toString(), alias, title, description));
            } catch (ConcordException e) {
                // another process opening the same node made it first
                if (e.code() != ErrorCode.ALREADY_EXISTS || store.collection(alias).isEmpty()) throw e;
            }
        }
    }

    private static void createCases(Store store) {
        createCollection(store, CASES, "Cases", "Coordinated response: cases, tasks, journal, participations, requests and escalations");
    }

    /** The member's identity, its country as a location, and the located-at relationship between them. */
    static List<StixObject> memberObjects(Member member, InstantSource clock) {
        String now = StixTimestamp.formatMillis(clock.instant());
        String locationId = "location--" + UUID.randomUUID();
        ObjectNode identity = envelope("identity", member.identityId(), now, member.identityId());
        identity.put("name", member.name()).put("identity_class", "organization");
        if (!member.sectors().isEmpty()) member.sectors().forEach(identity.putArray("sectors")::add);
        ObjectNode location = envelope("location", locationId, now, member.identityId());
        location.put("name", member.country()).put("country", member.country());
        ObjectNode located = envelope("relationship", "relationship--" + UUID.randomUUID(), now, member.identityId());
        located.put("relationship_type", "located-at").put("source_ref", member.identityId()).put("target_ref", locationId);
        return List.of(StixObject.of(identity), StixObject.of(location), StixObject.of(located));
    }

    private static ObjectNode envelope(String type, String id, String now, String creator) {
        ObjectNode o = JSON.createObjectNode();
        o.put("type", type).put("spec_version", "2.1").put("id", id).put("created", now).put("modified", now)
                .put("created_by_ref", creator);
        o.putArray("object_marking_refs").add(Tlp.CLEAR.markingId());
        return o;
    }

    /**
     * The id of a collection named by id or alias.
     *
     * @throws ConcordException NOT_FOUND naming the collections that exist
     */
    public String collectionId(String idOrAlias) {
        return collectionId(store, idOrAlias);
    }

    /**
     * The id of a collection of {@code store} named by id or alias ({@link #ALERTS}, …).
     *
     * @throws ConcordException NOT_FOUND naming the collections that exist
     */
    public static String collectionId(Store store, String idOrAlias) {
        return store.collection(idOrAlias).map(CollectionInfo::id).orElseThrow(() -> new ConcordException(ErrorCode.NOT_FOUND,
                "no collection \"" + idOrAlias + "\"; this node has: "
                        + String.join(", ", store.collections().stream().map(c -> c.alias() != null ? c.alias() : c.id()).toList())));
    }

    public Path dir() {
        return dir;
    }

    public NodeConfig config() {
        return config;
    }

    public NodeKeys keys() {
        return keys;
    }

    public Store store() {
        return store;
    }

    /** The node's database, which the store and every capability's tables share (closed with the node). */
    public Database database() {
        return database;
    }

    public InstantSource clock() {
        return clock;
    }

    @Override
    public void close() {
        try {
            store.close();
        } finally {
            try {
                database.close();
            } finally {
                lock.close();
            }
        }
    }
}
