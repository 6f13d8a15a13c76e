package org.concord.warning;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.concord.TestClock;
import org.concord.integrity.MerkleLog;
import org.concord.node.Node;
import org.concord.node.NodeConfig;
import org.concord.policy.Agreement;
import org.concord.policy.Decision;
import org.concord.policy.EgressPolicy;
import org.concord.policy.Provenance;
import org.concord.policy.PseudonymKey;
import org.concord.stix.StixObject;
import org.concord.stix.StixValidator;
import org.concord.stix.Tlp;
import org.concord.store.CollectionInfo;
import org.concord.store.ObjectFilter;
import org.concord.store.Origin;
import org.concord.store.StoredVersion;
import org.concord.store.VersionMatch;

/**
 * Three nodes in three countries, each with its own store, its own clock (one of them sometimes
 * two hours ahead) and its members' reports, exchanging what they originate under the agreements
 * of {@code concord demo} (the real egress policy: sightings with the reporter's country only) in
 * any order, correlating at any points: once everything has been exchanged, every node holds the
 * same bytes for every alert — the same latest version, and the same bytes under every
 * {@code (id, modified)} any two of them hold.
 */
class ConvergenceProperties {
    static final String[] COUNTRIES = {"EE", "FI", "LV"};
    static final String[] SECTORS = {"government-national", "energy", "financial-services"};
    static final Instant[] STARTS = {Instant.parse("2026-03-14T12:00:00Z"), Instant.parse("2026-03-14T22:30:00Z")};
    static Path root;

    @BeforeContainer
    static void folder() throws IOException {
        root = Files.createTempDirectory("convergence");
    }

    @AfterContainer
    static void cleanUp() throws IOException {
        try (var walk = Files.walk(root)) {
            walk.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** One step of a run: a member reports at its node, a node pushes to another, a node correlates, or time passes. */
    sealed interface Step {}

    /** Node {@code node}'s member sighted indicator {@code indicator} {@code minutesAgo} minutes before its clock's now. */
    record Report(int node, int indicator, int count, int minutesAgo) implements Step {}

    /** Node {@code from} pushes what it originated and has not pushed to {@code to} yet. */
    record Push(int from, int to) implements Step {}

    /** Node {@code node}'s correlator reads its store and writes what is pending. */
    record Sync(int node) implements Step {}

    /** Every clock moves on. */
    record Pass(int minutes) implements Step {}

    @Provide
    Arbitrary<Step> step() {
        Arbitrary<Integer> node = Arbitraries.integers().between(0, 2);
        Arbitrary<Step> report = Combinators.combine(node, Arbitraries.integers().between(0, 2), Arbitraries.integers().between(1, 9),
                Arbitraries.integers().between(0, 150)).as(Report::new);
        Arbitrary<Step> push = Combinators.combine(node, node).filter((a, b) -> !a.equals(b)).as(Push::new);
        Arbitrary<Step> sync = node.map(Sync::new);
        Arbitrary<Step> pass = Arbitraries.integers().between(1, 40).map(Pass::new);
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(4, report), net.jqwik.api.Tuple.of(4, push),
                net.jqwik.api.Tuple.of(3, sync), net.jqwik.api.Tuple.of(1, pass));
    }

    @Provide
    Arbitrary<Integer> skewed() {
        return Arbitraries.integers().between(-1, 2); // -1: no node ahead; else the node two hours ahead
    }

    @Property(tries = 25)
    void nodesThatExchangedEverythingHoldTheSameBytesForEveryAlert(@ForAll @Size(min = 3, max = 40) List<@net.jqwik.api.From("step") Step> steps,
                                                                   @ForAll("skewed") int skewed, @ForAll boolean lateInTheDay)
            throws IOException {
        Instant start = STARTS[lateInTheDay ? 1 : 0];
        try (Federation f = new Federation(Files.createTempDirectory(root, "run"), start, skewed)) {
            // every member reports each indicator at least once somewhere in the run, so that alerts are likely
            List<Step> all = new ArrayList<>(steps);
            for (int n = 0; n < 3; n++) all.add(new Random(steps.size() + n).nextInt(all.size() + 1), new Report(n, 0, 1, 10));
            for (Step s : all) f.apply(s);
            f.exchangeEverything();

            Map<String, byte[]> latest = f.latestAlerts(0);
            net.jqwik.api.statistics.Statistics.label("alerts").collect(latest.size());
            net.jqwik.api.statistics.Statistics.label("alert versions at node 0").collect(f.alertVersions(0).size());
            net.jqwik.api.statistics.Statistics.label("skew").collect(skewed < 0 ? "none" : "node " + skewed + " 2 h ahead");
            for (int n = 1; n < 3; n++) {
                Map<String, byte[]> other = f.latestAlerts(n);
                assertThat(other.keySet()).as("node " + n + " holds the alerts node 0 holds").isEqualTo(latest.keySet());
                for (String id : latest.keySet()) {
                    assertThat(new String(other.get(id))).as("node " + n + ", latest version of " + id).isEqualTo(new String(latest.get(id)));
                }
            }
            Map<String, byte[]> versions = new HashMap<>();
            for (int n = 0; n < 3; n++) {
                for (StixObject v : f.alertVersions(n)) {
                    byte[] known = versions.putIfAbsent(v.versionKey() + " " + v.id(), v.canonical());
                    if (known != null) {
                        assertThat(new String(v.canonical())).as("node " + n + ": " + v.id() + " @ " + v.modified()).isEqualTo(new String(known));
                    }
                }
            }
            StixValidator validator = new StixValidator();
            for (StixObject v : f.alertVersions(0)) assertThat(validator.validate(Fixture.tree(v))).as(v.json()).isEmpty();
        }
    }

    /** Three nodes and what each pushed to which. */
    static final class Federation implements AutoCloseable {
        final TestClock[] clocks = new TestClock[3];
        final Node[] nodes = new Node[3];
        final Correlator[] correlators = new Correlator[3];
        final Instant[][] pushed = new Instant[3][3];
        final List<String> indicators = new ArrayList<>();
        final EgressPolicy policy = new EgressPolicy("unused", Tlp.GREEN, PseudonymKey.of(new byte[32]), new StixValidator());

        Federation(Path dir, Instant start, int skewed) throws IOException {
            for (int n = 0; n < 3; n++) {
                clocks[n] = new TestClock(n == skewed ? start.plus(Duration.ofHours(2)) : start);
                nodes[n] = Node.init(dir.resolve(name(n)), new Node.Setup(name(n), "Member " + n, COUNTRIES[n], List.of(SECTORS[n]),
                        new NodeConfig.StoreSettings.Embedded("concord.db"), Tlp.GREEN), clocks[n], MerkleLog.writer());
            }
            // the publisher's indicators, as pushed to every node: two for one domain, one for another
            String publisher = nodes[1].config().member().identityId();
            String tag = UUID.randomUUID().toString().substring(0, 8);
            List<StixObject> intel = List.of(indicator(publisher, "[domain-name:value = 'a-" + tag + ".example']", 80),
                    indicator(publisher, "[domain-name:value = 'A-" + tag + ".example.']", 40),
                    indicator(publisher, "[domain-name:value = 'b-" + tag + ".example']", 60));
            for (StixObject o : intel) indicators.add(o.id());
            for (int n = 0; n < 3; n++) {
                nodes[n].store().write(nodes[n].collectionId(Node.INTELLIGENCE), intel);
                correlators[n] = new Correlator(nodes[n].store(), nodes[n].config().member(), Tlp.GREEN,
                        WarningConfig.defaults().withTiming(Duration.ofSeconds(60), Duration.ofHours(1)), Warninglists.none(),
                        PublicSuffixes.none(), clocks[n], nodes[n].collectionId(Node.INTELLIGENCE), nodes[n].collectionId(Node.SIGHTINGS),
                        nodes[n].collectionId(Node.ALERTS));
                correlators[n].sync();
            }
        }

        static String name(int n) {
            return "node-" + COUNTRIES[n].toLowerCase();
        }

        private static StixObject indicator(String by, String pattern, int confidence) {
            ObjectNode o = Fixture.JSON.createObjectNode();
            o.put("type", "indicator").put("spec_version", "2.1").put("id", "indicator--" + UUID.randomUUID())
                    .put("created", "2026-03-01T00:00:00.000Z").put("modified", "2026-03-01T00:00:00.000Z").put("created_by_ref", by)
                    .put("pattern", pattern).put("pattern_type", "stix").put("valid_from", "2026-03-01T00:00:00Z")
                    .put("confidence", confidence);
            o.putArray("object_marking_refs").add(Tlp.GREEN.markingId());
            return StixObject.of(o);
        }

        void apply(Step s) {
            switch (s) {
                case Report r -> {
                    Instant t = clocks[r.node()].instant().minus(Duration.ofMinutes(r.minutesAgo()));
                    correlators[r.node()].sightings().record(new Sightings.Report(null, indicators.get(r.indicator()), r.count(), t, t, null));
                    correlators[r.node()].sightings().flush();
                }
                case Push p -> push(p.from(), p.to());
                case Sync y -> correlators[y.node()].sync();
                case Pass p -> {
                    for (TestClock c : clocks) c.advance(Duration.ofMinutes(p.minutes()));
                }
            }
        }

        /** Pushes and correlates until no node has anything new to send. */
        void exchangeEverything() {
            for (int round = 0; round < 12; round++) {
                long before = total();
                for (int from = 0; from < 3; from++) for (int to = 0; to < 3; to++) if (from != to) push(from, to);
                for (Correlator c : correlators) c.sync();
                if (total() == before) return;
            }
            throw new AssertionError("the nodes still exchange new versions after 12 rounds: " + Arrays.toString(counts()));
        }

        private long total() {
            long n = 0;
            for (long c : counts()) n += c;
            return n;
        }

        private long[] counts() {
            long[] out = new long[3];
            for (int n = 0; n < 3; n++) out[n] = versions(n, Node.SIGHTINGS, "sighting").size() + alertVersions(n).size();
            return out;
        }

        /**
         * What {@code from} originated in its sightings and alerts collections since its last push
         * to {@code to}, through the egress policy under the demo's outbound agreement, stored at
         * {@code to} with its provenance, as sync does.
         */
        void push(int from, int to) {
            Agreement agreement = Agreement.outbound(name(to)).collections(Node.SIGHTINGS, Node.ALERTS).tlp(Tlp.CLEAR, Tlp.GREEN, Tlp.AMBER)
                    .types("*").sightings(Agreement.Sightings.COUNTRY).mayReshare(false).build();
            Instant cursor = pushed[from][to];
            for (String alias : List.of(Node.SIGHTINGS, Node.ALERTS)) {
                CollectionInfo collection = nodes[from].store().collection(alias).orElseThrow();
                List<StixObject> out = new ArrayList<>();
                List<Origin> origins = new ArrayList<>();
                Origin origin = new Origin(name(from), COUNTRIES[from], List.of(name(from)), false, name(from), Origin.Signature.UNSIGNED);
                for (StoredVersion v : entries(from, alias, cursor)) {
                    if (!v.local()) continue; // not ours to pass on
                    if (policy.decide(v.object(), collection, agreement, Provenance.local(name(from), COUNTRIES[from]))
                            instanceof Decision.Release r) {
                        for (StixObject c : r.companions()) {
                            out.add(c);
                            origins.add(origin);
                        }
                        out.add(r.object());
                        origins.add(origin);
                    }
                    if (pushed[from][to] == null || v.dateAdded().isAfter(pushed[from][to])) pushed[from][to] = v.dateAdded();
                }
                if (!out.isEmpty()) nodes[to].store().write(nodes[to].collectionId(alias), out, origins);
            }
        }

        private List<StoredVersion> entries(int n, String alias, Instant after) {
            List<StoredVersion> out = new ArrayList<>();
            ObjectFilter f = new ObjectFilter(after, List.of(), List.of(), VersionMatch.ALL, List.of(), ObjectFilter.MAX_LIMIT);
            while (true) {
                var page = nodes[n].store().objects(nodes[n].collectionId(alias), f);
                out.addAll(page.items());
                if (!page.more() || page.items().isEmpty()) return out;
                f = f.after(page.items().getLast().dateAdded());
            }
        }

        List<StixObject> versions(int n, String alias, String type) {
            return entries(n, alias, null).stream().map(StoredVersion::object).filter(o -> o.type().equals(type)).toList();
        }

        List<StixObject> alertVersions(int n) {
            return versions(n, Node.ALERTS, AlertObjects.TYPE);
        }

        /** The canonical bytes of the latest version of each alert node {@code n} holds. */
        Map<String, byte[]> latestAlerts(int n) {
            Map<String, StixObject> latest = new TreeMap<>();
            for (StixObject o : alertVersions(n)) {
                StixObject had = latest.get(o.id());
                if (had == null || had.versionKey().compareTo(o.versionKey()) < 0) latest.put(o.id(), o);
            }
            Map<String, byte[]> out = new TreeMap<>();
            latest.forEach((id, o) -> out.put(id, o.canonical()));
            return out;
        }

        @Override
        public void close() {
            for (int n = 0; n < 3; n++) {
                if (correlators[n] != null) correlators[n].close();
                if (nodes[n] != null) nodes[n].close();
            }
        }
    }
}
