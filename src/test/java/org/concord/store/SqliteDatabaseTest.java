package org.concord.store;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.concord.ConcordException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The database handle on the embedded store: one writer for the store and every capability. */
class SqliteDatabaseTest extends DatabaseContract {
    @TempDir
    Path dir;

    @Override
    StoreConfig newDatabase() {
        return new StoreConfig.Embedded(dir.resolve("concord.db"));
    }

    @Override
    boolean capabilityWritesWaitForTheStore() {
        return true;
    }

    @Test
    void aReadCannotWrite() {
        assertThatThrownBy(() -> db.read("writing on a reader", c -> c.createStatement().executeUpdate(
                "INSERT INTO scratch (k, v) VALUES ('r', 1)"))).isInstanceOf(ConcordException.class)
                .hasMessageContaining("writing on a reader failed on the embedded store");
    }
}
