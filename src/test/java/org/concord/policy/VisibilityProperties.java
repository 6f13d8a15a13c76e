package org.concord.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;
import org.concord.stix.StixObject;
import org.concord.stix.Tlp;
import org.concord.store.CollectionInfo;
import org.concord.store.Database;
import org.concord.store.ObjectFilter;
import org.concord.store.Page;
import org.concord.store.Store;
import org.concord.store.StoreConfig;
import org.concord.store.StoredVersion;
import org.concord.store.Stores;
import org.concord.store.VersionMatch;

/**
 * The one visibility function on generated object graphs (docs/sovereignty.md): observables,
 * malware, relationships and reports with random TLP markings, handling levels, newer versions that
 * are stricter or looser, references to objects held and not held; a partner whose agreement stops
 * at AMBER walks the whole collection in small pages, as a pull does. Whatever the graph:
 * <ul>
 *   <li>a reference in what the partner receives names an object the partner receives too, or one
 *       this node does not hold: never a withheld one;</li>
 *   <li>a version goes only with the newest version of its id;</li>
 *   <li>no canary of an object at RED or AMBER+STRICT (effective level of its newest version) reaches the partner;</li>
 *   <li>positive control: an object whose newest version is GREEN and references nothing is received as stored.</li>
 * </ul>
 */
class VisibilityProperties {
    private static final int TRIES = 300;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PARTNER = "cert-fi";
    private static final Tlp[] LEVELS = {Tlp.CLEAR, Tlp.GREEN, Tlp.AMBER, Tlp.AMBER_STRICT, Tlp.RED, null};
    private static Path dir;
    private static Database database;
    private static Store store;
    private static AuditDatabase audit;

    @BeforeContainer
    static void open() throws IOException {
        dir = Files.createTempDirectory("concord-visibility");
        StoreConfig config = new StoreConfig.Embedded(dir.resolve("store.db"));
        database = Database.open(config);
        store = Stores.open(database, InstantSource.system(), null);
        audit = new AuditDatabase(database);
    }

    @AfterContainer
    static void close() throws IOException {
        store.close();
        database.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    /** One generated version: what it is, its level as the node sees it, and its canary. */
    record Made(StixObject object, Tlp handling, Tlp effective, String canary) {}

    @Property(tries = TRIES)
    void referencesNeverNameAWithheldObjectAndOlderVersionsGoOnlyWithTheNewest(@ForAll long seed) {
        Random r = new Random(seed);
        Tlp defaultTlp = r.nextBoolean() ? Tlp.AMBER : Tlp.RED;
        CollectionInfo c = new CollectionInfo(UUID.randomUUID().toString(), null, "graph", null);
        store.createCollection(c);
        List<Made> made = generate(r, defaultTlp);
        for (Made m : made) {
            store.write(c.id(), List.of(m.object()), java.util.Collections.singletonList(null),
                    java.util.Collections.singletonList(m.handling()));
        }

        List<StoredVersion> received = walk(c, defaultTlp, 1 + r.nextInt(5));

        Set<String> held = new HashSet<>();
        Map<String, Made> newest = new HashMap<>();
        for (Made m : made) {
            held.add(m.object().id());
            Made n = newest.get(m.object().id());
            if (n == null || m.object().versionKey().compareTo(n.object().versionKey()) > 0) newest.put(m.object().id(), m);
        }
        Set<String> receivedIds = new HashSet<>();
        Set<String> receivedVersions = new HashSet<>();
        for (StoredVersion v : received) {
            receivedIds.add(v.object().id());
            receivedVersions.add(v.object().id() + "@" + v.object().versionKey());
        }
        for (StoredVersion v : received) {
            JsonNode json = tree(v.object());
            List<String> refs = new ArrayList<>();
            References.targets(json, refs::add);
            for (String ref : refs) {
                assertThat(!held.contains(ref) || receivedIds.contains(ref))
                        .as("%s references %s, held here and withheld from the partner", v.object().id(), ref).isTrue();
            }
            Made n = newest.get(v.object().id());
            assertThat(receivedVersions).as("a version goes only with the newest of its id").contains(n.object().id() + "@" + n.object().versionKey());
        }
        String sent = String.join("\n", received.stream().map(v -> new String(v.object().canonical(), java.nio.charset.StandardCharsets.UTF_8)).toList());
        int controls = 0;
        for (Made n : newest.values()) {
            if (n.effective() == Tlp.RED || n.effective() == Tlp.AMBER_STRICT) {
                assertThat(sent).doesNotContain(n.canary()).doesNotContain(n.object().id());
            }
            if (n.effective() == Tlp.GREEN && !n.object().type().equals("relationship") && !n.object().type().equals("report")
                    && n.handling() == null && !n.object().markingRefs().isEmpty()) {
                controls++;
                assertThat(received).as("positive control").anySatisfy(v -> assertThat(v.object().canonical()).isEqualTo(n.object().canonical()));
            }
        }
        Statistics.label("controls").collect(controls > 0);
        Statistics.label("some reference removed").collect(received.stream().anyMatch(v ->
                made.stream().anyMatch(m -> m.object().id().equals(v.object().id()) && m.object().versionKey().equals(v.object().versionKey())
                        && !java.util.Arrays.equals(m.object().canonical(), v.object().canonical()))));
    }

    /** Walks the collection as a pull does (every version, pages of {@code limit}), through the node's egress. */
    private static List<StoredVersion> walk(CollectionInfo c, Tlp defaultTlp, int limit) {
        EgressPolicy policy = new EgressPolicy(Samples.NODE, defaultTlp, Samples.KEY, Samples.VALIDATOR);
        Agreements agreements = new Agreements(List.of(Agreement.outbound(PARTNER).collections("*")
                .tlp(Tlp.CLEAR, Tlp.GREEN, Tlp.AMBER).types("*").build()));
        Provenance local = Provenance.local(Samples.NODE, "DE");
        EgressGate gate = new EgressGate(policy, () -> agreements, audit.log(), InstantSource.system(), null, store, local);
        PolicyEgress egress = new PolicyEgress(gate, local, defaultTlp);
        List<StoredVersion> out = new ArrayList<>();
        ObjectFilter f = new ObjectFilter(null, List.of(), List.of(), VersionMatch.ALL, List.of(), limit);
        Page p;
        do {
            p = store.objects(c.id(), f);
            out.addAll(egress.filter(PARTNER, c, p));
            if (!p.items().isEmpty()) f = f.after(p.items().getLast().dateAdded());
        } while (p.more());
        return out;
    }

    private static List<Made> generate(Random r, Tlp defaultTlp) {
        List<Made> out = new ArrayList<>();
        List<String> targets = new ArrayList<>();
        int n = 3 + r.nextInt(8);
        for (int i = 0; i < n; i++) {
            String canary = "canary-" + UUID.randomUUID();
            Tlp marking = LEVELS[r.nextInt(LEVELS.length)];
            Tlp handling = marking == null && r.nextBoolean() ? LEVELS[r.nextInt(LEVELS.length - 1)] : null;
            ObjectNode o;
            if (r.nextBoolean()) {
                o = JSON.createObjectNode().put("type", "ipv4-addr").put("spec_version", "2.1")
                        .put("id", "ipv4-addr--" + UUID.randomUUID()).put("value", "198.51.100." + r.nextInt(256));
                o.put("x_canary", canary);
            } else {
                o = sdo("malware", r).put("name", canary).put("is_family", false);
            }
            out.add(made(o, marking, handling, defaultTlp, canary));
            targets.add(o.get("id").asText());
        }
        targets.add("malware--" + UUID.randomUUID()); // not held
        int links = r.nextInt(8);
        for (int i = 0; i < links; i++) {
            Tlp marking = LEVELS[r.nextInt(LEVELS.length)];
            String canary = "canary-" + UUID.randomUUID();
            ObjectNode o;
            if (r.nextBoolean()) {
                o = sdo("relationship", r).put("relationship_type", "related-to").put("description", canary)
                        .put("source_ref", targets.get(r.nextInt(targets.size()))).put("target_ref", targets.get(r.nextInt(targets.size())));
            } else {
                o = sdo("report", r).put("name", canary).put("published", "2026-01-01T00:00:00Z");
                int k = 1 + r.nextInt(3);
                Set<String> refs = new java.util.LinkedHashSet<>();
                for (int j = 0; j < k; j++) refs.add(targets.get(r.nextInt(targets.size())));
                refs.forEach(o.putArray("object_refs")::add);
            }
            if (r.nextInt(4) == 0) o.put("created_by_ref", "identity--" + UUID.randomUUID()); // not held
            out.add(made(o, marking, null, defaultTlp, canary));
            targets.add(o.get("id").asText());
        }
        // newer versions of some SDOs, stricter or looser
        int newer = r.nextInt(3);
        for (int i = 0; i < newer; i++) {
            Made m = out.get(r.nextInt(out.size()));
            if (!m.object().type().equals("malware")) continue;
            ObjectNode o = (ObjectNode) tree(m.object()).deepCopy();
            o.put("modified", "2026-06-0" + (1 + i) + "T00:00:00.000Z");
            Tlp marking = LEVELS[r.nextInt(LEVELS.length - 1)];
            o.remove("object_marking_refs");
            if (marking != null) o.putArray("object_marking_refs").add(marking.markingId());
            out.add(made(o, marking, null, defaultTlp, m.canary()));
        }
        return out;
    }

    private static ObjectNode sdo(String type, Random r) {
        return JSON.createObjectNode().put("type", type).put("spec_version", "2.1").put("id", type + "--" + UUID.randomUUID())
                .put("created", "2026-01-01T00:00:00.000Z").put("modified", "2026-01-01T00:00:00.000Z");
    }

    private static Made made(ObjectNode o, Tlp marking, Tlp handling, Tlp defaultTlp, String canary) {
        if (marking != null && !o.has("object_marking_refs")) o.putArray("object_marking_refs").add(marking.markingId());
        Tlp effective = marking != null ? marking : handling != null ? handling : defaultTlp;
        return new Made(StixObject.of(o), marking == null ? handling : null, effective, canary);
    }

    private static JsonNode tree(StixObject o) {
        try {
            return JSON.readTree(o.canonical());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
