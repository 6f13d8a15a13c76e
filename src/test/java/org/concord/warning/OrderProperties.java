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
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;

/**
 * Early warning is the same whatever the order sightings arrive in: the correlation state is
 * checked against a reference model (a direct count of distinct groups per key and window over the
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
            new Target("indicator--00000000-0000-4000-8000-0000000000a1", "indicator", List.of("domain:a.example"), List.of(), 80, START, "domain", true),
            new Target("indicator--00000000-0000-4000-8000-0000000000a2", "indicator", List.of("domain:a.example", "ip:192.0.2.1"), List.of(), -1, START, "domain", true),
            new Target("indicator--00000000-0000-4000-8000-0000000000a3", "indicator", List.of("ip:192.0.2.1"), List.of(), 40, START, "ip", true));

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
        assertThat(reordered.keySet()).isEqualTo(inOrder.keySet()).isEqualTo(reference(rule, observations));
        for (String cell : inOrder.keySet()) {
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

    /** The reference: cells (key@window) whose sightings, counted directly, reach the threshold. */
    private static Set<String> reference(Rule rule, List<Observation> observations) {
        long w = rule.windowMicros();
        Map<String, Set<String>> groups = new HashMap<>();
        for (Observation o : observations) {
            if (o.count() <= 0) continue;
            Set<Long> windows = new HashSet<>(List.of(Math.floorDiv(o.first(), w), Math.floorDiv(o.last(), w)));
            for (long win : windows) {
                if ((win + 1) * w + DAY <= NOW) continue; // ended more than the grace ago
                for (String key : o.target().keys()) {
                    Set<String> g = groups.computeIfAbsent(key + "@" + win, k -> new HashSet<>());
                    for (Reporter r : o.reporters()) {
                        switch (rule.groupBy()) {
                            case COUNTRY -> {
                                if (r.country() != null) g.add(r.country());
                            }
                            case SECTOR -> g.addAll(r.sectors());
                            case MEMBER -> {
                                if (r.member() != null) g.add(r.member());
                            }
                        }
                    }
                }
            }
        }
        Set<String> over = new HashSet<>();
        groups.forEach((cell, g) -> {
            if (g.size() >= rule.threshold()) over.add(cell);
        });
        return over;
    }
}
