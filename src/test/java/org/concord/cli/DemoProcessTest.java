package org.concord.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code concord demo} as an operator runs it: a process that builds the federation, shares
 * ATT&CK (here the ICS bundle only, to keep the suite quick), raises the campaign's alert on all
 * three nodes, serves, and on SIGTERM stops everything and leaves no server listening.
 */
@Tag("process")
class DemoProcessTest {
    static final Path DATA = Path.of(System.getProperty("concord.shared", "../shared"), "data");

    @TempDir
    Path tmp;

    @Test
    void theDemoRaisesTheAlertOnAllThreeNodesAndStopsCleanlyOnSigterm() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Files.createSymbolicLink(data.resolve("ics-attack-18.1.json"), DATA.resolve("ics-attack-18.1.json").toAbsolutePath());
        Files.createDirectories(data.resolve("misp"));
        Files.createSymbolicLink(data.resolve("misp/warninglists"), DATA.resolve("misp/warninglists").toAbsolutePath());
        Path log = tmp.resolve("demo.log");
        int[] ports = FederatedEarlyWarningTest.freePorts(1);
        int port = ports[0];
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx512m", "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "demo", "--dir", tmp.resolve("demo").toString(), "--data", data.toString(), "--port", Integer.toString(port))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
            while (System.nanoTime() < deadline && p.isAlive() && !Files.readString(log).contains("Serving until Ctrl-C.")) Thread.sleep(100);
            String out = Files.readString(log);
            assertThat(out).as(out).contains("ATT&CK shared: ").contains("Alert raised on all three nodes: x-concord-alert--")
                    .contains(", the same version on each (")
                    .contains("none for 8.8.8.8 (warninglisted), none for the loader (2 countries)")
                    .contains("alert stream     https://127.0.0.1:" + port + "/cert-ee/concord/alerts/stream")
                    .contains("concord alerts   ./concord alerts --dir ").contains("Serving until Ctrl-C.");
            assertConvergedAlertPrintedOncePerNode(out);
            for (int i = 0; i < 3; i++) assertThat(listening(port + i)).as("node " + i + " serves").isTrue();

            p.destroy(); // SIGTERM
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("the demo stops").isTrue();
            out = Files.readString(log);
            assertThat(out).as(out).contains("Demo stopped: servers, sync, early warning and stores closed.").doesNotContain("Exception");
            for (int i = 0; i < 3; i++) assertThat(listening(port + i)).as("nothing listens on " + (port + i)).isFalse();
        } finally {
            p.destroyForcibly();
            Files.delete(data.resolve("misp/warninglists")); // the links only: the shared data stays
            Files.delete(data.resolve("ics-attack-18.1.json"));
        }
    }

    @Test
    void withNoServeTheDemoStopsAfterTheAlertAndPrintsNoAddressOfAServerItStopped() throws Exception {
        Path data = Files.createDirectories(tmp.resolve("data"));
        Files.writeString(data.resolve("tiny-attack-1.json"), """
                {"type": "bundle", "id": "bundle--5d0092c5-5f74-4ac6-a3bd-36a5e1b2a3c4", "objects": [
                 {"type": "attack-pattern", "spec_version": "2.1", "id": "attack-pattern--0c1a3e2b-7d5f-4a8e-9b6c-2f4d1e3a5b7c",
                  "created": "2026-01-01T00:00:00.000Z", "modified": "2026-01-01T00:00:00.000Z", "name": "Phishing (tiny)"}]}
                """);
        Files.createDirectories(data.resolve("misp"));
        Files.createSymbolicLink(data.resolve("misp/warninglists"), DATA.resolve("misp/warninglists").toAbsolutePath());
        int port = FederatedEarlyWarningTest.freePorts(1)[0];
        try {
            CliTest.Run r = CliTest.concord("demo", "--dir", tmp.resolve("demo").toString(), "--data", data.toString(),
                    "--port", Integer.toString(port), "--no-serve");
            String out = r.out();
            assertThat(r.status()).as(out + r.err()).isZero();
            assertThat(out).contains("Alert raised on all three nodes: x-concord-alert--").contains("Stopping the three nodes (--no-serve)")
                    .contains("Demo stopped: servers, sync, early warning and stores closed.")
                    .doesNotContain("TAXII discovery").doesNotContain("alert stream     https://").doesNotContain("token  ")
                    .doesNotContain("Serving until Ctrl-C.");
            assertConvergedAlertPrintedOncePerNode(out);
            for (int i = 0; i < 3; i++) assertThat(listening(port + i)).as("nothing listens on " + (port + i)).isFalse();
        } finally {
            Files.delete(data.resolve("misp/warninglists"));
        }
    }

    /**
     * One line per node for the alert, after the nodes converged: the same id, severity, groups, version and
     * SHA-256 on each (the first line used to show one node's first view: medium 58.7, another's high 76.2).
     */
    private static void assertConvergedAlertPrintedOncePerNode(String out) {
        Pattern line = Pattern.compile("(?m)^  (cert-ee|isac-fi|bank-lv)\\s+(x-concord-alert--\\S+  \\w+ [0-9.]+  groups EE,FI,LV  sectors \\S+"
                + "  version \\S+  sha256 [0-9a-f]{64})$");
        Matcher m = line.matcher(out);
        List<String> nodes = new ArrayList<>(), rest = new ArrayList<>();
        while (m.find()) {
            nodes.add(m.group(1));
            rest.add(m.group(2));
        }
        assertThat(nodes).as(out).containsExactly("cert-ee", "isac-fi", "bank-lv");
        assertThat(rest).as("the same converged version on every node").containsOnly(rest.getFirst());
        assertThat(rest.getFirst()).contains("sectors energy,financial-services,government-national");
    }

    private static boolean listening(int port) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (ConnectException e) {
            return false;
        }
    }
}
