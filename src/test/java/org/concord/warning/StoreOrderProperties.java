package org.concord.warning;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.concord.TestClock;
import org.concord.stix.StixObject;

/**
 * End to end on the embedded store: the same sightings written in any order, in any batches, with
 * the correlator catching up at any points, leave the same alerts (ids, groups, evidence).
 */
class StoreOrderProperties {
    static Path root;
    static Map<String, String> expected;

    @BeforeContainer
    static void reference() throws IOException {
        root = Files.createTempDirectory("store-order");
        expected = alerts(campaign(), new Random(0), false);
        assertThat(expected).hasSize(2); // domain:x.example (4 countries) and ip:203.0.113.5 (3 countries)
    }

    @AfterContainer
    static void cleanUp() throws IOException {
        try (var walk = Files.walk(root)) {
            walk.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Property(tries = 12)
    void anyOrderAnyBatchesSameAlerts(@ForAll long seed) throws IOException {
        Random random = new Random(seed);
        List<Campaign> sightings = new ArrayList<>(campaign());
        Collections.shuffle(sightings, random);
        assertThat(alerts(sightings, random, true)).isEqualTo(expected);
    }

    /** One sighting to write: by whom (member index), of which indicator (index), when. */
    record Campaign(int member, int indicator, String id, long count, String first, String last, String modified) {}

    static List<Campaign> campaign() {
        List<Campaign> c = new ArrayList<>();
        String[][] rows = {
                {"0", "0", "1", "08:00", "09:00", "10:00"}, {"1", "1", "2", "09:00", "09:30", "10:00"},
                {"2", "2", "1", "10:00", "10:00", "10:00"}, {"3", "0", "7", "11:00", "12:00", "12:30"},
                {"0", "0", "3", "08:00", "11:00", "11:30"}, // a later version of the first sighting
                {"1", "3", "1", "07:00", "07:00", "08:00"}, {"2", "3", "2", "07:30", "08:00", "08:00"},
                {"3", "3", "4", "09:00", "09:00", "09:00"}, {"4", "0", "1", "09:00", "09:00", "09:00"},
                {"4", "4", "1", "09:00", "09:00", "09:00"}};
        int n = 0;
        for (String[] r : rows) {
            int first = r[4].equals("11:00") ? 0 : n++; // the later version reuses sighting 0's id
            c.add(new Campaign(Integer.parseInt(r[0]), Integer.parseInt(r[1]), "sighting--00000000-0000-4000-8000-0000000000" + String.format("%02d", first),
                    Long.parseLong(r[2]), "2026-03-14T" + r[3] + ":00Z", "2026-03-14T" + r[4] + ":00Z", "2026-03-14T" + r[5] + ":00.000Z"));
        }
        return c;
    }

    /** Writes the sightings (in random batches when {@code batches}) to a new node and returns its alerts: id → groups and evidence. */
    static Map<String, String> alerts(List<Campaign> sightings, Random random, boolean batches) throws IOException {
        TestClock clock = new TestClock(Fixture.NOON.plusSeconds(3600));
        try (Fixture f = new Fixture(Files.createTempDirectory(root, "node"), clock)) {
            List<Fixture.Member> members = List.of(f.member("EE", "EE", false, "energy"), f.member("FI", "FI", true, "healthcare"),
                    f.member("LV", "LV", false), f.member("LT", "LT", true, "energy"), f.member("SE", "SE", false));
            List<String> indicators = new ArrayList<>();
            for (String p : List.of("[domain-name:value = 'x.example']", "[domain-name:value = 'X.EXAMPLE.']",
                    "[domain-name:value IN ('x.example', 'y.example')]", "[ipv4-addr:value = '203.0.113.5/32']",
                    "[ipv4-addr:value = '198.51.100.1']")) {
                indicators.add(f.indicator(p, 60));
            }
            try (Correlator cor = f.correlator(Fixture.config()).start()) {
                int i = 0;
                while (i < sightings.size()) {
                    int n = batches ? 1 + random.nextInt(3) : sightings.size();
                    List<StixObject> batch = new ArrayList<>();
                    for (Campaign c : sightings.subList(i, Math.min(sightings.size(), i + n))) {
                        batch.add(Fixture.sighting(c.id(), members.get(c.member()), indicators.get(c.indicator()), c.count(),
                                Instant.parse(c.first()), Instant.parse(c.last()), c.modified()));
                    }
                    f.write(f.sightings, batch);
                    i += n;
                    if (!batches || random.nextBoolean()) cor.sync();
                }
                cor.sync();
            }
            Map<String, String> out = new TreeMap<>();
            for (Map.Entry<String, JsonNode> e : f.alerts().entrySet()) {
                JsonNode a = e.getValue();
                // indicator ids differ from node to node (random): compare what does not depend on them
                out.put(e.getKey(), a.path("key").asText() + " " + a.path("groups") + " " + a.path("evidence")
                        + " " + a.path("indicator_refs").size() + " " + a.path("object_marking_refs"));
            }
            return out;
        }
    }
}
