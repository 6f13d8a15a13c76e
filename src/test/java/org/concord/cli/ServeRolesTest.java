package org.concord.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.concord.cli.CliTest.concord;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code concord serve --roles} as an operator runs it: the summary says what runs and what does
 * not, a node without {@code api} listens nowhere, SIGTERM stops either cleanly; an unknown role is
 * refused before anything starts, naming the roles there are. Tagged {@code process}: it starts
 * {@code serve} as a process of its own.
 */
@Tag("process")
class ServeRolesTest {
    @TempDir
    Path tmp;
    private Process serve;

    @AfterEach
    void stop() throws Exception {
        if (serve != null && serve.isAlive()) {
            serve.destroyForcibly();
            serve.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void apiAndFanoutServeTaxiiAndSayThatSyncAndEarlyWarningRunElsewhere() throws Exception {
        Path dir = init("cert-ee");
        int port = FederatedEarlyWarningTest.freePorts(1)[0];
        String out = start(dir, "--roles", "api,fanout", "--port", Integer.toString(port), "--insecure-http");
        assertThat(out).contains("TAXII 2.1 server of node cert-ee").contains("  roles         api,fanout\n")
                .contains("  API root      http://127.0.0.1:" + port + "/cert-ee/")
                .contains("(server-sent events); webhooks: none")
                .contains("  sync          not run here (role sync)")
                .contains("  tokens        concord token create")
                .contains("  early warning not run here (role warning)");
        assertThat(listening(port)).isTrue();
        serve.destroy(); // SIGTERM
        assertThat(serve.waitFor(30, TimeUnit.SECONDS)).as("stops").isTrue();
        assertThat(listening(port)).isFalse();
    }

    @Test
    void withoutApiNothingListensAndTheSummarySaysWhatRuns() throws Exception {
        Path dir = init("cert-ee");
        int port = FederatedEarlyWarningTest.freePorts(1)[0];
        String out = start(dir, "--roles", "sync,warning", "--port", Integer.toString(port));
        assertThat(out).contains("Node cert-ee, without its TAXII server (role api not run here)")
                .contains("  roles         sync,warning\n")
                .contains("  alerts        webhooks: not run here (role fanout)")
                .contains("  sync          0 parties; push on every write and every ")
                .contains("  early warning rule ")
                .doesNotContain("API root").doesNotContain("tokens");
        assertThat(listening(port)).as("no server").isFalse();
        serve.destroy();
        assertThat(serve.waitFor(30, TimeUnit.SECONDS)).as("stops").isTrue();
    }

    @Test
    void anUnknownRoleIsRefusedNamingTheRoles() {
        Path dir = init("cert-ee");
        CliTest.Run r = concord("serve", "--dir", dir.toString(), "--roles", "api,dashboard");
        assertThat(r.status()).isEqualTo(Main.USAGE);
        assertThat(r.err()).contains("--roles").contains("unknown role \"dashboard\"").contains("api,sync,warning,fanout,response (or all)");
    }

    private Path init(String name) {
        Path dir = tmp.resolve(name);
        CliTest.Run r = concord("init", "--dir", dir.toString(), "--name", name, "--country", "EE");
        assertThat(r.status()).as(r.err()).isZero();
        return dir;
    }

    /** Starts {@code concord serve --dir DIR ARGS…}; returns what it printed up to its early-warning line, the last of the summary. */
    private String start(Path dir, String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx256m", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve", "--dir", dir.toString()));
        cmd.addAll(List.of(args));
        serve = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (String line; (line = out.readLine()) != null; ) {
            seen.append(line).append('\n');
            if (line.startsWith("  early warning")) {
                Thread.ofVirtual().start(() -> out.lines().forEach(l -> { })); // keep draining its output
                return seen.toString();
            }
        }
        throw new AssertionError("serve did not start:\n" + seen);
    }

    private static boolean listening(int port) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
