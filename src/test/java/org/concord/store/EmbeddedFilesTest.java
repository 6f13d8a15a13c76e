package org.concord.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded store's files are the node's user's alone, like its keys. */
class EmbeddedFilesTest {
    @TempDir
    Path dir;

    @Test
    void theDatabaseAndItsWalAndShmAreCreatedOwnerOnly() throws IOException {
        Path db = dir.resolve("concord.db");
        try (Store store = Stores.open(new StoreConfig.Embedded(db))) {
            store.createCollection(new CollectionInfo("11111111-1111-4111-8111-111111111111", "intelligence", "I", ""));
            for (Path f : List.of(db, dir.resolve("concord.db-wal"), dir.resolve("concord.db-shm"))) {
                assertThat(f).exists();
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f))).as(f.toString()).isEqualTo("rw-------");
            }
        }
    }
}
