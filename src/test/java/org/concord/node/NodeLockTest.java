package org.concord.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.concord.ConcordException;
import org.concord.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * node.lock within one process (the cross-process cases, where the operating system decides, are
 * in cli.CommonMistakesTest): one server per folder, any number of openers beside it, and a folder
 * replaced only when nobody else holds it.
 */
class NodeLockTest {
    @TempDir
    Path dir;

    private static void assertInUse(Runnable r, String says) {
        assertThatThrownBy(r::run).isInstanceOfSatisfying(ConcordException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.IN_USE);
            assertThat(e.getMessage()).contains("is in use").contains(says);
        });
    }

    @Test
    void aSecondServerOfAFolderIsRefusedAndTheFolderIsFreeAgainOnceTheFirstStops() throws IOException {
        NodeLock first = NodeLock.serve(dir, "serve");
        assertThat(Files.readString(dir.resolve(NodeLock.FILE))).startsWith("concord serve (pid " + ProcessHandle.current().pid());
        assertInUse(() -> NodeLock.serve(dir, "serve"), "already serves");
        first.close();
        assertThat(Files.readString(dir.resolve(NodeLock.FILE))).as("nobody named once it stopped").isEmpty();
        NodeLock.serve(dir, "serve").close();
        assertThat(Files.exists(dir.resolve(NodeLock.FILE))).as("the lock file is never deleted").isTrue();
    }

    @Test
    void openersShareAFolderWithItsServer() {
        try (NodeLock serving = NodeLock.serve(dir, "serve");
             NodeLock a = NodeLock.open(dir);
             NodeLock b = NodeLock.open(dir)) {
            assertThat(serving).isNotNull();
        }
        try (NodeLock a = NodeLock.open(dir); NodeLock serving = NodeLock.serve(dir, "serve")) {
            assertThat(a).isNotNull();
        }
    }

    @Test
    void aFolderIsReplacedOnlyWhenNobodyHasItOpenAndIsOpenAgainOnceWritten() {
        NodeLock open = NodeLock.open(dir);
        assertInUse(() -> NodeLock.replace(dir, "demo"), "this process has it open");
        open.close();
        try (NodeLock replacing = NodeLock.replace(dir, "demo")) {
            try (NodeLock nested = NodeLock.open(dir)) { // the demo's own nodes, in its process
                assertThat(nested).isNotNull();
            }
            assertInUse(() -> NodeLock.serve(dir, "serve"), "already serves");
            replacing.replaced();
            try (NodeLock beside = NodeLock.open(dir)) {
                assertThat(beside).isNotNull();
            }
            assertInUse(() -> NodeLock.serve(dir, "serve"), "already serves");
        }
        NodeLock.serve(dir, "serve").close();
    }

    @Test
    void aFolderThatIsNotThereIsNotANodeFolder() {
        assertThatThrownBy(() -> NodeLock.open(dir.resolve("nothing"))).isInstanceOfSatisfying(ConcordException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION));
    }
}
