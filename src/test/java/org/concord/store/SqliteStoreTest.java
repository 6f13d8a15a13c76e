package org.concord.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The store contract on the embedded store, plus what only a file can show: surviving a kill. */
class SqliteStoreTest extends StoreContractTest {
    @TempDir
    Path dir;

    @Override
    protected StoreConfig newDatabase() {
        return new StoreConfig.Embedded(dir.resolve("node").resolve("store.db"));
    }

    @Test
    @Tag("process")
    void aKilledWriterLosesNoAcknowledgedBatchAndLeavesASoundFile() throws Exception {
        Path file = dir.resolve("crash.db");
        try (Store s = Stores.open(new StoreConfig.Embedded(file))) {
            s.createCollection(new org.concord.store.CollectionInfo(CrashWriter.COLLECTION, null, "crash", null));
        }
        Process child = new ProcessBuilder(javaCommand(), "--enable-native-access=ALL-UNNAMED",
                "-cp", testClassPath(), CrashWriter.class.getName(), file.toString())
                .redirectError(dir.resolve("child.err").toFile())
                .start();
        List<Integer> committed = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while (committed.size() < 12 && (line = out.readLine()) != null) {
                if (line.startsWith("committed ")) committed.add(Integer.parseInt(line.substring(10)));
            }
            child.destroyForcibly(); // SIGKILL, most likely in the middle of the next batch
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(committed).as("batches the child reported (see child.err)").hasSize(12);

        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
            rs.next();
            assertThat(rs.getString(1)).isEqualTo("ok");
        }
        try (Store s = Stores.open(new StoreConfig.Embedded(file))) {
            for (int batch : committed) {
                for (var o : CrashWriter.batch(batch)) {
                    assertThat(s.latest(o.id())).as("batch %d, %s", batch, o.id()).isPresent();
                }
            }
            // the batch cut short is all there or not at all
            int next = committed.getLast() + 1;
            long present = CrashWriter.batch(next).stream().filter(o -> s.latest(o.id()).isPresent()).count();
            assertThat(present).isIn(0L, (long) CrashWriter.BATCH);
        }
    }

    @Test
    void committedWritesReachTheDatabaseFileWithoutTheWriterCheckpointing() throws Exception {
        Path file = dir.resolve("background.db");
        try (Store s = Stores.open(new StoreConfig.Embedded(file))) {
            s.createCollection(new CollectionInfo("c", null, "c", null));
            long before = java.nio.file.Files.size(file);
            s.write("c", Fixtures.indicators("background", 2_000, "2024-01-01T00:00:00.000Z"));
            // a few MiB, far below the WAL size at which the writer checkpoints: only the
            // background checkpointer copies them into the file while the store stays open
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (java.nio.file.Files.size(file) < before + (1 << 20) && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(java.nio.file.Files.size(file)).isGreaterThan(before + (1 << 20));
            assertThat(s.latest(Fixtures.indicators("background", 1, "2024-01-01T00:00:00.000Z").getFirst().id())).isPresent();
        }
    }

    private static String javaCommand() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String testClassPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }
}
