package org.concord.taxii;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.concord.integrity.MerkleLog;
import org.concord.integrity.PublishedLog;
import org.concord.node.NodeKeys;
import org.concord.node.NodeTls;
import org.concord.partner.PartnerEgress;
import org.concord.partner.Partners;
import org.concord.policy.PolicyEgress;
import org.concord.stix.StixValidator;
import org.concord.store.CollectionInfo;
import org.concord.store.Database;
import org.concord.store.Store;
import org.concord.store.StoreConfig;
import org.concord.store.Stores;

/**
 * A node for HTTP tests: a store with the default collections, TAXII state, and a server on
 * 127.0.0.1 over real TLS; requests go through java.net.http exactly as an external client's would,
 * trusting only the node's certificate.
 */
final class TestNode implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String TAXII = "application/taxii+json;version=2.1";
    static final String ROOT = "/testnode/";

    final Path dir;
    final NodeTls tls;
    final NodeKeys keys = NodeKeys.generate();
    final Database database;
    final Store store;
    final TaxiiDatabase db;
    final Access access;
    final TaxiiServer server;
    final HttpClient client;
    final List<String> requestLog = new CopyOnWriteArrayList<>();
    final String intelligence, sightings, alerts;

    /** Partners read everything here, unless a test passes a policy (see EgressOverTaxiiTest). */
    static final PartnerEgress EVERYTHING = new PartnerEgress() {
        private record All(List<org.concord.store.StoredVersion> items) implements Decided {
            @Override
            public int size() {
                return items.size();
            }

            @Override
            public boolean released(int i) {
                return true;
            }
        }

        @Override
        public Decided decide(String partner, org.concord.store.CollectionInfo collection, org.concord.store.Page page) {
            return new All(page.items());
        }

        @Override
        public List<org.concord.store.StoredVersion> release(Decided decided, int count) {
            return ((All) decided).items().subList(0, count);
        }
    };

    /** The node's egress policy for {@code agreements}, on the node's store (deciding, auditing in {@code audit}; not signing). */
    static java.util.function.BiFunction<Store, NodeKeys, PartnerEgress> policy(org.concord.policy.EgressPolicy policy,
            org.concord.policy.Agreements agreements, org.concord.policy.AuditDatabase audit) {
        return (store, keys) -> {
            org.concord.policy.Provenance local = org.concord.policy.Provenance.local(policy.node(), "EE");
            return new PolicyEgress(new org.concord.policy.EgressGate(policy, () -> agreements, audit.log(), InstantSource.system(),
                    null, store, local), local, policy.defaultTlp());
        };
    }

    private TestNode(Path dir, StoreConfig storeConfig, UnaryOperator<TaxiiConfig> tweak,
                     java.util.function.BiFunction<Store, NodeKeys, PartnerEgress> egress) {
        this(dir, storeConfig, tweak, egress, null);
    }

    private TestNode(Path dir, StoreConfig storeConfig, UnaryOperator<TaxiiConfig> tweak,
                     java.util.function.BiFunction<Store, NodeKeys, PartnerEgress> egress, org.concord.response.ResponseApi response) {
        this.dir = dir;
        this.tls = NodeTls.ensure(dir, "testnode", List.of(), InstantSource.system());
        this.database = Database.open(storeConfig);
        this.store = Stores.open(database, InstantSource.system(), MerkleLog.writer());
        this.intelligence = collection("intelligence", "Intelligence");
        this.sightings = collection("sightings", "Sightings");
        this.alerts = collection("alerts", "Alerts");
        this.db = new TaxiiDatabase(database);
        this.access = new Access(db.tokens(), db.rights(), db.partners(), InstantSource.system(), Duration.ZERO);
        if (response != null) collection("cases", "Cases");
        TaxiiConfig config = tweak.apply(TaxiiConfig.defaults("testnode"));
        TaxiiServer s = new TaxiiServer(config, config.plainHttp() ? null : tls, store, access, db.statuses(),
                ObjectValidator.of(new StixValidator()), InstantSource.system(), requestLog::add,
                new PublishedLog(store.log(), keys, InstantSource.system()), egress.apply(store, keys));
        this.server = (response == null ? s : s.responseApi(response)).start();
        this.client = client(null);
    }

    static TestNode start(Path dir) {
        return start(dir, new StoreConfig.Embedded(dir.resolve("concord.db")), c -> c);
    }

    static TestNode start(Path dir, StoreConfig storeConfig, UnaryOperator<TaxiiConfig> tweak) {
        return new TestNode(dir, storeConfig, tweak, (store, keys) -> EVERYTHING);
    }

    static TestNode start(Path dir, PartnerEgress egress) {
        return new TestNode(dir, new StoreConfig.Embedded(dir.resolve("concord.db")), c -> c, (store, keys) -> egress);
    }

    /** A node whose partner policy is made over its own store and node keys (to sign what goes, as serve does). */
    static TestNode start(Path dir, java.util.function.BiFunction<Store, NodeKeys, PartnerEgress> egress) {
        return new TestNode(dir, new StoreConfig.Embedded(dir.resolve("concord.db")), c -> c, egress);
    }

    /** A node that also serves coordinated response over {@code response}, with a {@code cases} collection. */
    static TestNode start(Path dir, org.concord.response.ResponseApi response, UnaryOperator<TaxiiConfig> tweak) {
        return new TestNode(dir, new StoreConfig.Embedded(dir.resolve("concord.db")), tweak, (store, keys) -> EVERYTHING, response);
    }

    /** A node over the folder of one that was closed: same TLS identity, store and TAXII state. */
    static TestNode restart(Path dir) {
        return start(dir);
    }

    static JsonNode jsonOf(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private String collection(String alias, String title) {
        var existing = store.collection(alias);
        if (existing.isPresent()) return existing.get().id();
        String id = UUID.randomUUID().toString();
        store.createCollection(new CollectionInfo(id, alias, title, title + " collection"));
        return id;
    }

    /** An HTTP client trusting the node's certificate, presenting {@code identity} when not null. */
    HttpClient client(NodeTls identity) {
        try {
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(NodeTls.trustStore(NodeTls.readCertificate(NodeTls.certificateFile(dir))));
            SSLContext ssl = SSLContext.getInstance("TLS");
            KeyManagerFactory kmf = null;
            if (identity != null) {
                kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                char[] pw = "test".toCharArray();
                KeyStore ks = identity.keyStore(pw);
                kmf.init(ks, pw);
            }
            ssl.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
            return HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(10)).build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A token for {@code member} with rights on collections named by alias. */
    String token(String member, Set<String> read, Set<String> write) {
        Permissions p = new Permissions(ids(read), ids(write));
        return access.issueToken(member, p, Permissions.NONE).secret();
    }

    /** A token with read and write on intelligence. */
    String token(String member) {
        return token(member, Set.of("intelligence"), Set.of("intelligence"));
    }

    private Set<String> ids(Set<String> aliases) {
        Set<String> out = new HashSet<>();
        for (String a : aliases) out.add(store.collection(a).orElseThrow().id());
        return out;
    }

    URI uri(String path) {
        return server.baseUri().resolve(path);
    }

    HttpResponse<String> get(String path, String token) {
        return send(HttpRequest.newBuilder(uri(path)).header("Accept", TAXII), token);
    }

    HttpResponse<String> delete(String path, String token) {
        return send(HttpRequest.newBuilder(uri(path)).header("Accept", TAXII).DELETE(), token);
    }

    HttpResponse<String> post(String path, String token, String body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Accept", TAXII).header("Content-Type", TAXII)
                .POST(HttpRequest.BodyPublishers.ofString(body)), token);
    }

    HttpResponse<String> send(HttpRequest.Builder b, String token) {
        return send(client, b, token);
    }

    HttpResponse<String> send(HttpClient c, HttpRequest.Builder b, String token) {
        if (token != null) b.header("Authorization", "Bearer " + token);
        try {
            return c.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(HttpResponse<String> r) {
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON (" + r.statusCode() + "): " + r.body(), e);
        }
    }

    String objectsPath(String collection) {
        return ROOT + "collections/" + collection + "/objects/";
    }

    /** A valid STIX 2.1 indicator. */
    static ObjectNode indicator(String id, String modified) {
        ObjectNode o = JSON.createObjectNode()
                .put("type", "indicator").put("spec_version", "2.1").put("id", id)
                .put("created", "2024-01-01T00:00:00.000Z").put("modified", modified)
                .put("name", "bad domain").put("pattern", "[domain-name:value = 'evil-" + id.substring(id.length() - 12) + ".example']")
                .put("pattern_type", "stix").put("valid_from", "2024-01-01T00:00:00Z");
        o.putArray("indicator_types").add("malicious-activity");
        return o;
    }

    static String newIndicatorId() {
        return "indicator--" + UUID.randomUUID();
    }

    /** A TAXII envelope of {@code objects}. */
    static String envelope(List<? extends JsonNode> objects) {
        ObjectNode env = JSON.createObjectNode();
        ArrayNode a = env.putArray("objects");
        objects.forEach(a::add);
        return env.toString();
    }

    static String envelopeOf(Map<String, String> idToModified) {
        return envelope(idToModified.entrySet().stream().map(e -> indicator(e.getKey(), e.getValue())).toList());
    }

    @Override
    public void close() {
        server.close();
        store.close();
        database.close();
    }
}
