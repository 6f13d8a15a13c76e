package org.concord.stix;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiPredicate;
import java.util.stream.Stream;
import org.concord.stix.StixValidator.Violation;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Cross-checks {@link StixValidator} against the official OASIS STIX 2.1 JSON schemas (networknt,
 * draft 2020-12) on every object of the OASIS examples, both ATT&CK 18.1 bundles and our own
 * fixtures (all valid), and on thousands of seeded, deterministic mutants of them: schema-valid
 * must equal Concord-valid, except where
 * <ul>
 *   <li>Concord rejects only by rules a schema cannot express ({@link #EXTRA_RULES}), or</li>
 *   <li>the spec says more than the schema ({@link #GAPS}: Concord stricter, spec cited), or</li>
 *   <li>the schema says more than the spec ({@link #QUIRKS}: Concord accepts, spec cited).</li>
 * </ul>
 * Each exception is counted and printed; anything else fails the test.
 */
class SchemaAgreementTest {
    static final Path SHARED = Path.of(System.getProperty("concord.shared", "../shared"));
    static final ObjectMapper MAPPER = new ObjectMapper();
    static OasisSchemas oasis;
    static final StixValidator concord = new StixValidator();

    /** Rules no JSON schema can state: they relate values to each other or to the id's type. */
    static final Set<String> EXTRA_RULES = Set.of("id-prefix", "modified-before-created", "ref-type", "time-order",
            "i-json", "selector", "circular-marking", "pattern-syntax", "tlp-level");

    /** common/properties.json's name pattern, as the schema applies it (unanchored search). */
    private static final java.util.regex.Pattern SCHEMA_NAME = java.util.regex.Pattern.compile("^([a-z][a-z0-9_]{2,249})|id$");

    /** Where Concord is stricter than the schema because the specification is. */
    record Gap(String name, String spec, BiPredicate<JsonNode, Violation> covers) {}

    static final List<Gap> GAPS = List.of(
            new Gap("property the schema does not declare", "§4-§7 property tables type every property; several "
                    + "schemas omit some (e.g. incident kill_chain_phases) and then check only that the "
                    + "value is not null or an empty list",
                    (o, v) -> !oasis.declared(o.path("type").asText()).contains(topProperty(v.pointer()))
                            && !v.rule().equals("empty") && !v.message().startsWith("must not be null")
                            && !v.rule().equals("property-name") && !v.rule().equals("reserved-property")),
            new Gap("property name the schema's unanchored pattern lets through", "§3.1: property names only hold "
                    + "a-z, 0-9 and _; common/properties.json's ^([a-z][a-z0-9_]{2,249})|id$ only anchors its first "
                    + "alternative at the start, so any name beginning with three such characters passes",
                    (o, v) -> v.rule().equals("property-name") && SCHEMA_NAME.matcher(topProperty(v.pointer())).find()),
            new Gap("marking-definition property names", "§3.1 and §11.1 apply to every object; "
                    + "common/marking-definition.json does not include common/properties.json or the reserved names",
                    (o, v) -> (v.rule().equals("property-name") || v.rule().equals("reserved-property"))
                            && o.path("type").asText().equals("marking-definition")),
            new Gap("SCO reference not an identifier", "§6 (e.g. §6.12 src_ref: identifier); §4.11 malware "
                    + "sample_refs: list of identifier — the observable schemas and sample_refs only require a string",
                    (o, v) -> v.rule().equals("ref-format") && (CommonProps.SCO_TYPES.contains(o.path("type").asText())
                            || v.pointer().startsWith("/sample_refs") || v.pointer().startsWith("/objects/"))),
            new Gap("spec_version 2.0", "§3.2 spec_version: \"MUST be 2.1\" for STIX 2.1 objects; the schemas also allow 2.0",
                    (o, v) -> v.rule().equals("spec-version")),
            new Gap("no such calendar date", "§2.14 timestamp is RFC 3339 (§5.7: day valid for month and year); the "
                    + "schema pattern allows day 31 in any month",
                    (o, v) -> v.rule().equals("timestamp-date")),
            new Gap("marking-definition created precision", "§7.2.1 created: the common created property, "
                    + "millisecond precision (§3.2); common/marking-definition.json checks only the timestamp form",
                    (o, v) -> v.rule().equals("timestamp-precision") && v.pointer().equals("/created")
                            && o.path("type").asText().equals("marking-definition")),
            new Gap("extension-definition created_by_ref", "§7.3 extension-definition: created_by_ref is required",
                    (o, v) -> v.rule().equals("required") && v.pointer().equals("/created_by_ref")
                            && o.path("type").asText().equals("extension-definition")),
            new Gap("at-least-one lists with STIX 2.0 names", "§6.13 process and §6.17 windows-registry-key: at "
                    + "least one of the 2.1 properties; the schemas' anyOf also accepts name/created/arguments "
                    + "(process) and modified (registry key), which are not properties of these 2.1 objects",
                    (o, v) -> v.rule().equals("at-least-one") && v.pointer().isEmpty()
                            && Set.of("process", "windows-registry-key").contains(o.path("type").asText())),
            new Gap("granular marking with both marking_ref and lang", "§7.2.3 granular-marking: lang MUST NOT be "
                    + "present when marking_ref is",
                    (o, v) -> v.rule().equals("exclusive") && v.pointer().matches("/granular_markings/\\d+/lang")),
            new Gap("UUID in upper-case hex", "§2.9: an RFC 4122 UUID, which RFC 4122 §3 writes in lower case; the "
                    + "schemas' identifier pattern allows A-F (one OASIS example, infrastructure.json, has a relationship "
                    + "id with them). Concord keeps one spelling per identifier (docs/architecture.md, \"Identifiers\")",
                    (o, v) -> v.rule().equals("uuid-case")));

    /** Where the schema rejects what the specification allows; Concord follows the spec. */
    record Quirk(String name, String spec, BiPredicate<JsonNode, List<Error>> covers) {}

    static final List<Quirk> QUIRKS = List.of(
            new Quirk("granular marking with lang instead of marking_ref", "§7.2.3: marking_ref or lang, exactly one; "
                    + "common/granular-marking.json requires marking_ref",
                    (o, errors) -> hasLangOnlyMarking(o)),
            new Quirk("IPv6 address with an embedded IPv4 part", "§6.9 ipv6-addr value: RFC 4291 §2.2 text forms, "
                    + "which include x:x:x:x:x:x:d.d.d.d; the schema's pattern writes \\d as d and cannot match them",
                    (o, errors) -> o.path("type").asText().equals("ipv6-addr") && o.path("value").asText().contains(".")),
            new Quirk("TLSH digest with the T1 version prefix", "§2.6 hashes / hash-algorithm-ov TLSH: the TLSH "
                    + "digest as the algorithm writes it (72 characters since TLSH 4); the schema wants exactly 70",
                    (o, errors) -> o.path("hashes").path("TLSH").asText().startsWith("T1")),
            new Quirk("CVE or CAPEC identifier under another source", "§2.4 external-reference: external_id is "
                    + "constrained only when source_name is cve or capec; the schema forbids CVE/CAPEC-looking ids "
                    + "under any other source",
                    (o, errors) -> hasBorrowedCveId(o)),
            new Quirk("windows-process-ext with only integrity_level", "§6.13 windows-process-ext: at least one of the extension's "
                    + "properties, integrity_level among them; the schema's anyOf leaves integrity_level out",
                    (o, errors) -> o.path("extensions").path("windows-process-ext").size() == 1
                            && o.path("extensions").path("windows-process-ext").has("integrity_level")));

    @BeforeAll
    static void loadSchemas() {
        oasis = OasisSchemas.load(SHARED.resolve("stix2-schemas/schemas"), MAPPER, true);
    }

    /** Counts of one run, printed as the report. */
    static final class Tally {
        int objects, agreeValid, agreeInvalid, concordStricter, schemaStricter;
        final Map<String, Integer> extra = new TreeMap<>(), gaps = new TreeMap<>(), quirks = new TreeMap<>();
        final Map<String, int[]> byKind = new TreeMap<>();
        final List<String> disagreements = new ArrayList<>();
        final Map<String, Integer> disagreeSignatures = new TreeMap<>();

        void count(Map<String, Integer> m, String key) {
            m.merge(key, 1, Integer::sum);
        }
    }

    @Test
    void concordAgreesWithTheOasisSchemasOnValidDataAndMutants() throws IOException {
        List<ObjectNode> fixtures = objects(Path.of("src/test/resources/org/concord/stix/valid-objects.json"));
        List<ObjectNode> examples = new ArrayList<>();
        try (Stream<Path> files = Files.walk(SHARED.resolve("stix2-schemas/examples"))) {
            for (Path p : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) examples.addAll(objects(p));
        }
        List<ObjectNode> attack = new ArrayList<>(objects(SHARED.resolve("data/enterprise-attack-18.1.json")));
        attack.addAll(objects(SHARED.resolve("data/ics-attack-18.1.json")));

        Tally valid = new Tally();
        for (List<ObjectNode> set : List.of(fixtures, examples, attack)) {
            for (ObjectNode o : set) compare(o, "original", valid);
        }

        List<ObjectNode> seeds = new ArrayList<>(examples);
        seeds.addAll(sample(attack, 60, new Random(18_1)));
        Mutator mutator = new Mutator(20_250_601L, oasis::required);
        Tally mutants = new Tally();
        for (ObjectNode seed : fixtures) for (var m : mutator.mutate(seed, 40)) compare(m.object(), m.kind(), mutants);
        for (ObjectNode seed : seeds) for (var m : mutator.mutate(seed, 4)) compare(m.object(), m.kind(), mutants);

        report("valid objects (fixtures " + fixtures.size() + ", OASIS examples " + examples.size() + ", ATT&CK "
                + attack.size() + ")", valid);
        report("mutants of " + (fixtures.size() + seeds.size()) + " seeds", mutants);
        StringBuilder documented = new StringBuilder("Documented differences (spec reference):\n");
        GAPS.forEach(g -> documented.append("  spec > schema: ").append(g.name).append(" -- ").append(g.spec).append('\n'));
        QUIRKS.forEach(q -> documented.append("  schema > spec: ").append(q.name).append(" -- ").append(q.spec).append('\n'));
        documented.append("  Concord-only rules: ").append(new java.util.TreeSet<>(EXTRA_RULES)).append('\n');
        System.out.println(documented);
        assertThat(valid.agreeInvalid).as("valid inputs rejected by both").isZero();
        assertThat(valid.disagreements).as("disagreements on valid inputs").isEmpty();
        assertThat(mutants.disagreements).as("disagreements on mutants").isEmpty();
        assertThat(mutants.objects).isGreaterThan(5_000);
    }

    /** One object showing a documented difference, and which side rejects it. */
    record Probe(String difference, boolean schemaValid, boolean concordValid, String json) {}

    static final String INDICATOR = """
            {"type": "indicator", "spec_version": "2.1", "id": "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
             "created": "2024-01-01T00:00:00.000Z", "modified": "2024-01-01T00:00:00.000Z",
             "pattern": "[ipv4-addr:value = '198.51.100.1']", "pattern_type": "stix",
             "valid_from": "2024-01-01T00:00:00Z" %s}""";

    static final List<Probe> PROBES = List.of(
            new Probe("property the schema does not declare", true, false, """
                    {"type": "incident", "spec_version": "2.1", "id": "incident--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061",
                     "created": "2024-01-01T00:00:00.000Z", "modified": "2024-01-01T00:00:00.000Z", "name": "x",
                     "kill_chain_phases": [{"phase_name": "recon"}]}"""),
            new Probe("SCO reference not an identifier", true, false, """
                    {"type": "network-traffic", "id": "network-traffic--2568d22a-8998-58eb-99ec-3c8ca74f527d",
                     "src_ref": "not-an-id", "protocols": ["tcp"]}"""),
            new Probe("UUID in upper-case hex", true, false, INDICATOR.formatted("").replace("8e2e2d2b-17d4-4cbf", "8E2E2D2B-17D4-4CBF")),
            new Probe("spec_version 2.0", true, false, INDICATOR.formatted(", \"confidence\": 5").replace("\"2.1\"", "\"2.0\"")),
            new Probe("no such calendar date", true, false, INDICATOR.formatted(", \"valid_until\": \"2025-02-30T00:00:00Z\"")),
            new Probe("marking-definition created precision", true, false, """
                    {"type": "marking-definition", "spec_version": "2.1", "id": "marking-definition--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061",
                     "created": "2024-01-01T00:00:00Z", "definition_type": "statement", "definition": {"statement": "(c) ACME"}}"""),
            new Probe("extension-definition created_by_ref", true, false, """
                    {"type": "extension-definition", "spec_version": "2.1", "id": "extension-definition--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061",
                     "created": "2024-01-01T00:00:00.000Z", "modified": "2024-01-01T00:00:00.000Z", "name": "x",
                     "schema": "https://example.com/s", "version": "1", "extension_types": ["new-sdo"]}"""),
            new Probe("granular marking with both marking_ref and lang", true, false, INDICATOR.formatted(", \"granular_markings\": [{\"selectors\": [\"pattern\"], \"lang\": \"en\", "
                    + "\"marking_ref\": \"marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9\"}]")),
            new Probe("property name the schema's unanchored pattern lets through", true, false,
                    INDICATOR.formatted(", \"with space\": 1")),
            new Probe("marking-definition property names", true, false, """
                    {"type": "marking-definition", "spec_version": "2.1", "id": "marking-definition--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061",
                     "created": "2024-01-01T00:00:00.000Z", "definition_type": "statement", "definition": {"statement": "(c)"}, "X": 1}"""),
            new Probe("at-least-one lists with STIX 2.0 names", true, false, """
                    {"type": "process", "id": "process--f52a906a-0dfc-40bd-92f1-e7778ead38a9", "name": "gedit"}"""),
            new Probe("granular marking with lang instead of marking_ref", false, true, INDICATOR.formatted(", \"granular_markings\": [{\"selectors\": [\"pattern\"], \"lang\": \"en\"}]")),
            new Probe("IPv6 address with an embedded IPv4 part", false, true, """
                    {"type": "ipv6-addr", "id": "ipv6-addr--1e61d36c-a16c-53b7-a80f-2a00161c96b1", "value": "::ffff:192.0.2.1"}"""),
            new Probe("TLSH digest with the T1 version prefix", false, true, """
                    {"type": "file", "id": "file--5a27d487-c542-5f97-a131-a8866b477b46", "name": "a.exe",
                     "hashes": {"TLSH": "T1%s"}}""".formatted("A".repeat(70))),
            new Probe("CVE or CAPEC identifier under another source", false, true, INDICATOR.formatted(", \"external_references\": [{\"source_name\": \"nvd\", \"external_id\": \"CVE-2021-44228\"}]")),
            new Probe("windows-process-ext with only integrity_level", false, true, """
                    {"type": "process", "id": "process--f52a906a-0dfc-40bd-92f1-e7778ead38a9", "pid": 1,
                     "extensions": {"windows-process-ext": {"integrity_level": "high"}}}"""));

    @Test
    void everyDocumentedDifferenceHasAnObjectThatShowsIt() throws IOException {
        Set<String> documented = new java.util.TreeSet<>();
        GAPS.forEach(g -> documented.add(g.name));
        QUIRKS.forEach(q -> documented.add(q.name));
        Set<String> probed = new java.util.TreeSet<>();
        for (Probe p : PROBES) {
            JsonNode o = MAPPER.readTree(p.json);
            List<Error> schema = oasis.validate(o);
            List<Violation> ours = concord.validate(o);
            assertThat(schema.isEmpty()).as(p.difference + ": schema valid? " + schema).isEqualTo(p.schemaValid);
            assertThat(ours.isEmpty()).as(p.difference + ": Concord valid? " + ours).isEqualTo(p.concordValid);
            if (p.schemaValid) {
                assertThat(ours).as(p.difference).allMatch(v -> GAPS.stream().anyMatch(g -> g.name.equals(p.difference)
                        && g.covers.test(o, v)));
            } else {
                assertThat(QUIRKS).as(p.difference).anyMatch(q -> q.name.equals(p.difference) && q.covers.test(o, schema));
            }
            probed.add(p.difference);
        }
        assertThat(probed).isEqualTo(documented);
    }

    private static void compare(JsonNode o, String kind, Tally t) {
        t.objects++;
        int[] k = t.byKind.computeIfAbsent(kind, x -> new int[2]);
        List<Error> schemaErrors = oasis.validate(o);
        List<Violation> ours = concord.validate(o);
        boolean schemaValid = schemaErrors.isEmpty(), concordValid = ours.isEmpty();
        if (concordValid) k[0]++; else k[1]++;
        if (schemaValid == concordValid) {
            if (schemaValid) t.agreeValid++; else t.agreeInvalid++;
            return;
        }
        if (schemaValid) {
            // Concord stricter: every violation must be an extra rule or a documented gap
            List<String> reasons = new ArrayList<>();
            for (Violation v : ours) {
                if (EXTRA_RULES.contains(v.rule())) {
                    reasons.add("rule " + v.rule());
                    continue;
                }
                Gap gap = GAPS.stream().filter(g -> g.covers.test(o, v)).findFirst().orElse(null);
                if (gap == null) {
                    t.disagreements.add(kind + ": schema-valid, Concord " + ours + " in " + o);
                    t.count(t.disagreeSignatures, "Concord stricter: " + o.path("type").asText() + " " + v.rule() + " " + v.pointer());
                    return;
                }
                reasons.add("gap: " + gap.name);
            }
            t.concordStricter++;
            for (String r : new java.util.TreeSet<>(reasons)) t.count(r.startsWith("rule") ? t.extra : t.gaps, r);
        } else {
            Quirk quirk = QUIRKS.stream().filter(q -> q.covers.test(o, schemaErrors)).findFirst().orElse(null);
            if (quirk == null) {
                t.disagreements.add(kind + ": Concord-valid, schema " + schemaErrors + " in " + o);
                t.count(t.disagreeSignatures, "schema stricter: " + o.path("type").asText() + " " + schemaErrors.get(0));
            } else {
                t.schemaStricter++;
                t.count(t.quirks, quirk.name);
            }
        }
    }

    private static void report(String title, Tally t) {
        StringBuilder sb = new StringBuilder("\n=== Schema agreement: ").append(title).append(" ===\n");
        sb.append(String.format("objects %d, agree %d (both valid %d, both invalid %d); explained differences: Concord stricter %d, schema stricter %d; unexplained %d%n",
                t.objects, t.agreeValid + t.agreeInvalid, t.agreeValid, t.agreeInvalid,
                t.concordStricter, t.schemaStricter, t.disagreements.size()));
        t.extra.forEach((r, n) -> sb.append(String.format("  Concord-only %-70s %6d%n", r, n)));
        t.gaps.forEach((r, n) -> sb.append(String.format("  spec > schema, %-68s %6d%n", r, n)));
        t.quirks.forEach((r, n) -> sb.append(String.format("  schema > spec, %-68s %6d%n", r, n)));
        if (t.byKind.size() > 1) {
            sb.append("  by mutation (Concord valid / invalid):\n");
            t.byKind.forEach((kind, c) -> sb.append(String.format("    %-28s %5d / %5d%n", kind, c[0], c[1])));
        }
        t.disagreeSignatures.forEach((r, n) -> sb.append(String.format("  DISAGREEMENT %s  x%d%n", abbreviate(r), n)));
        t.disagreements.stream().limit(3).forEach(d -> sb.append("  DISAGREE ").append(abbreviate(d)).append('\n'));
        System.out.println(sb);
    }

    private static int sum(Map<String, Integer> m) {
        return m.values().stream().mapToInt(Integer::intValue).sum();
    }

    private static String abbreviate(String s) {
        return s.length() > 900 ? s.substring(0, 900) + "..." : s;
    }

    static String topProperty(String pointer) {
        if (pointer.isEmpty()) return "";
        int end = pointer.indexOf('/', 1);
        return pointer.substring(1, end < 0 ? pointer.length() : end);
    }

    static boolean hasLangOnlyMarking(JsonNode o) {
        for (JsonNode m : o.path("granular_markings")) if (m.has("lang") && !m.has("marking_ref")) return true;
        return false;
    }

    static boolean hasBorrowedCveId(JsonNode o) {
        for (JsonNode r : o.path("external_references")) {
            String source = r.path("source_name").asText(), id = r.path("external_id").asText();
            if (!source.equals("cve") && !source.equals("capec") && (CommonProps.isCveId(id) || CommonProps.isCapecId(id))) {
                return true;
            }
        }
        return false;
    }

    static List<ObjectNode> objects(Path file) throws IOException {
        JsonNode root = MAPPER.readTree(file.toFile());
        List<ObjectNode> out = new ArrayList<>();
        if (root.has("objects") && root.get("objects").isArray()) {
            root.get("objects").forEach(o -> out.add((ObjectNode) o));
        } else {
            out.add((ObjectNode) root);
        }
        return out;
    }

    /** Up to {@code perType} objects of each type, chosen by {@code random}. */
    static List<ObjectNode> sample(List<ObjectNode> all, int perType, Random random) {
        Map<String, List<ObjectNode>> byType = new TreeMap<>();
        for (ObjectNode o : all) byType.computeIfAbsent(o.path("type").asText(), x -> new ArrayList<>()).add(o);
        List<ObjectNode> out = new ArrayList<>();
        for (List<ObjectNode> list : byType.values()) {
            List<ObjectNode> copy = new ArrayList<>(list);
            Collections.shuffle(copy, random);
            out.addAll(copy.subList(0, Math.min(perType, copy.size())));
        }
        return out;
    }
}
