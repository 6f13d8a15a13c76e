package org.concord.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.concord.node.NodeLock;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command's common mistakes end with one line saying what was wrong and the exit status of
 * its kind (README, "Exit statuses"), and never a stack trace: through the launcher in this JVM,
 * and as processes where another process, the file permissions or the locale is the point.
 */
@Tag("process")
class CommonMistakesTest {
    @TempDir
    Path tmp;

    /** A mistake: the command line, the exit status it must end with, and what the message must say. */
    record Mistake(String what, int status, String says, String... args) {}

    private static final String GOOD = "{\"type\":\"attack-pattern\",\"spec_version\":\"2.1\","
            + "\"id\":\"attack-pattern--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061\",\"created\":\"2016-05-12T08:17:27.000Z\","
            + "\"modified\":\"2016-05-12T08:17:27.000Z\",\"name\":\"x\"}";

    private Path init(String name) {
        Path dir = tmp.resolve(name);
        CliTest.Run r = CliTest.concord("init", "--dir", dir.toString(), "--name", name, "--country", "EE");
        assertThat(r.status()).as(r.err()).isZero();
        return dir;
    }

    private static void assertNoStackTrace(String what, String text) {
        assertThat(text).as(what + ": no stack trace reaches the user").doesNotContain("\tat ").doesNotContain("Exception")
                .doesNotContain("Caused by");
    }

    private Path copyOf(Path node, String name) throws IOException {
        Path copy = tmp.resolve(name);
        try (Stream<Path> s = Files.walk(node)) {
            for (Path p : s.toList()) {
                Path to = copy.resolve(node.relativize(p).toString());
                if (Files.isDirectory(p)) Files.createDirectories(to);
                else Files.copy(p, to);
            }
        }
        return copy;
    }

    @Test
    void everyCommandsCommonMistakesEndWithOneLineAndTheStatusOfTheirKind() throws IOException {
        Path n = init("n");
        String node = n.toString();
        Path notNode = Files.createDirectories(tmp.resolve("not-a-node"));
        Path file = Files.writeString(tmp.resolve("file.txt"), "hi");
        Path empty = Files.writeString(tmp.resolve("empty.json"), "{\"type\":\"bundle\",\"objects\":[" + GOOD + "]}");
        Path badJson = copyOf(n, "bad-json");
        Files.writeString(badJson.resolve("node.json"), "{not json");
        Path folderJson = copyOf(n, "folder-json");
        Files.delete(folderJson.resolve("node.json"));
        Files.createDirectory(folderJson.resolve("node.json"));
        Path noMember = copyOf(n, "no-member");
        Files.writeString(noMember.resolve("node.json"), "{\"name\":\"n\"}");
        Path badAgreement = copyOf(n, "bad-agreement");
        ObjectNode config = (ObjectNode) CliTest.JSON.readTree(n.resolve("node.json").toFile());
        config.putArray("agreements").addObject().put("partner", "x").put("direction", "sideways");
        Files.writeString(badAgreement.resolve("node.json"), config.toString());
        Path corrupt = copyOf(n, "corrupt");
        Files.writeString(corrupt.resolve("concord.db"), "this is not a database, it is a text file ".repeat(200));
        int[] free = FederatedEarlyWarningTest.freePorts(1);

        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String port = Integer.toString(taken.getLocalPort());
            String fp = "ab".repeat(32);
            List<Mistake> mistakes = List.of(
                    new Mistake("unknown command", Main.USAGE, "Unmatched argument", "frob"),
                    new Mistake("init without a name", Main.USAGE, "Missing required option: '--name", "init", "--dir", tmp.resolve("x").toString(), "--country", "EE"),
                    new Mistake("init with a bad name", Main.USAGE, "node name must be", "init", "--dir", tmp.resolve("x").toString(), "--name", "Bad Name", "--country", "EE"),
                    new Mistake("init in a file", Main.USAGE, "exists and is not a folder", "init", "--dir", file.toString(), "--name", "x", "--country", "EE"),
                    new Mistake("init over a node", Main.USAGE, "a node already lives in", "init", "--dir", node, "--name", "n", "--country", "EE"),
                    new Mistake("import into no node", Main.USAGE, "no node in", "import", "--dir", notNode.toString(), empty.toString()),
                    new Mistake("import a missing file", Main.REFUSED, "no such file: " + tmp.resolve("missing.json"), "import", "--dir", node, tmp.resolve("missing.json").toString()),
                    new Mistake("import a folder", Main.USAGE, "is a folder", "import", "--dir", node, notNode.toString()),
                    new Mistake("import with a bad option", Main.USAGE, "Unknown option: '--frob'", "import", "--dir", node, "--frob", empty.toString()),
                    new Mistake("import with a bad TLP", Main.USAGE, "not a TLP level", "import", "--dir", node, "--tlp", "purple", empty.toString()),
                    new Mistake("import with a bad batch", Main.USAGE, "'abc' is not an int", "import", "--dir", node, "--batch", "abc", empty.toString()),
                    new Mistake("import into no such collection", Main.REFUSED, "no collection \"nope\"", "import", "--dir", node, "--collection", "nope", empty.toString()),
                    new Mistake("export with a bad time", Main.USAGE, "not a STIX timestamp", "export", "--dir", node, "--added-after", "yesterday"),
                    new Mistake("export into a missing folder", Main.REFUSED, "no such file or folder", "export", "--dir", node, "-o", tmp.resolve("nowhere/x.json").toString()),
                    new Mistake("export onto a folder", Main.USAGE, "is a folder", "export", "--dir", node, "-o", notNode.toString()),
                    new Mistake("stats of no node", Main.USAGE, "no node in", "stats", "--dir", tmp.resolve("nothing").toString()),
                    new Mistake("serve on a port in use", Main.USAGE, "port " + port + " on 127.0.0.1 is in use by another program", "serve", "--dir", node, "--port", port),
                    new Mistake("serve on a port out of range", Main.USAGE, "port must be 0..65535", "serve", "--dir", node, "--port", "70000"),
                    new Mistake("serve on an address not of this machine", Main.USAGE, "is not an address of this machine", "serve", "--dir", node, "--bind", "192.0.2.1", "--port", Integer.toString(free[0])),
                    new Mistake("serve plain HTTP beyond loopback", Main.USAGE, "only allowed on a loopback address", "serve", "--dir", node, "--insecure-http", "--bind", "0.0.0.0"),
                    new Mistake("demo on a port in use", Main.USAGE, "is in use by another program", "demo", "--dir", tmp.resolve("demo").toString(), "--port", port, "--data", CliTest.SHARED.resolve("data").toString()),
                    new Mistake("demo without its data", Main.USAGE, "no data folder", "demo", "--dir", tmp.resolve("demo").toString(), "--data", tmp.resolve("nodata").toString()),
                    new Mistake("demo on a bad port", Main.USAGE, "--port must be 1..65533", "demo", "--port", "70000"),
                    new Mistake("token without a member", Main.USAGE, "Missing required option: '--member", "token", "create", "--dir", node),
                    new Mistake("token for no such collection", Main.REFUSED, "no collection \"nope\"", "token", "create", "--dir", node, "--member", "a", "--read", "nope"),
                    new Mistake("revoke no such token", Main.REFUSED, "no live token", "token", "revoke", "--dir", node, "abc"),
                    new Mistake("collection with a bad alias", Main.USAGE, "an alias is", "collection", "add", "--dir", node, "--alias", "Bad Alias"),
                    new Mistake("collection alias taken", Main.USAGE, "already has the id or alias", "collection", "add", "--dir", node, "--alias", "intelligence"),
                    new Mistake("peer with a bad fingerprint", Main.USAGE, "--fingerprint must be a SHA-256", "peer", "add", "p", "--dir", node, "--url", "https://x.example/p/", "--fingerprint", "abc"),
                    new Mistake("peer with a bad URL", Main.USAGE, "--url must be the peer's API root", "peer", "add", "p", "--dir", node, "--url", "ftp://x/", "--fingerprint", fp),
                    new Mistake("show no such peer", Main.REFUSED, "no pinned peer nope", "peer", "show", "nope", "--dir", node),
                    new Mistake("remove no such peer", Main.REFUSED, "no pinned peer nope", "peer", "remove", "nope", "--dir", node),
                    new Mistake("feed with a bad URL", Main.USAGE, "a feed URL is an https:// URL", "feed", "add", "f", "--dir", node, "--url", "notaurl", "--collection", "abc"),
                    new Mistake("feed with a missing password file", Main.USAGE, "--password-file must name a readable file", "feed", "add", "f", "--dir", node,
                            "--url", "https://x.example/taxii2/", "--collection", "91a7b528-80eb-42ed-a74d-c6fbd5a26116", "--user", "u", "--password-file", tmp.resolve("nope").toString()),
                    new Mistake("remove no such feed", Main.REFUSED, "no feed nope", "feed", "remove", "nope", "--dir", node),
                    new Mistake("verify no such peer", Main.REFUSED, "no pinned peer nope", "verify", "nope", "--dir", node),
                    new Mistake("sync no node", Main.USAGE, "no node in", "sync", "--dir", notNode.toString()),
                    new Mistake("alerts with a bad severity", Main.USAGE, "severity must be a level", "alerts", "--dir", node, "--min-severity", "huge"),
                    new Mistake("show no such webhook", Main.REFUSED, "no webhook nope", "webhook", "show", "nope", "--dir", node),
                    new Mistake("test no such webhook", Main.REFUSED, "no webhook nope", "webhook", "test", "nope", "--dir", node),
                    new Mistake("webhooks of no node", Main.USAGE, "no node in", "webhook", "list", "--dir", notNode.toString()),
                    new Mistake("sighting of a bad value", Main.USAGE, "a value is TYPE:VALUE", "sighting", "add", "--dir", node, "--value", "nonsense"),
                    new Mistake("sighting of an upper-case id", Main.USAGE, "lower-case hex", "sighting", "add", "--dir", node, "--of", "indicator--8E2E2D2B-17D4-4CBF-938F-98EE46B3CD3F"),
                    new Mistake("sighting at a bad time", Main.USAGE, "not a STIX timestamp", "sighting", "add", "--dir", node, "--value", "domain:x.example", "--first-seen", "yesterday"),
                    new Mistake("audit since a bad time", Main.USAGE, "--since must be an instant", "audit", "--dir", node, "--since", "yesterday"),
                    new Mistake("audit a limit of 0", Main.USAGE, "--limit must be at least 1", "audit", "--dir", node, "--limit", "0"),
                    new Mistake("node.json not JSON", Main.USAGE, "is not valid JSON: Unexpected character ('n' (code 110)): was expecting double-quote to start field name (line 1, column 2)", "stats", "--dir", badJson.toString()),
                    new Mistake("node.json unreadable", Main.USAGE, "cannot read " + folderJson.resolve("node.json"), "stats", "--dir", folderJson.toString()),
                    new Mistake("node.json without a member", Main.USAGE, "\"member\" (an object) is required", "token", "list", "--dir", noMember.toString()),
                    new Mistake("an agreement with a bad direction", Main.USAGE, "\"direction\" must be \"outbound\" or \"inbound\"", "sync", "--dir", badAgreement.toString()),
                    new Mistake("a database that is not one", Main.INTERNAL, "file is not a database", "stats", "--dir", corrupt.toString()));
            Map<String, String> failed = new TreeMap<>();
            for (Mistake m : mistakes) {
                CliTest.Run r = CliTest.concord(m.args());
                String all = r.out() + r.err();
                assertNoStackTrace(m.what(), all);
                if (r.status() != m.status() || !all.contains(m.says())) {
                    failed.put(m.what(), "status " + r.status() + " (expected " + m.status() + "): " + all.strip());
                }
                if (r.status() != Main.USAGE || !r.err().contains("Usage:")) { // picocli's own errors add the usage
                    assertThat(r.err().strip().lines().count()).as(m.what() + ": one line: " + r.err()).isLessThanOrEqualTo(1);
                }
            }
            assertThat(failed).isEmpty();
        }
    }

    // ---- as processes

    /** What a process printed and how it ended. */
    record Ended(int status, String out, String err) {}

    private static List<String> java(String... args) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }

    private Ended run(List<String> prefix, Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(java(args));
        Path out = Files.createTempFile(tmp, "out", ".txt"), err = Files.createTempFile(tmp, "err", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        if (env != null) {
            pb.environment().keySet().removeIf(k -> k.startsWith("LC_") || k.equals("LANG") || k.equals("LANGUAGE"));
            pb.environment().putAll(env);
        }
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("still running: " + args[0]);
        }
        Ended e = new Ended(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
        assertNoStackTrace(String.join(" ", args), e.out() + e.err());
        return e;
    }

    private Ended run(String... args) throws Exception {
        return run(List.of(), null, args);
    }

    @Test
    void aSecondServeIsRefusedNamingTheFirstAnImportBesideItWorksAndAKilledServeLeavesNoLock() throws Exception {
        Path n = init("served");
        Path bundle = Files.writeString(tmp.resolve("b.json"), "{\"type\":\"bundle\",\"objects\":[" + GOOD + "]}");
        int[] ports = FederatedEarlyWarningTest.freePorts(2);
        Path log = tmp.resolve("serve.log");
        Process serve = new ProcessBuilder(java("serve", "--dir", n.toString(), "--port", Integer.toString(ports[0]), "--insecure-http"))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            while (serve.isAlive() && System.nanoTime() < deadline && !Files.readString(log).contains("early warning")) Thread.sleep(50);
            assertThat(Files.readString(log)).as(Files.readString(log)).contains("TAXII 2.1 server of node served");

            Ended second = run("serve", "--dir", n.toString(), "--port", Integer.toString(ports[1]), "--insecure-http");
            assertThat(second.status()).isEqualTo(Main.USAGE);
            assertThat(second.err()).contains("the node folder " + n.toRealPath() + " is in use: held by concord serve (pid "
                    + serve.pid() + ", since ").contains("stop the other one first, or use another --dir");

            Ended imported = run("import", "--dir", n.toString(), bundle.toString());
            assertThat(imported.status()).as(imported.out() + imported.err()).isZero();
            assertThat(imported.out()).contains("stored 1");
        } finally {
            serve.destroyForcibly(); // SIGKILL: the operating system releases its lock
            serve.waitFor(30, TimeUnit.SECONDS);
        }
        try (NodeLock again = NodeLock.serve(n, "serve")) {
            assertThat(again).as("the folder is free once its server died").isNotNull();
        }
    }

    @Test
    void aDemoOverARunningDemosFolderIsRefusedAndDeletesNothing() throws Exception {
        Path root = tmp.resolve("demo");
        Path data = Files.createDirectories(tmp.resolve("data"));
        Files.writeString(data.resolve("x-attack-1.json"), "{\"type\":\"bundle\",\"objects\":[]}");
        Files.createDirectories(data.resolve("misp/warninglists/lists"));
        try (DemoFederation running = DemoFederation.create(root, FederatedEarlyWarningTest.freePorts(3),
                data.resolve("misp/warninglists"), DemoFederation.Timing.DEMO, InstantSource.system())) {
            Map<Path, Long> before = sizes(root);
            int port = FederatedEarlyWarningTest.freePorts(1)[0];
            Ended second = run("demo", "--dir", root.toString(), "--data", data.toString(), "--port", Integer.toString(port));
            assertThat(second.status()).isEqualTo(Main.USAGE);
            assertThat(second.err()).contains("is in use: held by concord demo (pid " + ProcessHandle.current().pid());
            Path ee = root.resolve("cert-ee");
            Ended serve = run("serve", "--dir", ee.toString(), "--port", Integer.toString(port), "--insecure-http");
            assertThat(serve.status()).isEqualTo(Main.USAGE);
            assertThat(serve.err()).contains("held by concord demo");
            Ended stats = run("stats", "--dir", ee.toString());
            assertThat(stats.status()).as("a command beside the demo: " + stats.err()).isZero();
            assertThat(sizes(root)).as("nothing deleted or rewritten").isEqualTo(before);
        }
    }

    /** The files under {@code root} (but the databases' WAL and shared memory) and their sizes. */
    private static Map<Path, Long> sizes(Path root) throws IOException {
        Map<Path, Long> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                String name = p.getFileName().toString();
                if (!name.endsWith("-wal") && !name.endsWith("-shm")) out.put(p, Files.size(p));
            }
        }
        return out;
    }

    @Test
    void serveRefusesAReadOnlyNodeFolderAtStartSayingWhatToFix() throws Exception {
        List<String> prefix = List.of();
        if (System.getProperty("user.name").equals("root")) { // root writes anything: run without that privilege
            assumeThat(Stream.of("/usr/bin/setpriv", "/bin/setpriv").anyMatch(p -> Files.isExecutable(Path.of(p))))
                    .as("setpriv, to drop root's right to write read-only files").isTrue();
            prefix = List.of("setpriv", "--bounding-set", "-dac_override,-dac_read_search",
                    "--inh-caps", "-dac_override,-dac_read_search");
        }
        Path n = init("read-only");
        int port = FederatedEarlyWarningTest.freePorts(1)[0];
        Files.setPosixFilePermissions(n, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            Ended folder = run(prefix, null, "serve", "--dir", n.toString(), "--port", Integer.toString(port), "--insecure-http");
            assertThat(folder.status()).isEqualTo(Main.REFUSED);
            assertThat(folder.err()).contains(" is not writable (permission denied): make the node folder and everything in it writable");
        } finally {
            Files.setPosixFilePermissions(n, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        Path db = n.resolve("concord.db");
        Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("r--------"));
        try {
            Ended file = run(prefix, null, "serve", "--dir", n.toString(), "--port", Integer.toString(port), "--insecure-http");
            assertThat(file.status()).isEqualTo(Main.REFUSED);
            assertThat(file.err()).contains(db + " is not writable (permission denied)");
            assertThat(file.out()).as("refused before it serves").doesNotContain("TAXII 2.1 server");
        } finally {
            Files.setPosixFilePermissions(db, PosixFilePermissions.fromString("rw-------"));
        }
    }

    @Test
    void outputIsUtf8WhateverTheLocale() throws Exception {
        Map<String, String> posix = Map.of("LANG", "C", "LC_ALL", "POSIX");
        Ended help = run(List.of(), posix, "sighting", "add", "--help");
        assertThat(help.out()).contains("http://…"); // decoded as UTF-8: the ellipsis arrived as its three bytes
        Path n = init("locale");
        Path bundle = tmp.resolve("u.json");
        Files.writeString(bundle, "{\"type\":\"bundle\",\"objects\":[" + GOOD.replace("attack-pattern--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061",
                "attack-pattern--grün") + "]}", StandardCharsets.UTF_8);
        Ended imported = run(List.of(), posix, "import", "--dir", n.toString(), bundle.toString());
        assertThat(imported.status()).isEqualTo(Main.REJECTED);
        assertThat(imported.out()).contains("\"attack-pattern--grün\"");
        ObjectNode config = (ObjectNode) CliTest.JSON.readTree(n.resolve("node.json").toFile());
        Files.writeString(n.resolve("node.json"), config.put("default_tlp", "grün").toString(), StandardCharsets.UTF_8);
        Ended stats = run(List.of(), posix, "stats", "--dir", n.toString());
        assertThat(stats.status()).isEqualTo(Main.USAGE);
        assertThat(stats.err()).contains("grün");
    }
}
