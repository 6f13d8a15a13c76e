package org.concord.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code concord demo} as an operator runs it: a process that builds the federation, shares
 * ATT&CK (here the ICS bundle only, to keep the suite quick), raises the campaign's alert on all
 * three nodes, serves, and on SIGTERM stops everything and leaves no server listening.
 */
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
                    .contains("none for 8.8.8.8 (warninglisted), none for the loader (2 countries)")
                    .contains("alert stream     https://127.0.0.1:" + port + "/cert-ee/concord/alerts/stream")
                    .contains("concord alerts   ./concord alerts --dir ").contains("Serving until Ctrl-C.");
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

    private static boolean listening(int port) throws IOException {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (ConnectException e) {
            return false;
        }
    }
}
