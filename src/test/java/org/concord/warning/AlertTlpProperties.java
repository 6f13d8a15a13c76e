package org.concord.warning;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.concord.TestClock;
import org.concord.stix.StixObject;
import org.concord.stix.Tlp;

/**
 * An alert is at least as strict as everything it was derived from (docs/sovereignty.md, rule 3):
 * for random mixes of markings on the indicators that give its key and on the sightings of them —
 * none (the node's default_tlp), TLP 2.0 or 1.0 ids, object-level or granular, beside a non-TLP
 * marking — the alert's TLP is at least every input's effective TLP, and an alert derived from a
 * TLP:RED input is TLP:RED.
 */
class AlertTlpProperties {
    static final Tlp DEFAULT = Tlp.AMBER; // the Fixture node's default_tlp
    static final String LEGACY_WHITE = "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9";
    static final String LEGACY_RED = "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed";
    static final String CUSTOM = "marking-definition--fa42a846-8d90-4e51-bc29-71d5b4802168";
    static Path root;
    static Fixture f;
    static Correlator correlator;
    static List<Fixture.Member> members;

    @BeforeContainer
    static void node() throws IOException {
        root = Files.createTempDirectory("alert-tlp");
        f = new Fixture(root, new TestClock(Fixture.NOON));
        members = List.of(f.member("EE", "EE", false, "energy"), f.member("FI", "FI", true), f.member("LV", "LV", false),
                f.member("LT", "LT", false, "healthcare"));
        correlator = f.correlator(Fixture.config()).start();
    }

    @AfterContainer
    static void cleanUp() throws IOException {
        correlator.close();
        f.close();
        try (var walk = Files.walk(root)) {
            walk.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** How an object is marked: object-level refs, granular refs, both possibly empty. */
    record Marking(List<String> objectLevel, List<String> granular) {
        /** The effective TLP by the definition: the strictest TLP marking anywhere on the object, else the node's default. */
        Tlp effective() {
            List<String> all = new ArrayList<>(objectLevel);
            all.addAll(granular);
            return Tlp.strictestOf(all).orElse(DEFAULT);
        }
    }

    @Provide
    Arbitrary<Marking> marking() {
        List<String> ids = new ArrayList<>();
        for (Tlp t : Tlp.values()) ids.add(t.markingId());
        ids.add(LEGACY_WHITE);
        ids.add(LEGACY_RED);
        ids.add(CUSTOM);
        Arbitrary<String> lenient = Arbitraries.of(Tlp.CLEAR.markingId(), Tlp.GREEN.markingId(), Tlp.AMBER.markingId(), LEGACY_WHITE,
                CUSTOM);
        // mostly shareable, so that the strictest input varies from try to try
        Arbitrary<List<String>> refs = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(3, Arbitraries.just(List.<String>of())),
                net.jqwik.api.Tuple.of(12, lenient.map(List::of)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(ids).list().ofMinSize(1).ofMaxSize(2).uniqueElements()));
        Arbitrary<List<String>> granular = Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(25, Arbitraries.just(List.<String>of())),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(Tlp.RED.markingId(), Tlp.AMBER_STRICT.markingId(), LEGACY_RED).map(List::of)));
        return Combinators.combine(refs, granular).as(Marking::new);
    }

    /** A sighting: by which member, of which indicator, how marked. */
    record Seen(int member, int indicator, Marking marking) {}

    @Provide
    Arbitrary<Seen> seen() {
        return Combinators.combine(Arbitraries.integers().between(0, 3), Arbitraries.integers().between(0, 2), marking()).as(Seen::new);
    }

    @Property(tries = 200)
    void anAlertIsAtLeastAsStrictAsEveryIndicatorAndSightingItWasDerivedFrom(
            @ForAll @Size(3) List<@net.jqwik.api.From("marking") Marking> indicatorMarkings,
            @ForAll @Size(min = 3, max = 8) List<@net.jqwik.api.From("seen") Seen> seen) {
        String domain = "d-" + UUID.randomUUID() + ".example";
        Map<String, Tlp> inputs = new HashMap<>(); // id → effective TLP
        List<String> indicators = new ArrayList<>();
        List<StixObject> objects = new ArrayList<>();
        for (Marking m : indicatorMarkings) {
            ObjectNode o = marked(Fixture.JSON.createObjectNode().put("type", "indicator").put("spec_version", "2.1")
                    .put("id", "indicator--" + UUID.randomUUID()).put("created", "2026-03-01T00:00:00.000Z")
                    .put("modified", "2026-03-01T00:00:00.000Z").put("pattern", "[domain-name:value = '" + domain + "']")
                    .put("pattern_type", "stix").put("valid_from", "2026-03-01T00:00:00Z"), m, "pattern");
            objects.add(StixObject.of(o));
            indicators.add(o.path("id").asText());
            inputs.put(o.path("id").asText(), m.effective());
        }
        f.write(f.intelligence, objects);
        List<StixObject> sightings = new ArrayList<>();
        for (int i = 0; i < seen.size(); i++) {
            Seen s = seen.get(i);
            ObjectNode o = (ObjectNode) Fixture.tree(Fixture.sighting(members.get(s.member()), indicators.get(s.indicator()),
                    Instant.parse("2026-03-14T0" + (i % 10) + ":00:00Z"))).deepCopy();
            o.remove("object_marking_refs");
            sightings.add(StixObject.of(marked(o, s.marking(), "count")));
            inputs.put(o.path("id").asText(), s.marking().effective());
        }
        f.write(f.sightings, sightings);
        correlator.sync();

        Optional<JsonNode> alert = f.alerts().values().stream().filter(a -> a.path("key").asText().equals("domain:" + domain)).findFirst();
        long countries = seen.stream().map(Seen::member).distinct().count();
        assertThat(alert.isPresent()).as("an alert when three countries sighted the domain").isEqualTo(countries >= 3);
        if (alert.isEmpty()) return;
        JsonNode a = alert.get();
        List<String> refs = new ArrayList<>();
        a.path("object_marking_refs").forEach(r -> refs.add(r.asText()));
        Tlp level = Tlp.strictestOf(refs).orElseThrow();
        List<String> derivedFrom = new ArrayList<>();
        a.path("indicator_refs").forEach(r -> derivedFrom.add(r.asText()));
        a.path("evidence").forEach(e -> derivedFrom.add(e.path("sighting_ref").asText()));
        assertThat(derivedFrom).as("every sighted indicator and sighting is named").containsAll(indicatorsSighted(seen, indicators));
        Tlp strictest = Tlp.CLEAR;
        for (String id : derivedFrom) {
            Tlp input = inputs.get(id);
            assertThat(input).as(id).isNotNull();
            assertThat(level.compareTo(input)).as("alert %s, input %s %s", level, id, input).isGreaterThanOrEqualTo(0);
            if (input.isStricterThan(strictest)) strictest = input;
        }
        assertThat(level).as("no stricter than its inputs either").isEqualTo(strictest);
        net.jqwik.api.statistics.Statistics.collect(level);
    }

    private static List<String> indicatorsSighted(List<Seen> seen, List<String> indicators) {
        return seen.stream().map(s -> indicators.get(s.indicator())).distinct().toList();
    }

    private static ObjectNode marked(ObjectNode o, Marking m, String selector) {
        if (!m.objectLevel().isEmpty()) m.objectLevel().forEach(o.putArray("object_marking_refs")::add);
        if (!m.granular().isEmpty()) {
            ArrayNode g = o.putArray("granular_markings");
            for (String ref : m.granular()) g.addObject().put("marking_ref", ref).putArray("selectors").add(selector);
        }
        return o;
    }
}
