package org.concord.taxii;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

class SqlitePagingTest extends PagingContract {
    @TempDir
    Path dir;
    TestNode n;

    @BeforeEach
    void start() {
        n = TestNode.start(dir);
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
