package org.concord.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;
import org.concord.cli.DemoFederation.RunningNode;
import org.concord.fanout.Receiver;
import org.concord.fanout.TestAlerts;
import org.concord.federation.SignatureClaim;
import org.concord.node.Node;
import org.concord.node.NodeConfig;
import org.concord.node.NodeTls;
import org.concord.stix.ObservableIds;
import org.concord.stix.StixObject;
import org.concord.stix.StixTimestamp;
import org.concord.stix.Tlp;
import org.concord.store.ObjectFilter;
import org.concord.store.Origin;
import org.concord.store.Page;
import org.concord.store.StoredVersion;
import org.concord.store.VersionMatch;
import org.concord.store.WriteOutcome;

/**
 * TLP:RED never leaves a node — as information, not only as objects (issue 12; docs/sovereignty.md).
 *
 * <p>Three nodes of {@code concord demo}, each running as {@code serve} runs it (TAXII over mutual TLS,
 * sync pushing on every write, early warning, the alert stream, webhooks). cert-ee shares with
 * isac-fi up to AMBER (with one statement marking allowed, sightings by country) and with bank-lv,
 * part of its own organisation, up to AMBER+STRICT (no other marking, sightings as counts); a
 * webhook takes alerts up to GREEN. Every try writes into cert-ee a random graph of objects —
 * indicators, observables, malware, identities, relationships, reports, notes, observed-data,
 * sightings, language-contents and alerts — with random markings (TLP 2.0 and 1.0 object markings,
 * none with or without a handling level, statement markings, granular markings on a property),
 * newer versions that are stricter or looser, and versions relayed from a third node without leave
 * to pass them on; each version carries a canary string of its own.
 *
 * <p>Then, as the partner of the try, everything a partner can observe is read over HTTPS: the
 * Get Objects and manifest walks (every version, and the newest), their bodies and headers; Get An
 * Object and Object Versions of held, withheld and never-held ids; the transparency log's inclusion
 * proofs. Asynchronously, the whole time: what the two partners receive by push (their stores),
 * their alert streams on cert-ee, and the webhook's deliveries. The reference model is written out
 * here, not taken from the policy's code: a version is forbidden to an observer when its effective
 * TLP (its TLP marking, else its handling level, else the node's default) or a statement marking is
 * not granted, or (for partners) its origin did not let it be passed on; a newer forbidden version
 * makes the older ones forbidden too; content under a granular marking that is not granted is
 * forbidden. Nothing forbidden may reach the observer: no canary of a forbidden version, no id of
 * an object whose newest version is forbidden by its markings (an observable's id is its value),
 * no date of a forbidden version in a paging header, and a withheld id answers exactly as an id
 * never held. Positive controls: a version granted to its observer whose graph holds nothing
 * withheld is received over TAXII and by push, and a GREEN alert reaches streams and the webhook.
 *
 * <p>{@value #DEFAULT_TRIES} tries in {@code ./test}; for a longer run (docs/sovereignty.md records one):
 * {@code ./mvnw test -Dtest=SovereigntyProperties -Djqwik.tries.default=100000}.
 */
class SovereigntyProperties {
    static final int DEFAULT_TRIES = 1000;
    /** jqwik's default number of tries, which this property takes: 1,000, or {@code -Djqwik.tries.default=N}. */
    private static final int TRIES = Integer.getInteger("jqwik.tries.default", DEFAULT_TRIES);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TAXII = "application/taxii+json;version=2.1";
    private static final String SECRET = "sovereignty-webhook-secret-0123456789";
    private static final Duration LIMIT = Duration.ofSeconds(120);
    /** A statement marking isac-fi's agreement lists, and one no agreement lists. */
    static final String M_OK = "marking-definition--5e5f1c1a-9a5b-4d2c-8f0e-3d1b2c4a6e01";
    static final String M_NO = "marking-definition--5e5f1c1a-9a5b-4d2c-8f0e-3d1b2c4a6e02";
    /** TLP 1.0 marking ids (STIX 2.1 §7.2.1.4) and the 2.0 level each reads as. */
    static final Map<String, Tlp> TLP1 = Map.of(
            "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9", Tlp.CLEAR,
            "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da", Tlp.GREEN,
            "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82", Tlp.AMBER,
            "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed", Tlp.RED);
    private static final Pattern CANARY = Pattern.compile("cnry[0-9a-f]{16}");
    /** The walks a partner makes: every version, the newest, the manifest. */
    private static final List<String> WALKS = List.of("objects/?match[version]=all&", "objects/?", "manifest/?match[version]=all&");
    private static final int[] LIMITS = {2, 3, 7, 100};
    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]*--[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    /** The types the graphs are made of (a reader's agreement names some of them, or every type). */
    static final List<String> TYPES = List.of("indicator", "domain-name", "ipv4-addr", "malware", "identity", "relationship",
            "report", "note", "observed-data", "sighting", "language-content", "x-concord-alert");

    /**
     * Who observes, and what it is granted: a partner node under its outbound agreement (the TLP
     * levels, the statement markings and the types it names, null: every type), or the webhook
     * (alerts up to its {@code max_tlp}; {@code markings} null: markings other than TLP not looked at).
     */
    record Observer(String node, Set<Tlp> levels, Set<String> markings, Set<String> types, boolean partner) {
        static final Observer FI = new Observer("isac-fi", Set.of(Tlp.CLEAR, Tlp.GREEN, Tlp.AMBER), Set.of(M_OK), null, true);
        static final Observer LV = new Observer("bank-lv", Set.of(Tlp.CLEAR, Tlp.GREEN, Tlp.AMBER, Tlp.AMBER_STRICT), Set.of(), null, true);
        static final Observer WEBHOOK = new Observer("webhook", Set.of(Tlp.CLEAR, Tlp.GREEN), null, null, false);

        /** A pinned partner that only reads (over TAXII), under an agreement drawn at random. */
        static Observer reader(int i, Random r) {
            boolean sameOrganisation = r.nextBoolean();
            List<Tlp> offered = new ArrayList<>(List.of(Tlp.CLEAR, Tlp.GREEN, Tlp.AMBER));
            if (sameOrganisation) offered.add(Tlp.AMBER_STRICT);
            Set<Tlp> levels = new HashSet<>();
            for (Tlp t : offered) if (r.nextBoolean()) levels.add(t);
            if (levels.isEmpty()) levels.add(offered.get(r.nextInt(offered.size())));
            Set<String> markings = new HashSet<>();
            if (r.nextBoolean()) markings.add(M_OK);
            if (r.nextInt(4) == 0) markings.add(M_NO);
            Set<String> types = null;
            if (r.nextBoolean()) {
                types = new HashSet<>();
                for (String t : TYPES) if (r.nextInt(3) > 0) types.add(t);
            }
            return new Observer("reader-" + i, Set.copyOf(levels), Set.copyOf(markings), types == null ? null : Set.copyOf(types), true);
        }

        boolean sameOrganisation() {
            return levels.contains(Tlp.AMBER_STRICT);
        }

        /** Its outbound agreement at cert-ee, as node.json holds it. */
        ObjectNode agreement(String sightings) {
            ObjectNode a = JSON.createObjectNode().put("partner", node).put("direction", "outbound");
            a.putArray("collections").add(Node.INTELLIGENCE).add(Node.SIGHTINGS).add(Node.ALERTS);
            ArrayNode tlp = a.putArray("tlp");
            for (Tlp t : List.of(Tlp.CLEAR, Tlp.GREEN, Tlp.AMBER, Tlp.AMBER_STRICT)) if (levels.contains(t)) tlp.add(t.label().substring(4).toLowerCase(java.util.Locale.ROOT));
            ArrayNode t = a.putArray("types");
            if (types == null) t.add("*");
            else types.stream().sorted().forEach(t::add);
            if (sameOrganisation()) a.put("same_organisation", true);
            ArrayNode m = a.putArray("markings");
            markings.stream().sorted().forEach(m::add);
            a.put("sightings", sightings).put("may_reshare", false);
            return a;
        }
    }

    /** Readers with random agreements; the seed is printed, and {@code -Dconcord.sovereignty.seed} replays it. */
    private static final long READERS_SEED = Long.getLong("concord.sovereignty.seed", new Random().nextLong());
    private static final List<Observer> READERS = new ArrayList<>();
    private static final List<Observer> OBSERVERS = new ArrayList<>();
    /** The observers that read over TAXII in the tries. */
    private static final List<Observer> TAXII_READERS = new ArrayList<>();

    private static Path root;
    private static DemoFederation federation;
    private static RunningNode ee, fi, lv;
    private static Receiver hook;
    private static final Map<Observer, HttpClient> clients = new HashMap<>();
    /** What each observer must never see: canaries and ids, each with what it came from (for the failure message). */
    private static final Map<Observer, Map<String, Why>> forbidden = new ConcurrentHashMap<>();
    private static final Map<Observer, Map<String, Why>> forbiddenEver = new ConcurrentHashMap<>();

    /** Why a string is forbidden to an observer, said only when it leaks (long runs hold millions). */
    record Why(String what, Made version, Observer to) {
        @Override
        public String toString() {
            return what + " " + describe(version, to);
        }
    }
    /** What the asynchronous surfaces delivered, for the checks after the tries. */
    private static final Map<Observer, List<String>> streamed = new ConcurrentHashMap<>();
    private static final Map<Observer, Integer> streamChecked = new ConcurrentHashMap<>();
    private static final List<Thread> threads = new CopyOnWriteArrayList<>();
    private static final AtomicInteger tries = new AtomicInteger();
    /** Objects granted to the try's reader (and what they name), which it received: the positive controls. */
    private static final AtomicInteger controls = new AtomicInteger();
    /** Tries in which the reader posted a copy of an observable held but withheld from it. */
    private static final AtomicInteger posts = new AtomicInteger();
    /** Objects each partner must receive by push (positive control): id and version. */
    private static final Map<Observer, Set<String>> mustArrive = new ConcurrentHashMap<>();

    @BeforeContainer
    static void start() throws Exception {
        Random draw = new Random(READERS_SEED);
        for (int i = 1; i <= 4; i++) READERS.add(Observer.reader(i, draw));
        OBSERVERS.addAll(List.of(Observer.FI, Observer.LV, Observer.WEBHOOK));
        OBSERVERS.addAll(READERS);
        TAXII_READERS.addAll(List.of(Observer.FI, Observer.LV));
        TAXII_READERS.addAll(READERS);
        System.out.println("SovereigntyProperties: readers (-Dconcord.sovereignty.seed=" + READERS_SEED + "): " + READERS);

        root = Files.createTempDirectory("concord-sovereignty");
        hook = Receiver.start(SECRET, 0);
        int[] ports = FederatedEarlyWarningTest.freePorts(3);
        DemoFederation f = DemoFederation.create(root, ports, FederatedEarlyWarningTest.WARNINGLISTS, DemoFederation.Timing.DEMO,
                InstantSource.system());
        Path eeDir = f.dir(f.members().getFirst());
        Files.writeString(eeDir.resolve("soc.secret"), SECRET + "\n");
        ObjectNode config = (ObjectNode) JSON.readTree(eeDir.resolve(NodeConfig.FILE).toFile());
        config.putObject("fanout").put("poll_seconds", 1);
        config.putArray("webhooks").addObject().put("name", "soc").put("url", hook.url().toString())
                .put("secret_file", "soc.secret").put("max_tlp", "green");
        ArrayNode agreements = config.putArray("agreements");
        agreements.add(Observer.FI.agreement("country"));
        agreements.add(Observer.LV.agreement("counts"));
        List<String> modes = List.of("identity", "country", "counts");
        for (Observer o : READERS) agreements.add(o.agreement(modes.get(draw.nextInt(modes.size()))));
        agreements.add(inbound("isac-fi", false));
        agreements.add(inbound("bank-lv", true));
        Files.writeString(eeDir.resolve(NodeConfig.FILE), config.toPrettyString());
        // the partners take from cert-ee whatever their agreement with it lets go (AMBER+STRICT too, at bank-lv)
        for (DemoFederation.Member m : f.members().subList(1, 3)) {
            Path dir = f.dir(m);
            ObjectNode c = (ObjectNode) JSON.readTree(dir.resolve(NodeConfig.FILE).toFile());
            for (JsonNode a : c.get("agreements")) {
                if (a.path("partner").asText().equals("cert-ee") && a.path("direction").asText().equals("inbound")) {
                    ((ObjectNode) a).put("same_organisation", m.node().equals("bank-lv"));
                    ((ArrayNode) a.get("tlp")).removeAll().add("clear").add("green").add("amber");
                    if (m.node().equals("bank-lv")) ((ArrayNode) a.get("tlp")).add("amber+strict");
                    ((ObjectNode) a).putArray("markings").add(M_OK).add(M_NO).add(DemoFederation.ATTACK_MARKING);
                }
            }
            Files.writeString(dir.resolve(NodeConfig.FILE), c.toPrettyString());
        }
        federation = f.start();
        ee = federation.nodes().get(0);
        fi = federation.nodes().get(1);
        lv = federation.nodes().get(2);
        clients.put(Observer.FI, client(federation.dir(fi.member)));
        clients.put(Observer.LV, client(federation.dir(lv.member)));
        for (Observer o : READERS) { // pinned at cert-ee, with read rights on its three collections
            Path dir = root.resolve(o.node());
            NodeTls tls = NodeTls.create(dir, o.node());
            ee.services.taxii().partners().add(new org.concord.partner.Partners.Partner(o.node(), tls.fingerprint(), Instant.now()));
            ee.services.taxii().rights().set(org.concord.taxii.Principal.partnerKey(o.node()), new org.concord.taxii.Permissions(
                    Set.of(ee.node().collectionId(Node.INTELLIGENCE), ee.node().collectionId(Node.SIGHTINGS),
                            ee.node().collectionId(Node.ALERTS)), Set.of()));
            clients.put(o, client(dir));
        }
        for (Observer o : OBSERVERS) {
            forbidden.put(o, new ConcurrentHashMap<>());
            forbiddenEver.put(o, new ConcurrentHashMap<>());
            streamed.put(o, new CopyOnWriteArrayList<>());
            mustArrive.put(o, ConcurrentHashMap.newKeySet());
        }
        // no wait for the server's 2 s cache of rights: these readers were never looked up before their rights were set
        stream(Observer.FI);
        stream(Observer.LV);
        threads.add(Thread.ofVirtual().start(() -> {
            try {
                while (!Thread.currentThread().isInterrupted()) streamed.get(Observer.WEBHOOK).add(hook.next().text());
            } catch (InterruptedException e) {
                // stopped
            }
        }));
    }

    private static ObjectNode inbound(String partner, boolean sameOrganisation) {
        ObjectNode a = JSON.createObjectNode().put("partner", partner).put("direction", "inbound");
        a.putArray("collections").add(Node.INTELLIGENCE).add(Node.SIGHTINGS).add(Node.ALERTS);
        a.putArray("tlp").add("clear").add("green").add("amber");
        a.putArray("types").add("*");
        if (sameOrganisation) a.put("same_organisation", true);
        a.put("may_reshare", false);
        return a;
    }

    @AfterContainer
    static void stop() throws IOException {
        try {
            threads.forEach(Thread::interrupt);
            if (federation != null) federation.close();
            if (hook != null) hook.close();
        } finally {
            if (root != null) {
                try (Stream<Path> files = Files.walk(root)) {
                    for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
                }
            }
        }
    }

    // ---- the generated graphs ----

    /** One version to write: the object, where, its handling level and origin, and what the model knows of it. */
    record Made(ObjectNode json, String alias, Tlp handling, Origin origin, String canary, String granularCanary,
                Tlp granularLevel, String granularMarking) {
        String id() {
            return json.get("id").asText();
        }
    }

    /** A graph: the versions in the order written (a newer version after its older one). */
    record Graph(List<Made> versions, Observer observer, long seed) {
        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("Graph[observer " + observer + ", seed " + seed + "]");
            for (Made m : versions) {
                sb.append("\n  ").append(m.alias()).append(' ').append(m.json()).append(m.handling() != null ? " handling " + m.handling() : "")
                        .append(m.origin() != null ? " from " + m.origin().node() + " reshare " + m.origin().mayReshare() : "");
            }
            return sb.toString();
        }
    }

    /** Drawn into every generator: a graph replayed (shrinking, jqwik's failure database) gets fresh ids and canaries. */
    private static final AtomicInteger DRAWS = new AtomicInteger();
    /** The IPv4 addresses drawn so far: an observable's id is its value, so each is drawn once a run. */
    private static final Set<String> ADDRESSES = ConcurrentHashMap.newKeySet();

    @Provide
    Arbitrary<Graph> graphs() {
        return Arbitraries.longs().map(seed -> generate(new Random(seed ^ (DRAWS.incrementAndGet() * 0x9E3779B97F4A7C15L)), seed))
                .withoutEdgeCases();
    }

    private static Graph generate(Random r, long seed) {
        Gen g = new Gen(r);
        int n = 4 + r.nextInt(9);
        for (int i = 0; i < n; i++) g.object();
        if (r.nextInt(3) == 0) g.alert();
        Observer observer = TAXII_READERS.get(r.nextInt(TAXII_READERS.size()));
        return new Graph(g.out, observer, seed);
    }

    /** Draws objects whose references point at objects drawn before. */
    private static final class Gen {
        final Random r;
        final List<Made> out = new ArrayList<>();
        final List<String> indicators = new ArrayList<>(), observables = new ArrayList<>(), identities = new ArrayList<>(),
                any = new ArrayList<>(), nodes = new ArrayList<>(); // nodes: SDOs and SCOs, which relationships may join

        Gen(Random r) {
            this.r = r;
        }

        static String canary(Random r) {
            return String.format("cnry%016x", r.nextLong());
        }

        /** A random (version 4) UUID drawn from the try's generator, so a seed replays the graph. */
        String uuid() {
            return new UUID((r.nextLong() & ~0xF000L) | 0x4000L, (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L).toString();
        }

        String pick(List<String> from) {
            return from.get(r.nextInt(from.size()));
        }

        void object() {
            int kind = r.nextInt(11);
            if (kind >= 4 && nodes.isEmpty()) kind = r.nextInt(4);
            String c = canary(r), gc = canary(r);
            String created = StixTimestamp.formatMillis(Instant.parse("2026-06-01T00:00:00Z").plusSeconds(r.nextInt(1_000_000)));
            ObjectNode o = JSON.createObjectNode();
            String alias = Node.INTELLIGENCE;
            String description = "about " + gc; // the granular canary sits in description when there is one
            switch (kind) {
                case 0 -> { // an indicator on a canary domain
                    o.put("type", "indicator").put("id", "indicator--" + uuid()).put("name", "indicator " + c)
                            .put("pattern", "[domain-name:value = '" + c + ".example']").put("pattern_type", "stix")
                            .put("valid_from", created).put("description", description);
                }
                case 1 -> { // an observable, whose id is derived from its value
                    boolean domain = r.nextBoolean();
                    String value = c + ".example";
                    while (!domain && !ADDRESSES.add(value = "10." + r.nextInt(256) + "." + r.nextInt(256) + "." + r.nextInt(256))) {
                        // drawn before in this run: another
                    }
                    String type = domain ? "domain-name" : "ipv4-addr";
                    o.put("type", type).put("spec_version", "2.1")
                            .put("id", ObservableIds.id(type, JSON.createObjectNode().put("value", value))).put("value", value);
                    finish(o, null, Node.INTELLIGENCE, c, null, observables);
                    return;
                }
                case 2 -> o.put("type", "malware").put("id", "malware--" + uuid()).put("name", "malware " + c).put("is_family", r.nextBoolean())
                        .put("description", description);
                case 3 -> o.put("type", "identity").put("id", "identity--" + uuid()).put("name", "org " + c)
                        .put("identity_class", "organization").put("description", description);
                case 4 -> {
                    o.put("type", "relationship").put("id", "relationship--" + uuid()).put("relationship_type", "related-to")
                            .put("source_ref", pick(nodes)).put("target_ref", pick(nodes)).put("description", "rel " + c + " " + gc);
                    description = null;
                }
                case 5 -> {
                    o.put("type", "report").put("id", "report--" + uuid()).put("name", "report " + c).put("published", created)
                            .put("description", description);
                    ArrayNode refs = o.putArray("object_refs");
                    for (int i = 1 + r.nextInt(3); i > 0; i--) refs.add(pick(any));
                }
                case 6 -> {
                    o.put("type", "note").put("id", "note--" + uuid()).put("content", "note " + c).put("abstract", description);
                    ArrayNode refs = o.putArray("object_refs");
                    for (int i = 1 + r.nextInt(2); i > 0; i--) refs.add(pick(any));
                    description = null;
                }
                case 7 -> {
                    if (observables.isEmpty()) {
                        object();
                        return;
                    }
                    o.put("type", "observed-data").put("id", "observed-data--" + uuid()).put("first_observed", created)
                            .put("last_observed", created).put("number_observed", 1 + r.nextInt(5));
                    o.putArray("object_refs").add(pick(observables));
                    o.put("x_note", "seen " + c);
                    description = null;
                }
                case 8 -> {
                    if (indicators.isEmpty()) {
                        object();
                        return;
                    }
                    alias = Node.SIGHTINGS;
                    o.put("type", "sighting").put("id", "sighting--" + uuid()).put("sighting_of_ref", pick(indicators))
                            .put("count", 1 + r.nextInt(9)).put("first_seen", created).put("last_seen", created)
                            .put("description", "sighting " + c + " " + gc);
                    if (!identities.isEmpty() && r.nextBoolean()) {
                        String who = pick(identities);
                        o.put("created_by_ref", who);
                        o.putArray("where_sighted_refs").add(who);
                    }
                    description = null;
                }
                case 9 -> {
                    String target = pick(any);
                    if (target.startsWith("language-content--")) {
                        object();
                        return;
                    }
                    Made t = out.stream().filter(m -> m.id().equals(target)).reduce((a, b) -> b).orElseThrow();
                    JsonNode modified = t.json().has("modified") ? t.json().get("modified") : null;
                    if (modified == null) { // an observable: language-contents translate versioned objects
                        object();
                        return;
                    }
                    o.put("type", "language-content").put("id", "language-content--" + uuid()).put("object_ref", target)
                            .put("object_modified", modified.asText());
                    o.putObject("contents").putObject("fr").put("name", "traduction " + c);
                    description = null;
                }
                default -> o.put("type", "malware").put("id", "malware--" + uuid()).put("name", "tool " + c).put("is_family", false)
                        .put("description", description);
            }
            o.put("spec_version", "2.1").put("created", created).put("modified", created);
            finish(o, description != null || o.has("description") ? gc : null, alias, c,
                    o.get("type").asText().equals("indicator") ? indicators : o.get("type").asText().equals("identity") ? identities : null,
                    null);
            if (r.nextInt(3) == 0 && o.has("modified")) newer(o, alias, c, gc);
        }

        /** Marks {@code o} at random and records it. */
        private void finish(ObjectNode o, String granularCanary, String alias, String canary, List<String> kind, List<String> observableKind) {
            finishAs(o, granularCanary, alias, canary);
            if (kind != null) kind.add(o.get("id").asText());
            if (observableKind != null) observableKind.add(o.get("id").asText());
            any.add(o.get("id").asText());
            String type = o.get("type").asText();
            if (!List.of("relationship", "sighting", "language-content").contains(type)) nodes.add(o.get("id").asText());
        }

        private void finish(ObjectNode o, String granularCanary, String alias, String canary, List<String> kind) {
            finish(o, granularCanary, alias, canary, kind, null);
        }

        private void finishAs(ObjectNode o, String granularCanary, String alias, String canary) {
            // object markings: none (then perhaps a handling level), one TLP 2.0 or 1.0 level, two levels, a statement
            Tlp handling = null;
            int m = r.nextInt(10);
            ArrayNode refs = JSON.createArrayNode();
            if (m <= 1) {
                if (r.nextBoolean()) handling = Tlp.values()[r.nextInt(Tlp.values().length)];
            } else if (m <= 6) {
                refs.add(Tlp.values()[r.nextInt(Tlp.values().length)].markingId());
            } else if (m == 7) {
                refs.add(new ArrayList<>(TLP1.keySet()).get(r.nextInt(TLP1.size())));
            } else if (m == 8) {
                refs.add(Tlp.values()[r.nextInt(Tlp.values().length)].markingId()).add(Tlp.values()[r.nextInt(Tlp.values().length)].markingId());
            } else {
                refs.add(Tlp.GREEN.markingId()).add(r.nextBoolean() ? M_OK : M_NO);
            }
            if (!refs.isEmpty()) o.set("object_marking_refs", refs);
            Tlp granularLevel = null;
            String granularMarking = null;
            if (granularCanary != null && o.has("description") && r.nextInt(3) == 0) {
                granularMarking = r.nextInt(4) == 0 ? M_NO : Tlp.values()[r.nextInt(Tlp.values().length)].markingId();
                granularLevel = Tlp.ofMarkingId(granularMarking).orElse(null);
                o.putArray("granular_markings").addObject().put("marking_ref", granularMarking).putArray("selectors").add("description");
            }
            Origin origin = null;
            if (r.nextInt(8) == 0) { // relayed from a third node that did not let it be passed on (or did)
                boolean reshare = r.nextBoolean();
                origin = new Origin("cert-xx", "DE", List.of("cert-xx"), reshare, "cert-xx", Origin.Signature.UNSIGNED);
            }
            out.add(new Made(o, alias, handling, origin, canary, granularMarking != null ? granularCanary : null, granularLevel,
                    granularMarking));
        }

        /**
         * A newer version of {@code older}, marked anew (stricter or looser), with canaries of its own:
         * what a version states under its own marking is its own.
         */
        private void newer(ObjectNode older, String alias, String canary, String granularCanary) {
            String c = canary(r), gc = canary(r);
            ObjectNode o;
            try {
                o = (ObjectNode) JSON.readTree(older.toString().replace(canary, c).replace(granularCanary, gc));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            o.remove(List.of("object_marking_refs", "granular_markings"));
            Instant t = Instant.parse(older.get("modified").asText()).plusSeconds(1 + r.nextInt(1000));
            o.put("modified", StixTimestamp.formatMillis(t));
            finishAs(o, o.toString().contains(gc) && o.has("description") ? gc : null, alias, c);
        }

        /** An alert on a canary key, at a random level. */
        void alert() {
            String c = canary(r);
            Tlp tlp = r.nextInt(5) == 0 ? null : Tlp.values()[r.nextInt(Tlp.values().length)];
            ObjectNode o = TestAlerts.json("x-concord-alert--" + uuid(), "domain:" + c + ".example",
                    Instant.parse("2026-06-01T00:00:00Z").plusSeconds(r.nextInt(1_000_000)), "high", List.of("EE", "FI", "LV"), tlp);
            Tlp handling = tlp == null && r.nextBoolean() ? Tlp.values()[r.nextInt(Tlp.values().length)] : null;
            out.add(new Made(o, Node.ALERTS, handling, null, c, null, null, null));
        }
    }

    // ---- the reference model ----

    /** The effective TLP of a version: its strictest TLP marking (2.0 or 1.0), else its handling level, else GREEN (the demo's default). */
    static Tlp effective(Made m) {
        Tlp found = null;
        for (JsonNode ref : m.json().path("object_marking_refs")) {
            Tlp t = level(ref.asText());
            if (t != null && (found == null || t.ordinal() > found.ordinal())) found = t;
        }
        if (found != null) return found;
        return m.handling() != null ? m.handling() : Tlp.GREEN;
    }

    private static Tlp level(String markingId) {
        Tlp t = Tlp.ofMarkingId(markingId).orElse(null);
        return t != null ? t : TLP1.get(markingId);
    }

    /**
     * Whether the version is withheld from {@code o} for what it is: its type, its effective level or a
     * statement marking not granted (references to it are then removed too: its id must not show).
     */
    static boolean markedAway(Made m, Observer o) {
        if (o.types != null && !o.types.contains(m.json().get("type").asText())) return true;
        if (!o.levels.contains(effective(m))) return true;
        if (o.partner) { // an agreement must grant every TLP level an object is marked with (policy.md, rule 1)
            for (JsonNode ref : m.json().path("object_marking_refs")) {
                Tlp t = level(ref.asText());
                if (t != null && !o.levels.contains(t)) return true;
            }
        }
        if (o.markings == null) return false;
        for (JsonNode ref : m.json().path("object_marking_refs")) {
            if (level(ref.asText()) == null && !o.markings.contains(ref.asText())) return true;
        }
        return false;
    }

    /** Whether the version may not reach {@code o} at all: marked away, or a partner and not ours to pass on. */
    static boolean forbiddenVersion(Made m, Observer o) {
        if (!o.partner && !m.alias().equals(Node.ALERTS)) return true; // the webhook takes alerts only
        return markedAway(m, o) || (o.partner && m.origin() != null && !m.origin().mayReshare());
    }

    /**
     * Records what {@code g} forbids to each observer: {@link #forbidden}, for what is read after the
     * whole graph is written (a newer version it may not see withdraws the older ones), and
     * {@link #forbiddenEver}, for what goes out as each version is written (push, streams, webhooks:
     * an older version may have gone before a stricter one was written, and cannot be called back).
     */
    private static void forbid(Graph g) {
        Map<String, Made> newest = new LinkedHashMap<>();
        Map<String, Boolean> everGranted = new HashMap<>();
        for (Made m : g.versions()) newest.put(m.id(), m); // written in version order: the last is the newest
        for (Observer o : OBSERVERS) {
            Map<String, Why> now = forbidden.get(o), ever = forbiddenEver.get(o);
            everGranted.clear();
            for (Made m : g.versions()) {
                Made last = newest.get(m.id());
                boolean away = forbiddenVersion(m, o);
                if (away || forbiddenVersion(last, o)) now.put(m.canary(), new Why("canary of", m, o));
                if (away) ever.put(m.canary(), new Why("canary of", m, o));
                if (m.granularCanary() != null) {
                    boolean gAway = granularAway(m, o) || away;
                    if (gAway || forbiddenVersion(last, o)) now.put(m.granularCanary(), new Why("granular canary of", m, o));
                    if (gAway) ever.put(m.granularCanary(), new Why("granular canary of", m, o));
                }
                if (!markedAway(m, o)) everGranted.put(m.id(), true);
            }
            for (Made last : newest.values()) {
                if (!o.partner && !last.alias().equals(Node.ALERTS)) continue;
                if (markedAway(last, o)) now.put(last.id(), new Why("id of", last, o));
                if (!everGranted.containsKey(last.id())) ever.put(last.id(), new Why("id, as of every version, of", last, o));
            }
        }
    }

    private static boolean granularAway(Made m, Observer o) {
        if (m.granularLevel() != null) return !o.levels.contains(m.granularLevel());
        return o.markings != null && !o.markings.contains(m.granularMarking());
    }

    private static String describe(Made m, Observer o) {
        return m.json().get("type").asText() + " " + m.id() + " (effective " + effective(m).label() + ", markings "
                + m.json().path("object_marking_refs") + ", granular " + m.granularMarking() + ", origin "
                + (m.origin() == null ? "here" : m.origin().node() + " reshare " + m.origin().mayReshare()) + ") forbidden to " + o;
    }

    /** Every canary and id in {@code text}, read once every graph was written, that {@code o} must not see, with why. */
    static List<String> leaks(Observer o, String text) {
        return leaks(forbidden.get(o), text);
    }

    /** Every canary and id in {@code text}, sent as versions were written, that {@code o} must not see, with why. */
    static List<String> leaksEver(Observer o, String text) {
        return leaks(forbiddenEver.get(o), text);
    }

    private static List<String> leaks(Map<String, Why> f, String text) {
        List<String> out = new ArrayList<>();
        for (Pattern p : List.of(CANARY, ID)) {
            Matcher m = p.matcher(text);
            while (m.find()) {
                Why why = f.get(m.group());
                if (why != null) out.add(m.group() + ": " + why);
            }
        }
        return out;
    }

    // ---- the property ----

    @Property // jqwik's default tries: 1,000 unless jqwik.tries.default says otherwise
    void nothingForbiddenReachesAnyPartnerSurface(@ForAll("graphs") Graph g) throws Exception {
        check(g);
    }

    private static final org.concord.stix.StixValidator VALIDATOR = new org.concord.stix.StixValidator();

    private static void check(Graph g) throws Exception {
        int n = tries.incrementAndGet();
        for (Made m : g.versions()) { // what a producer could have made: the node stores what it is given
            assertThat(VALIDATOR.validate(m.json())).as("the generator makes valid STIX: %s", m.json()).isEmpty();
        }
        forbid(g);
        Map<String, Instant> dateAdded = write(g);
        Instant after = dateAdded.values().stream().min(Comparator.naturalOrder()).orElseThrow().minusNanos(1_000);
        Observer o = g.observer();
        HttpClient c = clients.get(o);
        List<String> seen = new ArrayList<>();

        // Get Objects and manifest walks, every version and the newest, in small pages: bodies and headers
        Set<String> received = new HashSet<>();
        Random walks = new Random(g.seed());
        for (String alias : List.of(Node.INTELLIGENCE, Node.SIGHTINGS, Node.ALERTS)) {
            String base = ee.apiRoot() + "collections/" + ee.node().collectionId(alias) + "/";
            // one of the walks a partner makes, in pages of a size drawn for the try
            String what = WALKS.get(walks.nextInt(WALKS.size()));
            int limit = LIMITS[walks.nextInt(LIMITS.length)];
            {
                String next = null;
                int pages = 0;
                do {
                    HttpResponse<String> r = get(c, base + what + "limit=" + limit + "&added_after="
                            + StixTimestamp.formatMicros(after) + (next == null ? "" : "&next=" + URLEncoder.encode(next, StandardCharsets.UTF_8)));
                    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                    seen.add(r.uri() + " " + r.statusCode() + " " + r.headers().map() + "\n" + r.body());
                    JsonNode env = JSON.readTree(r.body());
                    JsonNode items = what.startsWith("manifest") ? env.path("objects") : env.path("objects");
                    assertDatesReleased(o, r, items, dateAdded, g);
                    String version = what.startsWith("manifest") ? "version" : "modified";
                    items.forEach(x -> received.add(x.path("id").asText() + " " + (x.has("modified") || version.equals("version")
                            && !x.path("id").asText().matches("(domain-name|ipv4-addr)--.*") ? x.path(version).asText() : "")));
                    next = env.path("more").asBoolean() ? env.path("next").asText(null) : null;
                    pages++;
                } while (next != null && pages < 50);
            }
        }

        // Get An Object and Object Versions: a withheld id answers as an id never held
        Map<String, Made> newest = new LinkedHashMap<>();
        for (Made m : g.versions()) newest.put(m.id(), m);
        int asked = 0;
        for (Made m : newest.values()) {
            if (!markedAway(m, o) || asked++ >= 1) continue;
            String type = m.json().get("type").asText();
            String unknown = type + "--" + UUID.randomUUID();
            String base = ee.apiRoot() + "collections/" + ee.node().collectionId(m.alias()) + "/objects/";
            for (String tail : List.of("/", "/versions/", "/?match[version]=all")) {
                HttpResponse<String> held = get(c, base + m.id() + tail), never = get(c, base + unknown + tail);
                // the id the partner asked for is echoed (as for any id): it told the node, not the reverse
                seen.add((held.uri() + " " + held.statusCode() + " " + held.headers().map() + "\n" + held.body()).replace(m.id(), "ID"));
                assertThat(held.statusCode()).as("%s%s of %s", m.id(), tail, describe(m, o)).isEqualTo(never.statusCode());
                assertThat(held.body().replace(m.id(), "ID")).as("%s%s", m.id(), tail).isEqualTo(never.body().replace(unknown, "ID"));
                assertThat(headers(held)).isEqualTo(headers(never));
            }
            // the transparency log gives no proof of it, in the same words as for a version never held
            String version = m.json().has("modified") ? m.json().get("modified").asText() : "";
            HttpResponse<String> proof = get(c, ee.apiRoot() + "concord/log/inclusion?id=" + m.id() + "&version=" + version);
            HttpResponse<String> none = get(c, ee.apiRoot() + "concord/log/inclusion?id=" + unknown + "&version=" + version);
            seen.add((proof.uri() + " " + proof.statusCode() + "\n" + proof.body()).replace(m.id(), "ID"));
            assertThat(proof.statusCode()).isEqualTo(none.statusCode()).isEqualTo(404);
            assertThat(proof.body()).isEqualTo(none.body());
        }

        for (String text : seen) assertThat(leaks(o, text)).as("what %s read over TAXII: %s", o, text).isEmpty();

        // positive controls: the newest version of an object granted to the observer, whose references name only such
        // objects, arrives over TAXII now, and at the two partners by push (checked after the tries)
        Map<String, Boolean> plainToReader = new HashMap<>();
        for (Made m : newest.values()) {
            if (m.alias().equals(Node.ALERTS) || !plain(m.id(), newest, o, plainToReader)) continue;
            controls.incrementAndGet();
            assertThat(received).as("received over TAXII by %s:\n%s", o, g).contains(key(m));
        }
        for (Observer partner : List.of(Observer.FI, Observer.LV)) {
            Map<String, Boolean> memo = new HashMap<>();
            for (Made m : newest.values()) {
                if (!m.alias().equals(Node.ALERTS) && plain(m.id(), newest, partner, memo)) mustArrive.get(partner).add(key(m));
            }
        }
        Statistics.label("withheld from the observer").collect(g.versions().stream().filter(m -> forbiddenVersion(m, o)).count() > 0);

        // Add Objects by the partner, and its status: a copy of an observable held here but withheld from the poster
        // is answered exactly as one never held
        RunningNode poster = o.equals(Observer.FI) ? fi : o.equals(Observer.LV) ? lv : null;
        Made heldAway = newest.values().stream()
                .filter(m -> m.json().get("type").asText().equals("domain-name") && markedAway(m, o)).findFirst().orElse(null);
        if (poster != null && heldAway != null) {
            postAsPartner(c, poster, o, heldAway);
            posts.incrementAndGet();
        }

        // what came asynchronously so far (streams, webhook): checked at every try; push at the end
        checkStreams();
        if (n == TRIES) finalChecks();
    }

    /**
     * Whether the newest version of {@code id} must reach {@code o}: it is granted, and so is every
     * object it references (a reference to an object outside the graph is not drawn).
     */
    private static boolean plain(String id, Map<String, Made> newest, Observer o, Map<String, Boolean> memo) {
        Boolean known = memo.get(id);
        if (known != null) return known;
        Made m = newest.get(id);
        boolean plain = m != null && !forbiddenVersion(m, o);
        if (plain) {
            List<String> refs = new ArrayList<>();
            refs(m.json(), refs);
            for (String ref : refs) plain &= ref.equals(id) || plain(ref, newest, o, memo);
        }
        memo.put(id, plain);
        return plain;
    }

    /** The ids an object references (its *_ref and *_refs properties, not markings). */
    private static void refs(JsonNode json, List<String> into) {
        json.fields().forEachRemaining(e -> {
            String name = e.getKey();
            if (name.equals("object_marking_refs") || name.equals("granular_markings")) return;
            if (name.endsWith("_ref") && e.getValue().isTextual()) into.add(e.getValue().asText());
            if (name.endsWith("_refs")) e.getValue().forEach(v -> into.add(v.asText()));
        });
    }

    private static String key(Made m) {
        return m.id() + " " + m.json().path("modified").asText();
    }

    /**
     * {@code poster} posts to cert-ee's intelligence collection a GREEN copy of {@code held} (an
     * observable, whose id is its value) and a GREEN observable cert-ee never held, both signed by
     * the poster beside them; the two successes, in the answer and in the status read back, say the
     * same: neither "already in the collection" nor a date of the held copy.
     */
    private static void postAsPartner(HttpClient c, RunningNode poster, Observer o, Made held) throws Exception {
        String fresh = Gen.canary(new Random()) + ".example";
        ObjectNode copy = JSON.createObjectNode().put("type", "domain-name").put("spec_version", "2.1").put("id", held.id())
                .put("value", held.json().get("value").asText());
        ObjectNode other = JSON.createObjectNode().put("type", "domain-name").put("spec_version", "2.1")
                .put("id", ObservableIds.id("domain-name", JSON.createObjectNode().put("value", fresh))).put("value", fresh);
        for (ObjectNode x : List.of(copy, other)) x.putArray("object_marking_refs").add(Tlp.GREEN.markingId());
        ObjectNode envelope = JSON.createObjectNode();
        ArrayNode objects = envelope.putArray("objects"), signatures = envelope.putArray(SignatureClaim.MEMBER);
        var signer = org.concord.runtime.NodeServices.signer(poster.node());
        for (ObjectNode x : List.of(copy, other)) {
            StixObject stix = StixObject.of(x);
            objects.add(x);
            signatures.add(new SignatureClaim(stix.id(), "", signer.sign(stix)).toJson());
        }
        String collection = ee.apiRoot() + "collections/" + ee.node().collectionId(Node.INTELLIGENCE) + "/";
        HttpResponse<String> r = c.send(HttpRequest.newBuilder(URI.create(collection + "objects/")).header("Accept", TAXII)
                .header("Content-Type", TAXII).POST(HttpRequest.BodyPublishers.ofString(envelope.toString()))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        HttpResponse<String> read = get(c, ee.apiRoot() + "status/" + JSON.readTree(r.body()).get("id").asText() + "/");
        for (HttpResponse<String> answer : List.of(r, read)) {
            JsonNode status = JSON.readTree(answer.body());
            assertThat(status.path("success_count").asInt()).as("%s as %s of %s", answer.body(), o, describe(held, o)).isEqualTo(2);
            Map<String, JsonNode> details = new HashMap<>();
            status.path("successes").forEach(d -> details.put(d.path("id").asText(), d));
            JsonNode heldDetail = details.get(copy.get("id").asText()), freshDetail = details.get(other.get("id").asText());
            assertThat(fieldNames(heldDetail)).as("the held copy's success: %s", answer.body()).isEqualTo(fieldNames(freshDetail));
            assertThat(heldDetail.path("message").isMissingNode()).isEqualTo(freshDetail.path("message").isMissingNode());
            assertThat(answer.body()).doesNotContain("already");
            assertThat(heldDetail.path("version").asText()).as("versions of the two successes: %s", answer.body())
                    .isEqualTo(freshDetail.path("version").asText());
        }
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        java.util.Collections.sort(out);
        return out;
    }

    /** Every date in a page's date headers is that of a version released to the observer; none on a page without objects. */
    private static void assertDatesReleased(Observer o, HttpResponse<String> r, JsonNode items, Map<String, Instant> dateAdded, Graph g) {
        List<String> dates = new ArrayList<>();
        r.headers().firstValue("X-TAXII-Date-Added-First").ifPresent(dates::add);
        r.headers().firstValue("X-TAXII-Date-Added-Last").ifPresent(dates::add);
        if (items.isEmpty()) assertThat(dates).as("date headers of a page without objects").isEmpty();
        Map<Instant, Made> byDate = new HashMap<>();
        for (Made m : g.versions()) {
            Instant t = dateAdded.get(m.id() + " " + m.json().path("modified").asText());
            if (t != null) byDate.put(t, m);
        }
        for (String d : dates) {
            Made m = byDate.get(Instant.parse(d));
            if (m != null) assertThat(forbiddenVersion(m, o)).as("the date %s names %s", d, describe(m, o)).isFalse();
        }
    }

    private static Map<String, List<String>> headers(HttpResponse<String> r) {
        Map<String, List<String>> h = new java.util.TreeMap<>(r.headers().map());
        h.remove("date");
        return h;
    }

    /** Writes the graph into cert-ee; the date_added of each version (id and modified). */
    private static Map<String, Instant> write(Graph g) {
        Map<String, Instant> out = new HashMap<>();
        List<Made> run = new ArrayList<>();
        for (int i = 0; i <= g.versions().size(); i++) { // a write per run of one collection, in order: a newer version after its older one
            Made m = i < g.versions().size() ? g.versions().get(i) : null;
            if (!run.isEmpty() && (m == null || !m.alias().equals(run.getFirst().alias()))) {
                List<WriteOutcome> w = ee.node().store().write(ee.node().collectionId(run.getFirst().alias()),
                        run.stream().map(x -> StixObject.of(x.json())).toList(), run.stream().map(Made::origin).toList(),
                        run.stream().map(Made::handling).toList());
                for (int k = 0; k < run.size(); k++) {
                    if (w.get(k) instanceof WriteOutcome.Stored s) out.put(run.get(k).id() + " " + run.get(k).json().path("modified").asText(), s.dateAdded());
                }
                run.clear();
            }
            if (m != null) run.add(m);
        }
        return out;
    }

    private static void checkStreams() {
        for (Observer o : OBSERVERS) { // what arrived since the last look
            List<String> got = streamed.get(o);
            int from = streamChecked.getOrDefault(o, 0), to = got.size();
            for (String text : got.subList(from, to)) assertThat(leaksEver(o, text)).as("what %s received on its stream: %s", o, text).isEmpty();
            streamChecked.put(o, to);
        }
    }

    /**
     * After the last try: a GREEN alert and a GREEN indicator written last arrive everywhere they
     * may (so everything written before them has been pushed and streamed), then the partners'
     * stores, streams and the webhook's deliveries are searched.
     */
    private static void finalChecks() throws Exception {
        System.out.println("SovereigntyProperties: " + tries.get() + " tries; " + controls.get()
                + " objects granted to their reader and received by it (positive controls); " + posts.get()
                + " posts of a copy of an observable withheld from the poster");
        assertThat(posts.get()).as("posts of withheld observables' copies").isPositive();
        assertThat(controls.get()).as("positive controls: the tries are not vacuous").isGreaterThan(tries.get() / 2);
        String c = Gen.canary(new Random());
        ObjectNode alert = TestAlerts.json(TestAlerts.newId(), "domain:sentinel-" + c + ".example", Instant.now(), "high",
                List.of("EE", "FI", "LV"), Tlp.GREEN);
        ObjectNode indicator = JSON.createObjectNode().put("type", "indicator").put("spec_version", "2.1")
                .put("id", "indicator--" + UUID.randomUUID()).put("created", "2026-06-01T00:00:00.000Z").put("modified", "2026-06-01T00:00:00.000Z")
                .put("pattern", "[domain-name:value = 'sentinel.example']").put("pattern_type", "stix").put("valid_from", "2026-06-01T00:00:00Z");
        indicator.putArray("object_marking_refs").add(Tlp.GREEN.markingId());
        ee.node().store().write(ee.node().collectionId(Node.ALERTS), List.of(StixObject.of(alert)));
        ee.node().store().write(ee.node().collectionId(Node.INTELLIGENCE), List.of(StixObject.of(indicator)));
        String alertId = alert.get("id").asText(), indicatorId = indicator.get("id").asText();
        for (RunningNode partner : List.of(fi, lv)) {
            assertThat(DemoFederation.await(() -> partner.has(indicatorId), LIMIT)).as("the last indicator pushed to %s", partner).isNotNull();
        }
        for (Observer o : List.of(Observer.FI, Observer.LV, Observer.WEBHOOK)) {
            assertThat(DemoFederation.await(() -> streamed.get(o).stream().anyMatch(t -> t.contains(alertId)), LIMIT))
                    .as("the last GREEN alert on the %s stream", o).isNotNull();
        }
        checkStreams();
        for (Map.Entry<Observer, RunningNode> e : Map.of(Observer.FI, fi, Observer.LV, lv).entrySet()) {
            Set<String> held = new HashSet<>();
            for (String alias : List.of(Node.INTELLIGENCE, Node.SIGHTINGS, Node.ALERTS)) {
                ObjectFilter f = new ObjectFilter(null, List.of(), List.of(), VersionMatch.ALL, List.of(), ObjectFilter.MAX_LIMIT);
                for (Page p; ; f = f.after(p.items().getLast().dateAdded())) {
                    p = e.getValue().node().store().objects(e.getValue().node().collectionId(alias), f);
                    for (StoredVersion v : p.items()) {
                        String json = new String(v.object().canonical(), StandardCharsets.UTF_8);
                        assertThat(leaksEver(e.getKey(), json)).as("what %s received by push: %s", e.getKey(), json).isEmpty();
                        held.add(v.object().id() + " " + (v.object().modified() == null ? "" : v.object().modified()));
                    }
                    if (!p.more() || p.items().isEmpty()) break;
                }
            }
            Set<String> missing = new HashSet<>(mustArrive.get(e.getKey()));
            held.forEach(missing::remove);
            assertThat(missing).as("granted versions %s did not receive by push; cert-ee's errors with it: %s", e.getKey(),
                    ee.services.syncDatabase().ledger().recentErrors(e.getKey().node, 20)).isEmpty();
        }
    }

    // ---- HTTP as a partner ----

    private static HttpResponse<String> get(HttpClient c, String url) throws IOException, InterruptedException {
        return c.send(HttpRequest.newBuilder(URI.create(url)).header("Accept", TAXII).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    /** A partner's alert stream on cert-ee from the start of the collection, read by a thread into {@link #streamed}. */
    private static void stream(Observer o) throws Exception {
        HttpResponse<java.io.InputStream> r = clients.get(o).send(HttpRequest.newBuilder(URI.create(ee.apiRoot()
                        + "concord/alerts/stream?added_after=1970-01-01T00:00:00Z")).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        threads.add(Thread.ofVirtual().start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) if (!line.startsWith(":")) streamed.get(o).add(line);
            } catch (IOException e) {
                // the server went
            }
        }));
    }

    /** An HTTPS client with the TLS identity in {@code dir} (mutual TLS, as a pinned partner) trusting cert-ee's certificate. */
    private static HttpClient client(Path dir) throws Exception {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(NodeTls.trustStore(NodeTls.readCertificate(NodeTls.certificateFile(federation.dir(ee.member)))));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        char[] pw = "test".toCharArray();
        KeyStore ks = NodeTls.load(dir).keyStore(pw);
        kmf.init(ks, pw);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(10)).build();
    }
}
