package org.concord.stix;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.concord.cli.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What `concord export` writes is valid against the official OASIS schemas, object by object and as a bundle. */
class ExportSchemaTest {
    static final Path SHARED = Path.of(System.getProperty("concord.shared", "../shared"));
    static final ObjectMapper MAPPER = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void anExportOfImportedAttackIsValidAgainstTheOasisSchemas() throws Exception {
        Path node = tmp.resolve("node");
        Path out = tmp.resolve("export.json");
        PrintStream stdout = System.out;
        try {
            System.setOut(new PrintStream(new ByteArrayOutputStream()));
            assertThat(Main.run("init", "--dir", node.toString(), "--name", "x", "--country", "FR")).isZero();
            assertThat(Main.run("import", "--dir", node.toString(), SHARED.resolve("data/ics-attack-18.1.json").toString())).isZero();
            assertThat(Main.run("export", "--dir", node.toString(), "-o", out.toString())).isZero();
        } finally {
            System.setOut(stdout);
        }
        OasisSchemas oasis = OasisSchemas.load(SHARED.resolve("stix2-schemas/schemas"), MAPPER, true);
        JsonNode bundle = MAPPER.readTree(out.toFile());
        assertThat(bundle.get("type").asText()).isEqualTo("bundle");
        assertThat(bundle.get("id").asText()).startsWith("bundle--");
        List<String> invalid = new ArrayList<>();
        for (JsonNode o : bundle.get("objects")) {
            var errors = oasis.validate(o);
            if (!errors.isEmpty()) invalid.add(o.get("id").asText() + ": " + errors);
        }
        assertThat(invalid).isEmpty();
        assertThat(bundle.get("objects").size()).isGreaterThan(1_800);
    }
}
