package org.concord.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
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
import org.concord.cli.DemoFederation.Member;
import org.concord.cli.DemoFederation.RunningNode;
import org.concord.node.Node;
import org.concord.node.NodeTls;
import org.concord.response.Requests.Kind;
import org.concord.response.Requests.Priority;
import org.concord.response.ResponseApi.Answer;
import org.concord.response.ResponseApi.NewRequest;
import org.concord.response.ResponseApi.OpenCase;
import org.concord.response.ResponseApi.Participant;
import org.concord.response.ResponseObjects;
import org.concord.stix.StixObject;
import org.concord.stix.Tlp;

/**
 * A TLP:RED journal entry never leaves its node, and nothing of a case reaches a member outside its
 * audience (issue 14; docs/response-design.md §5) — over everything a partner holds and reads.
 *
 * <p>The three nodes of {@code concord demo}, each running as {@code serve} runs it (sync pushing
 * and pulling, TAXII over mutual TLS; their agreements name {@code cases} up to AMBER, not
 * AMBER+STRICT, and do not let partners pass objects on). Each try draws a case: its lead (any of
 * the three), its TLP (CLEAR to RED), what each other member is to it (not invited, invited,
 * accepted, declined), journal entries by the lead and the accepted members, each with a TLP of its
 * own, the case's, none with a handling level or none at all; and perhaps a request between two
 * of the case's audience. Each case, entry and request carries a canary of its own in its text.
 *
 * <p>The reference model, written out here: a reader other than the author may hold or read an
 * object only if its effective TLP (its marking, else the handling level, else the node's default
 * GREEN) is one the agreements release (CLEAR, GREEN, AMBER) and the reader is in its audience:
 * for the case and its entries, the lead and the members invited or accepted when it was written
 * (a declined member got the case before it declined); for a request, its two parties. What a
 * reader must not see — canaries and ids — is looked for in every collection of its own store
 * (what push and pull brought it; its members' response stream is fed from there) and in its TAXII
 * reads of the two other nodes' {@code cases} (every version, the manifest), and a withheld id
 * answers Get An Object and its versions as an id never held. Positive controls: every entry and
 * request the model releases to a reader in the audience of a shareable case reaches it.
 *
 * <p>{@value #TRIES} tries (about a second each, after about ten to start the nodes).
 */
class CaseSovereigntyProperties {
    static final int TRIES = 30;
    private static final String TAXII = "application/taxii+json;version=2.1";
    private static final Duration LIMIT = Duration.ofSeconds(30);
    /** What the demo's agreements release of {@code cases}. */
    private static final Set<Tlp> RELEASED = EnumSet.of(Tlp.CLEAR, Tlp.GREEN, Tlp.AMBER);

    private static Path root;
    private static DemoFederation federation;
    /** Each reader's client at each other node: mutual TLS with the reader's own identity, as its sync reads. */
    private static final Map<String, HttpClient> clients = new HashMap<>();
    /** What each member's node must never hold or read, over every try so far: canary or id, and why. */
    private static final Map<String, Map<String, String>> forbidden = new ConcurrentHashMap<>();
    private static final AtomicInteger controls = new AtomicInteger(), withheld = new AtomicInteger();

    @BeforeContainer
    static void start() throws Exception {
        root = Files.createTempDirectory("concord-case-sovereignty");
        federation = DemoFederation.create(root, FederatedEarlyWarningTest.freePorts(3), FederatedEarlyWarningTest.WARNINGLISTS,
                DemoFederation.Timing.DEMO, InstantSource.system()).start();
        for (Member reader : federation.members()) {
            forbidden.put(reader.node(), new ConcurrentHashMap<>());
            for (Member server : federation.members()) if (!server.equals(reader)) clients.put(key(reader, server), client(reader, server));
        }
    }

    @AfterContainer
    static void stop() throws IOException {
        try {
            System.out.println("CaseSovereigntyProperties: " + controls.get() + " objects received where the model releases them, "
                    + withheld.get() + " withheld ids read as never held");
            if (federation != null) federation.close();
        } finally {
            if (root != null) {
                try (Stream<Path> files = Files.walk(root)) {
                    for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
                }
            }
        }
    }

    // ---- what a try does

    enum Standing { NOT_INVITED, INVITED, ACCEPTED, DECLINED }

    /** A journal entry: its author, its TLP ({@code marked} false: no marking, then {@code tlp} is the handling level or null). */
    record Entry(int author, Tlp tlp, boolean marked) {
        Tlp effective(Tlp caseTlp) {
            if (marked) return tlp == null ? caseTlp : tlp;
            return tlp == null ? Tlp.GREEN : tlp;
        }

        @Override
        public String toString() {
            return "note by " + federation.members().get(author).node() + (marked ? " " + (tlp == null ? "(the case's TLP)" : tlp.label())
                    : tlp == null ? " unmarked" : " unmarked, handling " + tlp.label());
        }
    }

    /** A drawn case: lead, TLP, each member's standing (by index), entries, and a request (requester, receiver) or none. */
    record Drawn(int lead, Tlp tlp, List<Standing> standing, List<Entry> entries, int[] request, long seed) {
        @Override
        public String toString() {
            List<String> who = new ArrayList<>();
            for (int i = 0; i < 3; i++) who.add(federation.members().get(i).node() + " " + (i == lead ? "LEAD" : standing.get(i)));
            return "Case[" + tlp.label() + " " + who + " " + entries + (request == null ? "" : " request "
                    + federation.members().get(request[0]).node() + " -> " + federation.members().get(request[1]).node()) + ", seed " + seed + "]";
        }

        boolean shareable() {
            return RELEASED.contains(tlp);
        }

        /** In the case's audience: the lead, the members invited or accepted (a declined one has left it). */
        boolean inAudience(int i) {
            return i == lead || standing.get(i) == Standing.INVITED || standing.get(i) == Standing.ACCEPTED;
        }
    }

    private static final AtomicInteger DRAWS = new AtomicInteger();
    private static final List<Tlp> LEVELS = List.of(Tlp.CLEAR, Tlp.GREEN, Tlp.AMBER, Tlp.AMBER_STRICT, Tlp.RED);

    @Provide
    Arbitrary<Drawn> cases() {
        return Arbitraries.longs().map(seed -> draw(new Random(seed ^ (DRAWS.incrementAndGet() * 0x9E3779B97F4A7C15L)), seed))
                .withoutEdgeCases();
    }

    private static Drawn draw(Random r, long seed) {
        int lead = r.nextInt(3);
        Tlp tlp = LEVELS.get(r.nextInt(LEVELS.size()));
        List<Standing> standing = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Standing s = i == lead ? Standing.ACCEPTED : Standing.values()[r.nextInt(4)];
            // an invitation that cannot leave the lead's node cannot be answered
            if (!RELEASED.contains(tlp) && (s == Standing.ACCEPTED || s == Standing.DECLINED) && i != lead) s = Standing.INVITED;
            standing.add(s);
        }
        List<Integer> writers = new ArrayList<>();
        for (int i = 0; i < 3; i++) if (standing.get(i) == Standing.ACCEPTED) writers.add(i);
        List<Entry> entries = new ArrayList<>();
        int count = 1 + r.nextInt(4);
        for (int k = 0; k < count; k++) {
            int author = writers.get(r.nextInt(writers.size()));
            int form = r.nextInt(8);
            entries.add(switch (form) {
                case 0 -> new Entry(author, null, true); // the case's TLP
                case 1 -> new Entry(author, null, false); // unmarked: the node's default
                case 2 -> new Entry(author, LEVELS.get(r.nextInt(LEVELS.size())), false); // unmarked with a handling level
                case 3 -> new Entry(author, Tlp.RED, true);
                default -> new Entry(author, LEVELS.get(r.nextInt(LEVELS.size())), true);
            });
        }
        int[] request = null;
        List<Integer> audience = new ArrayList<>();
        for (int i = 0; i < 3; i++) if (i == lead || standing.get(i) == Standing.INVITED || standing.get(i) == Standing.ACCEPTED) audience.add(i);
        if (r.nextBoolean() && audience.size() >= 2) {
            int from = writers.get(r.nextInt(writers.size()));
            List<Integer> to = audience.stream().filter(i -> i != from).toList();
            request = new int[] {from, to.get(r.nextInt(to.size()))};
        }
        return new Drawn(lead, tlp, List.copyOf(standing), List.copyOf(entries), request, seed);
    }

    @Property(tries = TRIES)
    void nothingOfACaseReachesAMemberOutsideItsAudienceOrAboveItsAgreement(@ForAll("cases") Drawn d) throws Exception {
        List<RunningNode> nodes = federation.nodes();
        RunningNode lead = nodes.get(d.lead());
        String caseCanary = canary();
        String caseId = lead.response().openCase(new OpenCase(null, "case " + caseCanary, "about " + caseCanary, d.tlp(), List.of()))
                .summary().id();
        for (int i = 0; i < 3; i++) if (i != d.lead() && d.standing().get(i) != Standing.NOT_INVITED) lead.response().invite(caseId, name(i), null);
        for (int i = 0; i < 3; i++) {
            Standing s = d.standing().get(i);
            if (i == d.lead() || (s != Standing.ACCEPTED && s != Standing.DECLINED)) continue;
            int member = i;
            await(() -> standing(nodes.get(member), caseId, member).equals("invited"), name(i) + "'s invitation, " + d);
            nodes.get(i).response().answer(caseId, s == Standing.ACCEPTED ? Answer.ACCEPT : Answer.DECLINE, null);
        }
        // every node of the audience knows every answer before anything else is written (a declined member is out from then on)
        for (int h = 0; h < 3; h++) {
            // the nodes that may pass the case on: the lead's and those of the members in its audience
            if (!(h == d.lead() || d.shareable() && d.inAudience(h))) continue;
            int holder = h;
            await(() -> {
                for (int i = 0; i < 3; i++) {
                    if (i == d.lead() || d.standing().get(i) == Standing.NOT_INVITED) continue;
                    String want = d.standing().get(i).name().toLowerCase(java.util.Locale.ROOT);
                    if (!standing(nodes.get(holder), caseId, i).equals(want)) return false;
                }
                return true;
            }, name(h) + " sees every answer, " + d);
        }
        for (int i = 0; i < 3; i++) {
            if (i != d.lead() && (!d.shareable() || d.standing().get(i) == Standing.NOT_INVITED)) forbid(i, caseCanary, "the case's text", d);
            if (i != d.lead() && (!d.shareable() || d.standing().get(i) == Standing.NOT_INVITED)) forbid(i, caseId, "the case's id", d);
        }

        // what each reader must receive (positive controls): id -> readers
        Map<String, List<Integer>> mustArrive = new LinkedHashMap<>();
        for (Entry e : d.entries()) {
            String c = canary();
            RunningNode author = nodes.get(e.author());
            String id = write(author, caseId, e, "entry " + c);
            Tlp effective = e.effective(d.tlp());
            List<Integer> to = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                if (i == e.author()) continue;
                boolean released = RELEASED.contains(effective) && d.inAudience(i);
                if (!released) {
                    forbid(i, c, e + " (" + effective.label() + ")", d);
                    forbid(i, id, e + " (" + effective.label() + "): its id", d);
                } else if (d.shareable()) {
                    to.add(i);
                }
            }
            mustArrive.put(id, to);
        }
        if (d.request() != null) {
            String c = canary();
            RunningNode from = nodes.get(d.request()[0]);
            String id = from.response().sendRequest(new NewRequest(name(d.request()[1]), caseId, Kind.INFORMATION, Priority.NORMAL, null,
                    "request " + c, null, null, null, null)).summary().id();
            for (int i = 0; i < 3; i++) {
                if (i == d.request()[0] || i == d.request()[1]) continue;
                forbid(i, c, "a request between the two others", d);
                forbid(i, id, "a request between the two others: its id", d);
            }
            if (!d.shareable()) {
                forbid(d.request()[1], c, "a request in a " + d.tlp().label() + " case", d);
                forbid(d.request()[1], id, "a request in a " + d.tlp().label() + " case: its id", d);
            } else {
                mustArrive.put(id, List.of(d.request()[1]));
            }
        }
        await(() -> mustArrive.entrySet().stream().allMatch(e -> e.getValue().stream()
                .allMatch(i -> nodes.get(i).node().store().latest(e.getKey()).isPresent())), "every object the model releases, " + d);
        mustArrive.values().forEach(v -> controls.addAndGet(v.size()));

        for (int reader = 0; reader < 3; reader++) {
            Map<String, String> f = forbidden.get(name(reader));
            if (f.isEmpty()) continue;
            assertNone(f, FederatedCaseTest.everything(nodes.get(reader)), name(reader) + "'s store", d);
            for (int server = 0; server < 3; server++) {
                if (server == reader) continue;
                HttpClient c = clients.get(key(federation.members().get(reader), federation.members().get(server)));
                String cases = nodes.get(server).apiRoot() + "collections/" + nodes.get(server).node().collectionId(Node.CASES) + "/";
                for (String walk : List.of("objects/?match[version]=all", "manifest/?match[version]=all")) {
                    HttpResponse<String> r = get(c, cases + walk);
                    assertThat(r.statusCode()).as(walk).isIn(200, 404);
                    assertNone(f, r.body() + r.headers().map(), name(reader) + " reading " + name(server) + "'s " + walk, d);
                }
                String never = "note--" + UUID.randomUUID();
                for (String id : f.keySet()) {
                    if (!id.contains("--") || nodes.get(server).node().store().latest(id).isEmpty()) continue;
                    for (String tail : List.of("/", "/versions/")) {
                        HttpResponse<String> held = get(c, cases + "objects/" + id + tail), none = get(c, cases + "objects/" + never + tail);
                        assertThat(held.statusCode()).as("%s reads %s%s at %s: %s", name(reader), id, tail, name(server), f.get(id))
                                .isEqualTo(404).isEqualTo(none.statusCode());
                        assertThat(held.body().replace(id, "ID")).isEqualTo(none.body().replace(never, "ID"));
                        withheld.incrementAndGet();
                    }
                }
            }
        }
        // the ids are checked once, where they are held now; the canaries stay forbidden in every later look
        forbidden.values().forEach(f -> f.keySet().removeIf(k -> k.contains("--")));
    }

    private static void assertNone(Map<String, String> f, String text, String where, Drawn d) {
        List<String> leaks = new ArrayList<>();
        for (Map.Entry<String, String> e : f.entrySet()) if (text.contains(e.getKey())) leaks.add(e.getKey() + ": " + e.getValue());
        assertThat(leaks).as("%s holds what it must not (try %s)", where, d).isEmpty();
    }

    private static void forbid(int reader, String what, String why, Drawn d) {
        forbidden.get(name(reader)).put(what, why + " in " + d);
    }

    /** Writes a journal entry at {@code author}: through its API when marked, else directly to its store, unmarked, with the handling level. */
    private static String write(RunningNode author, String caseId, Entry e, String content) {
        if (e.marked()) return author.response().addNote(caseId, content, e.tlp()).id();
        String id = "note--" + UUID.randomUUID();
        StixObject marked = ResponseObjects.note(id, caseId, author.node().config().member().identityId(), author.member.node(), content,
                Tlp.GREEN, Instant.now());
        ObjectNode json = (ObjectNode) RunningNode.tree(marked);
        json.remove("object_marking_refs");
        author.node().store().write(author.node().collectionId(Node.CASES), List.of(StixObject.of(json)), Arrays.asList((org.concord.store.Origin) null),
                Arrays.asList(e.tlp()));
        return id;
    }

    /** What {@code node} knows of member {@code i}'s standing in the case: its participation's state, or "" if none. */
    private static String standing(RunningNode node, String caseId, int i) {
        String identity = federation.nodes().get(i).node().config().member().identityId();
        return node.response().caseDetail(caseId).flatMap(c -> c.participants().stream()
                .filter(p -> identity.equals(p.member().identity())).map(Participant::state).findFirst()).orElse("");
    }

    private static String name(int i) {
        return federation.members().get(i).node();
    }

    private static String canary() {
        return String.format("cnry%016x", new Random().nextLong());
    }

    private static void await(BooleanSupplier ready, String what) throws InterruptedException {
        assertThat(DemoFederation.await(ready, LIMIT)).as(what + " within " + LIMIT.toSeconds() + " s").isNotNull();
    }

    private static String key(Member reader, Member server) {
        return reader.node() + "@" + server.node();
    }

    private static HttpResponse<String> get(HttpClient c, String url) throws IOException, InterruptedException {
        return c.send(HttpRequest.newBuilder(URI.create(url)).header("Accept", TAXII).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpClient client(Member who, Member server) throws Exception {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(NodeTls.trustStore(NodeTls.readCertificate(NodeTls.certificateFile(federation.dir(server)))));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        char[] pw = "test".toCharArray();
        KeyStore ks = NodeTls.load(federation.dir(who)).keyStore(pw);
        kmf.init(ks, pw);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(10)).build();
    }
}
