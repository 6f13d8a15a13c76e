package org.concord.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.concord.ConcordException;
import org.concord.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file read once and its problems: where (JSON pointers, RFC 6901), what to fix, all at once, one line. */
class ConfigFileTest {
    private static final Path FILE = Path.of("/srv/concord/node.json");

    @TempDir
    Path dir;

    private static String problems(String json, java.util.function.Consumer<Section> parser) {
        try {
            ConfigFile.of(FILE, json).parse(root -> {
                parser.accept(root);
                return null;
            });
        } catch (ConcordException e) {
            assertThat(e.code()).isEqualTo(ErrorCode.INVALID_CONFIGURATION);
            return e.getMessage();
        }
        throw new AssertionError("no problem in " + json);
    }

    @Test
    void pointersEscapeTildeAndSlashAndLabelsFollowThem() {
        assertThat(problems("{\"a/b\": {\"c~d\": [1, \"x\"]}}", root -> root.get("a/b").strings("c~d")))
                .isEqualTo(FILE + " /a~1b/c~0d/0: must be a string: 1");
        assertThat(problems("{\"hooks\": [{\"name\": \"soc\", \"n\": -1}]}", root -> {
            for (Section h : root.get("hooks").elements()) h.labelled(h.peek("name")).integer("n", 0, 0, 9);
        })).isEqualTo(FILE + " /hooks/0/n (soc): must be a whole number 0..9: -1");
    }

    @Test
    void theWholeFilesProblemsHaveNoPointerAndComeInTheOrderFound() {
        assertThat(problems("{\"b\": true}", root -> {
            root.require("a", "a number");
            root.known(List.of("a"));
            root.get("b").problem("must be false");
        })).isEqualTo(FILE + ": \"a\" (a number) is required; unknown field \"b\" (known: a); /b: must be false");
    }

    @Test
    void aRecordIsNotBuiltOnWrongValuesAndWhatItsConstructorRefusesIsAProblemWhereItIs() {
        AtomicBoolean built = new AtomicBoolean();
        assertThat(problems("{\"s\": {\"n\": \"x\"}}", root -> {
            Section s = root.get("s");
            s.integer("n", 0, 0, 9);
            s.build(() -> built.getAndSet(true));
        })).isEqualTo(FILE + " /s/n: must be a whole number 0..9: \"x\"");
        assertThat(built).as("not built on a wrong value").isFalse();
        assertThat(problems("{\"s\": {\"lo\": 5, \"hi\": 1}}", root -> {
            Section s = root.get("s");
            int lo = s.integer("lo", 0, 0, 9), hi = s.integer("hi", 0, 0, 9);
            s.build(() -> {
                if (lo > hi) throw new IllegalArgumentException("lo must not be above hi: " + lo + " > " + hi);
                return null;
            });
        })).isEqualTo(FILE + " /s: lo must not be above hi: 5 > 1");
    }

    @Test
    void aLongValueIsShownCutShort() {
        String message = problems("{\"n\": \"" + "x".repeat(500) + "\"}", root -> root.integer("n", 0, 0, 1));
        assertThat(message).hasSizeLessThan(200).endsWith("…");
    }

    @Test
    void anEditKeepsTheFilesPermissionsAndCreateNeverOverwrites() throws IOException {
        Path file = dir.resolve("node.json");
        ConfigFile.create(file, ConfigFile.newObject().put("name", "n"));
        assertThatThrownBy(() -> ConfigFile.create(file, ConfigFile.newObject())).isInstanceOf(FileAlreadyExistsException.class);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        String before = ConfigFile.stampOf(file);
        ConfigFile.edit(file, root -> root.put("default_tlp", "green"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-r-----");
        assertThat(ConfigFile.stampOf(file)).as("another file: seen as changed").isNotEqualTo(before);
        ConfigFile read = ConfigFile.read(file);
        assertThat(read.stamp()).isEqualTo(ConfigFile.stampOf(file));
        String both = read.parse(root -> root.text("name", null) + " " + root.text("default_tlp", null));
        assertThat(both).isEqualTo("n green");
        assertThatThrownBy(() -> ConfigFile.read(dir)).isInstanceOf(ConcordException.class).hasMessageStartingWith("cannot read " + dir + ": ");
    }
}
