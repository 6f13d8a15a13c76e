package org.concord.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.concord.policy.Agreement;
import org.concord.policy.EgressPolicy;
import org.concord.policy.Provenance;
import org.concord.policy.PseudonymKey;
import org.concord.stix.StixObject;
import org.concord.stix.StixValidator;
import org.concord.stix.Tlp;
import org.concord.store.CollectionInfo;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The egress policy per object beside the path without it, which only canonicalises the object
 * ({@link StixObject#of}), on a realistic mix: ATT&CK ICS objects (80% relationships) and generated
 * indicators, TLP-marked CLEAR 30%, GREEN 40%, AMBER 20%, RED 10% (so a tenth is withheld at
 * once); with 10% sightings (sent as counts), 5% identities with contact information
 * (pseudonymised), 5% objects with a granular TLP:RED description (removed) and 5% unmarked
 * objects (the default level written on the copy). {@code mix=unchanged} keeps only TLP-marked
 * ATT&CK and indicator objects that go as stored: the floor of the policy's cost.
 * {@code ./bench jmh PolicyBench -f 1 -wi 3 -i 5}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PolicyBench {
    private static final int OBJECTS = 2_000;
    private static final String MITRE_STATEMENT = "marking-definition--fa42a846-8d90-4e51-bc29-71d5b4802168";
    private static final CollectionInfo COLLECTION = new CollectionInfo(UUID.randomUUID().toString(), "intelligence",
            "Intelligence", "");

    @Param({"realistic", "unchanged"})
    public String mix;

    private final ObjectMapper mapper = new ObjectMapper();
    private final Random random = new Random(42);
    private List<ObjectNode> objects;
    private List<StixObject> stored;
    private EgressPolicy policy;
    private Agreement agreement;
    private final Provenance provenance = Provenance.local("here", "DE");

    @Setup
    public void load() throws IOException {
        String shared = System.getProperty("concord.shared", "../shared");
        List<ObjectNode> attack = new ArrayList<>();
        for (JsonNode o : mapper.readTree(new File(shared, "data/ics-attack-18.1.json")).get("objects")) {
            if (o.has("object_marking_refs") && !o.path("type").asText().equals("marking-definition")) attack.add((ObjectNode) o);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        IndicatorGenerator.write(400, out, 7);
        List<ObjectNode> indicators = new ArrayList<>();
        for (JsonNode o : mapper.readTree(out.toByteArray()).get("objects")) indicators.add((ObjectNode) o);
        objects = new ArrayList<>(OBJECTS);
        boolean realistic = mix.equals("realistic");
        while (objects.size() < OBJECTS) {
            int roll = random.nextInt(20);
            if (realistic && roll == 0) objects.add(sighting());
            else if (realistic && roll == 1) objects.add(sighting());
            else if (realistic && roll == 2) objects.add(identity());
            else if (realistic && roll == 3) objects.add(granular(pick(indicators)));
            else if (realistic && roll == 4) objects.add(unmarked(pick(attack)));
            else objects.add(marked(roll % 2 == 0 ? pick(attack) : pick(indicators), realistic));
        }
        Collections.shuffle(objects, random);
        stored = objects.stream().map(StixObject::of).toList();
        policy = new EgressPolicy("here", Tlp.AMBER, PseudonymKey.of("0123456789abcdef0123456789abcdef".getBytes(
                StandardCharsets.US_ASCII)), new StixValidator());
        agreement = Agreement.outbound("b").collections("*").types("*").tlp(Tlp.CLEAR, Tlp.GREEN, Tlp.AMBER)
                .markings(MITRE_STATEMENT).pseudonymise("contact_information").build();
        int released = 0, altered = 0;
        for (ObjectNode o : objects) {
            if (policy.decide(o, COLLECTION, agreement, provenance) instanceof org.concord.policy.Decision.Release r) {
                released++;
                if (r.altered()) altered++;
            }
        }
        System.out.printf("%n%s mix: %d objects, %d released (%d of them filtered)%n", mix, objects.size(), released, altered);
    }

    private ObjectNode pick(List<ObjectNode> from) {
        return from.get(random.nextInt(from.size())).deepCopy();
    }

    /** CLEAR 30%, GREEN 40%, AMBER 20%, RED 10% (the unchanged mix: no RED). */
    private ObjectNode marked(ObjectNode o, boolean withRed) {
        int roll = random.nextInt(withRed ? 10 : 9);
        Tlp level = roll < 3 ? Tlp.CLEAR : roll < 7 ? Tlp.GREEN : roll < 9 ? Tlp.AMBER : Tlp.RED;
        ArrayNode refs = o.has("object_marking_refs") ? (ArrayNode) o.get("object_marking_refs") : o.putArray("object_marking_refs");
        for (int i = 0; i < refs.size(); i++) {
            if (Tlp.ofMarkingId(refs.get(i).asText()).isPresent()) refs.remove(i--);
        }
        refs.add(level.markingId());
        return o;
    }

    private ObjectNode unmarked(ObjectNode o) {
        ArrayNode refs = (ArrayNode) o.get("object_marking_refs");
        for (int i = 0; i < refs.size(); i++) {
            if (Tlp.ofMarkingId(refs.get(i).asText()).isPresent()) refs.remove(i--);
        }
        return o;
    }

    private ObjectNode granular(ObjectNode indicator) {
        ObjectNode o = marked(indicator, false);
        o.put("description", "internal notes on " + o.path("name").asText());
        o.putArray("granular_markings").addObject().put("marking_ref", Tlp.RED.markingId()).putArray("selectors").add("description");
        return o;
    }

    private ObjectNode sighting() {
        String reporter = "identity--" + UUID.randomUUID();
        ObjectNode o = mapper.createObjectNode().put("type", "sighting").put("spec_version", "2.1")
                .put("id", "sighting--" + UUID.randomUUID()).put("created", "2024-03-01T10:00:00.000Z")
                .put("modified", "2024-03-01T10:00:00.000Z").put("created_by_ref", reporter)
                .put("sighting_of_ref", "indicator--" + UUID.randomUUID()).put("count", random.nextInt(50) + 1)
                .put("first_seen", "2024-02-28T00:00:00Z").put("last_seen", "2024-03-01T00:00:00Z");
        o.putArray("where_sighted_refs").add(reporter);
        o.putArray("object_marking_refs").add(Tlp.GREEN.markingId());
        return o;
    }

    private ObjectNode identity() {
        ObjectNode o = mapper.createObjectNode().put("type", "identity").put("spec_version", "2.1")
                .put("id", "identity--" + UUID.randomUUID()).put("created", "2024-03-01T10:00:00.000Z")
                .put("modified", "2024-03-01T10:00:00.000Z").put("name", "Org " + random.nextInt(1000))
                .put("identity_class", "organization").put("contact_information", "soc" + random.nextInt(1000) + "@example.org");
        o.putArray("sectors").add("energy");
        o.putArray("object_marking_refs").add(Tlp.GREEN.markingId());
        return o;
    }

    /** The policy on a parsed object (what a push of a new version does). */
    @Benchmark
    @OperationsPerInvocation(OBJECTS)
    public void decide(Blackhole bh) {
        for (ObjectNode o : objects) bh.consume(policy.decide(o, COLLECTION, agreement, provenance));
    }

    /** The policy on a stored version, parsing its canonical bytes first (a TAXII read by a partner). */
    @Benchmark
    @OperationsPerInvocation(OBJECTS)
    public void decideStored(Blackhole bh) {
        for (StixObject o : stored) bh.consume(policy.decide(o, COLLECTION, agreement, provenance));
    }

    /** Baseline: no policy, the same objects canonicalised. */
    @Benchmark
    @OperationsPerInvocation(OBJECTS)
    public void baselineCanonical(Blackhole bh) {
        for (ObjectNode o : objects) bh.consume(StixObject.of(o));
    }
}
