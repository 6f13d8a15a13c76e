package org.concord.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import org.concord.ConcordException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PseudonymKeyTest {

    @Test
    void madeAtFirstUseReadableByItsOwnerOnlyAndKept(@TempDir Path dir) throws IOException {
        Path file = dir.resolve(PseudonymKey.FILE);
        PseudonymKey first = PseudonymKey.loadOrCreate(file);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Files.size(file)).isEqualTo(32);
        PseudonymKey again = PseudonymKey.loadOrCreate(file);
        String p1 = first.forPartner("b").session().value("ann@example.org");
        assertThat(again.forPartner("b").session().value("ann@example.org")).isEqualTo(p1);
        assertThat(first.forPartner("c").session().value("ann@example.org")).isNotEqualTo(p1);
        try (var files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file); // no temporary left behind
        }
    }

    @Test
    void neverPrinted(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("k");
        PseudonymKey key = PseudonymKey.loadOrCreate(file);
        String hex = HexFormat.of().formatHex(Files.readAllBytes(file));
        assertThat(key.toString()).doesNotContain(hex).contains(file.toString());
    }

    @Test
    void aLooseKeyFileIsTightened(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("k");
        Files.write(file, new byte[32]);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        PseudonymKey.loadOrCreate(file);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void aFileThatIsNotAKeyIsRefused(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("k");
        Files.writeString(file, "secret\n");
        assertThatThrownBy(() -> PseudonymKey.loadOrCreate(file)).isInstanceOf(ConcordException.class)
                .hasMessageContaining("32 bytes expected").hasMessageNotContaining("secret\n");
    }
}
