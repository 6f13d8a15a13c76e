package org.concord.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.concord.stix.Canonical;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Drives the launcher in-process as an operator would, on the embedded store. */
public class CliTest {
    static final Path SHARED = Path.of(System.getProperty("concord.shared", "../shared"));
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    /** What one in-process run of the launcher returned and printed. */
    public record Run(int status, String out, String err) {}

    /** Runs the launcher in this JVM with {@code args}; one run at a time, as it swaps System.out and err. */
    public static synchronized Run concord(String... args) {
        PrintStream oldOut = System.out, oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int status = Main.run(args);
            return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    private Path init(String name) {
        Path dir = tmp.resolve(name);
        Run r = concord("init", "--dir", dir.toString(), "--name", name, "--country", "EE", "--sector", "energy");
        assertThat(r.status()).as(r.err()).isZero();
        return dir;
    }

    @Test
    void initRecordsTheMemberAndRefusesASecondInit() throws IOException {
        Path dir = init("cert-ee");
        JsonNode config = JSON.readTree(dir.resolve("node.json").toFile());
        assertThat(config.at("/member/country").asText()).isEqualTo("EE");
        assertThat(config.at("/member/sectors/0").asText()).isEqualTo("energy");
        assertThat(Files.getPosixFilePermissions(dir.resolve("keys/private.pem"))).hasSize(2); // owner read+write only
        Run again = concord("init", "--dir", dir.toString(), "--name", "x", "--country", "EE");
        assertThat(again.status()).isEqualTo(Main.USAGE);
        assertThat(again.err()).contains("already");
        Run stats = concord("stats", "--dir", dir.toString());
        assertThat(stats.out()).contains("identity").contains("location").contains("relationship");
    }

    @Test
    void initRejectsAnUnknownCountryOrSectorWithWhatToFix() {
        Run r = concord("init", "--dir", tmp.resolve("x").toString(), "--name", "x", "--country", "XX");
        assertThat(r.status()).isEqualTo(Main.USAGE);
        assertThat(r.err()).contains("ISO 3166-1").contains("XX");
        r = concord("init", "--dir", tmp.resolve("y").toString(), "--name", "y", "--country", "FR", "--sector", "banks");
        assertThat(r.err()).contains("industry-sector").contains("banks").contains("financial-services");
    }

    @Test
    void everyCommandHasHelp() {
        for (String cmd : List.of("init", "import", "export", "stats", "demo", "serve", "token", "collection")) {
            Run r = concord(cmd, "--help");
            assertThat(r.status()).as(cmd).isZero();
            assertThat(r.out()).as(cmd).contains("Usage: concord " + cmd);
        }
    }

    @Test
    void importKeepsTheGoodObjectsAndNamesEachRejection() throws IOException {
        Path dir = init("n1");
        Path bundle = tmp.resolve("mixed.json");
        Files.writeString(bundle, """
                {"type":"bundle","id":"bundle--6b8e9b1c-1c3b-4f8e-9a57-0d7d9f1b2c3d","objects":[
                 {"type":"malware","spec_version":"2.1","id":"malware--31b940d4-6f7f-459a-80ea-9c1f17b5891b","created":"2016-04-06T20:07:09.000Z","modified":"2016-04-06T20:07:09.000Z","name":"Poison Ivy","is_family":true,"x_custom":{"k":[1,2.5,"v"]}},
                 {"type":"indicator","spec_version":"2.1","id":"indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f","created":"2016-04-06T20:03:48.000Z","modified":"2016-04-06T20:03:48.000Z","pattern":"[file:name = ","pattern_type":"stix","valid_from":"2016-01-01T00:00:00Z"},
                 {"type":"tool","spec_version":"2.1","id":"tool--not-a-uuid","created":"2016-04-06T20:03:48.000Z","modified":"2016-04-06T20:03:48.000Z","name":"x"},
                 {"type":"tool","spec_version":"2.1", "id": broken json},
                 {"type":"campaign","spec_version":"2.1","id":"campaign--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f","created":"2016-04-06T20:03:48.000Z","modified":"2016-04-05T20:03:48.000Z","name":"Older than created"},
                 {"type":"attack-pattern","spec_version":"2.1","id":"attack-pattern--7e33a43e-e34b-40ec-89da-36c9bb2cacd5","created":"2016-05-12T08:17:27.000Z","modified":"2016-05-12T08:17:27.000Z","name":"Spear Phishing"}
                ]}""");
        Run r = concord("import", "--dir", dir.toString(), bundle.toString());
        assertThat(r.status()).isEqualTo(Main.REJECTED);
        assertThat(r.out()).contains("stored 2, duplicate 0, rejected 4");
        assertThat(r.out()).contains("objects[1]").contains("indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f").contains("/pattern");
        assertThat(r.out()).contains("objects[2]").contains("tool--not-a-uuid");
        assertThat(r.out()).contains("objects[3]").contains("malformed JSON");
        assertThat(r.out()).contains("objects[4]").contains("/modified");
        Run again = concord("import", "--dir", dir.toString(), bundle.toString());
        assertThat(again.out()).contains("stored 0, duplicate 2, rejected 4");
        // every stored version is in the node's transparency log: the member's 3 and these 2
        try (org.concord.store.Store store = org.concord.store.Stores.open(new org.concord.store.StoreConfig.Embedded(dir.resolve("concord.db")))) {
            assertThat(new org.concord.integrity.MerkleLog(store.log()).size()).isEqualTo(5);
        }
    }

    @Test
    void exportOfAnImportImportsIntoAFreshNodeAsTheSameCanonicalObjects() throws IOException {
        Path a = init("a");
        Path source = SHARED.resolve("data/ics-attack-18.1.json");
        Run imported = concord("import", "--dir", a.toString(), "--tlp", "clear", source.toString());
        assertThat(imported.status()).as(imported.out()).isZero();
        Path first = tmp.resolve("first.json");
        assertThat(concord("export", "--dir", a.toString(), "-o", first.toString()).status()).isZero();

        Path b = init("b");
        assertThat(concord("import", "--dir", b.toString(), first.toString()).status()).isZero();
        Path second = tmp.resolve("second.json");
        assertThat(concord("export", "--dir", b.toString(), "-o", second.toString()).status()).isZero();

        // the member objects differ per node; everything imported must be identical
        TreeSet<String> one = canonicalObjects(first), two = canonicalObjects(second);
        TreeSet<String> original = new TreeSet<>();
        for (JsonNode o : JSON.readTree(source.toFile()).get("objects")) {
            original.add(o.get("id").asText());
        }
        one.removeIf(s -> !original.contains(idOf(s)));
        two.removeIf(s -> !original.contains(idOf(s)));
        assertThat(one).hasSize(original.size());
        assertThat(two).isEqualTo(one);
        // custom properties survive
        assertThat(String.join("\n", one)).contains("\"x_mitre_");
    }

    @Test
    void exportFiltersByType() throws IOException {
        Path a = init("f");
        Path out = tmp.resolve("identities.json");
        assertThat(concord("export", "--dir", a.toString(), "--type", "identity", "-o", out.toString()).status()).isZero();
        JsonNode bundle = JSON.readTree(out.toFile());
        assertThat(bundle.get("type").asText()).isEqualTo("bundle");
        // the member's identity, and the TLP definition it references (a bundle holds the definitions its objects name)
        assertThat(bundle.get("objects")).extracting(o -> o.get("type").asText()).containsExactly("identity", "marking-definition");
        Run bad = concord("export", "--dir", a.toString(), "--added-after", "yesterday");
        assertThat(bad.status()).isEqualTo(Main.USAGE);
        assertThat(bad.err()).contains("not a STIX timestamp");
    }

    @Test
    void badFilesGetAClearMessageAndKeepWhatCameBefore() throws IOException {
        Path dir = init("bad");
        String good = "{\"type\":\"attack-pattern\",\"spec_version\":\"2.1\",\"id\":\"attack-pattern--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061\",\"created\":\"2016-05-12T08:17:27.000Z\",\"modified\":\"2016-05-12T08:17:27.000Z\",\"name\":\"x\"}";
        List<String[]> cases = new ArrayList<>();
        cases.add(new String[] {"truncated.json", "{\"type\":\"bundle\",\"objects\":[" + good + ",{\"type\":\"tool\",\"na", "input ends at byte"});
        cases.add(new String[] {"array.json", "[" + good + "]", "not a STIX bundle"});
        cases.add(new String[] {"object.json", good, "\"type\" is \"attack-pattern\""});
        cases.add(new String[] {"deep.json", "{\"type\":\"bundle\",\"objects\":[" + good + ",{\"a\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}]}", "levels deep"});
        cases.add(new String[] {"wrongtype.json", "{\"type\":\"bundle\",\"objects\":[" + good + ",{\"type\":\"tool\",\"spec_version\":\"2.1\",\"id\":\"tool--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0062\",\"created\":5,\"modified\":\"2016-05-12T08:17:27.000Z\",\"name\":\"x\"}]}", "/created"});
        for (String[] c : cases) {
            Path f = tmp.resolve(c[0]);
            Files.writeString(f, c[1]);
            Run r = concord("import", "--dir", dir.toString(), f.toString());
            assertThat(r.status()).as(c[0]).isEqualTo(Main.REJECTED);
            assertThat(r.out()).as(c[0]).contains(c[2]);
        }
        assertThat(concord("stats", "--dir", dir.toString()).out()).containsPattern("attack-pattern\\s+1");
    }

    private static TreeSet<String> canonicalObjects(Path bundle) throws IOException {
        TreeSet<String> out = new TreeSet<>();
        for (JsonNode o : JSON.readTree(bundle.toFile()).get("objects")) out.add(Canonical.string(o));
        return out;
    }

    private static String idOf(String canonical) {
        try {
            return JSON.readTree(canonical).get("id").asText();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
