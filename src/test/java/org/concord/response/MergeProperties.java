package org.concord.response;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.concord.response.CaseState.Change;
import org.concord.response.CaseState.Element;
import org.concord.stix.StixObject;
import org.concord.stix.Tlp;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * docs/response-design.md §2's property test, without stores: 2–5 simulated nodes with clocks
 * skewed by up to ±2 h edit one case (every LWW field, set adds and removes, TLP raises); versions
 * travel between them in a random interleaving with duplicates, drops retried later and copies
 * with random evidence withheld. (1) merge is commutative, associative and idempotent; (2) once
 * every version reached every node, all hold the same newest bytes; (3) each field holds the value
 * of its greatest stamp (a reference model over the list of all writes); (4) {@code modified}
 * strictly increases along every node's history; (5) no thinned copy removes an element.
 */
class MergeProperties {
    static final Instant T0 = Instant.parse("2026-03-14T10:00:00.000Z");
    static final String CASE = "incident--00000000-0000-4000-8000-000000000001";
    static final Map<String, List<String>> POOL = Map.of(
            "evidence", ids("x-concord-alert", 3, "indicator", 3),
            "tasks", ids("task", 4),
            "events", ids("event", 3),
            "impact_refs", ids("impact", 3));

    /** A node: its writer id, clock skew, state, and every version it wrote. */
    static final class Node {
        final String writer;
        final long skew;
        CaseState state;
        final List<StixObject> history = new ArrayList<>();

        Node(String writer, long skew) {
            this.writer = writer;
            this.skew = skew;
        }
    }

    /** One write the reference model replays: a field or element, its stamp, what it wrote. */
    record Write(String key, Stamp stamp, JsonNode value, boolean removed) {}

    record Message(int to, StixObject version) {}

    @Property(tries = 1000)
    void nodesConvergeOnTheGreatestStampsWhateverTheOrder(@ForAll @IntRange(min = 2, max = 5) int nodeCount,
                                                            @ForAll @IntRange(min = 1, max = 40) int steps, @ForAll long seed) {
        simulate(nodeCount, steps, seed, false);
    }

    /**
     * The same with egress-thinned copies: (1), (2), (3), (5) hold; (4) is not asserted. Since n
     * counts set entries (§10.2), a node that gains an element it lacked is later
     * ({@code CaseStateTest.aStateHoldingAnElementAThinnedCopyLackedIsNewer}); still open (§10.2): a
     * thinned copy carries the writes count of an element update it withholds, so a node that
     * already held the element at an older stamp gains the newer stamp later with the same A and n.
     */
    @Property(tries = 1000)
    void thinnedCopiesLoseNothingAndNodesStillConverge(@ForAll @IntRange(min = 2, max = 5) int nodeCount,
                                                       @ForAll @IntRange(min = 1, max = 40) int steps, @ForAll long seed) {
        simulate(nodeCount, steps, seed, true);
    }

    private static void simulate(int nodeCount, int steps, long seed, boolean thinning) {
        Random r = new Random(seed);
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < nodeCount; i++) {
            nodes.add(new Node(String.format("identity--00000000-0000-4000-8000-%012d", i + 1), r.nextLong(-7_200_000, 7_200_001)));
        }
        List<Write> writes = new ArrayList<>();
        List<CaseState> seen = new ArrayList<>();
        List<Message> pending = new ArrayList<>();
        Map<String, Long> counts = new HashMap<>(Map.of(nodes.get(0).writer, 1L));
        long now = 0;
        Tlp strictest = Tlp.values()[r.nextInt(Tlp.values().length)];
        CaseState opened = CaseState.open(Kind.CASE, CASE, nodes.get(0).writer, null, strictest,
                Map.of("name", TextNode.valueOf("case")), T0.plusMillis(nodes.get(0).skew));
        opened.fields().forEach((f, v) -> writes.add(new Write(f, v.stamp(), v.value(), false)));
        for (Node n : nodes) n.state = opened;
        nodes.get(0).history.add(opened.version());

        for (int step = 0; step < steps; step++) {
            now += r.nextInt(3_000);
            if (pending.isEmpty() || r.nextInt(2) == 0) { // a local edit
                Node n = nodes.get(r.nextInt(nodeCount));
                Instant clock = T0.plusMillis(now + n.skew);
                List<Change> changes = changes(r, n.state.tlp());
                Stamp g = n.state.greatestStamp();
                Stamp stamp = new Stamp(Math.max(clock.toEpochMilli(), g.at() + 1), n.writer);
                CaseState after = n.state.edit(n.writer, clock, changes);
                counts.merge(n.writer, 1L, Long::sum);
                for (Change c : changes) {
                    switch (c) {
                        case Change.Set s -> writes.add(new Write(s.field(), stamp, s.value(), false));
                        case Change.Add a -> writes.add(new Write(a.set() + "/" + a.elementId(), stamp, null, false));
                        case Change.Remove rm -> writes.add(new Write(rm.set() + "/" + rm.elementId(), stamp, null, true));
                        case Change.Raise raise -> strictest = raise.tlp().isStricterThan(strictest) ? raise.tlp() : strictest;
                    }
                }
                store(n, after, nodes, pending);
                seen.add(after);
            } else { // a delivery: maybe a duplicate, maybe thinned (the full copy is retried later)
                int i = r.nextInt(pending.size());
                Message m = pending.get(i);
                boolean thin = thinning && r.nextInt(3) == 0;
                if (!thin && r.nextInt(4) != 0) pending.remove(i);
                CaseState copy = thin ? CaseState.parse(thinned(m.version(), r)) : CaseState.parse(m.version());
                seen.add(copy);
                receive(nodes.get(m.to()), copy, thin, nodes, pending);
            }
        }
        // everything reaches everyone
        while (!pending.isEmpty()) {
            Message m = pending.remove(0);
            receive(nodes.get(m.to()), CaseState.parse(m.version()), false, nodes, pending);
        }

        // (2) one newest version, byte for byte, everywhere
        StixObject newest = nodes.get(0).state.version();
        for (Node n : nodes) {
            assertThat(n.state).isEqualTo(nodes.get(0).state);
            assertThat(n.state.version().canonical()).isEqualTo(newest.canonical());
        }
        // (3) the reference model: per field and element the greatest stamp of all writes
        CaseState s = nodes.get(0).state;
        Map<String, Write> greatest = new HashMap<>();
        for (Write w : writes) greatest.merge(w.key(), w, (a, b) -> a.stamp().compareTo(b.stamp()) >= 0 ? a : b);
        greatest.forEach((key, w) -> {
            if (!key.contains("/")) {
                assertThat(s.fields().get(key).stamp()).isEqualTo(w.stamp());
                assertThat(s.value(key)).isEqualTo(w.value() == null ? null : Values.frozen(w.value()));
            } else {
                Element e = s.sets().get(key.split("/")[0]).get(key.split("/")[1]);
                assertThat(e.stamp()).as(key).isEqualTo(w.stamp());
                assertThat(e.removed()).as(key).isEqualTo(w.removed());
            }
        });
        assertThat(s.tlp()).isEqualTo(strictest);
        assertThat(s.writes()).isEqualTo(counts);
        // (4) modified strictly increases along every node's history
        for (Node n : thinning ? List.<Node>of() : nodes) {
            for (int i = 1; i < n.history.size(); i++) {
                assertThat(n.history.get(i).versionKey()).as(n.writer + " version " + i).isGreaterThan(n.history.get(i - 1).versionKey());
            }
        }
        // (1) algebra on the versions seen
        for (int k = 0; k < 20 && !seen.isEmpty(); k++) {
            CaseState a = seen.get(r.nextInt(seen.size())), b = seen.get(r.nextInt(seen.size())), c = seen.get(r.nextInt(seen.size()));
            assertThat(CaseState.merge(a, b)).isEqualTo(CaseState.merge(b, a));
            assertThat(CaseState.merge(CaseState.merge(a, b), c)).isEqualTo(CaseState.merge(a, CaseState.merge(b, c)));
            assertThat(CaseState.merge(a, a)).isEqualTo(a);
            assertThat(Arrays.equals(CaseState.merge(a, b).version().canonical(), CaseState.merge(b, a).version().canonical())).isTrue();
        }
    }

    private static void receive(Node n, CaseState copy, boolean thinned, List<Node> nodes, List<Message> pending) {
        CaseState merged = CaseState.merge(n.state, copy);
        // (5) nothing known before is lost; a withheld element is unknown, not removed
        n.state.sets().forEach((set, elements) -> elements.forEach((id, e) -> {
            Element after = merged.sets().get(set).get(id);
            assertThat(after).as(set + " " + id + (thinned ? " after a thinned copy" : "")).isNotNull();
            assertThat(after.stamp()).isGreaterThanOrEqualTo(e.stamp());
            Element inCopy = copy.sets().getOrDefault(set, Map.of()).get(id);
            if (inCopy == null) assertThat(after).isEqualTo(e);
        }));
        if (!merged.equals(n.state)) store(n, merged, nodes, pending);
    }

    private static void store(Node n, CaseState state, List<Node> nodes, List<Message> pending) {
        n.state = state;
        StixObject v = state.version();
        n.history.add(v);
        for (int i = 0; i < nodes.size(); i++) if (nodes.get(i) != n) pending.add(new Message(i, v));
    }

    /** The copy an egress policy sends when some evidence is withheld: those entries gone. */
    private static JsonNode thinned(StixObject version, Random r) {
        ObjectNode json = (ObjectNode) CaseJson.tree(version);
        JsonNode evidence = json.get("extensions").get(Kind.CONCORD_EXTENSION).get("evidence");
        if (evidence != null) {
            for (int i = evidence.size() - 1; i >= 0; i--) if (r.nextBoolean()) ((com.fasterxml.jackson.databind.node.ArrayNode) evidence).remove(i);
        }
        return json;
    }

    private static List<Change> changes(Random r, Tlp tlp) {
        List<Change> out = new ArrayList<>();
        int count = 1 + r.nextInt(3);
        for (int k = 0; k < count; k++) {
            switch (r.nextInt(10)) {
                case 0 -> out.add(new Change.Set("name", TextNode.valueOf("name " + r.nextInt(100))));
                case 1 -> out.add(new Change.Set("description", r.nextInt(4) == 0 ? null : TextNode.valueOf("d" + r.nextInt(100))));
                case 2 -> out.add(new Change.Set("determination", TextNode.valueOf(List.of("blocked", "confirmed", "suspected").get(r.nextInt(3)))));
                case 3 -> out.add(new Change.Set("investigation_status", TextNode.valueOf(List.of("new", "open", "closed").get(r.nextInt(3)))));
                case 4 -> out.add(new Change.Set("criticality", IntNode.valueOf(r.nextInt(101))));
                case 5 -> out.add(new Change.Set("incident_types", JsonNodeFactory.instance.arrayNode().add("phishing").add("t" + r.nextInt(9))));
                case 6 -> {
                    Tlp t = Tlp.values()[r.nextInt(Tlp.values().length)];
                    out.add(new Change.Raise(tlp.isStricterThan(t) ? tlp : t));
                }
                default -> {
                    String set = List.copyOf(POOL.keySet()).stream().sorted().toList().get(r.nextInt(POOL.size()));
                    String id = POOL.get(set).get(r.nextInt(POOL.get(set).size()));
                    if (r.nextInt(3) == 0) out.add(new Change.Remove(set, id));
                    else out.add(new Change.Add(set, id, set.equals("tasks") && r.nextBoolean()
                            ? JsonNodeFactory.instance.objectNode().put("sequence_start", r.nextBoolean()) : null));
                }
            }
        }
        // one write, one value per field and element: the last change to each wins, as in edit
        Map<String, Change> last = new java.util.LinkedHashMap<>();
        for (Change c : out) {
            String key = switch (c) {
                case Change.Set s -> s.field();
                case Change.Add a -> a.set() + "/" + a.elementId();
                case Change.Remove rm -> rm.set() + "/" + rm.elementId();
                case Change.Raise raise -> "tlp";
            };
            last.remove(key);
            last.put(key, c);
        }
        return List.copyOf(last.values());
    }

    private static List<String> ids(Object... typesAndCounts) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < typesAndCounts.length; i += 2) {
            for (int k = 0; k < (int) typesAndCounts[i + 1]; k++) {
                out.add(typesAndCounts[i] + String.format("--00000000-0000-4000-8000-%012d", 100 + k));
            }
        }
        return out;
    }
}
