package org.concord.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.concord.stix.StixObject;
import org.concord.stix.Tlp;
import org.concord.store.Database;
import org.concord.store.LogWriter;
import org.concord.store.ObjectFilter;
import org.concord.store.Page;
import org.concord.store.ScanFilter;
import org.concord.store.Store;
import org.concord.store.StoreConfig;
import org.concord.store.StoredVersion;
import org.concord.store.Stores;
import org.concord.store.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The audit log shares the node's database with the store: a partner's page is read and its
 * decisions recorded while an import batch holds the store's writer (on the embedded store the
 * audit rows wait for that batch, the one writer, instead of failing with "database is locked"; on
 * PostgreSQL they do not wait), and decisions recorded while a scan streams are kept.
 */
class DisclosuresBesideStoreWritesTest {
    private static final Duration LIMIT = Duration.ofSeconds(30);

    @TempDir
    static Path dir;

    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final AtomicReference<CountDownLatch> hold = new AtomicReference<>(); // non-null: the next write waits on it
    private final CountDownLatch inside = new CountDownLatch(1);
    private Database db;
    private Store store;
    private DisclosureLog audit;
    private EgressGate gate;

    static Stream<String> databases() {
        return Stream.of("sqlite", "postgresql");
    }

    private void open(String kind) {
        StoreConfig config = kind.equals("sqlite") ? new StoreConfig.Embedded(dir.resolve(System.nanoTime() + ".db"))
                : TestDatabases.newPostgres();
        db = Database.open(config);
        LogWriter holding = (storage, versions) -> { // inside the store's write transaction
            CountDownLatch latch = hold.get();
            if (latch == null) return;
            inside.countDown();
            try {
                latch.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        store = Stores.open(db, InstantSource.system(), holding);
        store.createCollection(Samples.INTELLIGENCE);
        audit = new AuditDatabase(db).log();
        gate = new EgressGate(Samples.policy(), new Agreements(List.of(Samples.open("cert-fi").build())), audit,
                InstantSource.system());
    }

    @AfterEach
    void close() {
        threads.shutdownNow();
        if (store != null) store.close();
        if (db != null) db.close();
    }

    private List<Decision> disclose(List<StoredVersion> page) {
        List<EgressGate.Candidate> candidates = new ArrayList<>();
        for (StoredVersion v : page) candidates.add(new EgressGate.Candidate(v.object(), Samples.INTELLIGENCE, Samples.LOCAL));
        return gate.disclose("cert-fi", candidates);
    }

    private static List<StixObject> indicators(String prefix, int n) {
        List<StixObject> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(StixObject.of(Samples.indicator(prefix + i, Tlp.GREEN)));
        return out;
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aPartnersPageIsReadAndItsDecisionsRecordedWhileAnImportBatchHoldsTheWriter(String kind) throws Exception {
        open(kind);
        store.write(Samples.INTELLIGENCE.id(), indicators("shared", 5));
        CountDownLatch release = new CountDownLatch(1);
        hold.set(release);
        Future<?> batch = threads.submit(() -> store.write(Samples.INTELLIGENCE.id(), indicators("imported", 50)));
        assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
        hold.set(null);

        Page page = assertTimeoutPreemptively(LIMIT, () -> store.objects(Samples.INTELLIGENCE.id(), ObjectFilter.all(100)));
        assertThat(page.items()).hasSize(5); // a reader never waits for the writer
        Future<List<Decision>> recorded = threads.submit(() -> disclose(page.items()));
        if (kind.equals("sqlite")) {
            Thread.sleep(300);
            assertThat(recorded).isNotDone(); // waiting its turn on the one writer
        } else {
            assertThat(recorded.get(30, TimeUnit.SECONDS)).hasSize(5); // PostgreSQL: no exclusion with the store's writer
        }
        release.countDown();

        assertThat(recorded.get(30, TimeUnit.SECONDS)).allMatch(Decision::released);
        batch.get(30, TimeUnit.SECONDS);
        assertThat(audit.find(AuditQuery.all())).hasSize(5);
        assertThat(store.countByType()).containsEntry("indicator", 55L);
    }

    @ParameterizedTest
    @MethodSource("databases")
    void decisionsRecordedWhileAScanStreamsAreKept(String kind) {
        open(kind);
        store.write(Samples.INTELLIGENCE.id(), indicators("scanned", 20));
        List<Decision> decided = new ArrayList<>();
        assertTimeoutPreemptively(LIMIT, () -> store.scan(ScanFilter.ALL, v -> decided.addAll(disclose(List.of(v)))));
        assertThat(decided).hasSize(20);
        assertThat(audit.find(AuditQuery.all())).hasSize(20);
    }
}
