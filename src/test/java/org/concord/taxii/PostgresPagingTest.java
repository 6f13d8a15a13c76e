package org.concord.taxii;

import java.nio.file.Path;
import org.concord.store.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** The same paging contract with the store and TAXII state on PostgreSQL. */
class PostgresPagingTest extends PagingContract {
    @TempDir
    Path dir;
    TestNode n;

    @BeforeEach
    void start() {
        n = TestNode.start(dir, TestDatabases.newPostgres(), c -> c);
    }

    @AfterEach
    void stop() {
        n.close();
    }

    @Override
    TestNode node() {
        return n;
    }
}
