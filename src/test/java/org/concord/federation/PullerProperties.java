package org.concord.federation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.concord.TestClock;
import org.concord.store.CollectionInfo;
import org.concord.store.Database;
import org.concord.store.StoreConfig;

/**
 * A pull loses nothing whatever the server's paging and wherever a round stops: for generated
 * collections (objects added in POSTs of any size; medallion gives each POST one
 * {@code date_added}), page sizes, rounds cut at any request (after the server served it, as a
 * connection cut in the answer), {@code next} tokens forgotten by the server, and objects added
 * between rounds, against a model of three kinds of server:
 * <ul>
 *   <li>medallion's: a result set snapshot per query, one {@code next} for all its pages, served
 *       pages gone from it, a {@code next} refused (400) without the first request's
 *       {@code added_after};</li>
 *   <li>Concord's: a stateless {@code next} (the last {@code date_added} served), which never ties;</li>
 *   <li>one that gives no {@code next}, paged with {@code added_after} (never ties: with ties no
 *       client can page it exactly).</li>
 * </ul>
 * After every round, every object added up to the stored checkpoint is here; a round without a
 * fault succeeds; after it, every object is here once and the checkpoint is the last
 * {@code date_added}. The real medallion: MedallionFeedTest.
 */
class PullerProperties {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final URI ROOT = URI.create("https://model.example/api1/");
    private static final CollectionInfo INTO = new CollectionInfo("into", "intelligence", "Intelligence", null);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
    private static Path dir;
    private static Database database;
    private static SyncDatabase db;

    @BeforeContainer
    static void open() throws IOException {
        dir = Files.createTempDirectory("puller-properties");
        database = Database.open(new StoreConfig.Embedded(dir.resolve("sync.db")));
        db = new SyncDatabase(database);
    }

    @AfterContainer
    static void close() throws IOException {
        database.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    enum Paging { MEDALLION, CONCORD, ADDED_AFTER }

    /** Before a round: POSTs of these sizes; during it: the server cut at this request, forgets its next at that one (0: never). */
    record Round(List<Integer> posts, int cutAt, int forgetAt) {}

    record Scenario(Paging paging, int pageSize, List<Round> rounds) {}

    @Provide
    Arbitrary<Scenario> scenarios() {
        Arbitrary<Integer> sometimes = Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(0)),
                Tuple.of(1, Arbitraries.integers().between(1, 12)));
        Arbitrary<Round> round = Combinators.combine(Arbitraries.integers().between(1, 25).list().ofMaxSize(3), sometimes, sometimes)
                .as(Round::new);
        return Combinators.combine(Arbitraries.of(Paging.class), Arbitraries.integers().between(1, 8), round.list().ofMinSize(1).ofMaxSize(5))
                .as(Scenario::new);
    }

    @Property(tries = 1000)
    void everyObjectArrivesOnceWhateverThePagingTiesAndStops(@ForAll("scenarios") Scenario s) throws TaxiiException {
        Model server = new Model(s.paging());
        String party = "model-" + UUID.randomUUID();
        Set<String> here = new HashSet<>();
        Puller puller = new Puller(db.ledger(), (sender, into, objects, provenance, handling, signatures) -> {
            List<Receiver.Accepted> accepted = new ArrayList<>();
            for (JsonNode o : objects) {
                String id = o.get("id").asText();
                accepted.add(new Receiver.Accepted(id, o.get("modified").asText(), here.add(id), null));
            }
            return new Receiver.Receipt(accepted, List.of());
        }, new TestClock(Instant.parse("2026-03-02T00:00:00Z")), s.pageSize());
        Receiver.Sender sender = new Receiver.Sender.Peer(party);
        for (Round r : s.rounds()) {
            r.posts().forEach(server::post);
            server.faults(r.cutAt(), s.paging() == Paging.MEDALLION ? r.forgetAt() : 0);
            boolean faulty = r.cutAt() > 0 || (s.paging() == Paging.MEDALLION && r.forgetAt() > 0);
            try {
                puller.pull(sender, server, ROOT, "c", INTO);
            } catch (TaxiiException e) {
                assertThat(faulty).as("a round without a fault fails: %s", e.getMessage()).isTrue();
                assertThat(e.getMessage()).contains("the next round");
            }
            assertCheckpointHolds(server, party, here);
        }
        server.faults(0, 0);
        Puller.Pulled last = puller.pull(sender, server, ROOT, "c", INTO);
        assertThat(last.received()).isEqualTo(last.stored() + last.duplicates());
        assertThat(here).isEqualTo(server.ids());
        assertThat(db.ledger().checkpoint(party, "c").map(Checkpoint::addedAfter)).isEqualTo(server.lastDateAdded());
    }

    private static void assertCheckpointHolds(Model server, String party, Set<String> here) {
        db.ledger().checkpoint(party, "c").ifPresent(cp -> {
            for (Model.Entry e : server.entries) {
                if (!Watermark.later(e.dateAdded, cp.addedAfter())) {
                    assertThat(here).as("added at %s, up to the checkpoint %s", e.dateAdded, cp.addedAfter()).contains(e.id);
                }
            }
        });
    }

    /** A TAXII server's Get Objects, as one of the {@link Paging} kinds pages it. */
    static class Model implements TaxiiRemote {
        record Entry(String id, String dateAdded, ObjectNode object) {}

        private record Session(String addedAfter, List<Entry> remaining) {}

        final List<Entry> entries = new ArrayList<>();
        private final Paging paging;
        private final boolean ties;
        private final Map<String, Session> sessions = new HashMap<>();
        private Instant clock = Instant.parse("2026-03-01T10:00:00Z");
        private int requests, cutAt, forgetAt;

        /** A server paging as {@code paging} does; medallion's gives each POST one date_added, the others one per object. */
        Model(Paging paging) {
            this(paging, paging == Paging.MEDALLION);
        }

        Model(Paging paging, boolean ties) {
            this.paging = paging;
            this.ties = ties;
        }

        /** One POST of {@code n} objects. */
        void post(int n) {
            clock = clock.plusMillis(1);
            for (int i = 0; i < n; i++) {
                if (!ties && i > 0) clock = clock.plusMillis(1);
                String id = "indicator--" + UUID.randomUUID();
                ObjectNode o = JSON.createObjectNode().put("type", "indicator").put("id", id).put("modified", "2026-01-01T00:00:00.000Z");
                entries.add(new Entry(id, STAMP.format(clock), o));
            }
        }

        void faults(int cutAt, int forgetAt) {
            this.requests = 0;
            this.cutAt = cutAt;
            this.forgetAt = forgetAt;
        }

        Set<String> ids() {
            Set<String> ids = new HashSet<>();
            entries.forEach(e -> ids.add(e.id));
            return ids;
        }

        java.util.Optional<String> lastDateAdded() {
            return entries.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(entries.getLast().dateAdded);
        }

        /** Get Objects requests answered since the faults were last set. */
        int requests() {
            return requests;
        }

        @Override
        public Page objects(URI apiRoot, String collectionId, PageRequest r) throws TaxiiException {
            requests++;
            List<Entry> served;
            boolean more;
            String next = null;
            if (paging == Paging.MEDALLION && r.next() != null) {
                Session s = sessions.get(r.next());
                if (s == null || requests == forgetAt) {
                    sessions.remove(r.next());
                    throw refused("'next' not valid");
                }
                if (!java.util.Objects.equals(s.addedAfter, r.addedAfter())) throw refused("params changed over subsequent transaction");
                served = take(s.remaining, r.limit());
                more = !s.remaining.isEmpty();
                if (more) next = r.next();
                else sessions.remove(r.next());
            } else {
                String after = r.addedAfter();
                if (paging == Paging.CONCORD && r.next() != null && (after == null || Watermark.later(r.next(), after))) after = r.next();
                List<Entry> matching = new ArrayList<>();
                for (Entry e : entries) if (after == null || Watermark.later(e.dateAdded, after)) matching.add(e);
                served = take(matching, r.limit());
                more = !matching.isEmpty();
                if (more && paging == Paging.MEDALLION) {
                    next = UUID.randomUUID().toString();
                    sessions.put(next, new Session(r.addedAfter(), matching));
                } else if (more && paging == Paging.CONCORD) {
                    next = served.getLast().dateAdded;
                }
            }
            if (requests == cutAt) throw new TaxiiException(TaxiiException.Kind.UNREACHABLE, apiRoot, 0, "the answer was cut short");
            List<JsonNode> objects = new ArrayList<>();
            served.forEach(e -> objects.add(e.object));
            return new Page(objects, more, next, served.isEmpty() ? null : served.getFirst().dateAdded,
                    served.isEmpty() ? null : served.getLast().dateAdded, null);
        }

        /** Removes and returns the first {@code limit} of {@code from}. */
        private static List<Entry> take(List<Entry> from, int limit) {
            List<Entry> page = new ArrayList<>(from.subList(0, Math.min(limit, from.size())));
            from.subList(0, page.size()).clear();
            return page;
        }

        private static TaxiiException refused(String why) {
            return new TaxiiException(TaxiiException.Kind.REFUSED, ROOT, 400, "GET answered 400: " + why);
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
        public Status add(URI apiRoot, String collectionId, Outgoing envelope) {
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
