package org.concord.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.concord.ConcordException;
import org.concord.ErrorCode;
import org.concord.stix.StixObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The node's one database handle, shared by the store and a capability's table (here a scratch
 * table): writes commit or roll back whole, a capability's write beside a store write in progress
 * neither deadlocks nor fails, a write nested in a store write is refused at once, and every
 * database error becomes one kind of failure saying what and where. Run on SQLite and PostgreSQL.
 */
abstract class DatabaseContract {
    private static final String A = "11111111-1111-4111-8111-111111111111";
    private static final String V1 = "2024-01-01T00:00:00.000Z";

    StoreConfig config;
    Database db;
    final ExecutorService threads = Executors.newCachedThreadPool();

    abstract StoreConfig newDatabase();

    /** Whether a capability's write waits for a store write in progress (the embedded store's one writer). */
    abstract boolean capabilityWritesWaitForTheStore();

    @BeforeEach
    void open() {
        config = newDatabase();
        db = Database.open(config);
        db.write("creating the scratch table", c -> {
            try (PreparedStatement ps = c.prepareStatement("CREATE TABLE scratch (k TEXT PRIMARY KEY, v BIGINT NOT NULL)")) {
                ps.execute();
            }
            return null;
        });
    }

    @AfterEach
    void close() {
        threads.shutdownNow();
        db.close();
    }

    private List<String> keys() {
        return db.query("reading the scratch table", "SELECT k FROM scratch ORDER BY k", rs -> {
            List<String> out = new ArrayList<>();
            while (rs.next()) out.add(rs.getString(1));
            return out;
        });
    }

    private Store store(LogWriter writer) {
        Store store = Stores.open(db, InstantSource.system(), writer);
        if (store.collection(A).isEmpty()) store.createCollection(new CollectionInfo(A, null, "A", null));
        return store;
    }

    @Test
    void aWriteCommitsWholeOrRollsBackWhole() {
        assertThat(db.update("adding a", "INSERT INTO scratch (k, v) VALUES (?, ?)", "a", 1L)).isEqualTo(1);
        assertThatThrownBy(() -> db.write("adding b and c", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO scratch (k, v) VALUES (?, ?)")) {
                Database.bind(ps, "b", 2L);
                ps.executeUpdate();
            }
            throw new IllegalStateException("changed its mind");
        })).hasMessage("changed its mind");
        int added = db.write("adding c and d", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO scratch (k, v) VALUES (?, ?)")) {
                Database.bind(ps, "c", 3L);
                ps.executeUpdate();
                Database.bind(ps, "d", 4L);
                return ps.executeUpdate() + 1;
            }
        });

        assertThat(added).isEqualTo(2);
        assertThat(keys()).containsExactly("a", "c", "d");
    }

    @Test
    void aCapabilitysWriteBesideAStoreWriteInProgressCommitsAndSoDoesTheStores() throws Exception {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        LogWriter holding = (storage, versions) -> { // the store's write transaction, held open
            inside.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        try (Store store = store(holding)) {
            Future<?> storeWrite = threads.submit(() -> store.write(A, List.of(Fixtures.indicator(Fixtures.id("indicator", "held"), V1))));
            assertThat(inside.await(10, TimeUnit.SECONDS)).isTrue();
            Future<Integer> capability = threads.submit(() -> db.update("adding x", "INSERT INTO scratch (k, v) VALUES (?, ?)", "x", 1L));
            if (capabilityWritesWaitForTheStore()) {
                Thread.sleep(300);
                assertThat(capability).isNotDone(); // queued on the one writer, not failing with "database is locked"
            } else {
                assertThat(capability.get(10, TimeUnit.SECONDS)).isEqualTo(1); // no exclusion beyond PostgreSQL's row locks
            }
            release.countDown();
            assertThat(capability.get(10, TimeUnit.SECONDS)).isEqualTo(1);
            storeWrite.get(10, TimeUnit.SECONDS);
            assertThat(store.countByType()).containsEntry("indicator", 1L);
        }
        assertThat(keys()).containsExactly("x");
    }

    @Test
    void aWriteNestedInAStoreWriteTransactionIsRefusedAtOnceAndTheStoreWriteRollsBack() {
        LogWriter nesting = (storage, versions) -> db.update("adding y", "INSERT INTO scratch (k, v) VALUES (?, ?)", "y", 1L);
        try (Store store = store(nesting)) {
            StixObject o = Fixtures.indicator(Fixtures.id("indicator", "nested"), V1);
            assertTimeoutPreemptively(Duration.ofSeconds(10), () ->
                    assertThatThrownBy(() -> store.write(A, List.of(o))).isInstanceOf(IllegalStateException.class)
                            .hasMessageContaining("adding y inside a write transaction of the store"));
            assertThat(store.countByType()).isEmpty();
        }
        assertThat(keys()).isEmpty();
    }

    @Test
    void aCapabilitysWriteWhileAScanStreamsCommits() {
        try (Store store = store(null)) {
            store.write(A, Fixtures.indicators("scan", 3, V1));
            List<String> seen = new ArrayList<>();
            assertTimeoutPreemptively(Duration.ofSeconds(20), () -> store.scan(ScanFilter.ALL, v -> {
                seen.add(v.object().id());
                db.update("recording " + v.object().id(), "INSERT INTO scratch (k, v) VALUES (?, ?)", v.object().id(), 1L);
            }));
            assertThat(keys()).containsExactlyInAnyOrderElementsOf(seen).hasSize(3);
        }
    }

    @Test
    void writesFromManyThreadsBesideStoreWritesAllCommit() throws Exception {
        try (Store store = store(null)) {
            List<CompletableFuture<?>> all = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int thread = t;
                all.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < 25; i++) {
                        db.update("adding", "INSERT INTO scratch (k, v) VALUES (?, ?)", thread + "-" + i, (long) i);
                    }
                }, threads));
                all.add(CompletableFuture.runAsync(() -> {
                    for (int i = 0; i < 5; i++) store.write(A, Fixtures.indicators("t" + thread + "b" + i, 20, V1));
                }, threads));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            assertThat(keys()).hasSize(100);
            assertThat(store.countByType()).containsEntry("indicator", 400L);
        }
    }

    @Test
    void aDatabaseErrorIsAStoreFailureSayingWhatFailedAndWhereButNoValueBound() {
        assertThatThrownBy(() -> db.query("reading the scratch table", "SELECT no_such_column FROM scratch", rs -> null))
                .isInstanceOfSatisfying(ConcordException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.STORE_FAILURE);
                    assertThat(e.getMessage()).startsWith("reading the scratch table failed on " + db + ": ");
                });
        db.update("adding s", "INSERT INTO scratch (k, v) VALUES (?, ?)", "s3cret-key", 1L);
        assertThatThrownBy(() -> db.write("adding a batch", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO scratch (k, v) VALUES (?, ?)")) {
                Database.bind(ps, "s3cret-key", 2L);
                ps.addBatch();
                Database.bind(ps, "other-s3cret", null);
                ps.addBatch();
                return ps.executeBatch();
            }
        })).isInstanceOfSatisfying(ConcordException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.STORE_FAILURE);
            assertThat(e.getMessage()).startsWith("adding a batch failed on " + db + ": ").doesNotContain("s3cret");
        });
        assertThat(keys()).containsExactly("s3cret-key");
    }
}
