package org.concord.response.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.concord.config.ConfigFile;
import org.concord.federation.PeerFlags;
import org.concord.federation.TestFederation;
import org.concord.node.Node;
import org.concord.node.NodeConfig;
import org.concord.node.NodeTls;
import org.concord.response.CaseState;
import org.concord.response.CaseState.Change;
import org.concord.response.DeadlineSweep;
import org.concord.response.Kind;
import org.concord.response.Participations;
import org.concord.response.Request;
import org.concord.response.RequestJson;
import org.concord.response.Requests;
import org.concord.response.Requests.Party;
import org.concord.response.Requests.Priority;
import org.concord.response.Requests.State;
import org.concord.response.Requests.Transition;
import org.concord.response.ResponseApi;
import org.concord.response.ResponseApi.CaseQuery;
import org.concord.response.ResponseApi.RequestQuery;
import org.concord.response.ResponseObjects;
import org.concord.response.ResponseService;
import org.concord.stix.StixObject;
import org.concord.stix.Tlp;
import org.concord.store.ObjectFilter;
import org.concord.store.Store;
import org.concord.store.StoreConfig;
import org.concord.store.TestDatabases;
import org.concord.store.VersionMatch;
import org.concord.taxii.Permissions;
import org.concord.taxii.Principal;

/**
 * Coordinated response, macro ({@code ./bench response}; docs/response-design.md §7, issue 14's
 * figures). On one node holding N open cases and M requests (generated as STIX versions through the
 * store's batch write, then the read side caught up, timed):
 * <ul>
 *   <li>{@link ResponseApi} in process, after warm-up, C calls each: the case listing (first page
 *       and a deep page by its keyset token), the received requests still {@code sent}, one big case
 *       with its objects, one request with its versions; the deadline sweep with 0 due and with 500
 *       due (fresh due rows per sweep); baseline: a TAXII-style store page of 100 indicators;</li>
 *   <li>the same over HTTPS with a member token through the real server ({@code api} role), as the
 *       dashboard calls it; baseline: a TAXII objects page of 100 indicators, same token, same server;</li>
 *   <li>replication between two other nodes (A pushes to B over mutual TLS): a case version and an
 *       indicator of the same canonical size, written interleaved at A, each timed until B holds it.</li>
 * </ul>
 * Every figure is printed with its baseline and their ratio; the target is p99 under 50 ms.
 */
public final class ResponseBenchmark {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final String[] PARTNERS = {"bank-lv", "isac-fi", "cert-fi"};
    private static final int BATCH = 5_000, DUE = 500, WARM_SWEEPS = 5;
    /** Not used: every generated request names its own deadlines. */
    private static final org.concord.response.Deadlines DEADLINES = org.concord.response.ResponseConfig.defaults().deadlines();

    private final Options o;
    private final Random random = new Random(42);

    private ResponseBenchmark(Options o) {
        this.o = o;
    }

    record Options(int cases, int requests, List<String> stores, int calls, int sweeps, int replications, int size) {
        static Options parse(String[] args) {
            int cases = 10_000, requests = 100_000, calls = 1_000, sweeps = 20, replications = 1_000, size = 1024;
            List<String> stores = List.of("sqlite");
            for (int i = 0; i < args.length; i++) {
                String v = i + 1 < args.length ? args[i + 1].replace("_", "").replace(",", args[i].equals("--stores") ? "," : "") : null;
                switch (args[i]) {
                    case "--cases" -> cases = Integer.parseInt(v);
                    case "--requests" -> requests = Integer.parseInt(v);
                    case "--stores" -> stores = List.of(v.split(","));
                    case "--calls" -> calls = Integer.parseInt(v);
                    case "--sweeps" -> sweeps = Integer.parseInt(v);
                    case "--replications" -> replications = Integer.parseInt(v);
                    case "--size" -> size = Integer.parseInt(v);
                    default -> throw new IllegalArgumentException("unknown option " + args[i]
                            + "; usage: ./bench response [--cases N] [--requests M] [--stores sqlite,postgres] [--calls C]"
                            + " [--sweeps G] [--replications R] [--size BYTES]");
                }
                i++;
            }
            if (requests < sweeps * DUE + 1_000) throw new IllegalArgumentException("--requests must be at least --sweeps x 500 + 1,000");
            return new Options(cases, requests, stores, calls, sweeps, replications, size);
        }
    }

    public static void main(String[] args) throws Exception {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        for (String store : o.stores()) {
            Path root = Files.createTempDirectory("concord-response-bench");
            try {
                new ResponseBenchmark(o).run(store, root);
            } finally {
                deleteTree(root);
            }
        }
        System.exit(0);
    }

    private StoreConfig.Postgres postgres(String store) {
        return switch (store) {
            case "sqlite" -> null;
            case "postgres" -> TestDatabases.newPostgres();
            default -> throw new IllegalArgumentException("--stores: sqlite or postgres, not " + store);
        };
    }

    void run(String storeName, Path root) throws Exception {
        System.out.printf(Locale.ROOT, "%n== coordinated response on %s: %,d cases, %,d requests ==%n", storeName, o.cases(), o.requests());
        try (TestFederation f = new TestFederation(root)) {
            TestFederation.Member ee = f.node("cert-ee", "EE", postgres(storeName));
            Map<String, String> identities = new LinkedHashMap<>();
            for (String p : PARTNERS) identities.put(p, "identity--" + UUID.nameUUIDFromBytes(p.getBytes()));
            respond(ee, identities);
            Data d = generate(ee, identities);
            local(ee, d);
            https(ee, d);
        }
        try (TestFederation f = new TestFederation(root.resolve("replication"))) {
            replication(f, storeName);
        }
    }

    // ---- set-up

    /** node.json's response section: the partners' member identities. */
    private static void respond(TestFederation.Member m, Map<String, String> identities) throws IOException {
        ConfigFile.edit(m.dir.resolve(NodeConfig.FILE), config -> {
            ObjectNode members = config.putObject("response").putObject("members");
            identities.forEach((peer, id) -> members.putObject(peer).put("identity", id).putObject("point_of_contact")
                    .put("name", peer + " 24/7").put("email", "duty@" + peer + ".example"));
        });
        m.closeServices();
    }

    /** What the generator made that the measurements use. */
    record Data(Instant base, String bigCase, String request, List<String> cases) {}

    private final class Writer {
        final Store store;
        final String collection;
        final List<StixObject> batch = new ArrayList<>(BATCH);
        long written;

        Writer(Node n) {
            store = n.store();
            collection = n.collectionId(Node.CASES);
        }

        void add(StixObject o) {
            batch.add(o);
            if (batch.size() == BATCH) flush();
        }

        void flush() {
            if (batch.isEmpty()) return;
            store.write(collection, batch);
            written += batch.size();
            batch.clear();
        }
    }

    Data generate(TestFederation.Member m, Map<String, String> identities) {
        Node n = m.node();
        String me = n.config().member().identityId();
        List<String> partners = new ArrayList<>(identities.values());
        Instant base = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Writer w = new Writer(n);
        long t0 = System.nanoTime();
        List<String> cases = new ArrayList<>(o.cases());
        List<Tlp> tlps = new ArrayList<>();
        for (int i = 0; i < o.cases(); i++) {
            String id = uuid("incident");
            String opener = i % 10 < 7 ? me : partners.get(i % partners.size());
            Instant open = base.minus(Duration.ofDays(30)).plusMillis(i * 200L);
            Tlp tlp = i % 5 == 0 ? Tlp.GREEN : Tlp.AMBER;
            CaseState s = CaseState.open(Kind.CASE, id, opener, null, tlp, Map.of("name", TextNode.valueOf("Case " + i + ": phishing wave"),
                    "description", TextNode.valueOf("Generated case " + i + " for the benchmark")), open);
            List<Change> changes = new ArrayList<>();
            changes.add(new Change.Set("investigation_status", TextNode.valueOf("open")));
            for (int e = 0; e < 3; e++) changes.add(new Change.Add("evidence", uuid("indicator"), null));
            List<StixObject> tasks = new ArrayList<>();
            if (i % 10 == 0) {
                for (int t = 0; t < 2; t++) {
                    CaseState task = CaseState.open(Kind.TASK, uuid("task"), opener, id, tlp,
                            Map.of("name", TextNode.valueOf("Task " + t + " of case " + i)), open.plusSeconds(2));
                    tasks.add(task.version());
                    changes.add(new Change.Add("tasks", task.id(), null));
                }
            }
            s = s.edit(opener, open.plusSeconds(1), changes);
            w.add(s.version());
            tasks.forEach(w::add);
            if (i % 10 == 0) {
                for (int t = 0; t < 2; t++) w.add(ResponseObjects.note(uuid("note"), id, opener, "bench", "Journal entry " + t, tlp, open.plusSeconds(3 + t)));
            }
            participations(w, id, opener, opener.equals(me) ? partners.get(i % partners.size()) : me, open, tlp);
            cases.add(id);
            tlps.add(tlp);
        }
        // requests: the due ones first (groups of 500, acknowledge deadline passing minute by minute after base), then the rest
        int due = (WARM_SWEEPS + o.sweeps()) * DUE; // the first groups warm the sweep up
        String fulfilled = null;
        for (int i = 0; i < o.requests(); i++) {
            int c = random.nextInt(cases.size());
            String caseId = cases.get(c);
            boolean received = random.nextBoolean() || i < due;
            String partner = partners.get(random.nextInt(partners.size()));
            String requester = received ? partner : me, receiver = received ? me : partner;
            Requests.Kind kind = i < due ? Requests.Kind.INFORMATION
                    : Requests.Kind.values()[1 + random.nextInt(Requests.Kind.values().length - 1)]; // preservation: the big case's
            Request.Ask ask = new Request.Ask(uuid(ResponseObjects.REQUEST), kind, Priority.values()[random.nextInt(4)], requester,
                    receiver, null, caseId, null, "What is asked, request " + i, null);
            Instant sent;
            if (i < due) sent = base.minus(Duration.ofHours(24)).plus(Duration.ofMinutes(i / DUE)).plusMillis((i % DUE) * 100L);
            else sent = base.minus(Duration.ofHours(12)).plusMillis(random.nextInt((int) Duration.ofHours(12).minusMinutes(5).toMillis()));
            Request r = Requests.send(ask, sent, DEADLINES, sent.plus(Duration.ofHours(24)), sent.plus(Duration.ofDays(7)));
            StixObject v = RequestJson.sent(r, tlps.get(c));
            w.add(v);
            if (i < due) continue;
            // a realistic mix: 40% sent, 20% acknowledged, 10% in progress, 20% fulfilled, 5% refused, 5% withdrawn
            int mix = random.nextInt(100);
            List<Requests.Step> steps = new ArrayList<>();
            Instant at = sent.plusSeconds(60 + random.nextInt(600));
            if (mix >= 40 && mix < 60) steps.add(Requests.Step.of(Transition.ACKNOWLEDGE, Party.RECEIVER, at));
            else if (mix >= 60 && mix < 70) steps.add(Requests.Step.of(Transition.START, Party.RECEIVER, at));
            else if (mix >= 70 && mix < 90) {
                steps.add(Requests.Step.of(Transition.ACKNOWLEDGE, Party.RECEIVER, at));
                steps.add(new Requests.Step(Transition.FULFIL, Party.RECEIVER, at.plusSeconds(600), "the answer", null));
            } else if (mix >= 90 && mix < 95) steps.add(new Requests.Step(Transition.REFUSE, Party.RECEIVER, at, "no legal basis here", null));
            else if (mix >= 95) steps.add(Requests.Step.of(Transition.WITHDRAW, Party.REQUESTER, at));
            for (Requests.Step step : steps) {
                Request after = Requests.apply(r, step);
                v = RequestJson.next(after, step.transition(), r.state(), step.by() == Party.REQUESTER ? requester : receiver, v, tlps.get(c));
                w.add(v);
                r = after;
            }
            if (steps.size() == 2 && fulfilled == null) fulfilled = ask.id();
        }
        String big = bigCase(w, me, partners, base);
        w.flush();
        // the baseline's indicators, in the intelligence collection
        List<StixObject> indicators = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) indicators.add(StixObject.of(indicator(i, "")));
        n.store().write(n.collectionId(Node.INTELLIGENCE), indicators);
        double writeSeconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "set-up: %,d versions written to cases (batches of %,d) in %.1f s (%,.0f versions/s)%n",
                w.written, BATCH, writeSeconds, w.written / writeSeconds);
        ResponseService api = m.services().response();
        long t1 = System.nanoTime();
        int read = api.projection().catchUp();
        double catchUp = (System.nanoTime() - t1) / 1e9;
        System.out.printf(Locale.ROOT, "projection catch-up: %,d versions in %.1f s: %,.0f versions/s   baseline: the batch write above %,.0f versions/s, ratio %.2f%n",
                read, catchUp, read / catchUp, w.written / writeSeconds, (w.written / writeSeconds) / (read / catchUp));
        return new Data(base, big, fulfilled, cases);
    }


    private void participations(Writer w, String caseId, String lead, String invitee, Instant open, Tlp tlp) {
        w.add(Participations.first(caseId, lead, "lead", lead, open, tlp));
        StixObject invited = Participations.first(caseId, invitee, "participant", lead, open.plusSeconds(4), tlp);
        w.add(invited);
        w.add(Participations.next(Participations.read(invited).participation(), invited, "accepted", invitee, null, open.plusSeconds(60), tlp));
    }

    /** The big case: 20 tasks, 50 notes, 10 requests, 3 participations, 100 evidence refs; opened by this node's member. */
    private String bigCase(Writer w, String me, List<String> partners, Instant base) {
        String id = uuid("incident");
        Instant open = base.minus(Duration.ofDays(2));
        Tlp tlp = Tlp.AMBER;
        CaseState s = CaseState.open(Kind.CASE, id, me, null, tlp, Map.of("name", TextNode.valueOf("The big case"),
                "description", TextNode.valueOf("A case with every kind of object")), open);
        List<Change> changes = new ArrayList<>();
        for (int e = 0; e < 100; e++) changes.add(new Change.Add("evidence", uuid("indicator"), null));
        for (int t = 0; t < 20; t++) {
            CaseState task = CaseState.open(Kind.TASK, uuid("task"), me, id, tlp, Map.of("name", TextNode.valueOf("Task " + t),
                    "owner_ref", TextNode.valueOf(partners.get(t % partners.size()))), open.plusSeconds(10 + t));
            w.add(task.version());
            changes.add(new Change.Add("tasks", task.id(), null));
        }
        s = s.edit(me, open.plusSeconds(40), changes);
        w.add(s.version());
        for (int n = 0; n < 50; n++) w.add(ResponseObjects.note(uuid("note"), id, me, "cert-ee", "Journal entry " + n + " of the big case", tlp, open.plusSeconds(60 + n)));
        w.add(Participations.first(id, me, "lead", me, open, tlp));
        for (int p = 0; p < 2; p++) {
            StixObject invited = Participations.first(id, partners.get(p), "participant", me, open.plusSeconds(5), tlp);
            w.add(invited);
            w.add(Participations.next(Participations.read(invited).participation(), invited, "accepted", partners.get(p), null, open.plusSeconds(120), tlp));
        }
        for (int r = 0; r < 10; r++) {
            Instant sent = open.plusSeconds(300 + r);
            Request.Ask ask = new Request.Ask(uuid(ResponseObjects.REQUEST), Requests.Kind.INFORMATION, Priority.HIGH, me, partners.get(r % 2),
                    null, id, null, "Question " + r, null);
            w.add(RequestJson.sent(Requests.send(ask, sent, DEADLINES, sent.plus(Duration.ofDays(20)), sent.plus(Duration.ofDays(30))), tlp));
        }
        return id;
    }

    private String uuid(String type) {
        return type + "--" + new UUID(random.nextLong() & 0xffffffffffff0fffL | 0x4000L, random.nextLong() & 0x3fffffffffffffffL | 0x8000000000000000L);
    }

    private static ObjectNode indicator(int i, String padding) {
        ObjectNode o = F.objectNode().put("type", "indicator").put("spec_version", "2.1").put("id", "indicator--" + UUID.nameUUIDFromBytes(("i" + i + padding.length()).getBytes()))
                .put("created", "2026-12-01T00:00:00.000Z").put("modified", "2026-12-01T00:00:00.000Z")
                .put("name", "Malicious domain " + i).put("description", "Seen in campaign " + (i % 97) + padding)
                .put("pattern", "[domain-name:value = 'evil-" + i + ".example.com']").put("pattern_type", "stix")
                .put("valid_from", "2026-01-01T00:00:00Z");
        o.putArray("indicator_types").add("malicious-activity");
        o.putArray("object_marking_refs").add(Tlp.GREEN.markingId());
        return o;
    }

    // ---- measurements in process

    void local(TestFederation.Member m, Data d) {
        ResponseService api = m.services().response();
        Node n = m.node();
        String intel = n.collectionId(Node.INTELLIGENCE);
        String deep = deepToken(api);
        System.out.printf(Locale.ROOT, "in process (ResponseApi), %,d calls each after %,d of warm-up; p50 / p99 in ms:%n", o.calls(), o.calls() / 2);
        Figure baseline = time(() -> n.store().objects(intel, new ObjectFilter(null, List.of(), List.of(), VersionMatch.LAST, List.of(), 100)));
        print("baseline: store page of 100 indicators", baseline, null);
        print("cases, first page of 100", time(() -> api.cases(new CaseQuery(null, 100, null))), baseline);
        print("cases, page 51 (keyset next)", time(() -> api.cases(new CaseQuery(null, 100, deep))), baseline);
        print("requests received, sent, 100", time(() -> api.requests(new RequestQuery("received", State.SENT, null, 100, null))), baseline);
        print("case with its objects (big case)", time(() -> api.caseDetail(d.bigCase()).orElseThrow()), baseline);
        print("one request with its versions", time(() -> api.request(d.request()).orElseThrow()), baseline);
        sweeps(m, api, d, baseline);
    }

    private static String deepToken(ResponseService api) {
        String next = null;
        for (int page = 0; page < 50; page++) next = api.cases(new CaseQuery(null, 100, next)).next();
        return next;
    }

    private void sweeps(TestFederation.Member m, ResponseService api, Data d, Figure baseline) {
        Node n = m.node();
        DeadlineSweep sweep = DeadlineSweep.of(api, n.store(), n.collectionId(Node.CASES), n.config().member().identityId());
        Instant none = d.base().minusSeconds(1);
        Figure zero = time(() -> {
            if (sweep.sweep(none) != 0) throw new IllegalStateException("a sweep before base found something due");
            return null;
        });
        print("deadline sweep, 0 due", zero, baseline);
        long[] due = new long[o.sweeps()];
        for (int k = -WARM_SWEEPS; k < o.sweeps(); k++) {
            Instant now = d.base().plus(Duration.ofMinutes(k + WARM_SWEEPS)).plusSeconds(55);
            long t0 = System.nanoTime();
            int written = sweep.sweep(now);
            if (k >= 0) due[k] = System.nanoTime() - t0;
            if (written != DUE) throw new IllegalStateException("sweep " + k + " wrote " + written + " notices, not " + DUE);
        }
        // the sweep's own baseline: writing 500 objects in one store write, as many times
        long[] writes = new long[o.sweeps()];
        String intel = n.collectionId(Node.INTELLIGENCE);
        for (int k = 0; k < o.sweeps(); k++) {
            List<StixObject> batch = new ArrayList<>();
            for (int i = 0; i < DUE; i++) batch.add(StixObject.of(indicator(2_000_000 + k * DUE + i, "")));
            long t0 = System.nanoTime();
            n.store().write(intel, batch);
            writes[k] = System.nanoTime() - t0;
        }
        Figure write500 = new Figure(sorted(writes));
        print("baseline: one store write of 500 indicators", write500, null);
        print("deadline sweep, 500 due (" + o.sweeps() + " sweeps after " + WARM_SWEEPS + ")", new Figure(sorted(due)), write500);
        StringBuilder each = new StringBuilder("    each sweep in order, ms:");
        for (long t : due) each.append(String.format(Locale.ROOT, " %.1f", t / 1e6));
        System.out.println(each);
    }

    // ---- measurements over HTTPS

    void https(TestFederation.Member m, Data d) throws Exception {
        Node n = m.node();
        String cases = n.collectionId(Node.CASES), intel = n.collectionId(Node.INTELLIGENCE);
        m.services().taxii().rights().set(Principal.memberKey("dashboard"), new Permissions(Set.of(cases, intel), Set.of()));
        String token = m.services().taxii().tokens().issue("dashboard", Instant.now()).secret();
        m.start();
        HttpClient client = HttpClient.newBuilder().sslContext(ssl(NodeTls.load(m.dir))).version(HttpClient.Version.HTTP_1_1).build();
        URI root = m.apiRoot();
        String deep = deepToken(m.services().response());
        System.out.printf(Locale.ROOT, "over HTTPS (the api role, a member's bearer token, one client), %,d requests each after warm-up; p50 / p99 in ms:%n", o.calls());
        Figure baseline = time(() -> get(client, root.resolve("collections/" + intel + "/objects/?limit=100"), token, "application/taxii+json;version=2.1"));
        print("baseline: TAXII page of 100 indicators", baseline, null);
        print("GET concord/cases?limit=100", time(() -> get(client, root.resolve("concord/cases?limit=100"), token, "application/json")), baseline);
        print("GET concord/cases, page 51", time(() -> get(client, root.resolve("concord/cases?limit=100&next=" + deep), token, "application/json")), baseline);
        print("GET concord/requests?role=received&state=sent", time(() -> get(client,
                root.resolve("concord/requests?role=received&state=sent&limit=100"), token, "application/json")), baseline);
        print("GET concord/cases/{big case}", time(() -> get(client, root.resolve("concord/cases/" + d.bigCase()), token, "application/json")), baseline);
        print("GET concord/requests/{id}", time(() -> get(client, root.resolve("concord/requests/" + d.request()), token, "application/json")), baseline);
        m.stop();
    }

    private static String get(HttpClient client, URI uri, String token, String accept) {
        try {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token).header("Accept", accept).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) throw new IllegalStateException(uri + ": HTTP " + r.statusCode() + " " + r.body());
            return r.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static SSLContext ssl(NodeTls tls) throws Exception {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(tls.trustStore());
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return ssl;
    }

    // ---- replication

    void replication(TestFederation f, String storeName) throws Exception {
        TestFederation.Member a = f.node("isac-fi", "FI", postgres(storeName)), b = f.node("bank-lv", "LV", postgres(storeName));
        String aId = a.node().config().member().identityId(), bId = b.node().config().member().identityId();
        respond(a, Map.of("bank-lv", bId));
        respond(b, Map.of("isac-fi", aId));
        f.link(a, b, PeerFlags.DEFAULT, new PeerFlags(false, false)); // A pushes to B
        a.agree(TestFederation.outbound("bank-lv", true));
        b.agree(TestFederation.inbound("isac-fi", true));
        f.start();
        a.startSync();
        ResponseService api = a.services().response();
        String caseId = api.openCase(new ResponseApi.OpenCase(null, "Replicated case", null, Tlp.GREEN, List.of())).summary().id();
        api.invite(caseId, "bank-lv", null);
        String cases = a.node().collectionId(Node.CASES);
        // warm up: the first pushes learn keys and read catalogs
        int warm = Math.max(5, o.replications() / 10);
        long[] caseTimes = new long[o.replications()], indicatorTimes = new long[o.replications()],
                revisedTimes = new long[o.replications()];
        int caseSize = 0, indicatorSize = 0;
        String revisedId = "indicator--" + UUID.randomUUID(); // one id, a new version each time: as many versions as the case
        for (int i = -warm; i < o.replications(); i++) {
            CaseState s = CaseState.parse(a.node().store().latest(caseId).orElseThrow().object());
            StixObject version = s.edit(aId, Instant.now(), List.of(new Change.Set("description", TextNode.valueOf("x")))).version();
            int pad = Math.max(0, o.size() - version.canonical().length);
            version = s.edit(aId, Instant.now(), List.of(new Change.Set("description", TextNode.valueOf("x" + "y".repeat(pad))))).version();
            ObjectNode ind = indicator(1_000_000 + i + warm, "");
            int ipad = version.canonical().length - StixObject.of(ind).canonical().length;
            StixObject indicator = StixObject.of(indicator(1_000_000 + i + warm, "z".repeat(Math.max(0, ipad))));
            ObjectNode rev = indicator(1_000_000 + i + warm, "z".repeat(Math.max(0, ipad))).put("id", revisedId)
                    .put("modified", org.concord.stix.StixTimestamp.formatMillis(Instant.now().plusMillis(i + warm)));
            StixObject revised = StixObject.of(rev);
            long[] took = new long[3];
            for (int k = 0; k < 3; k++) {
                int which = (k + i + warm) % 3; // rotate the order: none always goes first
                StixObject x = which == 0 ? version : which == 1 ? indicator : revised;
                boolean isCase = which == 0;
                String coll = isCase ? cases : a.node().collectionId(Node.INTELLIGENCE);
                String bColl = b.node().collectionId(isCase ? Node.CASES : Node.INTELLIGENCE);
                long t0 = System.nanoTime();
                a.node().store().write(coll, List.of(x));
                while (!holds(b, bColl, x)) {
                    if (System.nanoTime() - t0 > 120_000_000_000L) throw new IllegalStateException((isCase ? "case" : "indicator") + " version " + i + " did not reach B in 120 s");
                    Thread.onSpinWait();
                }
                took[which] = System.nanoTime() - t0;
            }
            if (i >= 0) {
                caseTimes[i] = took[0];
                indicatorTimes[i] = took[1];
                revisedTimes[i] = took[2];
                caseSize = version.canonical().length;
                indicatorSize = indicator.canonical().length;
            }
        }
        Figure ind = new Figure(sorted(indicatorTimes)), cas = new Figure(sorted(caseTimes)), rev = new Figure(sorted(revisedTimes));
        System.out.printf(Locale.ROOT, "replication A -> B (push, mutual TLS on loopback), %,d of each interleaved after %d of warm-up, write at A until stored at B; ms:%n",
                o.replications(), warm);
        print("baseline: indicator, " + indicatorSize + " B canonical", ind, null);
        print("indicator, new version of one id", rev, ind);
        print("case version, " + caseSize + " B canonical", cas, ind);
    }

    private static boolean holds(TestFederation.Member m, String collection, StixObject x) {
        return !m.node().store().objects(collection, new ObjectFilter(null, List.of(x.id()), List.of(),
                new VersionMatch(false, false, false, List.of(x.modified())), List.of(), 1)).items().isEmpty();
    }

    // ---- timing

    record Figure(long[] sortedNanos) {
        double p(double q) {
            long[] s = sortedNanos;
            return s[Math.min(s.length - 1, Math.max(0, (int) Math.ceil(q * s.length) - 1))] / 1e6;
        }
    }

    private Figure time(Supplier<?> call) {
        for (int i = 0; i < o.calls() / 2; i++) call.get();
        long[] t = new long[o.calls()];
        for (int i = 0; i < t.length; i++) {
            long t0 = System.nanoTime();
            call.get();
            t[i] = System.nanoTime() - t0;
        }
        return new Figure(sorted(t));
    }

    private static long[] sorted(long[] t) {
        long[] s = t.clone();
        Arrays.sort(s);
        return s;
    }

    private static void print(String what, Figure f, Figure baseline) {
        String verdict = f.p(0.99) < 50 ? "" : "   MISSES 50 ms";
        if (baseline == null) {
            System.out.printf(Locale.ROOT, "  %-46s p50 %7.2f  p99 %7.2f%n", what, f.p(0.50), f.p(0.99));
        } else {
            System.out.printf(Locale.ROOT, "  %-46s p50 %7.2f  p99 %7.2f   / baseline: p50 %5.1f×, p99 %5.1f×%s%n", what, f.p(0.50), f.p(0.99),
                    f.p(0.50) / baseline.p(0.50), f.p(0.99) / baseline.p(0.99), verdict);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) return;
        try (var s = Files.walk(root)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
