package org.concord.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.concord.cli.CliTest.concord;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.concord.fanout.Receiver;
import org.concord.fanout.TestAlerts;
import org.concord.integrity.MerkleLog;
import org.concord.node.Node;
import org.concord.stix.StixObject;
import org.concord.stix.Tlp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code concord alerts} and {@code concord webhook} as an operator runs them, on the embedded store. */
class AlertsCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET = "webhook-secret-0123456789abcdef";

    @TempDir
    Path tmp;

    private Path init() {
        Path dir = tmp.resolve("cert-ee");
        CliTest.Run r = concord("init", "--dir", dir.toString(), "--name", "cert-ee", "--country", "EE");
        assertThat(r.status()).as(r.err()).isZero();
        return dir;
    }

    private static void write(Path dir, StixObject... alerts) {
        try (Node n = Node.open(dir, InstantSource.system(), MerkleLog.writer())) {
            for (StixObject a : alerts) n.store().write(n.collectionId(Node.ALERTS), List.of(a));
        }
    }

    @Test
    void listsTheNewestVersionOfEachAlertWithItsKeyGroupsSeverityWindowAndEvidence() throws Exception {
        Path dir = init();
        String id = TestAlerts.newId();
        Instant t = Instant.parse("2026-11-24T10:00:00Z");
        StixObject v1 = TestAlerts.alert(id, "domain:evil.example", t, "medium", List.of("DE", "EE", "FI"));
        StixObject v2 = TestAlerts.alert(id, "domain:evil.example", t.plusSeconds(300), "high", List.of("DE", "EE", "FI", "LV"));
        StixObject low = TestAlerts.alert(TestAlerts.newId(), "ip:192.0.2.7", t, "low", List.of("DE", "EE", "FI"));
        write(dir, v1, low, v2);

        CliTest.Run r = concord("alerts", "--dir", dir.toString());
        assertThat(r.status()).as(r.err()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).contains("low 20  ip:192.0.2.7  groups DE,EE,FI").contains("evidence 3").endsWith(low.id());
        assertThat(lines.get(1)).contains("high 72.5  domain:evil.example  groups DE,EE,FI,LV")
                .contains("window 2026-11-23T10:00:00.000Z → 2026-11-24T10:00:00.000Z").contains("evidence 4").endsWith(id);

        CliTest.Run high = concord("alerts", "--dir", dir.toString(), "--min-severity", "high", "--json");
        assertThat(high.out().lines().toList()).containsExactly(v2.json());
        assertThat(JSON.readTree(high.out().strip()).path("key").asText()).isEqualTo("domain:evil.example");

        String lowAdded = lines.get(0).substring(0, lines.get(0).indexOf(' '));
        CliTest.Run since = concord("alerts", "--dir", dir.toString(), "--since", lowAdded);
        assertThat(since.out().lines().toList()).singleElement().satisfies(l -> assertThat(l).endsWith(id));

        assertThat(concord("alerts", "--dir", dir.toString(), "--min-severity", "urgent").status()).isEqualTo(Main.USAGE);
        CliTest.Run badSince = concord("alerts", "--dir", dir.toString(), "--since", "last week");
        assertThat(badSince.status()).isEqualTo(Main.USAGE);
        assertThat(badSince.err()).contains("--since");
    }

    @Test
    void followPrintsNewVersionsAsTheyAreStoredUntilStopped() throws Exception {
        Path dir = init();
        StixObject before = TestAlerts.alert("domain:before.example");
        write(dir, before);
        AtomicReference<CliTest.Run> result = new AtomicReference<>();
        Thread follower = Thread.ofPlatform().start(() -> result.set(concord("alerts", "--dir", dir.toString(), "--follow",
                "--json", "--poll-millis", "50")));
        Thread.sleep(300); // it lists what is there (new alerts written before it looks would be listed instead, in the same order)
        StixObject a = TestAlerts.alert("domain:new.example");
        StixObject red = TestAlerts.alert(TestAlerts.newId(), "domain:red.example", Instant.now(), "critical", List.of("DE", "EE", "FI"), Tlp.RED);
        write(dir, a, red);
        Thread.sleep(2000); // many polls of 50 ms
        follower.interrupt();
        follower.join(30_000);
        assertThat(result.get().status()).as(result.get().err()).isZero();
        assertThat(result.get().out().lines().toList()).containsExactly(before.json(), a.json(), red.json());
    }

    @Test
    void webhookListShowAndTestAgainstARealReceiver() throws Exception {
        Path dir = init();
        assertThat(concord("webhook", "list", "--dir", dir.toString()).out()).contains("no webhooks");
        try (Receiver ok = Receiver.start(SECRET, 0); Receiver failing = Receiver.start(SECRET, 0)) {
            failing.answer = d -> 503;
            Files.writeString(dir.resolve("soc.secret"), SECRET);
            ObjectNode config = (ObjectNode) JSON.readTree(dir.resolve("node.json").toFile());
            ArrayNode hooks = config.putArray("webhooks");
            hooks.addObject().put("name", "soc").put("url", ok.url().toString()).put("secret_file", "soc.secret").put("min_severity", "high");
            hooks.addObject().put("name", "siem").put("url", failing.url().toString()).put("secret_file", "soc.secret");
            Files.writeString(dir.resolve("node.json"), config.toPrettyString());

            CliTest.Run list = concord("webhook", "list", "--dir", dir.toString());
            assertThat(list.status()).as(list.err()).isZero();
            assertThat(list.out()).contains("soc  " + ok.url() + "  min_severity high  max_tlp amber+strict").contains("not started");
            assertThat(list.out()).doesNotContain(SECRET);

            CliTest.Run test = concord("webhook", "test", "soc", "--dir", dir.toString());
            assertThat(test.status()).as(test.out() + test.err()).isZero();
            assertThat(test.out()).contains("HTTP 200");
            Receiver.Delivery ping = ok.next();
            assertThat(ping.event()).isEqualTo("ping");
            assertThat(ping.signatureValid()).isTrue();
            assertThat(JSON.readTree(ping.body()).path("type").asText()).isEqualTo("concord-ping");

            CliTest.Run refused = concord("webhook", "test", "siem", "--dir", dir.toString());
            assertThat(refused.status()).isEqualTo(Main.REJECTED);
            assertThat(refused.out()).contains("HTTP 503").contains("retried");

            CliTest.Run unknown = concord("webhook", "show", "nope", "--dir", dir.toString());
            assertThat(unknown.status()).isEqualTo(Main.REFUSED);
            assertThat(unknown.err()).contains("no webhook nope").contains("soc, siem");

            Files.writeString(dir.resolve("soc.secret"), "short");
            CliTest.Run bad = concord("webhook", "list", "--dir", dir.toString());
            assertThat(bad.status()).isEqualTo(Main.USAGE);
            assertThat(bad.err()).contains("node.json /webhooks/0/secret_file (soc): ").contains("at least 16");
        }
    }

    @Test
    void everyNewCommandHasHelp() {
        for (String[] cmd : Arrays.asList(new String[] {"alerts"}, new String[] {"webhook", "list"}, new String[] {"webhook", "show"},
                new String[] {"webhook", "test"})) {
            String[] args = Arrays.copyOf(cmd, cmd.length + 1);
            args[cmd.length] = "--help";
            CliTest.Run r = concord(args);
            assertThat(r.status()).as(String.join(" ", cmd)).isZero();
            assertThat(r.out()).contains("Usage: concord " + String.join(" ", cmd));
        }
    }
}
