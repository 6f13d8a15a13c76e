package org.concord.warning;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Early warning is the same whatever the order sightings arrive in: the correlation state is
 * checked against a reference model (a direct count of distinct groups in every stretch of one window over the
 * whole set), for the arrival order given and a shuffled one, with drains at random points between.
 */
class OrderProperties {
    static final long DAY = 86_400_000_000L;
    static final long NOW = Times.micros(Fixture.NOON.plus(Duration.ofDays(1))); // 2026-03-15T12:00Z: the 14th and 15th are live
    static final long START = Times.micros(java.time.Instant.parse("2026-03-14T00:00:00Z"));
    static final List<Reporter> REPORTERS = List.of(
            new Reporter("identity--00000000-0000-4000-8000-000000000001", "EE", List.of("energy")),
            new Reporter("identity--00000000-0000-4000-8000-000000000002", "EE", List.of("financial-services")),
            new Reporter("identity--00000000-0000-4000-8000-000000000003", "FI", List.of("energy", "utilities")),
            new Reporter("identity--00000000-0000-4000-8000-000000000004", "LV", List.of()),
            new Reporter(null, "LT", List.of()),
            new Reporter("identity--00000000-0000-4000-8000-000000000006", "DE", List.of("healthcare")));
    static final List<Target> TARGETS = List.of(
            new Target("indicator--00000000-0000-4000-8000-0000000000a1", "indicator", List.of("domain:a.example"), List.of(), 80, START, "domain", true, 0),
            new Target("indicator--00000000-0000-4000-8000-0000000000a2", "indicator", List.of("domain:a.example", "ip:192.0.2.1"), List.of(), -1, START, "domain", true, 0),
            new Target("indicator--00000000-0000-4000-8000-0000000000a3", "indicator", List.of("ip:192.0.2.1"), List.of(), 40, START, "ip", true, 0));

    @Provide
    Arbitrary<Observation> observation() {
        Arbitrary<Integer> sighting = Arbitraries.integers().between(1, 12); // few ids: versions of one sighting recur
        Arbitrary<Integer> target = Arbitraries.integers().between(0, TARGETS.size() - 1);
        Arbitrary<Long> count = Arbitraries.longs().between(0, 5);
        Arbitrary<Long> first = Arbitraries.longs().between(-DAY / 2, 2 * DAY); // some before the live windows
        Arbitrary<Long> span = Arbitraries.longs().between(0, DAY / 3);
        // one sighting has one reporter (its where_sighted_refs), whatever its versions say of count and time
        return Combinators.combine(sighting, target, count, first, span).as((s, t, c, f, d) -> new Observation(
                0x1000L + s, s, TARGETS.get(t), List.of(REPORTERS.get(s % REPORTERS.size())), c, START + f, START + f + d, s % 3));
    }

    @Property(tries = 300)
    void alertsDoNotDependOnArrivalOrder(@ForAll @Size(min = 1, max = 40) List<@net.jqwik.api.From("observation") Observation> observations,
                                         @ForAll long seed, @ForAll("groupBy") Rule.GroupBy groupBy) {
        Rule rule = new Rule(groupBy, 3, Duration.ofHours(24));
        List<Observation> shuffled = new ArrayList<>(observations);
        Collections.shuffle(shuffled, new Random(seed));
        Map<String, Draft> inOrder = run(rule, observations, new Random(seed ^ 1));
        Map<String, Draft> reordered = run(rule, shuffled, new Random(seed ^ 2));
        Map<String, Set<String>> reference = reference(rule, observations);
        assertThat(reordered.keySet()).isEqualTo(inOrder.keySet()).isEqualTo(reference.keySet());
        for (String cell : inOrder.keySet()) {
            assertThat(inOrder.get(cell).evidence()).extracting(Evidence::sightingRef).containsOnlyElementsOf(reference.get(cell))
                    .containsAll(reference.get(cell));
            assertThat(reordered.get(cell).evidence()).isEqualTo(inOrder.get(cell).evidence());
            assertThat(reordered.get(cell).indicatorRefs()).isEqualTo(inOrder.get(cell).indicatorRefs());
            assertThat(reordered.get(cell).groups()).isEqualTo(inOrder.get(cell).groups()).isGreaterThanOrEqualTo(rule.threshold());
        }
    }

    @Provide
    Arbitrary<Rule.GroupBy> groupBy() {
        return Arbitraries.of(Rule.GroupBy.class);
    }

    /** Applies in order, draining at random points (as writes would), twice over (a replay); the last draft of each cell. */
    private static Map<String, Draft> run(Rule rule, List<Observation> observations, Random random) {
        Correlation c = new Correlation(rule, DAY, 300_000_000L, 1_000_000);
        Map<String, Draft> last = new TreeMap<>();
        for (int round = 0; round < 2; round++) {
            for (Observation o : observations) {
                c.apply(o, NOW);
                if (random.nextInt(4) == 0) c.drain(NOW, 0, true).forEach(d -> last.put(d.key() + "@" + d.window(), d));
            }
        }
        c.drain(NOW, 0, true).forEach(d -> last.put(d.key() + "@" + d.window(), d));
        return last;
    }

    /**
     * The reference, counted directly from the definition (docs/warning.md): each sighting version
     * is a point at first_seen and at last_seen (none when either is more than max_skew after now); a point in a live window alerts that window when
     * at least threshold groups have a point in the 64 slots before its slot or in it; the evidence
     * is every sighting with a point in the stretches so closed. Cells (key@window) to the ids of
     * the sightings in their evidence.
     */
    private static Map<String, Set<String>> reference(Rule rule, List<Observation> observations) {
        long w = rule.windowMicros(), slot = w / Correlation.SLOTS;
        record Point(long slot, String sighting, Set<String> groups) {}
        Map<String, List<Point>> byKey = new HashMap<>();
        for (Observation o : observations) {
            if (o.count() <= 0) continue;
            if (o.last() > NOW + 300_000_000L) continue; // more than max_skew in the future: not counted at all
            Set<String> groups = new HashSet<>();
            for (Reporter r : o.reporters()) {
                switch (rule.groupBy()) {
                    case COUNTRY -> {
                        if (r.country() != null) groups.add(r.country());
                    }
                    case SECTOR -> groups.addAll(r.sectors());
                    case MEMBER -> {
                        if (r.member() != null) groups.add(r.member());
                    }
                }
            }
            for (long t : new HashSet<>(List.of(o.first(), o.last()))) {
                for (String key : o.target().keys()) {
                    byKey.computeIfAbsent(key, k -> new ArrayList<>())
                            .add(new Point(Math.floorDiv(t, slot), Ids.format("sighting", o.hi(), o.lo()), groups));
                }
            }
        }
        Map<String, long[]> closing = new TreeMap<>(); // cell to {first, last} qualifying slot
        byKey.forEach((key, points) -> {
            for (Point close : points) {
                long win = Math.floorDiv(close.slot(), Correlation.SLOTS);
                if ((win + 1) * w + DAY <= NOW || win * w > NOW + 300_000_000L) continue; // not live
                Set<String> groups = new HashSet<>();
                for (Point p : points) {
                    if (p.slot() >= close.slot() - Correlation.SLOTS && p.slot() <= close.slot()) groups.addAll(p.groups());
                }
                if (groups.size() < rule.threshold()) continue;
                closing.merge(key + "@" + win, new long[] {close.slot(), close.slot()},
                        (a, b) -> new long[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])});
            }
        });
        Map<String, Set<String>> evidence = new TreeMap<>();
        closing.forEach((cell, range) -> {
            Set<String> ids = new TreeSet<>();
            for (Point p : byKey.get(cell.substring(0, cell.lastIndexOf('@')))) {
                if (p.slot() >= range[0] - Correlation.SLOTS && p.slot() <= range[1]) ids.add(p.sighting());
            }
            evidence.put(cell, ids);
        });
        return evidence;
    }
}
