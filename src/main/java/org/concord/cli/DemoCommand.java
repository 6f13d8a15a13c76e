package org.concord.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.concord.Time;
import org.concord.cli.DemoFederation.Member;
import org.concord.cli.DemoFederation.RunningNode;
import org.concord.fanout.WebhookSecret;
import org.concord.node.Node;
import org.concord.stix.StixObject;
import org.concord.taxii.TaxiiServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code concord demo}: the README's first command. A federation of three fictional members in
 * three countries on loopback ({@link DemoFederation}), MITRE ATT&CK imported into the first and
 * shared under the agreements, a cross-border campaign replayed ({@link DemoCampaign}), and the
 * same single alert raised on every node; then it serves until Ctrl-C and stops everything.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run a three-node federation on 127.0.0.1 (three fictional members in EE, FI, LV, HTTPS with mutual TLS),"
                + " import MITRE ATT&CK, replay a cross-border campaign and show every node raising the same alert;"
                + " then serve until Ctrl-C."})
final class DemoCommand implements Callable<Integer> {
    private static final Duration ALERT_LIMIT = Duration.ofSeconds(60), SHARE_LIMIT = Duration.ofMinutes(5);

    @Option(names = "--dir", defaultValue = "concord-data/demo",
            description = "The demo's folder; one node folder per member inside, replaced on every run (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--data", defaultValue = "${sys:concord.shared:-../shared}/data",
            description = "The shared data folder: ATT&CK bundles and misp/warninglists (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--port", defaultValue = "8443",
            description = "The first node's TAXII port on 127.0.0.1; the others take the next two (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--no-serve", description = "Stop once the alert is raised on every node (do not keep serving).")
    boolean noServe;

    @Override
    public Integer call() throws Exception {
        if (port < 1 || port > 65533) throw new IllegalArgumentException("--port must be 1..65533: " + port);
        List<Path> bundles = attackBundles(data);
        Path warninglists = data.resolve("misp/warninglists");
        if (!Files.isDirectory(warninglists.resolve("lists"))) {
            throw new IllegalArgumentException("no MISP warninglists in " + warninglists.toAbsolutePath() + " (set --data to the shared data folder)");
        }
        InstantSource clock = Time.system();
        int[] ports = {port, port + 1, port + 2};
        for (int p : ports) TaxiiServer.checkListenable("127.0.0.1", p); // before the folders are replaced and ATT&CK imported

        System.out.println("Concord demo: a federation of three fictional members on 127.0.0.1, in " + dir.toAbsolutePath());
        DemoFederation f = DemoFederation.create(dir, ports, warninglists, DemoFederation.Timing.DEMO, clock);
        String pagerSecret = java.util.HexFormat.of().formatHex(new java.security.SecureRandom().generateSeed(16));
        DemoResponse.Pager pager = new DemoResponse.Pager(f.members().getFirst().node(), WebhookSecret.of(pagerSecret));
        try {
            f.dutyPager(f.members().getFirst(), pager.url(), pagerSecret);
        } catch (RuntimeException | java.io.IOException e) {
            pager.close();
            f.close();
            throw e;
        }
        for (Member m : f.members()) {
            System.out.printf("  %-8s %-36s %s  %-20s %s%n", m.node(), m.name(), m.country(), m.sector(), f.apiRoot(m));
        }
        System.out.println("  each pins the other two (mutual TLS) and agrees to share intelligence, alerts, and sightings"
                + " with the reporter's country only; alert rule: one value sighted in 3 countries within 24 h");

        Member first = f.members().getFirst();
        System.out.println();
        System.out.println("Importing MITRE ATT&CK into " + first.node() + " (shared with the others by push):");
        long t0 = Time.system().nanoTime();
        for (Path b : bundles) {
            int rc = Main.run("import", "--dir", f.dir(first).toString(), "--tlp", "clear", b.toString());
            if (rc != Main.OK) {
                f.close();
                pager.close();
                return rc;
            }
        }
        System.out.printf("  imported in %.1f s%n", (Time.system().nanoTime() - t0) / 1e9);

        CountDownLatch stopped = new CountDownLatch(1), closed = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stopped.countDown();
            try {
                closed.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "concord-demo-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try (DemoFederation running = f.start()) {
            System.out.println();
            System.out.println("Serving: three nodes, each with sync, early warning (" + running.nodes().getFirst().correlator().describe()
                    + ") and the alert stream");
            int rc = share(running, stopped);
            if (rc != Main.OK || stopped.getCount() == 0) return rc;
            rc = replay(running, stopped);
            if (rc != Main.OK || stopped.getCount() == 0) return rc;
            rc = new DemoResponse(running.nodes(), stopped).run(running.nodes().getFirst().alerts().keySet().iterator().next());
            if (rc != Main.OK || stopped.getCount() == 0) return rc;
            System.out.println();
            if (noServe) {
                System.out.println("Stopping the three nodes (--no-serve)...");
            } else {
                where(running);
                System.out.println("Serving until Ctrl-C.");
                stopped.await();
                System.out.println();
                System.out.println("Stopping the three nodes...");
            }
        } finally {
            // the nodes are closed (try-with-resources closes before finally); said before the stop hook is
            // released, since the JVM halts as soon as it returns
            if (stopped.getCount() == 0 || noServe) System.out.println("Demo stopped: servers, sync, early warning and stores closed.");
            pager.close();
            closed.countDown();
            if (stopped.getCount() > 0) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the JVM is already stopping: the hook runs and finds closed counted down
                }
            }
        }
        return Main.OK;
    }

    /** The ATT&CK bundles of the data folder ({@code *-attack-*.json}: Enterprise, ICS, Mobile as present), in name order. */
    static List<Path> attackBundles(Path data) throws java.io.IOException {
        if (!Files.isDirectory(data)) throw new IllegalArgumentException("no data folder " + data.toAbsolutePath() + " (set --data to the shared data folder)");
        try (java.util.stream.Stream<Path> s = Files.list(data)) {
            List<Path> found = s.filter(p -> p.getFileName().toString().matches(".+-attack-.+\\.json") && Files.isReadable(p)).sorted().toList();
            if (found.isEmpty()) {
                throw new IllegalArgumentException("no ATT&CK bundle (*-attack-*.json) in " + data.toAbsolutePath() + " (set --data to the shared data folder)");
            }
            return found;
        }
    }

    /** Publishes the campaign, reports the members' sightings and waits for the alert on every node. */
    private static int replay(DemoFederation f, CountDownLatch stopped) throws InterruptedException {
        List<RunningNode> nodes = f.nodes();
        RunningNode ee = nodes.get(0), fi = nodes.get(1), lv = nodes.get(2);
        Instant t = Time.system().instant();
        DemoCampaign c = DemoCampaign.of(DemoCampaign.DEMO, fi.node().config().member().identityId(), t);

        System.out.println();
        System.out.println("Campaign \"Amber Lantern\" (fictional): " + fi.member.node() + " publishes a malware and 3 indicators");
        System.out.println("  " + c.domain() + "   credential phishing");
        System.out.println("  sha256 " + c.sha256() + "   the loader");
        System.out.println("  8.8.8.8   the public resolver the loader queries (on MISP's public-dns-v4 warninglist)");
        fi.node().store().write(fi.node().collectionId(Node.INTELLIGENCE), c.objects());
        Duration shared = DemoFederation.await(() -> nodes.stream().allMatch(n -> n.has(c.phishing().id()) && n.has(c.resolver().id())
                && n.has(c.loader().id())), ALERT_LIMIT);
        if (shared == null) return failed("the indicators did not reach every node within " + ALERT_LIMIT.toSeconds() + " s");
        System.out.printf("  pushed to %s and %s in %d ms%n", ee.member.node(), lv.member.node(), shared.toMillis());

        System.out.println();
        System.out.println("Sightings, each reported by a node's own member (shared with peers by country):");
        report(ee, c.phishing(), 3, t, "EE sights the phishing domain");
        report(ee, c.resolver(), 40, t, "EE sights 8.8.8.8");
        report(fi, c.phishing(), 1, t, "FI sights the phishing domain");
        report(fi, c.loader(), 2, t, "FI sights the loader");
        report(fi, c.resolver(), 12, t, "FI sights 8.8.8.8");
        report(lv, c.loader(), 1, t, "LV sights the loader (2 countries: below the threshold)");
        report(lv, c.resolver(), 7, t, "LV sights 8.8.8.8 (3 countries, but warninglisted)");
        long third = Time.system().nanoTime();
        report(lv, c.phishing(), 5, t, "LV sights the phishing domain: the third country");

        // each node raises the alert from what it holds, then joins the others' versions: wait for the one
        // version every node ends with (three countries, every member's sector), the same bytes everywhere
        Set<String> sectors = new TreeSet<>();
        for (RunningNode n : nodes) sectors.add(n.member.sector());
        Duration raised = DemoFederation.await(() -> stopped.getCount() == 0 || converged(nodes, c.alertKey(), sectors) != null,
                ALERT_LIMIT);
        if (stopped.getCount() == 0) return Main.OK;
        if (raised == null) {
            return failed("the nodes did not hold the same alert within " + ALERT_LIMIT.toSeconds() + " s: " + versions(nodes, c.alertKey()));
        }
        long ms = (Time.system().nanoTime() - third) / 1_000_000;
        System.out.println();
        StixObject alert = null;
        for (RunningNode n : nodes) {
            alert = n.latestAlert(c.alertKey());
            JsonNode a = RunningNode.tree(alert);
            System.out.printf("  %-8s %s  %s %.1f  groups %s  sectors %s  version %s  sha256 %s%n", n.member.node(),
                    a.path("id").asText(), a.path("severity_level").asText(), a.path("severity_score").asDouble(),
                    join(a.path("groups")), join(a.path("sectors")), alert.modified(), contentHash(alert));
        }
        for (RunningNode n : nodes) {
            Map<String, JsonNode> alerts = n.alerts();
            if (alerts.size() != 1) return failed(n.member.node() + " holds " + alerts.size() + " alerts, expected 1: " + alerts.keySet());
        }
        System.out.println("Alert raised on all three nodes: " + alert.id() + ", the same version on each (" + ms
                + " ms after the third country's sighting; sha256 of its stored bytes, the same on every node);"
                + " none for 8.8.8.8 (warninglisted), none for the loader (2 countries)");
        return Main.OK;
    }

    /**
     * The version of the alert on {@code key} that every node holds as its newest, when they hold the
     * same one (the same stored bytes: signatures travel beside objects, docs/integrity.md) and it
     * names every one of {@code sectors}; else null.
     */
    private static StixObject converged(List<RunningNode> nodes, String key, Set<String> sectors) {
        Set<String> hashes = new TreeSet<>();
        StixObject last = null;
        for (RunningNode n : nodes) {
            last = n.latestAlert(key);
            if (last == null) return null;
            JsonNode a = RunningNode.tree(last);
            Set<String> named = new TreeSet<>();
            a.path("sectors").forEach(x -> named.add(x.asText()));
            if (a.path("groups").size() < 3 || !named.containsAll(sectors)) return null;
            hashes.add(contentHash(last));
        }
        return hashes.size() == 1 ? last : null;
    }

    /** The SHA-256 of a version's stored bytes (what its log leaves commit to), in hex: the same on every node. */
    private static String contentHash(StixObject o) {
        return java.util.HexFormat.of().formatHex(o.sha256());
    }

    /** What each node holds as the newest version of the alert on {@code key} (for a failure message). */
    private static String versions(List<RunningNode> nodes, String key) {
        List<String> out = new ArrayList<>();
        for (RunningNode n : nodes) {
            StixObject a = n.latestAlert(key);
            out.add(n.member.node() + " " + (a == null ? "none" : a.modified() + " sha256 " + contentHash(a)));
        }
        return String.join(", ", out);
    }

    private static void report(RunningNode n, StixObject indicator, long count, Instant t, String what) {
        n.correlator().sightings().record(DemoCampaign.sighted(indicator, count, t));
        n.correlator().sightings().flush();
        System.out.printf("  %-8s %s (count %d)%n", n.member.node(), what, count);
    }

    private static String join(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(x -> out.add(x.asText()));
        return String.join(",", out);
    }

    private static int failed(String why) {
        System.err.println("demo: " + why);
        return Main.REJECTED;
    }

    /** Waits until the other nodes hold what the first imported (pushed under the agreements). */
    private static int share(DemoFederation f, CountDownLatch stopped) throws InterruptedException {
        RunningNode first = f.nodes().getFirst();
        long total = first.count(Node.INTELLIGENCE);
        String last = first.newest(Node.INTELLIGENCE); // pushed in the order stored: the last one is there when all are
        Duration took = DemoFederation.await(() -> stopped.getCount() == 0
                || f.nodes().stream().allMatch(n -> n.has(last)), SHARE_LIMIT);
        if (took == null) return failed("ATT&CK did not reach every node within " + SHARE_LIMIT.toSeconds() + " s");
        System.out.printf("ATT&CK shared: %,d objects pushed from %s to the other two in %.1f s (signed, audited, under the agreements)%n",
                total, first.member.node(), took.toMillis() / 1e3);
        return Main.OK;
    }

    /** Where to look: each node's TAXII URLs, the alert stream, a token, the alerts command. */
    private static void where(DemoFederation f) {
        System.out.println("Where to look (the certificates are the nodes' own, self-signed; tokens are shown once):");
        for (RunningNode n : f.nodes()) {
            String root = n.apiRoot();
            Path dir = n.node().dir();
            System.out.println("  " + n.member.node() + "  " + n.member.name());
            System.out.println("    TAXII discovery  " + n.server().baseUri() + "/taxii2/");
            System.out.println("    alerts           " + root + "collections/" + n.node().collectionId(Node.ALERTS) + "/objects/");
            System.out.println("    alert stream     " + root + "concord/alerts/stream   (server-sent events)");
            System.out.println("    token            " + n.analystToken("demo-analyst"));
            System.out.println("    concord alerts   ./concord alerts --dir " + dir);
            System.out.println("    try              curl -N --cacert " + dir.resolve("tls/cert.pem")
                    + " -H 'Accept: text/event-stream' -H \"Authorization: Bearer $TOKEN\" '" + root + "concord/alerts/stream?added_after=1970-01-01T00:00:00Z'");
        }
        System.out.println("See docs/warning.md (alerts, stream) and docs/federation.md (sync).");
    }
}
