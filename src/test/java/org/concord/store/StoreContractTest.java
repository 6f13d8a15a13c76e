package org.concord.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.concord.store.Fixtures.id;
import static org.concord.store.Fixtures.indicator;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.concord.ConcordException;
import org.concord.ErrorCode;
import org.concord.TestClock;
import org.concord.stix.StixObject;
import org.concord.stix.Tlp;
import org.concord.store.jdbc.StoreInternals;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link Store} contract, run against every implementation. Each test gets a new, empty
 * database with two collections, A (alias "alpha") and B, and a clock that stands still until moved.
 */
abstract class StoreContractTest {
    static final String A = "9a4e1b62-7f0e-4c3a-9b1d-5e2f7a8c0d11";
    static final String B = "2c7d9e40-1a3b-4f5c-8d6e-7f8091a2b3c4";
    static final Instant START = Instant.parse("2026-03-01T12:00:00Z");
    static final String V1 = "2021-01-01T00:00:00.000Z";
    static final String V2 = "2022-01-01T00:00:00.000Z";
    static final String V3 = "2023-01-01T00:00:00.000Z";

    protected TestClock clock;
    protected StoreConfig config;
    protected Store store;

    /** The configuration of a new, empty database. */
    protected abstract StoreConfig newDatabase();

    @BeforeEach
    void openStore() {
        clock = new TestClock(START);
        config = newDatabase();
        store = Stores.open(config, clock);
        store.createCollection(new CollectionInfo(A, "alpha", "Alpha", "the first"));
        store.createCollection(new CollectionInfo(B, null, "Beta", null));
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    // ---- versions, duplicates, outcomes

    @Test
    void writingTheSameVersionTwiceIsANoOp() {
        StixObject v1 = indicator(id("indicator", "x"), V1);
        Instant added = stored(store.write(A, List.of(v1)).getFirst()).dateAdded();
        clock.advance(Duration.ofSeconds(5));

        assertThat(store.write(A, List.of(v1))).containsExactly(new WriteOutcome.Duplicate(v1.id(), V1));
        assertThat(all(A)).containsExactly(new StoredVersion(v1, added));
        assertThat(store.countByType()).containsExactly(Map.entry("indicator", 1L));
    }

    @Test
    void theFirstBytesOfAVersionWin() {
        String id = id("indicator", "x");
        StixObject first = indicator(id, V1);
        StixObject sameVersionOtherBytes = Fixtures.object(first.json().replace("bad domain", "other name"));
        store.write(A, List.of(first));

        assertThat(store.write(A, List.of(sameVersionOtherBytes))).containsExactly(new WriteOutcome.Duplicate(id, V1));
        assertThat(all(A)).extracting(StoredVersion::object).containsExactly(first);
    }

    @Test
    void listenersHearWhatEachCommittedWriteAddedToTheCollection() {
        List<String> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
        store.onStored((collection, added) -> added.forEach(o -> heard.add(collection + " " + o.id() + " " + o.modified())));
        StixObject v1 = indicator(id("indicator", "x"), V1);
        StixObject v2 = indicator(id("indicator", "x"), V2);
        store.write(A, List.of(v1));
        store.write(A, List.of(v1, v2)); // v1 is a duplicate: only v2 is news
        store.write(B, List.of(v1));     // a known version newly in B
        store.onStored((collection, added) -> { throw new IllegalStateException("a broken listener"); });
        store.write(B, List.of(v2));     // stands although a listener fails

        assertThat(heard).containsExactly(A + " " + v1.id() + " " + V1, A + " " + v2.id() + " " + V2,
                B + " " + v1.id() + " " + V1, B + " " + v2.id() + " " + V2);
        assertThat(all(B)).hasSize(2);
    }

    @Test
    void versionsAreFoundByIdBeforeAndAfterTheirIdsMoveIntoTheMainIdTable() {
        long saved = StoreInternals.minMerge();
        StoreInternals.minMerge(25); // merge the recent ids every 25 new versions
        try {
            List<StixObject> first = Fixtures.indicators("merge", 60, V1);
            store.write(A, first.subList(0, 20));            // recent only
            store.write(A, first.subList(20, 60));           // 60 >= 25: all moved into version_id
            try (var c = TestDatabases.connect(config); var st = c.createStatement();
                 var rs = st.executeQuery("SELECT (SELECT COUNT(*) FROM version_id), (SELECT COUNT(*) FROM version_id_recent)")) {
                rs.next();
                assertThat(List.of(rs.getLong(1), rs.getLong(2))).containsExactly(60L, 0L);
            } catch (java.sql.SQLException e) {
                throw new AssertionError(e);
            }
            List<StixObject> second = Fixtures.indicators("merge", 10, V2);
            store.write(A, second);                          // new versions of merged ids, recent again

            // a merged id and a recent one: duplicates are seen, first/last follow every version
            assertThat(store.write(A, List.of(first.get(5), second.get(5), first.get(40))))
                    .allMatch(o -> o instanceof WriteOutcome.Duplicate);
            assertThat(store.latest(first.get(5).id()).orElseThrow().object()).isEqualTo(second.get(5));
            assertThat(store.latest(first.get(40).id()).orElseThrow().object()).isEqualTo(first.get(40));
            Page byId = store.objects(A, new ObjectFilter(null, List.of(first.get(5).id(), first.get(40).id()), List.of(),
                    VersionMatch.ALL, List.of(), 10));
            assertThat(byId.items()).extracting(StoredVersion::object).containsExactlyInAnyOrder(first.get(5), second.get(5), first.get(40));
            assertThat(store.objects(A, ObjectFilter.all(100)).items()).hasSize(60); // latest of each id, once
            assertThat(store.delete(A, first.get(5).id(), VersionMatch.LAST)).isEqualTo(1);
            assertThat(store.latest(first.get(5).id()).orElseThrow().object()).isEqualTo(first.get(5));
            // the same objects into another collection: known versions, stored once
            store.write(B, first);
            assertThat(store.countByType()).containsExactly(Map.entry("indicator", 70L));
            assertThat(store.log().version(first.get(7).id(), first.get(7).versionKey())).isPresent();
        } finally {
            StoreInternals.minMerge(saved);
        }
    }

    @Test
    void aDuplicateInsideOneBatchIsReportedAsDuplicate() {
        StixObject v1 = indicator(id("indicator", "x"), V1);
        List<WriteOutcome> outcomes = store.write(A, List.of(v1, v1));

        assertThat(outcomes.get(0)).isInstanceOf(WriteOutcome.Stored.class);
        assertThat(outcomes.get(1)).isEqualTo(new WriteOutcome.Duplicate(v1.id(), V1));
        assertThat(all(A)).hasSize(1);
    }

    @Test
    void outcomesComeInInputOrderWithStrictlyIncreasingDateAdded() {
        StixObject a = indicator(id("indicator", "a"), V1);
        StixObject b = indicator(id("indicator", "b"), V1);
        StixObject c = indicator(id("indicator", "c"), V2);
        store.write(A, List.of(b));

        List<WriteOutcome> outcomes = store.write(A, List.of(a, b, c, a));

        assertThat(outcomes).extracting(WriteOutcome::id).containsExactly(a.id(), b.id(), c.id(), a.id());
        assertThat(outcomes).extracting(o -> o.getClass().getSimpleName())
                .containsExactly("Stored", "Duplicate", "Stored", "Duplicate");
        assertThat(stored(outcomes.get(2)).dateAdded()).isAfter(stored(outcomes.get(0)).dateAdded());
        assertThat(stored(outcomes.get(0)).dateAdded()).isEqualTo(START.plusNanos(1_000));
    }

    @Test
    void anEmptyWriteChangesNothing() {
        assertThat(store.write(A, List.of())).isEmpty();
        assertThat(all(A)).isEmpty();
    }

    @Test
    void anOlderVersionArrivingAfterANewerNeverBecomesLast() {
        String id = id("indicator", "x");
        store.write(A, List.of(indicator(id, V2)));
        store.write(A, List.of(indicator(id, V1)));
        store.write(A, List.of(indicator(id, V3), indicator(id, "2021-06-01T00:00:00.000Z")));

        assertThat(versions(A, VersionMatch.LAST)).containsExactly(V3);
        assertThat(versions(A, new VersionMatch(true, false, false, List.of()))).containsExactly(V1);
        assertThat(store.latest(id)).get().extracting(v -> v.object().modified()).isEqualTo(V3);
    }

    @Test
    void versionMatchSelectsFirstLastAllAndExplicitVersions() {
        String x = id("indicator", "x");
        String y = id("indicator", "y");
        store.write(A, List.of(indicator(x, V2), indicator(y, V1)));
        store.write(A, List.of(indicator(x, V3), indicator(x, V1)));

        assertThat(entries(A, VersionMatch.ALL)).containsExactly(x + "@" + V2, y + "@" + V1, x + "@" + V3, x + "@" + V1);
        assertThat(entries(A, VersionMatch.LAST)).containsExactly(y + "@" + V1, x + "@" + V3);
        assertThat(entries(A, new VersionMatch(true, false, false, List.of()))).containsExactly(y + "@" + V1, x + "@" + V1);
        assertThat(entries(A, new VersionMatch(true, true, false, List.of())))
                .containsExactly(y + "@" + V1, x + "@" + V3, x + "@" + V1);
        assertThat(entries(A, new VersionMatch(false, false, false, List.of(V2)))).containsExactly(x + "@" + V2);
        // explicit versions match by instant, however many fractional digits they are written with
        assertThat(entries(A, new VersionMatch(false, false, false, List.of("2022-01-01T00:00:00Z", "2023-01-01T00:00:00.000000Z"))))
                .containsExactly(x + "@" + V2, x + "@" + V3);
        assertThat(entries(A, new VersionMatch(false, true, false, List.of(V2))))
                .containsExactly(x + "@" + V2, y + "@" + V1, x + "@" + V3);
    }

    @Test
    void anExplicitVersionThatIsNoTimestampIsBadInput() {
        ObjectFilter filter = new ObjectFilter(null, List.of(), List.of(),
                new VersionMatch(false, false, false, List.of("yesterday")), List.of(), 10);

        assertThatThrownBy(() -> store.objects(A, filter))
                .isInstanceOfSatisfying(ConcordException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
                    assertThat(e.getMessage()).contains("yesterday");
                });
    }

    @Test
    void unversionedObjectsAreKeyedByTheirIdAlone() {
        StixObject ip = Fixtures.ipv4("198.51.100.7");
        store.write(A, List.of(ip));

        assertThat(store.write(A, List.of(ip))).containsExactly(new WriteOutcome.Duplicate(ip.id(), null));
        assertThat(all(A)).extracting(StoredVersion::object).containsExactly(ip);
        assertThat(store.objects(A, ObjectFilter.all(10)).items()).extracting(StoredVersion::object).containsExactly(ip);
        assertThat(versions(A, new VersionMatch(true, false, false, List.of()))).containsExactly((String) null);
    }

    @Test
    void revokedVersionsStayReadable() {
        String id = id("indicator", "x");
        store.write(A, List.of(indicator(id, V1)));
        store.write(A, List.of(indicator(id, V2, true)));

        assertThat(store.objects(A, ObjectFilter.all(10)).items())
                .singleElement().satisfies(v -> assertThat(v.object().revoked()).isTrue());
        assertThat(all(A)).hasSize(2);
        assertThat(store.latest(id)).get().satisfies(v -> assertThat(v.object().revoked()).isTrue());
    }

    @Test
    void everyEnvelopeFieldAndTheCanonicalBytesRoundTrip() {
        StixObject odd = Fixtures.object("""
                {"type":"x-acme-widget","id":"x-acme-widget--0b0e1f2a-3c4d-4e5f-8a9b-0c1d2e3f4a5b",
                 "spec_version":"2.0","created":"2020-02-02T02:02:02Z","modified":"2020-02-02T02:02:02.123456789Z",
                 "revoked":true,"object_marking_refs":["marking-definition--a","we\\\\ird\\nref",""],
                 "x_custom":{"nested":[1,2.5,"\u00e9"]}}""");
        store.write(A, List.of(odd));

        StixObject back = store.objects(A, ObjectFilter.all(10)).items().getFirst().object();
        assertThat(back).usingRecursiveComparison().isEqualTo(odd);
        assertThat(back.markingRefs()).containsExactly("marking-definition--a", "we\\ird\nref", "");
        assertThat(new String(back.canonical(), StandardCharsets.UTF_8)).isEqualTo(odd.json());
    }

    // ---- date_added

    @Test
    void dateAddedStrictlyIncreasesWhenTheClockStandsStill() {
        List<Instant> added = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            for (WriteOutcome o : store.write(i % 2 == 0 ? A : B, Fixtures.indicators("batch" + i, 3, V1))) {
                added.add(stored(o).dateAdded());
            }
        }
        assertThat(added).isSorted().doesNotHaveDuplicates().hasSize(15);
        assertThat(added.getFirst()).isEqualTo(START);
        assertThat(added.getLast()).isEqualTo(START.plus(Duration.ofNanos(14_000)));
    }

    @Test
    void dateAddedStrictlyIncreasesWhenTheClockGoesBackwards() {
        Instant before = stored(store.write(A, List.of(indicator(id("indicator", "a"), V1))).getFirst()).dateAdded();
        clock.set(START.minus(Duration.ofHours(3)));
        Instant after = stored(store.write(A, List.of(indicator(id("indicator", "b"), V1))).getFirst()).dateAdded();

        assertThat(after).isEqualTo(before.plus(Duration.ofNanos(1_000)));
    }

    @Test
    void dateAddedFollowsTheClockToTheMicrosecond() {
        clock.set(Instant.parse("2026-03-01T12:00:07.123456789Z"));
        Instant added = stored(store.write(A, List.of(indicator(id("indicator", "a"), V1))).getFirst()).dateAdded();

        assertThat(added).isEqualTo(Instant.parse("2026-03-01T12:00:07.123456Z"));
        assertThat(all(A)).extracting(StoredVersion::dateAdded).containsExactly(added);
    }

    @Test
    void dateAddedKeepsIncreasingAfterReopeningWithAClockThatWentBack() {
        Instant before = stored(store.write(A, List.of(indicator(id("indicator", "a"), V1))).getFirst()).dateAdded();
        store.close();
        clock.set(START.minus(Duration.ofDays(1)));
        store = Stores.open(config, clock);

        Instant after = stored(store.write(A, List.of(indicator(id("indicator", "b"), V1))).getFirst()).dateAdded();
        assertThat(after).isAfter(before);
        assertThat(all(A)).hasSize(2);
    }

    @Test
    void aVersionAddedToASecondCollectionGetsItsOwnDateAddedAndIsStoredOnce() {
        StixObject v1 = indicator(id("indicator", "x"), V1);
        Instant inA = stored(store.write(A, List.of(v1)).getFirst()).dateAdded();
        clock.advance(Duration.ofMinutes(1));
        Instant inB = stored(store.write(B, List.of(v1)).getFirst()).dateAdded();

        assertThat(inB).isEqualTo(START.plus(Duration.ofMinutes(1)));
        assertThat(all(A)).containsExactly(new StoredVersion(v1, inA));
        assertThat(all(B)).containsExactly(new StoredVersion(v1, inB));
        assertThat(store.countByType()).containsExactly(Map.entry("indicator", 1L));
        List<StoredVersion> scanned = new ArrayList<>();
        store.scan(ScanFilter.ALL, scanned::add);
        assertThat(scanned).containsExactly(new StoredVersion(v1, inA));
    }

    // ---- paging

    @Test
    void aPageSaysWhetherMoreFollow() {
        store.write(A, Fixtures.indicators("p", 6, V1));

        Page first = store.objects(A, ObjectFilter.all(3));
        Page second = store.objects(A, ObjectFilter.all(3).after(first.items().getLast().dateAdded()));
        Page third = store.objects(A, ObjectFilter.all(3).after(second.items().getLast().dateAdded()));

        assertThat(first.more()).isTrue();
        assertThat(second.items()).hasSize(3);
        assertThat(second.more()).isFalse();
        assertThat(third.items()).isEmpty();
        assertThat(third.more()).isFalse();
    }

    @Test
    void aPagingWalkNeverSkipsOrRepeatsWhileAnotherThreadWrites() throws Exception {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread writer = Thread.ofPlatform().name("writer").start(() -> {
            try {
                for (int b = 0; b < 40; b++) {
                    List<StixObject> batch = new ArrayList<>(Fixtures.indicators("w" + b, 10, V2));
                    if (b > 0) batch.add(indicator(id("indicator", "w" + (b - 1) + "-0"), V3)); // a newer version
                    if (b > 1) batch.add(indicator(id("indicator", "w" + (b - 2) + "-1"), V1)); // an older one
                    store.write(b % 3 == 0 ? B : A, batch);
                    clock.advance(Duration.ofNanos(b % 2 == 0 ? 1_500 : -4_000)); // jitters, partly backwards
                }
            } catch (Throwable t) {
                failure.set(t);
            }
        });

        List<StoredVersion> walked = new ArrayList<>();
        ObjectFilter page = new ObjectFilter(null, List.of(), List.of(), VersionMatch.ALL, List.of(), 7);
        Instant cursor = null;
        while (true) {
            boolean writerDone = !writer.isAlive(); // decided before reading: a final page sees every write
            Page p = store.objects(A, page.after(cursor));
            walked.addAll(p.items());
            if (!p.items().isEmpty()) cursor = p.items().getLast().dateAdded();
            if (writerDone && !p.more()) break;
        }
        writer.join();
        assertThat(failure.get()).isNull();

        assertThat(walked).doesNotHaveDuplicates().extracting(StoredVersion::dateAdded).isSorted().doesNotHaveDuplicates();
        assertThat(walked).containsExactlyElementsOf(all(A)).hasSize(26 * 10 + 26 + 25);
    }

    @Test
    void twoStoresOnOneDatabaseWriteConcurrentlyWithoutConflict() throws Exception {
        // as two node processes would: each its own connections; writes serialise in the database
        try (Store other = Stores.open(config, clock)) {
            List<List<WriteOutcome>> outcomes = java.util.Collections.synchronizedList(new ArrayList<>());
            AtomicReference<Throwable> failure = new AtomicReference<>();
            List<Thread> writers = new ArrayList<>();
            for (Store s : List.of(store, other)) {
                writers.add(Thread.ofPlatform().start(() -> {
                    try {
                        for (int b = 0; b < 15; b++) {
                            List<StixObject> batch = new ArrayList<>(Fixtures.indicators(s == store ? "one" + b : "two" + b, 8, V1));
                            batch.add(indicator(id("indicator", "shared-" + b), V2)); // both write this version
                            outcomes.add(s.write(b % 2 == 0 ? A : B, batch));
                        }
                    } catch (Throwable t) {
                        failure.set(t);
                    }
                }));
            }
            for (Thread t : writers) t.join();
            assertThat(failure.get()).isNull();

            List<WriteOutcome> all = outcomes.stream().flatMap(List::stream).toList();
            assertThat(all.stream().filter(o -> o instanceof WriteOutcome.Stored))
                    .hasSize(2 * 15 * 8 + 15);
            assertThat(all).filteredOn(o -> o instanceof WriteOutcome.Stored)
                    .extracting(o -> ((WriteOutcome.Stored) o).dateAdded()).doesNotHaveDuplicates();
            assertThat(all(A)).extracting(StoredVersion::dateAdded).isSorted().doesNotHaveDuplicates();
            assertThat(store.countByType()).containsExactly(Map.entry("indicator", 2L * 15 * 8 + 15));
        }
    }

    // ---- filters

    @Test
    void filtersByIdTypeAndSpecVersionCombine() {
        String x = id("indicator", "x");
        StixObject malware = Fixtures.object("{\"type\":\"malware\",\"id\":\"" + id("malware", "m")
                + "\",\"spec_version\":\"2.1\",\"created\":\"" + V1 + "\",\"modified\":\"" + V1 + "\",\"is_family\":false}");
        StixObject old = Fixtures.object("{\"type\":\"malware\",\"id\":\"" + id("malware", "old")
                + "\",\"spec_version\":\"2.0\",\"created\":\"" + V1 + "\",\"modified\":\"" + V1 + "\"}");
        StixObject ip = Fixtures.ipv4("192.0.2.1");
        store.write(A, List.of(indicator(x, V1), malware, old, ip, indicator(id("indicator", "y"), V1), indicator(x, V2)));

        assertThat(ids(filter(List.of(x), List.of(), List.of()))).containsExactly(x);
        assertThat(entries(A, new ObjectFilter(null, List.of(x), List.of(), VersionMatch.ALL, List.of(), 10)))
                .containsExactly(x + "@" + V1, x + "@" + V2);
        assertThat(ids(filter(List.of(), List.of("malware", "ipv4-addr"), List.of())))
                .containsExactly(malware.id(), old.id(), ip.id());
        assertThat(ids(filter(List.of(), List.of("malware"), List.of("2.1")))).containsExactly(malware.id());
        assertThat(ids(filter(List.of(), List.of(), List.of("2.0")))).containsExactly(old.id());
        assertThat(ids(filter(List.of(x, ip.id()), List.of("ipv4-addr"), List.of()))).containsExactly(ip.id());
        assertThat(ids(filter(List.of(id("indicator", "nobody")), List.of(), List.of()))).isEmpty();
    }

    @Test
    void theStoredBytesPageIsTheObjectsPageForEveryFilter() {
        String x = id("indicator", "x");
        StixObject malware = Fixtures.object("{\"type\":\"malware\",\"id\":\"" + id("malware", "m")
                + "\",\"spec_version\":\"2.1\",\"created\":\"" + V1 + "\",\"modified\":\"" + V1 + "\",\"is_family\":false}");
        StixObject ip = Fixtures.ipv4("192.0.2.1");
        store.write(A, List.of(indicator(x, V1), malware, ip, indicator(id("indicator", "y"), V1), indicator(x, V3)));
        store.write(A, List.of(indicator(x, V2)));
        store.write(A, Fixtures.indicators("p", 5, V1));
        Instant third = store.objects(A, ObjectFilter.all(3)).items().getLast().dateAdded();

        List<ObjectFilter> filters = List.of(ObjectFilter.all(10_000), ObjectFilter.all(3), ObjectFilter.all(3).after(third),
                new ObjectFilter(null, List.of(x), List.of(), VersionMatch.ALL, List.of(), 2),
                new ObjectFilter(null, List.of(x, ip.id()), List.of("indicator"), VersionMatch.LAST, List.of(), 10),
                new ObjectFilter(null, List.of(), List.of("malware"), VersionMatch.LAST, List.of(), 10),
                new ObjectFilter(null, List.of(), List.of("indicator", "ipv4-addr"), new VersionMatch(true, false, false, List.of()),
                        List.of("2.1"), 4),
                new ObjectFilter(third, List.of(), List.of(), new VersionMatch(false, false, false, List.of(V2)), List.of(), 10));
        for (ObjectFilter f : filters) {
            Page page = store.objects(A, f);
            CanonicalPage stored = store.canonical(A, f);
            assertThat(stored.more()).as("more, %s", f).isEqualTo(page.more());
            assertThat(stored.items()).as("entries, %s", f).hasSameSizeAs(page.items());
            for (int i = 0; i < page.items().size(); i++) {
                assertThat(stored.items().get(i).dateAdded()).isEqualTo(page.items().get(i).dateAdded());
                assertThat(stored.items().get(i).canonical()).isEqualTo(page.items().get(i).object().canonical());
            }
        }
        assertThat(store.canonical(A, ObjectFilter.all(10_000)).items()).hasSize(9); // the last of x, malware, ip, y, 5 p
    }

    @Test
    void addedAfterIsExclusive() {
        List<WriteOutcome> outcomes = store.write(A, Fixtures.indicators("a", 3, V1));
        Instant second = stored(outcomes.get(1)).dateAdded();

        assertThat(store.objects(A, ObjectFilter.all(10).after(second)).items())
                .extracting(StoredVersion::dateAdded).containsExactly(stored(outcomes.get(2)).dateAdded());
        assertThat(store.objects(A, ObjectFilter.all(10).after(second.minusNanos(1))).items()).hasSize(2);
    }

    // ---- delete

    @Test
    void deleteRemovesTheMatchingVersionsAndKeepsFirstAndLastRight() {
        String x = id("indicator", "x");
        store.write(A, List.of(indicator(x, V1), indicator(x, V2), indicator(x, V3)));
        store.write(B, List.of(indicator(x, V3)));

        assertThat(store.delete(A, x, VersionMatch.LAST)).isEqualTo(1);
        assertThat(versions(A, VersionMatch.LAST)).containsExactly(V2);
        assertThat(store.delete(A, x, new VersionMatch(false, false, false, List.of("2021-01-01T00:00:00Z")))).isEqualTo(1);
        assertThat(versions(A, new VersionMatch(true, false, false, List.of()))).containsExactly(V2);
        assertThat(versions(A, VersionMatch.LAST)).containsExactly(V2);
        assertThat(store.delete(A, x, VersionMatch.ALL)).isEqualTo(1);
        assertThat(all(A)).isEmpty();

        assertThat(versions(B, VersionMatch.LAST)).containsExactly(V3);
        assertThat(store.countByType()).containsExactly(Map.entry("indicator", 3L)); // history stays
        assertThat(store.delete(A, x, VersionMatch.ALL)).isZero();
    }

    @Test
    void deleteOfTheFirstVersionMakesTheNextOneFirst() {
        String x = id("indicator", "x");
        store.write(A, List.of(indicator(x, V2), indicator(x, V1), indicator(x, V3)));

        assertThat(store.delete(A, x, new VersionMatch(true, false, false, List.of()))).isEqualTo(1);

        assertThat(versions(A, new VersionMatch(true, false, false, List.of()))).containsExactly(V2);
        assertThat(versions(A, VersionMatch.ALL)).containsExactly(V2, V3);
    }

    @Test
    void aVersionWrittenAgainAfterDeleteReturnsWithANewDateAdded() {
        StixObject v1 = indicator(id("indicator", "x"), V1);
        Instant first = stored(store.write(A, List.of(v1)).getFirst()).dateAdded();
        store.delete(A, v1.id(), VersionMatch.ALL);

        Instant again = stored(store.write(A, List.of(v1)).getFirst()).dateAdded();

        assertThat(again).isAfter(first);
        assertThat(all(A)).containsExactly(new StoredVersion(v1, again));
    }

    // ---- latest

    @Test
    void latestIsTheNewestVersionStillInACollection() {
        String x = id("indicator", "x");
        store.write(A, List.of(indicator(x, V1)));
        store.write(B, List.of(indicator(x, V2)));

        assertThat(store.latest(x)).get().extracting(v -> v.object().modified()).isEqualTo(V2);
        store.delete(B, x, VersionMatch.ALL);
        assertThat(store.latest(x)).get().extracting(v -> v.object().modified()).isEqualTo(V1);
        assertThat(store.latest(id("indicator", "nobody"))).isEmpty();
    }

    // ---- counting and scanning

    @Test
    void countByTypeCountsEveryStoredVersionOnceInTypeOrder() {
        store.write(A, List.of(indicator(id("indicator", "x"), V1), indicator(id("indicator", "x"), V2),
                Fixtures.ipv4("192.0.2.1"), Fixtures.ipv4("192.0.2.2")));
        store.write(B, List.of(indicator(id("indicator", "x"), V1), indicator(id("indicator", "y"), V1)));

        assertThat(store.countByType()).containsExactly(Map.entry("indicator", 3L), Map.entry("ipv4-addr", 2L));
    }

    @Test
    void scanAfterATimeStartsAtTheFirstVersionStoredAfterItWhateverTheSize() {
        List<Instant> added = new ArrayList<>();
        for (int i = 0; i < 97; i++) {
            clock.advance(Duration.ofMillis(1 + i % 3));
            added.add(stored(store.write(A, List.of(indicator(id("indicator", "n" + i), V1))).getFirst()).dateAdded());
        }
        for (int i = 0; i < added.size(); i += 7) {
            List<StoredVersion> got = new ArrayList<>();
            store.scan(new ScanFilter(List.of(), added.get(i)), got::add);
            assertThat(got).as("after entry %d", i).hasSize(added.size() - 1 - i);
            if (!got.isEmpty()) assertThat(got.getFirst().dateAdded()).isEqualTo(added.get(i + 1));
        }
        List<StoredVersion> before = new ArrayList<>();
        store.scan(new ScanFilter(List.of(), added.getFirst().minusSeconds(1)), before::add);
        assertThat(before).hasSize(added.size());
    }

    @Test
    void scanStreamsVersionsInTheOrderFirstStoredWithFilters() {
        String x = id("indicator", "x");
        StixObject ip = Fixtures.ipv4("192.0.2.1");
        store.write(B, List.of(indicator(x, V3)));
        clock.advance(Duration.ofSeconds(1));
        store.write(A, List.of(indicator(x, V1), ip, indicator(x, V3)));
        clock.advance(Duration.ofSeconds(1));
        Instant third = stored(store.write(A, List.of(indicator(x, V2))).getFirst()).dateAdded();

        assertThat(scan(ScanFilter.ALL)).containsExactly(x + "@" + V3, x + "@" + V1, ip.id() + "@null", x + "@" + V2);
        assertThat(scan(new ScanFilter(List.of("ipv4-addr"), null))).containsExactly(ip.id() + "@null");
        assertThat(scan(new ScanFilter(List.of(), START))).containsExactly(x + "@" + V1, ip.id() + "@null", x + "@" + V2);
        assertThat(scan(new ScanFilter(List.of("indicator"), START))).containsExactly(x + "@" + V1, x + "@" + V2);
        assertThat(scan(new ScanFilter(List.of(), third))).isEmpty();
        List<StoredVersion> firstOne = new ArrayList<>();
        store.scan(new ScanFilter(List.of(), null), v -> { if (firstOne.isEmpty()) firstOne.add(v); });
        assertThat(firstOne.getFirst().dateAdded()).isEqualTo(START);
    }

    @Test
    void aFailingSinkStopsTheScanWithItsOwnException() {
        store.write(A, Fixtures.indicators("s", 5, V1));
        IllegalStateException stop = new IllegalStateException("enough");

        assertThatThrownBy(() -> store.scan(ScanFilter.ALL, v -> { throw stop; })).isSameAs(stop);
        assertThat(scan(ScanFilter.ALL)).hasSize(5); // the store is still usable
    }

    // ---- collections and errors

    @Test
    void collectionsAreListedInCreationOrderAndFoundByIdOrAlias() {
        assertThat(store.collections()).extracting(CollectionInfo::id).containsExactly(A, B);
        assertThat(store.collection("alpha")).contains(new CollectionInfo(A, "alpha", "Alpha", "the first"));
        assertThat(store.collection(B)).contains(new CollectionInfo(B, null, "Beta", ""));
        assertThat(store.collection("gamma")).isEmpty();
    }

    @Test
    void creatingACollectionWithATakenIdOrAliasFails() {
        String c = "5d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6";
        assertThatThrownBy(() -> store.createCollection(new CollectionInfo(A, null, "again", null)))
                .isInstanceOfSatisfying(ConcordException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ALREADY_EXISTS));
        assertThatThrownBy(() -> store.createCollection(new CollectionInfo(c, "alpha", "same alias", null)))
                .isInstanceOfSatisfying(ConcordException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ALREADY_EXISTS));
        assertThatThrownBy(() -> store.createCollection(new CollectionInfo(c, B, "alias is an id", null)))
                .isInstanceOfSatisfying(ConcordException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ALREADY_EXISTS));
        assertThatThrownBy(() -> store.createCollection(new CollectionInfo("alpha", null, "id is an alias", null)))
                .isInstanceOfSatisfying(ConcordException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ALREADY_EXISTS));
        assertThat(store.collections()).hasSize(2);
    }

    @Test
    void anUnknownCollectionIsNotFound() {
        String nowhere = "00000000-0000-4000-8000-000000000000";
        List<StixObject> one = List.of(indicator(id("indicator", "x"), V1));
        for (Runnable call : List.<Runnable>of(
                () -> store.write(nowhere, one),
                () -> store.objects(nowhere, ObjectFilter.all(10)),
                () -> store.canonical(nowhere, ObjectFilter.all(10)),
                () -> store.delete(nowhere, one.getFirst().id(), VersionMatch.ALL))) {
            assertThatThrownBy(call::run).isInstanceOfSatisfying(ConcordException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND);
                assertThat(e.getMessage()).contains(nowhere);
            });
        }
        assertThat(store.countByType()).isEmpty(); // the failed write left nothing behind
    }

    @Test
    void theLogRecordsTheEntryHashAndSaltItsWriterChoseAndKeepsThemForCatchingUp() {
        byte[] chosen = new byte[32];
        java.util.Arrays.fill(chosen, (byte) 7);
        byte[] salt = new byte[32];
        java.util.Arrays.fill(salt, (byte) 0x5a);
        List<LoggedVersion> heard = new ArrayList<>();
        LogWriter writer = new LogWriter() {
            @Override
            public void append(LogStorage storage, List<LoggedVersion> versions) {
                heard.addAll(versions);
            }

            @Override
            public Commitment prepare(StixObject object) {
                return object.id().equals(id("indicator", "signed")) ? new Commitment(chosen, salt, chosen)
                        : new Commitment(object.sha256(), null, null);
            }
        };
        StixObject plain = indicator(id("indicator", "plain"), V1);
        StixObject signed = indicator(id("indicator", "signed"), V1);
        try (Store logged = Stores.open(config, clock, writer)) {
            logged.write(A, List.of(plain, signed));
        }

        assertThat(heard).extracting(v -> java.util.HexFormat.of().formatHex(v.sha256()))
                .containsExactly(java.util.HexFormat.of().formatHex(plain.sha256()), java.util.HexFormat.of().formatHex(chosen));
        assertThat(store.log().versionsAfter(0, 10)).extracting(v -> java.util.HexFormat.of().formatHex(v.sha256()))
                .containsExactly(java.util.HexFormat.of().formatHex(plain.sha256()), java.util.HexFormat.of().formatHex(chosen));
        assertThat(store.latest(signed.id()).orElseThrow().object().sha256()).isEqualTo(signed.sha256()); // the bytes' own hash stays
        // the salt is kept beside the version; the leaf hash worked out ahead is handed to the log, never stored
        assertThat(heard.get(1).salt()).isEqualTo(salt);
        assertThat(heard.get(1).leafHash()).isEqualTo(chosen);
        assertThat(heard.get(0).salt()).isNull();
        assertThat(store.log().version(signed.id(), signed.versionKey()).orElseThrow().salt()).isEqualTo(salt);
        assertThat(store.log().version(signed.id(), signed.versionKey()).orElseThrow().leafHash()).isNull();
        assertThat(store.log().version(plain.id(), plain.versionKey()).orElseThrow().salt()).isNull();
    }

    // ---- provenance (origins of received versions)

    /** A signature of cert-ee's, received beside the object: kept with the origin. */
    static final DetachedSignature BY_EE = DetachedSignature.of("ee".repeat(32), "identity--ee", new byte[64]);
    static final Origin FROM_LV = new Origin("cert-ee", "EE", List.of("cert-ee", "cert-lv"), false, "cert-lv",
            Origin.Signature.VALID, BY_EE);
    static final Origin FROM_FEED = new Origin("feed:osint", null, List.of("feed:osint"), true, "feed:osint",
            Origin.Signature.UNSIGNED);

    @Test
    void anOriginRoundTripsOnEveryReadPath() {
        StixObject local = indicator(id("indicator", "local"), V1);
        StixObject relayed = indicator(id("indicator", "relayed"), V1);
        StixObject fed = Fixtures.ipv4("198.51.100.7");
        store.write(A, List.of(local, relayed, fed), java.util.Arrays.asList(null, FROM_LV, FROM_FEED));
        Map<String, Origin> expected = origins(local.id(), null, relayed.id(), FROM_LV, fed.id(), FROM_FEED);

        assertThat(originsOf(all(A))).isEqualTo(expected); // the collection walk
        assertThat(originsOf(store.objects(A, filter(List.of(relayed.id(), local.id()), List.of(), List.of())).items()))
                .isEqualTo(origins(relayed.id(), FROM_LV, local.id(), null)); // by id
        assertThat(originsOf(store.objects(A, filter(List.of(), List.of("ipv4-addr"), List.of())).items()))
                .isEqualTo(origins(fed.id(), FROM_FEED)); // by one type
        List<StoredVersion> scanned = new ArrayList<>();
        store.scan(ScanFilter.ALL, scanned::add);
        assertThat(originsOf(scanned)).isEqualTo(expected);
        assertThat(store.latest(relayed.id()).orElseThrow().origin()).isEqualTo(FROM_LV);
        assertThat(store.latest(fed.id()).orElseThrow().origin()).isEqualTo(FROM_FEED);
        assertThat(store.latest(local.id()).orElseThrow().origin()).isNull();
        assertThat(store.latest(local.id()).orElseThrow().local()).isTrue();
        // the signature kept beside a relayed version is the one that goes on with it
        assertThat(store.latest(relayed.id()).orElseThrow().signature()).isEqualTo(BY_EE);
        assertThat(store.latest(fed.id()).orElseThrow().signature()).isNull();
        assertThat(store.latest(local.id()).orElseThrow().signature()).isNull();
    }

    @Test
    void theSignatureKeptBesideAVersionIsTheOneThatCameWithItsFirstWriteAndItsBytesStayAsTheyCame() {
        StixObject v1 = indicator(id("indicator", "signed beside"), V1);
        byte[] value = new byte[64];
        for (int i = 0; i < value.length; i++) value[i] = (byte) (i + 1);
        DetachedSignature other = DetachedSignature.of("0f".repeat(32), "identity--lt", value);
        store.write(A, List.of(v1), List.of(FROM_LV));
        store.write(B, List.of(v1), List.of(FROM_LV.withDetached(other))); // by another route: the first stays

        for (String collection : List.of(A, B)) {
            StoredVersion v = all(collection).getFirst();
            assertThat(v.object().canonical()).isEqualTo(v1.canonical());
            assertThat(v.origin().detached()).isEqualTo(BY_EE);
            assertThat(v.signature()).isEqualTo(BY_EE);
        }
        assertThat(other.value()).isEqualTo(value); // the 64 bytes round-trip through the wire form
    }

    @Test
    void theFirstOriginOfAVersionWinsLikeItsBytes() {
        StixObject v1 = indicator(id("indicator", "x"), V1);
        StixObject v2 = indicator(id("indicator", "x"), V2);
        StixObject once = indicator(id("indicator", "local first"), V1);
        store.write(A, List.of(v1, v1), List.of(FROM_LV, FROM_FEED)); // the second is a duplicate in the batch
        store.write(A, List.of(v1), List.of(FROM_FEED));              // a duplicate in the collection
        store.write(B, List.of(v1), List.of(FROM_FEED));              // known, newly in B: still stored once
        store.write(A, List.of(once));                                // originated here first...
        store.write(B, List.of(once, v2), List.of(FROM_FEED, FROM_FEED)); // ...stays local; v2 is new

        assertThat(originsOf(all(A))).isEqualTo(origins(v1.id(), FROM_LV, once.id(), null));
        List<StoredVersion> inB = all(B);
        assertThat(inB).extracting(v -> v.object().version() + " " + v.origin())
                .containsExactly(V1 + " " + FROM_LV, V1 + " null", V2 + " " + FROM_FEED);
    }

    @Test
    void aNullOriginAndTheTwoArgumentWriteMeanOriginatedHere() {
        StixObject a = indicator(id("indicator", "a"), V1);
        StixObject b = indicator(id("indicator", "b"), V1);
        store.write(A, List.of(a));
        store.write(A, List.of(b), java.util.Collections.singletonList(null));

        assertThat(all(A)).extracting(StoredVersion::origin).containsExactly(null, null);
        assertThat(all(A)).allMatch(StoredVersion::local);
    }

    @Test
    void originsAreOnePerObject() {
        List<StixObject> two = List.of(indicator(id("indicator", "a"), V1), indicator(id("indicator", "b"), V1));

        assertThatThrownBy(() -> store.write(A, two, List.of(FROM_LV)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 objects, 1 origins");
        assertThat(store.countByType()).isEmpty();
    }

    @Test
    void aWriteThatRollsBackLeavesNeitherVersionNorOrigin() {
        StixObject v1 = indicator(id("indicator", "x"), V1);
        LogWriter failing = (storage, versions) -> { throw new IllegalStateException("the disk filled up"); };
        try (Store broken = Stores.open(config, clock, failing)) {
            assertThatThrownBy(() -> broken.write(A, List.of(v1), List.of(FROM_LV)))
                    .hasMessageContaining("the disk filled up");
        }

        assertThat(all(A)).isEmpty();
        assertThat(store.countByType()).isEmpty();
        // the same version, now local, takes the same place in the store: no origin left there to inherit
        store.write(A, List.of(v1));
        assertThat(store.latest(v1.id()).orElseThrow().origin()).isNull();
        StixObject v2 = indicator(id("indicator", "x"), V2);
        store.write(A, List.of(v2), List.of(FROM_FEED));
        assertThat(all(A)).extracting(StoredVersion::origin).containsExactly(null, FROM_FEED);
    }

    /** id, origin, id, origin, …: null origins allowed. */
    static Map<String, Origin> origins(Object... idThenOrigin) {
        Map<String, Origin> out = new java.util.HashMap<>();
        for (int i = 0; i < idThenOrigin.length; i += 2) out.put((String) idThenOrigin[i], (Origin) idThenOrigin[i + 1]);
        return out;
    }

    static Map<String, Origin> originsOf(List<StoredVersion> versions) {
        Map<String, Origin> out = new java.util.HashMap<>();
        for (StoredVersion v : versions) out.put(v.object().id(), v.origin());
        return out;
    }

    // ---- handling levels (docs/sovereignty.md: effective TLP)

    /** An indicator without object_marking_refs. */
    static StixObject unmarked(String name, String modified) {
        return Fixtures.object("{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"" + id("indicator", name)
                + "\",\"created\":\"2020-01-01T00:00:00.000Z\",\"modified\":\"" + modified + "\",\"pattern\":"
                + "\"[ipv4-addr:value = '203.0.113.9']\",\"pattern_type\":\"stix\",\"valid_from\":\"2020-01-01T00:00:00Z\"}");
    }

    @Test
    void aHandlingLevelRoundTripsOnEveryReadPathBesideTheUnchangedBytes() {
        StixObject red = unmarked("red", V1);
        StixObject none = unmarked("none", V1);
        StixObject marked = indicator(id("indicator", "marked"), V1); // TLP:GREEN of its own: a level given is ignored
        store.write(A, List.of(red, none, marked), java.util.Arrays.asList(null, FROM_LV, null),
                java.util.Arrays.asList(Tlp.RED, null, Tlp.AMBER));

        Map<String, Tlp> expected = new java.util.HashMap<>();
        expected.put(red.id(), Tlp.RED);
        expected.put(none.id(), null);
        expected.put(marked.id(), null);
        assertThat(handlingsOf(all(A))).isEqualTo(expected);
        assertThat(handlingsOf(store.objects(A, filter(List.of(red.id()), List.of(), List.of())).items()))
                .containsEntry(red.id(), Tlp.RED);
        List<StoredVersion> scanned = new ArrayList<>();
        store.scan(ScanFilter.ALL, scanned::add);
        assertThat(handlingsOf(scanned)).isEqualTo(expected);
        assertThat(store.latest(red.id()).orElseThrow().handling()).isEqualTo(Tlp.RED);
        assertThat(store.latest(red.id()).orElseThrow().object().canonical()).isEqualTo(red.canonical());
        assertThat(store.latest(none.id()).orElseThrow().origin()).isEqualTo(FROM_LV);
        assertThat(store.latest(marked.id()).orElseThrow().effectiveTlp(Tlp.CLEAR)).isEqualTo(Tlp.GREEN);
        assertThat(store.latest(red.id()).orElseThrow().effectiveTlp(Tlp.CLEAR)).isEqualTo(Tlp.RED);
        assertThat(store.latest(none.id()).orElseThrow().effectiveTlp(Tlp.AMBER)).isEqualTo(Tlp.AMBER);
    }

    @Test
    void theFirstHandlingLevelOfAVersionWinsLikeItsBytes() {
        StixObject v1 = unmarked("x", V1);
        store.write(A, List.of(v1), java.util.Collections.singletonList(null), List.of(Tlp.GREEN));
        store.write(B, List.of(v1), java.util.Collections.singletonList(null), List.of(Tlp.RED)); // known: ignored
        StixObject plain = unmarked("plain", V1);
        store.write(A, List.of(plain));
        store.write(B, List.of(plain), java.util.Collections.singletonList(null), List.of(Tlp.RED)); // stored without: stays so

        assertThat(all(B)).extracting(StoredVersion::handling).containsExactly(Tlp.GREEN, null);
    }

    @Test
    void aPageTellsWhichEntriesAreOlderVersions() {
        StixObject x1 = indicator(id("indicator", "x"), V1), x2 = indicator(id("indicator", "x"), V2);
        StixObject y1 = indicator(id("indicator", "y"), V1);
        store.write(A, List.of(x2, y1));
        store.write(A, List.of(x1)); // an older version arriving later

        Page page = store.objects(A, new ObjectFilter(null, List.of(), List.of(), VersionMatch.ALL, List.of(), 10));
        assertThat(page.knowsNewest()).isTrue();
        assertThat(page.items()).extracting(v -> v.object().version()).containsExactly(V2, V1, V1);
        assertThat(List.of(page.newest(0), page.newest(1), page.newest(2))).containsExactly(true, true, false);
        assertThat(new Page(page.items(), false).knowsNewest()).isFalse();
    }

    @Test
    void newestFindsTheNewestHeldVersionOfManyIdsAndTheCollectionsHoldingIt() {
        StixObject x1 = indicator(id("indicator", "x"), V1), x2 = indicator(id("indicator", "x"), V2);
        StixObject y1 = indicator(id("indicator", "y"), V1);
        StixObject gone = indicator(id("indicator", "gone"), V1);
        store.write(A, List.of(x1, y1, gone));
        store.write(B, List.of(x2, y1), java.util.Arrays.asList(FROM_LV, null));
        store.delete(A, gone.id(), VersionMatch.ALL);
        List<String> many = new ArrayList<>(List.of(x1.id(), y1.id(), gone.id(), id("indicator", "never")));
        for (int i = 0; i < 1_200; i++) many.add(id("indicator", "absent " + i)); // past one chunk of ids

        Map<String, Store.Held> held = store.newest(many);
        assertThat(held).containsOnlyKeys(x1.id(), y1.id());
        assertThat(held.get(x1.id()).version().object().version()).isEqualTo(V2);
        assertThat(held.get(x1.id()).version().origin()).isEqualTo(FROM_LV);
        assertThat(held.get(x1.id()).collections()).containsExactly(B);
        assertThat(held.get(y1.id()).collections()).containsExactly(A, B);
        assertThat(store.newest(List.of())).isEmpty();
    }

    static Map<String, Tlp> handlingsOf(List<StoredVersion> versions) {
        Map<String, Tlp> out = new java.util.HashMap<>();
        for (StoredVersion v : versions) out.put(v.object().id(), v.handling());
        return out;
    }

    // ---- the origin signature cache

    @Test
    void signaturesAreKeptByHashFirstOneWinsAndFoundInOrder() {
        SignatureCache cache = store.signatures();
        byte[] h1 = filled(32, 1), h2 = filled(32, 2), h3 = filled(32, 3);
        cache.put(List.of(h1, h2), List.of(filled(64, 11), filled(64, 12)));
        cache.put(List.of(h2, h3), List.of(filled(64, 99), filled(64, 13))); // h2 kept as it was

        List<byte[]> found = cache.find(List.of(h3, filled(32, 4), h1, h2, h1));
        assertThat(found).hasSize(5);
        assertThat(found.get(0)).isEqualTo(filled(64, 13));
        assertThat(found.get(1)).isNull();
        assertThat(found.get(2)).isEqualTo(filled(64, 11));
        assertThat(found.get(3)).isEqualTo(filled(64, 12));
        assertThat(found.get(4)).isEqualTo(filled(64, 11));
        assertThat(cache.find(List.of())).isEmpty();
        assertThatThrownBy(() -> cache.put(List.of(h1), List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theUnsignedLocalVersionsAreThoseWithoutOriginOrKeptSignatureInSeqRange() {
        SignatureCache cache = store.signatures();
        assertThat(cache.lastSeq()).isZero();
        StixObject a = indicator(id("indicator", "a"), V1);
        StixObject b = indicator(id("indicator", "b"), V1);
        StixObject relayed = indicator(id("indicator", "relayed"), V1);
        StixObject c = indicator(id("indicator", "c"), V1);
        store.write(A, List.of(a, b, relayed, c), java.util.Arrays.asList(null, null, FROM_LV, null));
        cache.put(List.of(b.sha256()), List.of(filled(64, 1)));

        assertThat(cache.lastSeq()).isEqualTo(4);
        assertThat(cache.unsignedLocal(0, 4)).extracting(SignatureCache.Unsigned::seq, u -> u.object().id())
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, a.id()), org.assertj.core.groups.Tuple.tuple(4L, c.id()));
        assertThat(cache.unsignedLocal(1, 3)).isEmpty();
        SignatureCache.Unsigned first = cache.unsignedLocal(0, 1).getFirst();
        assertThat(first.object()).isEqualTo(a);
        assertThat(first.entryHash()).isEqualTo(a.sha256());
    }

    static byte[] filled(int n, int value) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) value);
        return b;
    }

    // ---- helpers

    static WriteOutcome.Stored stored(WriteOutcome o) {
        assertThat(o).isInstanceOf(WriteOutcome.Stored.class);
        return (WriteOutcome.Stored) o;
    }

    /** Every entry of a collection, every version, in date_added order, walked in small pages. */
    List<StoredVersion> all(String collection) {
        List<StoredVersion> out = new ArrayList<>();
        ObjectFilter filter = new ObjectFilter(null, List.of(), List.of(), VersionMatch.ALL, List.of(), 4);
        Page p;
        do {
            p = store.objects(collection, filter);
            out.addAll(p.items());
            if (!p.items().isEmpty()) filter = filter.after(p.items().getLast().dateAdded());
        } while (p.more());
        return out;
    }

    List<String> versions(String collection, VersionMatch match) {
        return store.objects(collection, new ObjectFilter(null, List.of(), List.of(), match, List.of(), 100)).items()
                .stream().map(v -> v.object().version()).toList();
    }

    List<String> entries(String collection, VersionMatch match) {
        return entries(collection, new ObjectFilter(null, List.of(), List.of(), match, List.of(), 100));
    }

    List<String> entries(String collection, ObjectFilter filter) {
        return store.objects(collection, filter).items().stream()
                .map(v -> v.object().id() + "@" + v.object().version()).toList();
    }

    static ObjectFilter filter(List<String> ids, List<String> types, List<String> specVersions) {
        return new ObjectFilter(null, ids, types, VersionMatch.LAST, specVersions, 100);
    }

    List<String> ids(ObjectFilter filter) {
        return store.objects(A, filter).items().stream().map(v -> v.object().id()).toList();
    }

    List<String> scan(ScanFilter filter) {
        List<String> out = new ArrayList<>();
        store.scan(filter, v -> out.add(v.object().id() + "@" + v.object().version()));
        return out;
    }
}
