package org.concord.stix;

import static org.concord.stix.Props.BOOLEAN;
import static org.concord.stix.Props.HEX;
import static org.concord.stix.Props.BINARY;
import static org.concord.stix.Props.STRING;
import static org.concord.stix.Props.STRINGS;
import static org.concord.stix.Props.TIMESTAMP_MILLIS;
import static org.concord.stix.Props.URL;
import static org.concord.stix.Props.atLeastOne;
import static org.concord.stix.Props.embedded;
import static org.concord.stix.Props.dictionaryOf;
import static org.concord.stix.Props.enumOf;
import static org.concord.stix.Props.exclusive;
import static org.concord.stix.Props.format;
import static org.concord.stix.Props.integer;
import static org.concord.stix.Props.kind;
import static org.concord.stix.Props.list;
import static org.concord.stix.Props.only;
import static org.concord.stix.Props.ref;
import static org.concord.stix.Props.refs;
import static org.concord.stix.Props.shape;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.concord.stix.Props.Constraint;
import org.concord.stix.Props.Field;
import org.concord.stix.Props.Prop;
import org.concord.stix.Props.Shape;
import org.concord.stix.Props.Target;

/**
 * The common data types (§2) and common properties (§3.2) every STIX object shares: external
 * references, kill chain phases, granular markings, hashes, extensions, and the property sets of
 * SDOs/SROs and of SCOs.
 */
final class CommonProps {
    private CommonProps() {}

    /** STIX Domain Object types (§4). */
    static final Set<String> SDO_TYPES = Set.of("attack-pattern", "campaign", "course-of-action", "grouping",
            "identity", "incident", "indicator", "infrastructure", "intrusion-set", "location", "malware",
            "malware-analysis", "note", "observed-data", "opinion", "report", "threat-actor", "tool",
            "vulnerability");

    /** STIX Cyber-observable Object types (§6). */
    static final Set<String> SCO_TYPES = Set.of("artifact", "autonomous-system", "directory", "domain-name",
            "email-addr", "email-message", "file", "ipv4-addr", "ipv6-addr", "mac-addr", "mutex",
            "network-traffic", "process", "software", "url", "user-account", "windows-registry-key",
            "x509-certificate");

    /** STIX Relationship Object types (§5). */
    static final Set<String> SRO_TYPES = Set.of("relationship", "sighting");

    /** Meta objects (§7) and the bundle (§8): never the subject of a relationship. */
    static final Set<String> META_TYPES = Set.of("marking-definition", "language-content", "extension-definition", "bundle");

    /** Property names the OASIS core schemas refuse on every object (reserved names from STIX 2.0 and the 2.1 drafts). */
    static final Set<String> RESERVED = Set.of("severity", "action", "username", "phone_numbers");

    // ---- reference targets ----

    static final Target IDENTITY = only("identity");
    static final Target MARKING = only("marking-definition");
    static final Target SOFTWARE = only("software");

    /** An SDO or SCO (or a custom object): anything but an SRO or meta object (§5.1 source_ref). */
    static final Target SDO_OR_SCO = new Target("an SDO or SCO",
            t -> !SRO_TYPES.contains(t) && !META_TYPES.contains(t));

    /** An SDO (or a custom object): sighting_of_ref (§5.2). */
    static final Target SDO = new Target("an SDO",
            t -> !SRO_TYPES.contains(t) && !META_TYPES.contains(t) && !SCO_TYPES.contains(t));

    /** An SCO (or a custom object). */
    static final Target SCO = new Target("an SCO",
            t -> !SRO_TYPES.contains(t) && !META_TYPES.contains(t) && !SDO_TYPES.contains(t));

    /** An SCO or SRO (or a custom object): observed-data object_refs (§4.14). */
    static final Target SCO_OR_SRO = new Target("an SCO or SRO",
            t -> !META_TYPES.contains(t) && !SDO_TYPES.contains(t));

    /** Any object but a bundle or language content (language-content object_ref, §7.1). */
    static final Target NOT_BUNDLE_OR_LANGUAGE = new Target("an object other than a bundle or language content",
            t -> !t.equals("bundle") && !t.equals("language-content"));

    // ---- common data types ----

    static final Shape KILL_CHAIN_PHASE = shape()
            .req("kill_chain_name", STRING)
            .req("phase_name", STRING)
            .build();

    static final Prop KILL_CHAIN_PHASES = list(embedded(KILL_CHAIN_PHASE));

    /** hash-algorithm-ov and the form each algorithm's value takes. */
    private static final Map<String, java.util.function.Predicate<String>> HASH_FORMS = Map.of(
            "MD5", s -> Values.isHexOfLength(s, 32),
            "SHA-1", s -> Values.isHexOfLength(s, 40),
            "SHA-256", s -> Values.isHexOfLength(s, 64),
            "SHA-512", s -> Values.isHexOfLength(s, 128),
            "SHA3-256", s -> Values.isHexOfLength(s, 64),
            "SHA3-512", s -> Values.isHexOfLength(s, 128),
            "SSDEEP", CommonProps::isSsdeep,
            // 70 hex digits, or 72 with the "T1" version prefix of TLSH 4
            "TLSH", s -> Values.isHexOfLength(s, 70) || (s.startsWith("T1") && Values.isHexOfLength(s.substring(2), 70)));

    /** The hashes type (§2.6); with {@code vocabularyOnly}, keys must come from hash-algorithm-ov. */
    static Prop hashes(boolean vocabularyOnly) {
        return dictionaryOf("a hashes dictionary", (key, value, kp, f) -> {
            var form = HASH_FORMS.get(key);
            if (form == null && vocabularyOnly) {
                f.add(kp, "enum", "hash algorithm must be one of hash-algorithm-ov (MD5, SHA-1, SHA-256, SHA-512, "
                        + "SHA3-256, SHA3-512, SSDEEP, TLSH): " + Values.show(key));
            } else if (form == null && !Values.isDictionaryKey(key, 3)) {
                f.add(kp, "property-name", "custom hash name must be 3-250 ASCII letters, digits, '_' or '-': "
                        + Values.show(key));
            } else if (!value.isTextual()) {
                f.add(kp, "type", "hash value must be a string, not " + kind(value));
            } else if (form != null && !form.test(value.textValue())) {
                f.add(kp, "format", "is not a valid " + key + " value: " + Values.show(value.textValue()));
            }
        });
    }

    private static boolean isSsdeep(String s) {
        int n = s.length();
        if (n < 1 || n > 128) return false;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || "/+:.".indexOf(c) >= 0)) {
                return false;
            }
        }
        return true;
    }

    /** cve and capec references must carry the matching identifier (§2.4). */
    private static final Constraint CVE_CAPEC = (o, p, f) -> {
        JsonNode source = o.get("source_name");
        if (source == null || !source.isTextual()) return;
        String name = source.textValue();
        boolean cve = name.equals("cve");
        if (!cve && !name.equals("capec")) return;
        JsonNode id = o.get("external_id");
        if (id == null) {
            f.add(p + "/external_id", "required", "external_id is required when source_name is " + name);
        } else if (id.isTextual() && !(cve ? isCveId(id.textValue()) : isCapecId(id.textValue()))) {
            f.add(p + "/external_id", "format", "must be a" + (cve ? " CVE identifier (CVE-YYYY-NNNN)" : " CAPEC identifier (CAPEC-N)")
                    + " when source_name is " + name + ": " + Values.show(id.textValue()));
        }
    };

    /** §2.4: besides source_name, at least one of description, url, external_id. */
    private static final Constraint DESCRIBED = atLeastOne("description", "url", "external_id");

    static final Shape EXTERNAL_REFERENCE = shape()
            .req("source_name", STRING)
            .opt("description", STRING)
            .opt("url", URL)
            .opt("hashes", hashes(true))
            .opt("external_id", STRING)
            .rule(CVE_CAPEC, (o, p, f) -> {
                JsonNode s = o.get("source_name");
                boolean cveOrCapec = s != null && (s.asText().equals("cve") || s.asText().equals("capec"));
                if (!cveOrCapec) DESCRIBED.check(o, p, f);
            })
            .build();

    /** CVE-YYYY-NNNN: four digits, or more without a leading zero. */
    static boolean isCveId(String s) {
        if (!s.startsWith("CVE-") || s.length() < 13 || s.charAt(8) != '-') return false;
        for (int i = 4; i < s.length(); i++) {
            char c = s.charAt(i);
            if (i != 8 && (c < '0' || c > '9')) return false;
        }
        return s.length() == 13 || s.charAt(9) != '0';
    }

    static boolean isCapecId(String s) {
        if (!s.startsWith("CAPEC-") || s.length() == 6) return false;
        for (int i = 6; i < s.length(); i++) if (s.charAt(i) < '0' || s.charAt(i) > '9') return false;
        return true;
    }

    static final Shape GRANULAR_MARKING = shape()
            .req("selectors", list(format(CommonProps::isSelector, "a selector (property[.property|.[index]]...)")))
            .opt("lang", STRING)
            .opt("marking_ref", ref(MARKING))
            // §7.2.3: exactly one of marking_ref and lang
            .rule(atLeastOne("marking_ref", "lang"), exclusive("marking_ref", "lang"))
            .build();

    /** Selector syntax (§7.2.3.1): a property name, then ".name" or ".[index]" steps. */
    static boolean isSelector(String s) {
        if (s.equals("id")) return true;
        int n = s.length();
        int end = s.indexOf('.');
        if (end < 0) end = n;
        if (end < 3 || end > 249 || !selectorName(s, 0, end)) return false;
        int i = end;
        while (i < n) {
            int next = s.indexOf('.', i + 1);
            if (next < 0) next = n;
            int from = i + 1;
            if (from == next) return false;
            if (s.charAt(from) == '[') {
                if (next - from < 3 || s.charAt(next - 1) != ']') return false;
                for (int k = from + 1; k < next - 1; k++) if (s.charAt(k) < '0' || s.charAt(k) > '9') return false;
            } else if (next - from > 250 || !selectorName(s, from, next)) {
                return false;
            }
            i = next;
        }
        return true;
    }

    private static boolean selectorName(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) return false;
        }
        return true;
    }

    // ---- extensions (§7.3) ----

    private static final Prop EXTENSION_TYPE = enumOf("new-sdo", "new-sco", "new-sro", "property-extension",
            "toplevel-property-extension");

    private static final Prop TLP2_LEVEL = enumOf("clear", "green", "amber", "amber+strict", "red");

    /**
     * The extensions dictionary: keys are extension-definition identifiers (values then carry an
     * extension_type) or, unless {@code definitionsOnly}, predefined/custom names ending in "-ext",
     * whose body {@code predefined} may describe.
     */
    static Prop extensions(Map<String, Shape> predefined, boolean definitionsOnly) {
        return dictionaryOf("a dictionary of extensions", (key, body, kp, f) -> {
            boolean definition = key.startsWith("extension-definition--") && Values.isIdentifier(key);
            boolean named = !definitionsOnly && key.endsWith("-ext") && Values.isTypeName(key);
            if (!definition && !named) {
                f.add(kp, "extension", (definitionsOnly ? "extension key must be an extension-definition identifier: "
                        : "extension key must be an extension-definition identifier or a name ending in -ext: ") + Values.show(key));
                return;
            }
            if (!body.isObject()) {
                f.add(kp, "type", "extension must be an object, not " + kind(body));
                return;
            }
            if (body.isEmpty()) {
                f.add(kp, "empty", "extension must not be an empty object");
                return;
            }
            Shape known = definition ? null : predefined.get(key);
            checkProperties(body, kp, f, known == null ? Map.of() : known.fields);
            if (known != null) known.checkRequiredAndConstraints(body, kp, f);
            if (definition) {
                JsonNode type = body.get("extension_type");
                if (type == null) {
                    f.add(kp + "/extension_type", "required", "extension_type is required in an extension-definition extension");
                } else {
                    EXTENSION_TYPE.check(type, kp + "/extension_type", f);
                }
                if (key.equals(Tlp.EXTENSION_ID)) {
                    JsonNode level = body.get("tlp_2_0");
                    if (level == null) {
                        f.add(kp + "/tlp_2_0", "required", "tlp_2_0 is required in the TLP 2.0 extension");
                    } else {
                        TLP2_LEVEL.check(level, kp + "/tlp_2_0", f);
                    }
                }
            }
        });
    }

    /**
     * Checks every property of {@code o}: known ones by their table entry, the rest by the rules for
     * custom properties (§11.1: property names; §2.1/§2.7: names ending _bin/_hex hold binary/hex;
     * no null values or empty lists).
     */
    static void checkProperties(JsonNode o, String p, Findings f, Map<String, Field> known) {
        Iterator<Map.Entry<String, JsonNode>> it = o.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            Field field = known.get(name);
            if (field != null) {
                Props.checkAt(field.prop(), e.getValue(), p, field.pointer(), f);
                continue;
            }
            String np = p + "/" + Values.pointerToken(name);
            JsonNode value = e.getValue();
            if (!Values.isPropertyName(name)) {
                f.add(np, "property-name", "property name must be 3-250 characters of a-z, 0-9 and '_', starting with a letter: "
                        + Values.show(name));
            } else if (RESERVED.contains(name)) {
                f.add(np, "reserved-property", name + " is a reserved property name and must not be used");
            } else if (name.endsWith("_bin")) {
                BINARY.check(value, np, f);
                continue;
            } else if (name.endsWith("_hex")) {
                HEX.check(value, np, f);
                continue;
            }
            Props.checkValue(value, np, f);
        }
    }

    // ---- property sets ----

    /** spec_version: this validator reads STIX 2.1 (§3.2: "MUST be 2.1"). */
    static final Prop SPEC_VERSION = (v, p, f) -> {
        if (!v.isTextual()) {
            f.add(p, "type", "must be a string, not " + kind(v));
        } else if (v.textValue().equals("2.0")) {
            f.add(p, "spec-version", "must be 2.1: STIX 2.0 content is not STIX 2.1 content");
        } else if (!v.textValue().equals("2.1")) {
            f.add(p, "enum", "must be 2.1: " + Values.show(v.textValue()));
        }
    };

    /** The id is checked by the validator itself (format, prefix); listed so it is not custom. */
    static final Prop CHECKED_ELSEWHERE = (v, p, f) -> {};

    /** Common properties of SDOs, SROs, language content and extension definitions (§3.2). */
    static final Shape DOMAIN_COMMON = shape()
            .req("type", CHECKED_ELSEWHERE)
            .req("spec_version", SPEC_VERSION)
            .req("id", CHECKED_ELSEWHERE)
            .opt("created_by_ref", ref(IDENTITY))
            .req("created", TIMESTAMP_MILLIS)
            .req("modified", TIMESTAMP_MILLIS)
            .opt("revoked", BOOLEAN)
            .opt("labels", STRINGS)
            .opt("confidence", integer(0, 100))
            .opt("lang", STRING)
            .opt("external_references", list(embedded(EXTERNAL_REFERENCE)))
            .opt("object_marking_refs", refs(MARKING))
            .opt("granular_markings", list(embedded(GRANULAR_MARKING)))
            .opt("extensions", extensions(Map.of(), false))
            .build();

    /** Common properties of SCOs (§6.1). */
    static Shape observableCommon(Map<String, Shape> predefinedExtensions) {
        return shape()
                .req("type", CHECKED_ELSEWHERE)
                .req("id", CHECKED_ELSEWHERE)
                .opt("spec_version", SPEC_VERSION)
                .opt("object_marking_refs", refs(MARKING))
                .opt("granular_markings", list(embedded(GRANULAR_MARKING)))
                .opt("defanged", BOOLEAN)
                .opt("extensions", extensions(predefinedExtensions, false))
                .build();
    }
}
