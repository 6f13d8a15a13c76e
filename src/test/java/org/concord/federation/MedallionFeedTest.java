package org.concord.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.concord.cli.CliTest.concord;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.IntStream;
import org.concord.cli.CliTest.Run;
import org.concord.cli.Main;
import org.concord.runtime.NodeServices;
import org.concord.store.Origin;
import org.concord.store.ScanFilter;
import org.concord.store.StoredVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Feeds pulled from the OASIS reference server medallion (../shared/peers, memory backend, pages
 * of 100), as an operator runs them: {@code feed add}, {@code sync}, {@code feed list}. medallion
 * gives every object of one POST one {@code date_added}, one {@code next} for a whole result set,
 * and answers 400 to a {@code next} without the first request's parameters: a POST larger than a
 * page, objects sharing a {@code date_added} across page boundaries, a round cut inside them and
 * resumed by the next (each CLI run opens the node afresh, as a restarted process does), and a
 * large collection must all arrive whole.
 */
@Tag("process")
class MedallionFeedTest {
    static final String POSTED = "4f3e1c9a-0d2b-4c8e-9a71-2b6f0e5d3c11";
    static final String TIED = "8a1d2e3f-4b5c-4d6e-8f70-1a2b3c4d5e6f";
    static final String LARGE = "c0ffee00-1234-4abc-8def-0123456789ab";
    /** TIED's objects: groups sharing a date_added, across page boundaries (pages of 100). */
    static final int[] GROUPS = {1, 150, 99, 1, 200, 49};

    @TempDir
    static Path tmp;
    static Medallion medallion;
    static final Map<String, List<String>> tiedByInstant = new LinkedHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        List<Medallion.Seeded> tied = new ArrayList<>();
        for (int g = 0; g < GROUPS.length; g++) {
            String at = "2026-03-01T10:00:0" + g + ".123456Z";
            List<String> ids = new ArrayList<>();
            for (ObjectNode o : indicators(GROUPS[g])) {
                tied.add(new Medallion.Seeded(o, at));
                ids.add(o.get("id").asText());
            }
            tiedByInstant.put(at, ids);
        }
        Files.createDirectories(tmp.resolve("medallion"));
        medallion = Medallion.start(tmp.resolve("medallion"), Map.of(POSTED, List.of(), TIED, tied, LARGE, List.of()));
    }

    @AfterAll
    static void stop() {
        if (medallion != null) medallion.close();
    }

    static List<ObjectNode> indicators(int n) {
        return IntStream.range(0, n).mapToObj(i -> Samples.indicator("indicator--" + UUID.randomUUID(), "2026-01-0" + (1 + i % 9)
                + "T00:00:00.000Z")).toList();
    }

    private static Path node(String name) {
        Path dir = tmp.resolve(name);
        Run r = concord("init", "--dir", dir.toString(), "--name", name, "--country", "EE");
        assertThat(r.status()).as(r.err()).isZero();
        return dir;
    }

    /** {@code feed add NAME} for {@code collection} at {@code url} with medallion's credentials, over plain HTTP. */
    private static void addFeed(Path dir, String name, String url, String collection) throws Exception {
        Path pw = tmp.resolve("pw-" + name);
        Files.writeString(pw, medallion.password + "\n");
        Files.setPosixFilePermissions(pw, PosixFilePermissions.fromString("rw-------"));
        Run refused = concord("feed", "add", name, "--dir", dir.toString(), "--url", url, "--collection", collection,
                "--user", Medallion.USER, "--password-file", pw.toString());
        assertThat(refused.status()).isEqualTo(Main.USAGE);
        assertThat(refused.err()).contains("plain HTTP").contains("--allow-http");
        Run added = concord("feed", "add", name, "--dir", dir.toString(), "--url", url, "--collection", collection,
                "--user", Medallion.USER, "--password-file", pw.toString(), "--allow-http");
        assertThat(added.status()).as(added.err()).isZero();
        assertThat(added.out()).doesNotContain(medallion.password);
    }

    private static Run sync(Path dir, String feed) {
        return concord("sync", "--dir", dir.toString(), "--feed", feed);
    }

    /** The ids of every object the node holds with origin {@code feed:NAME}, each once. */
    private static Set<String> pulled(Path dir, String feed) {
        Set<String> ids = new HashSet<>();
        try (NodeServices s = NodeServices.open(dir, InstantSource.system())) {
            List<StoredVersion> all = new ArrayList<>();
            s.node().store().scan(ScanFilter.ALL, all::add);
            for (StoredVersion v : all) {
                if (v.local()) continue; // the node's own (its identity)
                assertThat(v.origin()).isEqualTo(new Origin("feed:" + feed, null, List.of("feed:" + feed), false, "feed:" + feed,
                        Origin.Signature.UNSIGNED));
                assertThat(ids.add(v.object().id())).as("stored once: %s", v.object().id()).isTrue();
            }
        }
        return ids;
    }

    private static Set<String> idsOf(List<ObjectNode> objects) {
        Set<String> ids = new HashSet<>();
        objects.forEach(o -> ids.add(o.get("id").asText()));
        return ids;
    }

    @Test
    void aPostLargerThanAPageArrivesWholeAndTheNextRoundPagesWithItsCheckpoint() throws Exception {
        Path dir = node("posted");
        addFeed(dir, "med", medallion.discovery().toString(), POSTED);
        List<ObjectNode> first = indicators(250);
        String firstAdded = medallion.post(POSTED, first).get("request_timestamp").asText(); // medallion's date_added of all 250
        Run r1 = sync(dir, "med");
        assertThat(r1.status()).as(r1.out() + r1.err()).isZero();
        assertThat(r1.out()).contains("pull feed:med").contains("received 250, stored 250, duplicate 0, refused 0");
        assertThat(concord("feed", "list", "--dir", dir.toString()).out()).contains("everything the feed added up to " + firstAdded)
                .doesNotContain("missing");

        // pages after a checkpoint: next goes with the added_after of the first request (else medallion answers 400)
        List<ObjectNode> second = indicators(230), third = indicators(1);
        medallion.post(POSTED, second);
        String lastAdded = medallion.post(POSTED, third).get("request_timestamp").asText();
        Run r2 = sync(dir, "med");
        assertThat(r2.status()).as(r2.out()).isZero();
        assertThat(r2.out()).contains("received 231, stored 231, duplicate 0, refused 0");
        assertThat(medallion.output()).contains("added_after=" + URLEncoder.encode(firstAdded, StandardCharsets.UTF_8) + "&next=");
        assertThat(sync(dir, "med").out()).contains("received 0, stored 0, duplicate 0, refused 0");
        assertThat(concord("feed", "list", "--dir", dir.toString()).out()).contains("everything the feed added up to " + lastAdded)
                .contains("last sync   succeeded");

        Set<String> all = idsOf(first);
        all.addAll(idsOf(second));
        all.addAll(idsOf(third));
        assertThat(pulled(dir, "med")).isEqualTo(all);
    }

    @Test
    void aRoundCutInsideObjectsSharingADateAddedResumesBeforeThemAndLosesNothing() throws Exception {
        Path dir = node("tied");
        List<String> instants = new ArrayList<>(tiedByInstant.keySet());
        try (FaultProxy proxy = new FaultProxy(medallion.port())) {
            addFeed(dir, "med", "http://127.0.0.1:" + proxy.port() + "/taxii2/", TIED);
            // page 1: the one object of the first instant and 99 of the second's 150; the second page is cut
            proxy.mode(new FaultProxy.Mode.CutAfter(5_000, 2));
            Run cut = sync(dir, "med");
            assertThat(proxy.didCut()).isTrue();
            assertThat(cut.status()).isEqualTo(Main.REJECTED);
            assertThat(cut.out()).contains("FAILED").contains("the answer was cut short: the connection was closed before its end")
                    .contains("received 100 objects (stored 100")
                    .contains("everything the collection held up to date_added " + instants.get(0) + " is here")
                    .contains("objects added after it may be missing: the next round resumes from there")
                    .doesNotContain("\tat ");
            Run listed = concord("feed", "list", "--dir", dir.toString());
            assertThat(listed.out()).contains("everything the feed added up to " + instants.get(0) + " (checkpoint")
                    .contains("failing     1 rounds in a row").contains("missing     what the feed added after " + instants.get(0));

            // the next round (a new process) asks again after the first instant: the 51 it lacks come, and the rest
            proxy.mode(FaultProxy.PASS);
            Run resumed = sync(dir, "med");
            assertThat(resumed.status()).as(resumed.out()).isZero();
            assertThat(resumed.out()).contains("received 499, stored 400, duplicate 99, refused 0");
            Run done = concord("feed", "list", "--dir", dir.toString());
            assertThat(done.out()).contains("everything the feed added up to " + instants.getLast()).doesNotContain("missing")
                    .doesNotContain("failing");
        }
        Set<String> all = new HashSet<>();
        tiedByInstant.values().forEach(all::addAll);
        assertThat(all).hasSize(IntStream.of(GROUPS).sum());
        assertThat(pulled(dir, "med")).isEqualTo(all);
    }

    @Test
    void aLargeCollectionFromManyPostsArrivesWholeInOneRound() throws Exception {
        Path dir = node("large");
        addFeed(dir, "med", medallion.discovery().toString(), LARGE);
        List<ObjectNode> posted = new ArrayList<>();
        for (int size : new int[] {300, 1, 99, 100, 250, 150, 100}) {
            List<ObjectNode> batch = indicators(size);
            medallion.post(LARGE, batch);
            posted.addAll(batch);
        }
        Instant before = Instant.now();
        Run r = sync(dir, "med");
        assertThat(r.status()).as(r.out()).isZero();
        assertThat(r.out()).contains("received 1000, stored 1000, duplicate 0, refused 0");
        assertThat(pulled(dir, "med")).isEqualTo(idsOf(posted));
        System.out.println("MedallionFeedTest: 1,000 objects pulled from medallion in one round in "
                + java.time.Duration.between(before, Instant.now()).toMillis() + " ms");
    }
}
