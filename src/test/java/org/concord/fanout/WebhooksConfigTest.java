package org.concord.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.concord.ConcordException;
import org.concord.config.ConfigFile;
import org.concord.node.NodeTls;
import org.concord.stix.Tlp;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The "webhooks" and "fanout" sections of node.json: parsed once, every mistake named with what to fix, secrets never shown. */
class WebhooksConfigTest {
    private static final String SECRET = "s3cret-s3cret-s3cret-0123456789";

    @TempDir
    Path dir;

    @BeforeEach
    void secret() throws Exception {
        Files.createDirectories(dir.resolve("secrets"));
        Files.writeString(dir.resolve("secrets/soc.secret"), SECRET + "\n");
        Files.writeString(dir.resolve("secrets/short.secret"), "tooshort");
    }

    /** The webhooks of a node.json in {@code dir} holding {@code json} as its "webhooks". */
    private List<Webhook> parse(String json) {
        return ConfigFile.of(dir.resolve("node.json"), "{\"webhooks\": " + json + "}").parse(root -> Webhooks.parse(root.get(Webhooks.SECTION)));
    }

    /** The problem with {@code json} as "webhooks": its JSON pointer and what to fix, the file's name cut off. */
    private String error(String json) {
        try {
            parse(json);
        } catch (ConcordException e) {
            assertThat(e.getMessage()).doesNotContain(SECRET).startsWith(dir.resolve("node.json") + " /webhooks");
            return e.getMessage().substring(dir.resolve("node.json").toString().length() + 1);
        }
        throw new AssertionError("accepted: " + json);
    }

    private static FanOutConfig fanout(String json) {
        return ConfigFile.of(Path.of("node.json"), "{\"fanout\": " + json + "}").parse(root -> FanOutConfig.parse(root.get(FanOutConfig.SECTION)));
    }

    @Test
    void readsEveryFieldWithItsDefaults() {
        NodeTls.create(dir.resolve("ca"), "soc");
        List<Webhook> hooks = parse("""
                [{"name": "soc", "url": "https://soc.example/concord", "secret_file": "secrets/soc.secret",
                  "min_severity": "high", "max_tlp": "amber", "timeout_seconds": 5, "give_up_after_hours": 48,
                  "ca_file": "ca/tls/cert.pem", "comment": "the SOC"},
                 {"name": "siem", "url": "http://127.0.0.1:9000/hook", "secret_file": "secrets/soc.secret", "min_severity": 60},
                 {"name": "lab", "url": "http://lab.internal/hook", "secret_file": "secrets/soc.secret", "allow_http": true}]
                """);
        Webhook soc = hooks.get(0);
        assertThat(soc.name()).isEqualTo("soc");
        assertThat(soc.url().toString()).isEqualTo("https://soc.example/concord");
        assertThat(soc.minSeverity()).isEqualTo(new SeverityFloor("high", null));
        assertThat(soc.maxTlp()).isEqualTo(Tlp.AMBER);
        assertThat(soc.timeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(soc.giveUpAfter()).isEqualTo(Duration.ofHours(48));
        assertThat(soc.trust()).hasSize(1);
        Webhook siem = hooks.get(1);
        assertThat(siem.minSeverity()).isEqualTo(new SeverityFloor(null, 60.0));
        assertThat(siem.maxTlp()).isEqualTo(Tlp.AMBER_STRICT);
        assertThat(siem.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(siem.giveUpAfter()).isEqualTo(Duration.ofHours(24));
        assertThat(siem.trust()).isEmpty();
        assertThat(hooks.get(2).url().getScheme()).isEqualTo("http");
        assertThat(hooks.toString()).doesNotContain(SECRET);
        assertThat(soc.secret().sign(1, new byte[0])).isEqualTo(WebhookSecret.of(SECRET).sign(1, new byte[0]));
    }

    @Test
    void noSectionMeansNoWebhooks() {
        List<Webhook> none = ConfigFile.of(dir.resolve("node.json"), "{}").parse(root -> Webhooks.parse(root.get(Webhooks.SECTION)));
        assertThat(none).isEmpty();
        assertThat(parse("null")).isEmpty();
    }

    @Test
    void namesTheEndpointAndWhatToFix() {
        String ok = "\"secret_file\": \"secrets/soc.secret\"";
        assertThat(error("[{\"name\": \"soc\", \"url\": \"http://soc.example/hook\", " + ok + "}]"))
                .startsWith("/webhooks/0/url (soc): must be https://").contains("loopback").contains("allow_http");
        assertThat(error("[{\"name\": \"soc\", \"url\": \"https://user:pw@soc.example/hook\", " + ok + "}]"))
                .contains("must not carry a user or password");
        assertThat(error("[{\"name\": \"soc\", \"url\": \"soc.example/hook\", " + ok + "}]")).contains("absolute https:// URL");
        assertThat(error("[{\"name\": \"soc\", \"url\": \"https://soc.example/\"}]")).contains("\"secret_file\"").contains("required");
        assertThat(error("[{\"name\": \"soc\", \"url\": \"https://soc.example/\", \"secret_file\": \"secrets/missing\"}]"))
                .contains("/webhooks/0/secret_file (soc): cannot be read").contains("missing");
        assertThat(error("[{\"name\": \"soc\", \"url\": \"https://soc.example/\", \"secret_file\": \"secrets/short.secret\"}]"))
                .contains("at least 16").doesNotContain("tooshort");
        assertThat(error("[{\"name\": \"soc\", \"url\": \"https://soc.example/\", " + ok + ", \"max_tlp\": \"red\"}]"))
                .contains("TLP:RED never leaves the node");
        assertThat(error("[{\"name\": \"soc\", \"url\": \"https://soc.example/\", " + ok + ", \"min_severity\": \"urgent\"}]"))
                .contains("min_severity").contains("low, medium, high, critical");
        assertThat(error("[{\"name\": \"soc\", \"url\": \"https://soc.example/\", " + ok + ", \"timeout_seconds\": 0}]"))
                .contains("/webhooks/0/timeout_seconds (soc): must be a whole number 1..120: 0");
        assertThat(error("[{\"name\": \"soc\", \"url\": \"https://soc.example/\", " + ok + ", \"min_severty\": \"high\"}]"))
                .contains("unknown field \"min_severty\"");
        assertThat(error("[{\"name\": \"Soc!\", \"url\": \"https://soc.example/\", " + ok + "}]")).contains("/webhooks/0/name (Soc!): must be 1-63 lower-case letters");
        assertThat(error("[{\"name\": \"soc\", \"url\": \"https://a.example/\", " + ok + "}, {\"name\": \"soc\", \"url\": \"https://b.example/\", "
                + ok + "}]")).startsWith("/webhooks/1 (soc): another webhook is already named soc");
        assertThat(error("{\"name\": \"soc\"}")).contains("must be an array");
    }

    @Test
    void loadNamesTheFile() throws Exception {
        Files.writeString(dir.resolve("node.json"), "{\"webhooks\": [{\"name\": \"soc\", \"url\": \"ftp://x/\", \"secret_file\": \"secrets/soc.secret\"}]}",
                StandardCharsets.UTF_8);
        assertThatThrownBy(() -> ConfigFile.read(dir.resolve("node.json")).parse(root -> Webhooks.parse(root.get(Webhooks.SECTION))))
                .isInstanceOf(ConcordException.class)
                .hasMessageContaining("node.json /webhooks/0/url (soc): must be an absolute https:// URL");
    }

    @Test
    void fanOutSettingsHaveDefaultsAndBounds() {
        FanOutConfig absent = ConfigFile.of(Path.of("node.json"), "{}").parse(root -> FanOutConfig.parse(root.get(FanOutConfig.SECTION)));
        assertThat(absent).isEqualTo(FanOutConfig.defaults());
        FanOutConfig c = fanout("{\"max_streams\": 8, \"max_streams_per_client\": 2, \"heartbeat_seconds\": 5, \"poll_seconds\": 1}");
        assertThat(c).isEqualTo(new FanOutConfig(8, 2, Duration.ofSeconds(5), Duration.ofSeconds(1)));
        assertThat(fanout("{\"max_streams\": 2}").maxStreamsPerClient()).isEqualTo(2);
        assertThatThrownBy(() -> fanout("{\"max_streams\": 0}")).hasMessageContaining("node.json /fanout/max_streams: must be a whole number 1..10000: 0");
        assertThatThrownBy(() -> fanout("{\"heartbeat\": 5}")).hasMessageContaining("node.json /fanout: unknown field \"heartbeat\"");
    }

    @Test
    void severityFloorsCompareLevelsOrScoresAndLetUndescribedAlertsThrough() {
        AlertSummary high = new AlertSummary("x-concord-alert--1", null, null, null, List.of(), 72.5, "high", null, null, 0, null);
        AlertSummary bare = new AlertSummary("x-concord-alert--2", null, null, null, List.of(), null, null, null, null, 0, null);
        assertThat(SeverityFloor.parse("medium").admits(high)).isTrue();
        assertThat(SeverityFloor.parse("critical").admits(high)).isFalse();
        assertThat(SeverityFloor.parse("72.5").admits(high)).isTrue();
        assertThat(SeverityFloor.parse("80").admits(high)).isFalse();
        assertThat(SeverityFloor.parse("critical").admits(bare)).isTrue();
        assertThat(SeverityFloor.parse("99").admits(bare)).isTrue();
        assertThatThrownBy(() -> SeverityFloor.parse("101")).hasMessageContaining("0..100");
    }

    @Test
    void theSignatureIsHmacSha256OverTimestampDotBody() {
        // computed independently: python3 -c 'import hmac,hashlib; print(hmac.new(b"0123456789abcdef-webhook-secret",
        //   b"1700000000." + b"{\"type\":\"x-concord-alert\"}", hashlib.sha256).hexdigest())'
        WebhookSecret s = WebhookSecret.of("0123456789abcdef-webhook-secret\n");
        byte[] body = "{\"type\":\"x-concord-alert\"}".getBytes(StandardCharsets.UTF_8);
        String expected = "sha256=78185f1aa92ed1639aaadebd13bbc8985ecaa16330139688112475d33ade66ba";
        assertThat(s.sign(1700000000L, body)).isEqualTo(expected);
        assertThat(s.verifies(expected, 1700000000L, body)).isTrue();
        assertThat(s.verifies(expected, 1700000001L, body)).isFalse();
        assertThat(s.verifies(expected, 1700000000L, "{}".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(s.toString()).doesNotContain("0123456789abcdef");
    }
}
