package org.concord.federation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;
import org.concord.integrity.MerkleLog;
import org.concord.node.Node;
import org.concord.node.NodeConfig;
import org.concord.policy.Agreement;
import org.concord.policy.Agreements;
import org.concord.policy.AuditDatabase;
import org.concord.policy.AuditQuery;
import org.concord.policy.EgressGate;
import org.concord.policy.EgressPolicy;
import org.concord.policy.PolicyEgress;
import org.concord.policy.Provenance;
import org.concord.policy.PseudonymKey;
import org.concord.stix.StixObject;
import org.concord.stix.StixValidator;
import org.concord.stix.Tlp;
import org.concord.store.CollectionInfo;

/**
 * For any objects (random TLP, none, or a statement marking), stored between any agreements and
 * push rounds (any page sizes, any page budgets), a push keeps the promise of docs/federation.md,
 * "Agreements that change", against a model of its own (TLP and markings as policy.md states them,
 * not the policy's code): nothing goes that no agreement in force at a push released (RED never);
 * after a round under the final agreement, every version it releases has gone; what is held back
 * is exactly what never went; and a further round decides nothing again. On the embedded store,
 * with the egress gate and audit log the node runs, the peer a recording stand-in.
 */
@StatisticsReport(StatisticsReport.StatisticsReportMode.OFF)
class PushReviewProperties {
    private static final String[] STATEMENTS = {null, "marking-definition--00000000-0000-4000-8000-0000000000a1",
            "marking-definition--00000000-0000-4000-8000-0000000000a2"};
    private static final Tlp DEFAULT_TLP = Tlp.AMBER;

    static Path root;
    static Node node;
    static SyncDatabase sync;
    static AuditDatabase audit;
    static EgressPolicy policy;
    static final AtomicInteger PEERS = new AtomicInteger();

    @BeforeContainer
    static void open() throws IOException {
        root = Files.createTempDirectory("push-review");
        node = Node.init(root.resolve("node"), new Node.Setup("here", "here", "EE", List.of(),
                new NodeConfig.StoreSettings.Embedded("concord.db"), DEFAULT_TLP), InstantSource.system(), MerkleLog.writer());
        sync = new SyncDatabase(node.database());
        audit = new AuditDatabase(node.database());
        policy = new EgressPolicy("here", DEFAULT_TLP, PseudonymKey.loadOrCreate(root.resolve("pseudonym.key")), new StixValidator());
    }

    @AfterContainer
    static void close() throws IOException {
        node.close();
        try (var walk = Files.walk(root)) {
            walk.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** One object to store: its TLP (null: none, the node's default applies) and a statement marking (null: none). */
    record Spec(Tlp tlp, String statement) {}

    /** What an outbound agreement grants here: TLP levels and statement markings. */
    record Terms(Set<Tlp> tlp, Set<String> markings) {
        /** The reference model: policy.md's rules 1 and 2 for these objects. */
        boolean releases(Spec s) {
            Tlp level = s.tlp() == null ? DEFAULT_TLP : s.tlp();
            return level != Tlp.RED && tlp.contains(level) && (s.statement() == null || markings.contains(s.statement()));
        }
    }

    sealed interface Step {
        record Store(List<Spec> objects) implements Step {}

        record Agree(Terms terms) implements Step {}

        record Push(int pageSize, int pagesPerTurn) implements Step {}
    }

    @Provide
    Arbitrary<Terms> terms() {
        return Combinators.combine(Arbitraries.of(Tlp.CLEAR, Tlp.GREEN, Tlp.AMBER).set().ofMinSize(1),
                Arbitraries.of(STATEMENTS[1], STATEMENTS[2]).set()).as(Terms::new);
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Spec> spec = Combinators.combine(Arbitraries.of(Tlp.CLEAR, Tlp.GREEN, Tlp.AMBER, Tlp.RED).injectNull(0.3),
                Arbitraries.of(STATEMENTS)).as(Spec::new);
        Arbitrary<Step> store = spec.list().ofMinSize(1).ofMaxSize(8).map(Step.Store::new);
        Arbitrary<Step> agree = terms().map(Step.Agree::new);
        Arbitrary<Step> push = Combinators.combine(Arbitraries.integers().between(1, 4), Arbitraries.integers().between(1, 3))
                .as(Step.Push::new);
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, store), net.jqwik.api.Tuple.of(2, agree), net.jqwik.api.Tuple.of(3, push))
                .list().ofMinSize(1).ofMaxSize(10);
    }

    @Property(tries = 150)
    void whateverTheAgreementsDidWhatTheLastReleasesHasGoneAndNothingElseEverDid(@ForAll("terms") Terms first,
                                                                                 @ForAll("steps") List<Step> steps) {
        String peer = "peer-" + PEERS.incrementAndGet();
        CollectionInfo local = new CollectionInfo(UUID.randomUUID().toString(), "c-" + peer, "for " + peer, "");
        node.store().createCollection(local);
        AtomicReference<Terms> current = new AtomicReference<>(first);
        Supplier<Agreements> agreements = () -> agreements(peer, current.get()); // read at every decision, as node.json is
        Provenance here = Provenance.local("here", "EE");
        EgressGate gate = new EgressGate(policy, agreements, audit.log(), InstantSource.system(), null, node.store(), here);
        PolicyEgress egress = new PolicyEgress(gate, here, policy.defaultTlp());
        Recorder peerSide = new Recorder();

        List<Spec> specs = new ArrayList<>();
        List<String> keys = new ArrayList<>(); // id and version of each stored object, as specs
        Set<String> mayHaveGone = new HashSet<>();
        List<Step> all = new ArrayList<>(steps);
        all.add(new Step.Push(3, 1)); // a final round under the final agreement
        for (Step step : all) {
            switch (step) {
                case Step.Store s -> {
                    List<StixObject> objects = new ArrayList<>();
                    for (Spec spec : s.objects()) {
                        StixObject o = StixObject.of(object(spec));
                        objects.add(o);
                        specs.add(spec);
                        keys.add(key(o.id(), o.version()));
                    }
                    node.store().write(local.id(), objects);
                }
                case Step.Agree a -> current.set(a.terms());
                case Step.Push p -> {
                    Pusher pusher = new Pusher(sync.ledger(), node.store(), egress, audit.log(), InstantSource.system(), p.pageSize(),
                            Duration.ofSeconds(10));
                    for (int i = 0; i < specs.size(); i++) if (current.get().releases(specs.get(i))) mayHaveGone.add(keys.get(i));
                    try {
                        Pusher.Pushed turn;
                        do {
                            turn = pusher.push(peer, peerSide, URI.create("https://peer.invalid/root/"), local, "theirs", 1 << 20,
                                    p.pagesPerTurn());
                            Statistics.label("decided again").collect(turn.reviewed() > 0);
                        } while (turn.more());
                    } catch (TaxiiException e) {
                        throw new AssertionError(e);
                    }
                }
            }
        }
        Terms last = current.get();
        Set<String> mustHaveGone = new HashSet<>();
        for (int i = 0; i < specs.size(); i++) if (last.releases(specs.get(i))) mustHaveGone.add(keys.get(i));
        assertThat(peerSide.posted).as("nothing went that no agreement in force at a push released").isSubsetOf(mayHaveGone);
        assertThat(peerSide.posted).as("what the last agreement releases has gone").containsAll(mustHaveGone);
        Set<String> neverWent = new HashSet<>(keys);
        neverWent.removeAll(peerSide.posted);
        Set<String> heldBack = new HashSet<>();
        for (HeldBack h : sync.ledger().heldBack(peer, local.id(), null, null, 10_000)) heldBack.add(key(h.objectId(), h.version()));
        assertThat(heldBack).as("held back: exactly what never went").isEqualTo(neverWent);

        int lines = audit.log().find(AuditQuery.all().partner(peer).limit(AuditQuery.MAX_LIMIT)).size();
        try {
            Pusher.Pushed again = new Pusher(sync.ledger(), node.store(), egress, audit.log(), InstantSource.system(), 3,
                    Duration.ofSeconds(10)).push(peer, peerSide, URI.create("https://peer.invalid/root/"), local, "theirs", 1 << 20, 100);
            assertThat(again.read() + again.reviewed() + again.sent()).isZero();
        } catch (TaxiiException e) {
            throw new AssertionError(e);
        }
        assertThat(audit.log().find(AuditQuery.all().partner(peer).limit(AuditQuery.MAX_LIMIT))).as("nothing decided again").hasSize(lines);
        Statistics.label("held back at the end").collect(heldBack.isEmpty() ? "none" : "some");
    }

    private static Agreements agreements(String peer, Terms t) {
        Agreement.Builder b = Agreement.outbound(peer).collections("*").types("*").tlp(EnumSet.copyOf(t.tlp()));
        b.markings(t.markings().toArray(String[]::new));
        return new Agreements(List.of(b.build()));
    }

    private static ObjectNode object(Spec s) {
        ObjectNode o = Samples.indicator("indicator--" + UUID.randomUUID(), "2026-02-01T00:00:00.000Z", s.tlp());
        if (s.statement() != null) {
            ArrayNode refs = o.has("object_marking_refs") ? (ArrayNode) o.get("object_marking_refs") : o.putArray("object_marking_refs");
            refs.add(s.statement());
        }
        return o;
    }

    private static String key(String id, String version) {
        return id + " " + (version == null ? "" : version);
    }

    /** The peer: takes every post, completes at once, and remembers what it got. */
    static final class Recorder implements TaxiiRemote {
        final Set<String> posted = new HashSet<>();

        @Override
        public Status add(URI apiRoot, String collectionId, Outgoing envelope) {
            List<Detail> ok = new ArrayList<>();
            for (StixObject o : envelope.objects()) {
                posted.add(key(o.id(), o.version()));
                ok.add(new Detail(o.id(), o.version(), null));
            }
            return new Status(UUID.randomUUID().toString(), true, ok.size(), ok, List.of(), List.of());
        }

        @Override
        public Discovery discover(URI url) {
            throw new UnsupportedOperationException();
        }

        @Override
        public ApiRoot apiRoot(URI apiRoot) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Collection> collections(URI apiRoot) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Page objects(URI apiRoot, String collectionId, PageRequest request) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Status status(URI apiRoot, String statusId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {}
    }
}
