package org.concord.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.concord.cli.DemoFederation.RunningNode;
import org.concord.integrity.OriginSignature;
import org.concord.node.Node;
import org.concord.stix.StixObject;
import org.concord.stix.StixTimestamp;
import org.concord.store.ObjectFilter;
import org.concord.store.Page;
import org.concord.store.VersionMatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three real nodes in three countries on loopback (HTTPS with mutual TLS, pinned both ways, the
 * agreements of {@code concord demo}: sightings go to peers with the reporter's country only),
 * each running sync and early warning as {@code serve} does; each member reports its own sightings
 * to its own node.
 */
class FederatedEarlyWarningTest {
    static final Path WARNINGLISTS = Path.of(System.getProperty("concord.shared", "../shared"), "data", "misp", "warninglists");
    static final Duration LIMIT = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    @Test
    void threeCountriesRaiseTheSameSingleAlertOnEveryNodeAndNoneForAWarninglistedValueOrBelowTheThreshold() throws Exception {
        try (DemoFederation f = DemoFederation.create(tmp, freePorts(3), WARNINGLISTS, DemoFederation.Timing.DEMO,
                InstantSource.system()).start()) {
            List<RunningNode> nodes = f.nodes();
            RunningNode ee = nodes.get(0), fi = nodes.get(1), lv = nodes.get(2);
            Instant t = Instant.now();
            DemoCampaign c = DemoCampaign.of("test-campaign", ee.node().config().member().identityId(), t);
            ee.node().store().write(ee.node().collectionId(Node.INTELLIGENCE), c.objects());
            assertThat(DemoFederation.await(() -> nodes.stream().allMatch(n -> c.objects().stream().allMatch(o -> n.has(o.id()))), LIMIT))
                    .as("the campaign pushed to every node").isNotNull();

            report(ee, c.phishing(), 3, t);
            report(ee, c.resolver(), 40, t);
            report(fi, c.phishing(), 1, t);
            report(fi, c.loader(), 2, t);
            report(fi, c.resolver(), 12, t);
            report(lv, c.loader(), 1, t);
            report(lv, c.resolver(), 7, t);
            report(lv, c.phishing(), 5, t);

            assertThat(DemoFederation.await(() -> nodes.stream().allMatch(n -> {
                JsonNode a = n.alerts().values().stream().filter(x -> x.path("key").asText().equals(c.alertKey())).findFirst().orElse(null);
                return a != null && a.path("evidence").size() == 3;
            }), LIMIT)).as("an alert with the evidence of three countries on every node").isNotNull();
            // every node has every member's sightings of the benign and the two-country values too: correlate them all now
            assertThat(DemoFederation.await(() -> nodes.stream().allMatch(n -> sightings(n, c.resolver()) == 3 && sightings(n, c.loader()) == 2),
                    LIMIT)).as("every sighting shared with every node").isNotNull();
            for (RunningNode n : nodes) n.correlator().sync();
            assertThat(DemoFederation.await(() -> converged(nodes, c.alertKey()), LIMIT))
                    .as("the same latest version, with every member's sector, on every node").isNotNull();

            String expected = ee.correlator().alertId(c.alertKey(), t);
            for (RunningNode n : nodes) {
                Map<String, JsonNode> alerts = n.alerts();
                assertThat(alerts).as(n.member.node() + ": one alert, the same id everywhere").containsOnlyKeys(expected);
                JsonNode a = alerts.get(expected);
                assertThat(a.path("key").asText()).isEqualTo(c.alertKey());
                assertThat(texts(a.path("groups"))).as(n.member.node()).containsExactly("EE", "FI", "LV");
                List<String> countries = new ArrayList<>();
                a.path("evidence").forEach(e -> countries.add(e.path("country").asText()));
                assertThat(countries).as(n.member.node() + ": evidence from all three countries").containsExactlyInAnyOrder("EE", "FI", "LV");
                assertThat(texts(a.path("indicator_refs"))).contains(c.phishing().id());
            }
            assertSameBytes(nodes, c.alertKey());
        }
    }

    /**
     * Three reports within one UTC day (12:00, FI's 14:00), whatever the hour the test runs: the
     * nodes' clocks are pinned to the day's noon (see {@link #skewedClocks}).
     */
    @Test
    void withOneNodesClockTwoHoursAheadEveryNodeEndsWithTheSameBytesForTheAlert() throws Exception {
        Instant base = latest(LocalTime.NOON);
        try (DemoFederation f = DemoFederation.create(tmp, freePorts(3), WARNINGLISTS, DemoFederation.Timing.DEMO,
                skewedClocks(base, "isac-fi", Duration.ofHours(2))).start()) {
            List<RunningNode> nodes = f.nodes();
            RunningNode ee = nodes.get(0), fi = nodes.get(1), lv = nodes.get(2);
            DemoCampaign c = DemoCampaign.of("skew-campaign", ee.node().config().member().identityId(), ee.node().clock().instant());
            ee.node().store().write(ee.node().collectionId(Node.INTELLIGENCE), c.objects());
            assertThat(DemoFederation.await(() -> nodes.stream().allMatch(n -> n.has(c.phishing().id())), LIMIT)).isNotNull();
            // each member reports at its node's now: FI's sighting is two hours in the others' future (they do not count it)
            for (RunningNode n : nodes) report(n, c.phishing(), 2, n.node().clock().instant());
            assertThat(DemoFederation.await(() -> converged(nodes, c.alertKey()), LIMIT))
                    .as("the same latest version, with every member's sector, on every node").isNotNull();
            for (RunningNode n : nodes) n.correlator().sync();
            assertSameBytes(nodes, c.alertKey());
            for (RunningNode n : nodes) {
                assertThat(n.alertVersions()).as(n.member.node() + ": FI's view, EE's and LV's joins of it, the union; no rewrites")
                        .hasSizeLessThanOrEqualTo(4);
            }
            JsonNode a = RunningNode.tree(ee.latestAlert(c.alertKey()));
            assertThat(a.path("window_start").asText()).as("the day of every report").isEqualTo(StixTimestamp.formatMillis(dayOf(base)));
            assertThat(texts(a.path("groups"))).containsExactly("EE", "FI", "LV");
            assertThat(a.path("created_by_ref").asText()).isEqualTo("identity--1a9d8fc0-7d51-465b-b54a-a68c454abb16");
        }
    }

    /**
     * At 23:30 UTC with FI's clock two hours ahead (00:30 there), FI's report is in the next day:
     * FI counts EE's and LV's reports of 23:30 in the 24 hours before its own and raises the alert
     * of its day (the window holding the sighting that reached three countries); EE and LV do not
     * count FI's report (more than max_skew in their future) and store FI's alert as received,
     * without joining it (its window has not started on their clocks). One alert, the same id and
     * bytes on every node: FI's view, naming FI's sector only (docs/warning.md, Rule and windows).
     */
    @Test
    void withOneNodesClockTwoHoursAheadAcrossMidnightEveryNodeHoldsTheAheadNodesAlertOfItsDay() throws Exception {
        Instant base = latest(LocalTime.of(23, 30));
        try (DemoFederation f = DemoFederation.create(tmp, freePorts(3), WARNINGLISTS, DemoFederation.Timing.DEMO,
                skewedClocks(base, "isac-fi", Duration.ofHours(2))).start()) {
            List<RunningNode> nodes = f.nodes();
            RunningNode ee = nodes.get(0), fi = nodes.get(1), lv = nodes.get(2);
            DemoCampaign c = DemoCampaign.of("midnight-campaign", ee.node().config().member().identityId(), ee.node().clock().instant());
            ee.node().store().write(ee.node().collectionId(Node.INTELLIGENCE), c.objects());
            assertThat(DemoFederation.await(() -> nodes.stream().allMatch(n -> n.has(c.phishing().id())), LIMIT)).isNotNull();
            for (RunningNode n : nodes) report(n, c.phishing(), 2, n.node().clock().instant());
            assertThat(DemoFederation.await(() -> nodes.stream().allMatch(n -> n.latestAlert(c.alertKey()) != null)
                    && sightings(ee, c.phishing()) == 3 && sightings(lv, c.phishing()) == 3, LIMIT))
                    .as("FI's alert and every sighting on every node").isNotNull();
            for (RunningNode n : nodes) n.correlator().sync();
            assertSameBytes(nodes, c.alertKey());

            Instant nextDay = dayOf(base).plus(Duration.ofDays(1));
            String expected = fi.correlator().alertId(c.alertKey(), fi.node().clock().instant());
            assertThat(expected).as("FI's day").isEqualTo(ee.correlator().alertId(c.alertKey(), nextDay));
            for (RunningNode n : nodes) {
                assertThat(n.alerts()).as(n.member.node() + ": one alert, FI's day's, none for EE's and LV's day").containsOnlyKeys(expected);
                assertThat(n.alertVersions()).as(n.member.node() + ": FI's version only, joined by no one").hasSize(1);
                JsonNode a = n.alerts().get(expected);
                assertThat(a.path("window_start").asText()).isEqualTo(StixTimestamp.formatMillis(nextDay));
                assertThat(texts(a.path("groups"))).containsExactly("EE", "FI", "LV");
                List<String> countries = new ArrayList<>();
                a.path("evidence").forEach(e -> countries.add(e.path("country").asText()));
                assertThat(countries).as(n.member.node() + ": evidence from all three countries").containsExactlyInAnyOrder("EE", "FI", "LV");
                assertThat(texts(a.path("sectors"))).as(n.member.node() + ": FI's member's sector, the only one FI knows")
                        .containsExactly("energy");
            }
            for (RunningNode n : List.of(ee, lv)) {
                assertThat(n.correlator().stats().ignoredFuture()).as(n.member.node() + ": FI's report, two hours ahead, not counted")
                        .isGreaterThanOrEqualTo(1);
            }
        }
    }

    /**
     * Clocks for the members reading {@code base} now and running with the system's, the member
     * {@code node}'s {@code skew} ahead: what a test pins is the time of day, not the hour it runs at.
     */
    static java.util.function.Function<DemoFederation.Member, InstantSource> skewedClocks(Instant base, String node, Duration skew) {
        InstantSource clock = InstantSource.offset(InstantSource.system(), Duration.between(Instant.now(), base));
        InstantSource ahead = InstantSource.offset(clock, skew);
        return m -> m.node().equals(node) ? ahead : clock;
    }

    /**
     * The latest instant at {@code time} UTC not after now: the system's, or {@code concord.test.now}
     * when set (to run a test as if at another hour: it must not matter).
     */
    static Instant latest(LocalTime time) {
        String override = System.getProperty("concord.test.now");
        Instant now = override == null || override.isBlank() ? Instant.now() : Instant.parse(override);
        Instant t = dayOf(now).plus(Duration.between(LocalTime.MIDNIGHT, time));
        return t.isAfter(now) ? t.minus(Duration.ofDays(1)) : t;
    }

    /** The start of the UTC day holding {@code t}. */
    static Instant dayOf(Instant t) {
        return t.truncatedTo(java.time.temporal.ChronoUnit.DAYS);
    }

    /** Every node holds a latest version of the key's alert stating the three members' sectors, and all three are the same bytes. */
    private static boolean converged(List<RunningNode> nodes, String key) {
        Set<String> latest = new HashSet<>();
        for (RunningNode n : nodes) {
            StixObject a = n.latestAlert(key);
            if (a == null || RunningNode.tree(a).path("sectors").size() < 3) return false;
            latest.add(stored(a));
        }
        return latest.size() == 1;
    }

    /** A version's stored bytes, as text: the producer's, the same at every node that holds it (signatures travel beside them). */
    static String stored(StixObject o) {
        return new String(o.canonical(), java.nio.charset.StandardCharsets.UTF_8);
    }

    /**
     * The nodes hold the same bytes for the key's alert: the same latest version, and under every
     * (id, modified) that two of them hold, the same stored bytes (a node keeps the first bytes it
     * stored for a version, so two nodes that ever disagreed would disagree for good).
     */
    static void assertSameBytes(List<RunningNode> nodes, String key) {
        String latest = stored(nodes.getFirst().latestAlert(key));
        Map<String, String> seen = new java.util.HashMap<>();
        for (RunningNode n : nodes) {
            assertThat(stored(n.latestAlert(key))).as(n.member.node() + ": the latest version").isEqualTo(latest);
            for (StixObject v : n.alertVersions()) {
                String had = seen.putIfAbsent(v.id() + " " + v.versionKey(), stored(v));
                if (had != null) assertThat(stored(v)).as(n.member.node() + ": " + v.id() + " @ " + v.modified()).isEqualTo(had);
            }
        }
        assertThat(latest).doesNotContain(OriginSignature.EXTENSION_ID); // no node wrote a signature into the alert
    }

    @Test
    void theFederationsFoldersCanBeWrittenAgainOverAnEarlierRun() {
        int[] ports = freePorts(3);
        DemoFederation first = DemoFederation.create(tmp, ports, WARNINGLISTS, DemoFederation.Timing.DEMO, InstantSource.system());
        String before = org.concord.node.NodeTls.load(first.dir(DemoFederation.MEMBERS.getFirst())).fingerprint();
        first.close(); // the earlier run ended (its folders are locked while it runs)
        DemoFederation again = DemoFederation.create(tmp, ports, WARNINGLISTS, DemoFederation.Timing.DEMO, InstantSource.system());
        try (DemoFederation running = again.start()) {
            RunningNode n = running.nodes().getFirst();
            assertThat(org.concord.node.NodeTls.load(n.node().dir()).fingerprint()).as("a fresh identity").isNotEqualTo(before);
            assertThat(n.services.taxii().partners().pinned()).hasSize(2);
        }
    }

    static void report(RunningNode n, StixObject indicator, long count, Instant t) {
        n.correlator().sightings().record(DemoCampaign.sighted(indicator, count, t));
        n.correlator().sightings().flush();
    }

    /** How many distinct sightings of {@code indicator} the node holds (its member's and its peers'). */
    private static long sightings(RunningNode n, StixObject indicator) {
        Set<String> ids = new HashSet<>();
        ObjectFilter f = new ObjectFilter(null, List.of(), List.of("sighting"), VersionMatch.LAST, List.of(), ObjectFilter.MAX_LIMIT);
        Page p = n.node().store().objects(n.node().collectionId(Node.SIGHTINGS), f);
        p.items().stream().filter(v -> new String(v.object().canonical(), java.nio.charset.StandardCharsets.UTF_8).contains(indicator.id())).forEach(v -> ids.add(v.object().id()));
        return ids.size();
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(x -> out.add(x.asText()));
        return out;
    }

    static int[] freePorts(int n) {
        List<ServerSocket> held = new ArrayList<>();
        try {
            int[] ports = new int[n];
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                held.add(s);
                ports[i] = s.getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            for (ServerSocket s : held) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // a port we only looked up
                }
            }
        }
    }
}
