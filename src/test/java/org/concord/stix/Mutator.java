package org.concord.stix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;

/**
 * Makes (mostly) invalid variants of valid STIX objects, deterministically from a seeded
 * {@link Random}: one mutation per variant, named so that the agreement report can count them.
 * Which properties are required comes from the OASIS schemas themselves ({@code requiredOf}).
 */
final class Mutator {
    /** A variant and the mutation that made it. */
    record Mutant(String kind, ObjectNode object) {}

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    /** Enumerated properties, per type, and a value outside each enumeration. */
    private static final Map<String, List<String>> ENUMS = Map.of(
            "opinion", List.of("opinion"),
            "artifact", List.of("encryption_algorithm"),
            "extension-definition", List.of("extension_types"),
            "malware", List.of("is_family"));

    private final Random random;
    private final Function<String, Set<String>> requiredOf;

    Mutator(long seed, Function<String, Set<String>> requiredOf) {
        this.random = new Random(seed);
        this.requiredOf = requiredOf;
    }

    /** {@code count} variants of {@code seed}, each from one applicable mutation. */
    List<Mutant> mutate(ObjectNode seed, int count) {
        List<Mutant> out = new ArrayList<>();
        for (int attempt = 0; out.size() < count && attempt < count * 4; attempt++) {
            ObjectNode copy = seed.deepCopy();
            String kind = apply(copy);
            if (kind != null) out.add(new Mutant(kind, copy));
        }
        return out;
    }

    private String apply(ObjectNode o) {
        return switch (random.nextInt(21)) {
            case 0, 1 -> dropRequired(o);
            case 2, 3 -> wrongJsonType(o);
            case 4 -> badId(o);
            case 5 -> badTimestamp(o);
            case 6 -> confidence(o);
            case 7 -> badEnum(o);
            case 8 -> emptyList(o);
            case 9 -> badRef(o);
            case 10 -> modifiedBeforeCreated(o);
            case 11 -> nullValue(o);
            case 12 -> badExternalReference(o);
            case 13 -> badKillChainPhase(o);
            case 14 -> bigInteger(o);
            case 15 -> badPropertyName(o);
            case 16 -> customProperty(o);
            case 17 -> granularMarking(o);
            case 18 -> badHash(o);
            case 19 -> badPattern(o);
            default -> wrongType(o);
        };
    }

    private String dropRequired(ObjectNode o) {
        List<String> present = new ArrayList<>();
        for (String r : requiredOf.apply(o.path("type").asText())) if (o.has(r)) present.add(r);
        if (present.isEmpty()) return null;
        o.remove(pick(present));
        return "drop-required";
    }

    private String wrongJsonType(ObjectNode o) {
        String name = pick(names(o));
        JsonNode v = o.get(name);
        JsonNode replacement = switch (v.getNodeType()) {
            case STRING -> JSON.numberNode(42);
            case NUMBER -> JSON.textNode("42");
            case BOOLEAN -> JSON.textNode("true");
            case ARRAY -> JSON.textNode(v.size() > 0 ? v.get(0).asText() : "x");
            case OBJECT -> JSON.arrayNode().add("x");
            default -> JSON.textNode("x");
        };
        o.set(name, replacement);
        return "wrong-json-type";
    }

    private String badId(ObjectNode o) {
        String id = o.path("id").asText();
        if (id.length() < 40) return null;
        int sep = id.length() - 36;
        String type = id.substring(0, sep - 2), uuid = id.substring(sep);
        String bad = switch (random.nextInt(6)) {
            case 0 -> type + "--" + uuid.substring(0, 14) + "0" + uuid.substring(15); // version 0
            case 1 -> type + "--" + uuid.substring(0, 19) + "c" + uuid.substring(20); // variant 110x
            case 2 -> type + "-" + uuid;
            case 3 -> (type.equals("malware") ? "tool" : "malware") + "--" + uuid; // another type's prefix
            case 4 -> type.toUpperCase() + "--" + uuid;
            default -> type + "--" + uuid.substring(0, 35) + "g";
        };
        o.put("id", bad);
        return "bad-id";
    }

    private String badTimestamp(ObjectNode o) {
        List<String> stamps = new ArrayList<>();
        for (String n : names(o)) if (o.get(n).isTextual() && StixTimestamp.isValid(o.get(n).asText())) stamps.add(n);
        if (stamps.isEmpty()) return null;
        String[] bad = {"2020-13-01T00:00:00.000Z", "2020-01-01 00:00:00.000Z", "2020-01-01T00:00:00.000",
                "2020-01-01T24:00:00.000Z", "2020-01-01T00:00:00Z", "2021-02-30T00:00:00.000Z", "yesterday",
                "2020-01-01T00:00:00.000+01:00"};
        o.put(pick(stamps), bad[random.nextInt(bad.length)]);
        return "bad-timestamp";
    }

    private String confidence(ObjectNode o) {
        if (o.has("spec_version") && !o.has("created")) return null;
        switch (random.nextInt(5)) {
            case 0 -> o.put("confidence", -1);
            case 1 -> o.put("confidence", 101);
            case 2 -> o.put("confidence", 55);
            case 3 -> o.put("confidence", 3.5);
            default -> o.put("confidence", "50");
        }
        return "confidence";
    }

    private String badEnum(ObjectNode o) {
        List<String> props = new ArrayList<>(ENUMS.getOrDefault(o.path("type").asText(), List.of()));
        props.add("spec_version");
        props.removeIf(p -> !o.has(p));
        if (props.isEmpty()) return null;
        String p = pick(props);
        switch (p) {
            case "spec_version" -> o.put(p, random.nextBoolean() ? "2.2" : "2.0");
            case "extension_types" -> o.set(p, JSON.arrayNode().add("new-thing"));
            case "is_family" -> o.put(p, "yes");
            default -> o.put(p, "not-a-listed-value");
        }
        return "bad-enum";
    }

    private String emptyList(ObjectNode o) {
        List<String> lists = new ArrayList<>();
        for (String n : names(o)) if (o.get(n).isArray()) lists.add(n);
        if (lists.isEmpty()) return null;
        o.set(pick(lists), JSON.arrayNode());
        return "empty-list";
    }

    private String badRef(ObjectNode o) {
        List<String> refs = new ArrayList<>();
        for (String n : names(o)) if (n.endsWith("_ref") || n.endsWith("_refs")) refs.add(n);
        if (refs.isEmpty()) return null;
        String name = pick(refs);
        String[] bad = {"not-an-identifier", "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9",
                "identity--c78cb6e5-0c4b-4611-8297-d1b8b55e40b", "relationship--2f9a3d9e-6f1c-4a8b-9d0e-1b2c3d4e5f60",
                "observed-data--0b7a8a4e-1c3d-4e5f-8a9b-0c1d2e3f4a5b", "x-acme-thing--0b7a8a4e-1c3d-4e5f-8a9b-0c1d2e3f4a5b"};
        String value = bad[random.nextInt(bad.length)];
        if (o.get(name).isArray() && o.get(name).size() > 0) {
            ((ArrayNode) o.get(name)).set(random.nextInt(o.get(name).size()), JSON.textNode(value));
        } else {
            o.put(name, value);
        }
        return "bad-ref";
    }

    private String modifiedBeforeCreated(ObjectNode o) {
        if (!o.has("created") || !o.has("modified")) return null;
        o.put("modified", "1999-12-31T23:59:59.999Z");
        return "modified-before-created";
    }

    private String nullValue(ObjectNode o) {
        o.putNull(pick(names(o)));
        return "null-value";
    }

    private String badExternalReference(ObjectNode o) {
        JsonNode refs = o.get("external_references");
        if (refs == null || !refs.isArray() || refs.isEmpty()) return null;
        ObjectNode ref = (ObjectNode) refs.get(random.nextInt(refs.size()));
        switch (random.nextInt(6)) {
            case 0 -> ref.remove("source_name");
            case 1 -> ref.put("url", "not a url");
            case 2 -> ref.putObject("hashes").put("MD5", "1234");
            case 3 -> {
                ref.remove("url");
                ref.remove("external_id");
                ref.remove("description");
            }
            case 4 -> ref.put("source_name", "cve").put("external_id", "CVE-20-1");
            default -> ref.putObject("hashes").put("SHA-256", "a".repeat(64));
        }
        return "external-reference";
    }

    private String badKillChainPhase(ObjectNode o) {
        JsonNode phases = o.get("kill_chain_phases");
        if (phases == null || !phases.isArray() || phases.isEmpty()) return null;
        ((ObjectNode) phases.get(0)).remove(random.nextBoolean() ? "phase_name" : "kill_chain_name");
        return "kill-chain-phase";
    }

    private String bigInteger(ObjectNode o) {
        o.put("x_acme_counter", new BigInteger("9007199254740993"));
        return "big-integer";
    }

    private String badPropertyName(ObjectNode o) {
        String[] names = {"Bad-Name", "x", "1abc", "severity", "with space"};
        o.put(names[random.nextInt(names.length)], "value");
        return "property-name";
    }

    private String customProperty(ObjectNode o) {
        o.put("x_acme_note", "custom properties are allowed");
        o.putArray("x_acme_tags").add("a").add("b");
        return "custom-property";
    }

    private String granularMarking(ObjectNode o) {
        ArrayNode markings = o.putArray("granular_markings");
        ObjectNode m = markings.addObject();
        switch (random.nextInt(5)) {
            case 0 -> m.putArray("selectors").add("no_such_property");
            case 1 -> m.putArray("selectors").add("Bad Selector");
            case 2 -> m.putArray("selectors").add("type");
            case 3 -> m.putArray("selectors");
            default -> m.putArray("selectors").add("id");
        }
        int target = random.nextInt(6);
        if (target == 0) {
            m.put("marking_ref", "identity--c78cb6e5-0c4b-4611-8297-d1b8b55e40b5");
        } else if (target == 1) {
            m.put("lang", "de"); // §7.2.3 allows lang instead of marking_ref
        } else {
            m.put("marking_ref", "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9");
        }
        return "granular-marking";
    }

    private String badHash(ObjectNode o) {
        JsonNode hashes = o.get("hashes");
        if (hashes == null || !hashes.isObject()) return null;
        ((ObjectNode) hashes).put(random.nextBoolean() ? "MD5" : "SHA-256", "0123");
        return "bad-hash";
    }

    private String badPattern(ObjectNode o) {
        if (!o.has("pattern")) return null;
        String[] bad = {"[ipv4-addr:value = ]", "ipv4-addr:value = '1.2.3.4'", "[ipv4-addr:value = '1.2.3.4'] AND",
                "[file:hashes.MD5 = 'x'] WITHIN -5 SECONDS", "[Bad Type:value = 'x']"};
        o.put("pattern", random.nextInt(4) == 0 ? o.get("pattern").asText() + " OR" : bad[random.nextInt(bad.length)]);
        return "bad-pattern";
    }

    private String wrongType(ObjectNode o) {
        String[] types = {"x-acme-other", "indicator", "Bad_Type", "ab"};
        o.put("type", types[random.nextInt(types.length)]);
        return "wrong-type";
    }

    private List<String> names(ObjectNode o) {
        List<String> names = new ArrayList<>();
        Iterator<String> it = o.fieldNames();
        while (it.hasNext()) names.add(it.next());
        return names;
    }

    private <T> T pick(List<T> list) {
        return list.get(random.nextInt(list.size()));
    }
}
