package org.concord.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.concord.ConcordException;
import org.concord.ErrorCode;
import org.concord.cli.CliTest;
import org.concord.config.ConfigFile;
import org.concord.fanout.FanOutConfig;
import org.concord.federation.SyncConfig;
import org.concord.node.NodeConfig;
import org.concord.stix.Tlp;
import org.concord.taxii.TaxiiConfig;
import org.concord.warning.WarningConfig;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * node.json parsed once, every section by its capability: each bad value is said with the file, its
 * JSON pointer and what to fix; an unknown field is refused in every section; a file's problems are
 * said together, on one line.
 */
class NodeSettingsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "s3cret-s3cret-s3cret-0123456789";
    private static final String BASE = """
            {"name": "cert-ee",
             "member": {"name": "CERT-EE", "country": "EE", "sectors": ["government-national"],
                        "identity_id": "identity--0c7b5b88-8ff7-4a4d-aa9c-feb398cd0061"},
             "store": {"kind": "embedded", "file": "concord.db"},
             "default_tlp": "amber",
             "server": {"bind": "127.0.0.1", "port": 8443}}
            """;

    @TempDir
    Path dir;

    @BeforeEach
    void secret() throws IOException {
        Files.writeString(dir.resolve("soc.secret"), SECRET + "\n");
    }

    /** BASE with {@code member} set to {@code json} (a JSON value; null removes it). */
    private NodeSettings load(String member, String json) throws IOException {
        ObjectNode root = (ObjectNode) JSON.readTree(BASE);
        if (json == null) root.remove(member);
        else root.set(member, JSON.readTree(json));
        Files.writeString(dir.resolve(NodeConfig.FILE), root.toPrettyString());
        return NodeSettings.load(dir);
    }

    /** One mistake: where it is put, what is put there, and what the message says after the file's name. */
    record Mistake(String member, String json, String says) {}

    private static final String WEBHOOK = "{\"name\": \"soc\", \"url\": \"https://soc.example/hook\", \"secret_file\": \"soc.secret\"";
    private static final String AGREEMENT = "{\"partner\": \"cert-lv\", \"direction\": \"outbound\", \"collections\": [\"*\"], "
            + "\"tlp\": [\"green\"], \"types\": [\"*\"]";

    private static final List<Mistake> MISTAKES = List.of(
            // the node's own settings
            new Mistake("name", "\"Bad Name\"", "/name: node name must be 1-63 lower-case letters, digits, '.', '_' or '-': Bad Name"),
            new Mistake("name", "7", "/name: must be a non-empty string: 7"),
            new Mistake("member", null, "\"member\" (an object) is required"),
            new Mistake("member", "[]", "/member: must be an object: []"),
            new Mistake("member", "{\"name\": \"X\", \"country\": \"Estonia\", \"identity_id\": \"identity--0c7b5b88-8ff7-4a4d-aa9c-feb398cd0061\"}",
                    "/member: country must be an ISO 3166-1 alpha-2 code in capitals (DE, FR, EE, ...): Estonia"),
            new Mistake("member", "{\"name\": \"X\", \"country\": \"EE\", \"sectors\": \"energy\", \"identity_id\": \"identity--0c7b5b88-8ff7-4a4d-aa9c-feb398cd0061\"}",
                    "/member/sectors: must be a list of strings: \"energy\""),
            new Mistake("member", "{\"name\": \"X\", \"country\": \"EE\", \"sectors\": [\"banking\"], \"identity_id\": \"identity--0c7b5b88-8ff7-4a4d-aa9c-feb398cd0061\"}",
                    "/member: sector is not in the STIX industry-sector vocabulary: banking"),
            new Mistake("member", "{\"name\": \"X\", \"country\": \"EE\"}", "/member: \"identity_id\" (a non-empty string) is required"),
            new Mistake("member", "{\"name\": \"X\", \"country\": \"EE\", \"identity_id\": \"identity--0c7b5b88-8ff7-4a4d-aa9c-feb398cd0061\", \"nick\": \"x\"}",
                    "/member: unknown field \"nick\" (known: comment, country, identity_id, name, sectors)"),
            new Mistake("store", "{\"kind\": \"sqlite\"}", "/store/kind: must be \"embedded\" or \"postgresql\": \"sqlite\""),
            new Mistake("store", "{\"kind\": \"embedded\"}", "/store: \"file\" (a non-empty string) is required"),
            new Mistake("store", "{\"kind\": \"embedded\", \"file\": \"x.db\", \"url\": \"jdbc:postgresql://db/x\"}",
                    "/store: unknown field \"url\" (known: comment, file, kind)"),
            new Mistake("store", "{\"kind\": \"postgresql\", \"user\": \"concord\"}", "/store: \"url\" (a non-empty string) is required"),
            new Mistake("default_tlp", "\"purple\"", "/default_tlp: not a TLP level (clear, green, amber, amber+strict, red): purple"),
            new Mistake("server", "{\"port\": 70000}", "/server/port: must be a whole number 0..65535: 70000"),
            new Mistake("server", "{\"port\": \"8443\"}", "/server/port: must be a whole number 0..65535: \"8443\""),
            new Mistake("server", "{\"host\": \"0.0.0.0\"}", "/server: unknown field \"host\" (known: bind, comment, port)"),
            new Mistake("agrements", "[]", "unknown field \"agrements\" (known: agreements, comment, default_tlp, fanout, member, name, "
                    + "response, server, store, sync, taxii, warning, webhooks)"),
            // taxii
            new Mistake("taxii", "\"on\"", "/taxii: must be an object: \"on\""),
            new Mistake("taxii", "{\"pagesize\": 10}", "/taxii: unknown field \"pagesize\""),
            new Mistake("taxii", "{\"api_root\": \"taxii2\"}", "/taxii/api_root: must be 1-63 lower-case letters, digits, '.', '_' or '-', and not taxii2: taxii2"),
            new Mistake("taxii", "{\"page_size\": 0}", "/taxii/page_size: must be a whole number 1..10000: 0"),
            new Mistake("taxii", "{\"max_content_length\": 10}", "/taxii/max_content_length: must be a whole number, at least 1024: 10"),
            new Mistake("taxii", "{\"rate_limit\": {\"per_second\": 0}}", "/taxii/rate_limit/per_second: must be a number above 0: 0"),
            new Mistake("taxii", "{\"rate_limit\": {\"burst\": 1.5}}", "/taxii/rate_limit/burst: must be a whole number, at least 1: 1.5"),
            new Mistake("taxii", "{\"rate_limit\": {\"persecond\": 5}}", "/taxii/rate_limit: unknown field \"persecond\" (known: burst, per_second)"),
            new Mistake("taxii", "{\"idle_timeout_seconds\": \"30\"}", "/taxii/idle_timeout_seconds: must be a whole number, at least 1: \"30\""),
            new Mistake("taxii", "{\"title\": \"\"}", "/taxii/title: must be a non-empty string: \"\""),
            // sync
            new Mistake("sync", "{\"poll_seconds\": -1}", "/sync/poll_seconds: must be a whole number, at least 1: -1"),
            new Mistake("sync", "{\"pull_seconds\": 0}", "/sync/pull_seconds: must be a whole number, at least 1: 0"),
            new Mistake("sync", "{\"page_size\": 20000}", "/sync/page_size: must be a whole number 1..10000: 20000"),
            new Mistake("sync", "{\"push_batch\": 0}", "/sync/push_batch: must be a whole number 1..10000: 0"),
            new Mistake("sync", "{\"timeout_seconds\": 0}", "/sync/timeout_seconds: must be a whole number, at least 1: 0"),
            new Mistake("sync", "{\"status_wait_seconds\": -5}", "/sync/status_wait_seconds: must be a whole number, at least 0: -5"),
            new Mistake("sync", "{\"pull\": 60}", "/sync: unknown field \"pull\""),
            // warning
            new Mistake("warning", "{\"rule\": {\"threshold\": 0}}", "/warning/rule/threshold: must be a whole number 1..1000: 0"),
            new Mistake("warning", "{\"rule\": {\"group_by\": \"city\"}}", "/warning/rule/group_by: must be country, sector or member: city"),
            new Mistake("warning", "{\"rule\": {\"threshold\": 3, \"treshold\": 2}}", "/warning/rule: unknown field \"treshold\""),
            new Mistake("warning", "{\"grace\": \"1 day\"}", "/warning/grace: must be an ISO-8601 duration such as PT24H or P7D: 1 day"),
            new Mistake("warning", "{\"max_skew\": \"-PT5M\"}", "/warning/max_skew: must not be negative: PT-5M"),
            new Mistake("warning", "{\"flush_seconds\": 0}", "/warning/flush_seconds: must be a whole number, at least 1: 0"),
            new Mistake("warning", "{\"poll_seconds\": 0}", "/warning/poll_seconds: must be a whole number, at least 1: 0"),
            new Mistake("warning", "{\"default_confidence\": 101}", "/warning/default_confidence: must be a whole number 0..100: 101"),
            new Mistake("warning", "{\"max_live_keys\": 10}", "/warning/max_live_keys: must be a whole number, at least 1000: 10"),
            new Mistake("warning", "{\"half_life\": {\"ip\": \"-P1D\"}}", "/warning/half_life/ip: must be positive: PT-24H"),
            new Mistake("warning", "{\"half_life\": {\"asn\": \"P1D\"}}", "/warning/half_life: unknown key kind \"asn\""),
            new Mistake("warning", "{\"warninglists\": {\"folder\": [\"x\"]}}", "/warning/warninglists: unknown field \"folder\" (known: exclude, folders, include)"),
            new Mistake("warning", "{\"warninglists\": {\"exclude\": [\"a\", 2]}}", "/warning/warninglists/exclude/1: must be a string: 2"),
            new Mistake("warning", "{\"public_suffix_list\": 5}", "/warning/public_suffix_list: must be a non-empty string: 5"),
            new Mistake("warning", "{\"rules\": {}}", "/warning: unknown field \"rules\""),
            // fanout
            new Mistake("fanout", "{\"max_streams\": 0}", "/fanout/max_streams: must be a whole number 1..10000: 0"),
            new Mistake("fanout", "{\"max_streams\": 4, \"max_streams_per_client\": 10}", "/fanout/max_streams_per_client: must be at most max_streams (4): 10"),
            new Mistake("fanout", "{\"heartbeat_seconds\": 0}", "/fanout/heartbeat_seconds: must be a whole number, at least 1: 0"),
            new Mistake("fanout", "{\"poll_seconds\": \"2\"}", "/fanout/poll_seconds: must be a whole number, at least 1: \"2\""),
            new Mistake("fanout", "{\"heartbeat\": 5}", "/fanout: unknown field \"heartbeat\""),
            // webhooks
            new Mistake("webhooks", "{}", "/webhooks: must be an array: {}"),
            new Mistake("webhooks", "[5]", "/webhooks/0: must be an object: 5"),
            new Mistake("webhooks", "[{\"name\": \"soc\", \"secret_file\": \"soc.secret\"}]", "/webhooks/0 (soc): \"url\" (an https:// URL) is required"),
            new Mistake("webhooks", "[" + WEBHOOK + ", \"max_tlp\": \"red\"}]",
                    "/webhooks/0/max_tlp (soc): is red, but TLP:RED never leaves the node: use amber+strict at most"),
            new Mistake("webhooks", "[" + WEBHOOK + ", \"give_up_after_hours\": 1000}]", "/webhooks/0/give_up_after_hours (soc): must be a whole number 1..720: 1000"),
            new Mistake("webhooks", "[" + WEBHOOK + ", \"allow_http\": \"yes\"}]", "/webhooks/0/allow_http (soc): must be true or false: \"yes\""),
            new Mistake("webhooks", "[" + WEBHOOK + ", \"secret\": \"x\"}]", "/webhooks/0 (soc): unknown field \"secret\""),
            new Mistake("webhooks", "[" + WEBHOOK + "}, " + WEBHOOK + "}]", "/webhooks/1 (soc): another webhook is already named soc"),
            // agreements
            new Mistake("agreements", "{}", "/agreements: must be an array: {}"),
            new Mistake("agreements", "[" + AGREEMENT.replace("outbound", "sideways") + "}]",
                    "/agreements/0 (cert-lv, sideways): \"direction\" must be \"outbound\" or \"inbound\": \"sideways\""),
            new Mistake("agreements", "[" + AGREEMENT.replace("\"green\"", "\"green\", \"red\"") + "}]",
                    "/agreements/0/tlp (cert-lv, outbound): names red, but TLP:RED never leaves a node and is never taken from a partner: remove it"),
            new Mistake("agreements", "[" + AGREEMENT + ", \"may_reshar\": true}]", "/agreements/0 (cert-lv, outbound): unknown field \"may_reshar\""),
            new Mistake("agreements", "[" + AGREEMENT + ", \"pii\": {\"strip\": \"x\"}}]", "/agreements/0/pii/strip (cert-lv, outbound): must be a list of strings: \"x\""),
            new Mistake("agreements", "[" + AGREEMENT + ", \"sightings\": \"all\"}]",
                    "/agreements/0/sightings (cert-lv, outbound): must be \"identity\", \"country\" or \"counts\": all"),
            new Mistake("agreements", "[" + AGREEMENT + ", \"sectors\": [\"banking\"]}]",
                    "/agreements/0 (cert-lv, outbound): sectors: not in the STIX industry-sector vocabulary: banking"),
            new Mistake("agreements", "[" + AGREEMENT + "}, " + AGREEMENT + "}]", "/agreements: two outbound agreement with cert-lvs"));

    @Test
    void everySectionsBadValuesAreSaidWithTheFileTheirPointerAndWhatToFix() throws IOException {
        List<String> failed = new ArrayList<>();
        for (Mistake m : MISTAKES) {
            try {
                load(m.member(), m.json());
                failed.add(m + ": accepted");
            } catch (ConcordException e) {
                String file = dir.resolve(NodeConfig.FILE).toString();
                String expected = file + (m.says().startsWith("/") ? " " : ": ") + m.says();
                if (e.code() != ErrorCode.INVALID_CONFIGURATION || !e.getMessage().startsWith(expected) || e.getMessage().contains("\n")) {
                    failed.add(m.member() + " = " + m.json() + "\n    said:     " + e.getMessage() + "\n    expected: " + expected + "…");
                }
            }
        }
        assertThat(failed).as(String.join("\n", failed)).isEmpty();
    }

    @Test
    void everyProblemOfAFileIsSaidAtOnceOnOneLine() throws IOException {
        Files.writeString(dir.resolve(NodeConfig.FILE), """
                {"name": "cert-ee", "member": {"name": "CERT-EE", "country": "EE",
                   "identity_id": "identity--0c7b5b88-8ff7-4a4d-aa9c-feb398cd0061"},
                 "store": {"kind": "embedded", "file": "concord.db"}, "default_tlp": "purple",
                 "sync": {"poll_seconds": -1, "page_size": 0},
                 "warning": {"rules": {}},
                 "webhooks": [{"name": "soc", "url": "ftp://soc.example/", "secret_file": "soc.secret"}],
                 "agreements": [{"partner": "cert-lv", "direction": "both"}]}
                """);
        Path file = dir.resolve(NodeConfig.FILE);
        assertThatThrownBy(() -> NodeSettings.load(dir)).isInstanceOf(ConcordException.class)
                .hasMessage(file + " /default_tlp: not a TLP level (clear, green, amber, amber+strict, red): purple"
                        + "; /sync/poll_seconds: must be a whole number, at least 1: -1"
                        + "; /sync/page_size: must be a whole number 1..10000: 0"
                        + "; /warning: unknown field \"rules\" (known: comment, default_confidence, flush_seconds, grace, half_life, max_live_keys,"
                        + " max_skew, poll_seconds, public_suffix_list, rule, warninglists)"
                        + "; /webhooks/0/url (soc): must be an absolute https:// URL with a host: ftp://soc.example/"
                        + "; /agreements/0 (cert-lv, both): \"direction\" must be \"outbound\" or \"inbound\": \"both\""
                        + "; /agreements/0 (cert-lv, both): \"collections\" (a list of strings; [\"*\"] for all) is required"
                        + "; /agreements/0 (cert-lv, both): \"types\" (a list of strings; [\"*\"] for all) is required"
                        + "; /agreements/0 (cert-lv, both): \"tlp\" (a list of strings; [\"*\"] for all) is required");
    }

    @Test
    void aGoodFileGivesEverySectionItsRecordAndAbsentSectionsTheirDefaults() throws IOException {
        NodeSettings none = load("comment", "\"the node of the national CERT\"");
        assertThat(none.node().name()).isEqualTo("cert-ee");
        assertThat(none.node().defaultTlp()).isEqualTo(Tlp.AMBER);
        assertThat(none.taxii().apiRoot()).isEqualTo("cert-ee");
        assertThat(none.taxii().port()).isEqualTo(8443);
        assertThat(none.sync()).isEqualTo(SyncConfig.defaults());
        assertThat(none.warning()).isEqualTo(WarningConfig.defaults());
        assertThat(none.fanout()).isEqualTo(FanOutConfig.defaults());
        assertThat(none.webhooks()).isEmpty();
        assertThat(none.agreements().all()).isEmpty();

        ObjectNode root = (ObjectNode) JSON.readTree(BASE);
        root.set("taxii", JSON.readTree("{\"api_root\": \"ee\", \"page_size\": 50, \"rate_limit\": {\"per_second\": 2.5, \"burst\": 5},"
                + " \"idle_timeout_seconds\": 60, \"comment\": \"c\"}"));
        root.set("sync", JSON.readTree("{\"poll_seconds\": 2, \"pull_seconds\": 30, \"timeout_seconds\": 5, \"status_wait_seconds\": 0}"));
        root.set("warning", JSON.readTree("{\"rule\": {\"threshold\": 2}, \"flush_seconds\": 1}"));
        root.set("fanout", JSON.readTree("{\"max_streams\": 8}"));
        root.set("webhooks", JSON.readTree("[" + WEBHOOK + "}]"));
        root.set("agreements", JSON.readTree("[" + AGREEMENT + "}]"));
        Files.writeString(dir.resolve(NodeConfig.FILE), root.toPrettyString());
        NodeSettings all = NodeSettings.load(dir);
        TaxiiConfig taxii = all.taxii();
        assertThat(taxii.apiRoot()).isEqualTo("ee");
        assertThat(taxii.pageSize()).isEqualTo(50);
        assertThat(taxii.ratePerSecond()).isEqualTo(2.5);
        assertThat(taxii.rateBurst()).isEqualTo(5);
        assertThat(taxii.idleTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(all.sync().poll()).isEqualTo(Duration.ofSeconds(2));
        assertThat(all.sync().limits().connectTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(all.sync().limits().requestTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(all.sync().statusWait()).isZero();
        assertThat(all.warning().rule().threshold()).isEqualTo(2);
        assertThat(all.warning().flush()).isEqualTo(Duration.ofSeconds(1));
        assertThat(all.fanout().maxStreams()).isEqualTo(8);
        assertThat(all.webhooks()).singleElement().satisfies(h -> assertThat(h.name()).isEqualTo("soc"));
        assertThat(all.agreements().outbound("cert-lv")).isPresent();
        assertThat(all.file().file()).isEqualTo(dir.resolve(NodeConfig.FILE));
    }

    @Test
    void aOneShotCommandParsesTheNodeAndTheSectionItUsesOnly() throws IOException {
        ObjectNode root = (ObjectNode) JSON.readTree(BASE);
        root.set("webhooks", JSON.readTree("[{\"name\": \"soc\", \"url\": \"https://soc.example/\", \"secret_file\": \"missing.secret\"}]"));
        root.set("warning", JSON.readTree("{\"flush_seconds\": 5}"));
        Files.writeString(dir.resolve(NodeConfig.FILE), root.toPrettyString());
        NodeSettings.Part<WarningConfig> part = NodeSettings.part(dir, WarningConfig.SECTION, WarningConfig::parse);
        assertThat(part.node().name()).isEqualTo("cert-ee");
        assertThat(part.section().flush()).isEqualTo(Duration.ofSeconds(5));
        assertThatThrownBy(() -> NodeSettings.load(dir)).hasMessageContaining("/webhooks/0/secret_file (soc): cannot be read");
    }

    @Test
    void aFileThatIsNoNodeOrNotJsonIsSaidAsSuch() throws IOException {
        assertThatThrownBy(() -> NodeSettings.load(dir)).isInstanceOf(ConcordException.class)
                .hasMessageContaining("no node in " + dir.toAbsolutePath() + " (no node.json); create one with: concord init --dir " + dir);
        Files.writeString(dir.resolve(NodeConfig.FILE), "[]");
        assertThatThrownBy(() -> NodeSettings.load(dir)).hasMessage(dir.resolve(NodeConfig.FILE) + " must hold a JSON object (the node's settings)");
        Files.writeString(dir.resolve(NodeConfig.FILE), BASE.replace("\"default_tlp\": \"amber\"", "\"default_tlp\": \"amber\", \"default_tlp\": \"red\""));
        assertThatThrownBy(() -> NodeSettings.load(dir)).hasMessageStartingWith(dir.resolve(NodeConfig.FILE) + " is not valid JSON: Duplicate field 'default_tlp'")
                .hasMessageContaining("(line 5, column");
    }

    @Test
    void initWritesANewNodeOnlyAndEditsKeepWhatTheyDoNotTouch() throws IOException {
        Path n = dir.resolve("n");
        CliTest.Run r = CliTest.concord("init", "--dir", n.toString(), "--name", "n", "--country", "EE");
        assertThat(r.status()).as(r.err()).isZero();
        Path file = n.resolve(NodeConfig.FILE);
        NodeConfig config = NodeConfig.load(n);
        assertThatThrownBy(() -> config.writeNew(n)).isInstanceOf(java.nio.file.FileAlreadyExistsException.class);

        ConfigFile.edit(file, root -> root.putObject("sync").put("poll_seconds", 2));
        ConfigFile.edit(file, root -> root.putArray("agreements").addObject().put("partner", "cert-lv"));
        JsonNode edited = JSON.readTree(file.toFile());
        assertThat(edited.path("sync").path("poll_seconds").asInt()).as("an edit keeps the sections it does not touch").isEqualTo(2);
        assertThat(edited.path("agreements").get(0).path("partner").asText()).isEqualTo("cert-lv");
        assertThat(edited.path("member").path("country").asText()).isEqualTo("EE");
        List<String> names = new ArrayList<>();
        edited.fieldNames().forEachRemaining(names::add);
        assertThat(names).as("in their order").containsExactly("name", "member", "store", "default_tlp", "server", "sync", "agreements");
        try (var files = Files.list(n)) {
            assertThat(files.map(p -> p.getFileName().toString())).as("nothing left beside it").noneMatch(f -> f.endsWith(".tmp"));
        }
    }
}
