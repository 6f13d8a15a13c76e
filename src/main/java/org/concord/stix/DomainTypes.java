package org.concord.stix;

import static org.concord.stix.CommonProps.DOMAIN_COMMON;
import static org.concord.stix.CommonProps.EXTERNAL_REFERENCE;
import static org.concord.stix.CommonProps.GRANULAR_MARKING;
import static org.concord.stix.CommonProps.IDENTITY;
import static org.concord.stix.CommonProps.KILL_CHAIN_PHASES;
import static org.concord.stix.CommonProps.MARKING;
import static org.concord.stix.CommonProps.SPEC_VERSION;
import static org.concord.stix.CommonProps.CHECKED_ELSEWHERE;
import static org.concord.stix.Props.BOOLEAN;
import static org.concord.stix.Props.DICT;
import static org.concord.stix.Props.NUMBER;
import static org.concord.stix.Props.STRING;
import static org.concord.stix.Props.STRINGS;
import static org.concord.stix.Props.TIMESTAMP;
import static org.concord.stix.Props.TIMESTAMP_MILLIS;
import static org.concord.stix.Props.atLeastOne;
import static org.concord.stix.Props.dependency;
import static org.concord.stix.Props.embedded;
import static org.concord.stix.Props.enumOf;
import static org.concord.stix.Props.exclusive;
import static org.concord.stix.Props.format;
import static org.concord.stix.Props.integer;
import static org.concord.stix.Props.kind;
import static org.concord.stix.Props.list;
import static org.concord.stix.Props.number;
import static org.concord.stix.Props.only;
import static org.concord.stix.Props.ref;
import static org.concord.stix.Props.refs;
import static org.concord.stix.Props.shape;
import static org.concord.stix.Props.timeOrder;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.concord.stix.Props.Constraint;
import org.concord.stix.Props.Prop;
import org.concord.stix.Props.ShapeBuilder;
import org.concord.stix.TypeDef.Family;

/**
 * The type table for STIX Domain Objects (§4), Relationship Objects (§5) and meta objects (§7):
 * each type's own properties and rules on top of the common ones.
 */
final class DomainTypes {
    private DomainTypes() {}

    private static final Prop ANY_REFS = refs(null);
    private static final Prop RELATIONSHIP_TYPE = format(DomainTypes::isRelationshipType,
            "lowercase ASCII letters, digits and hyphens");

    /**
     * The rows for SDOs, SROs and meta objects. {@code observedObjects} checks the deprecated
     * observed-data {@code objects} dictionary, whose values are SCOs.
     */
    static Map<String, TypeDef> table(Prop observedObjects) {
        Map<String, TypeDef> t = new HashMap<>();
        sdo(t, "attack-pattern", s -> s.req("name", STRING).opt("description", STRING).opt("aliases", STRINGS)
                .opt("kill_chain_phases", KILL_CHAIN_PHASES));
        sdo(t, "campaign", s -> s.req("name", STRING).opt("description", STRING).opt("aliases", STRINGS)
                .opt("first_seen", TIMESTAMP).opt("last_seen", TIMESTAMP).opt("objective", STRING)
                .rule(timeOrder("first_seen", "last_seen", false)));
        sdo(t, "course-of-action", s -> s.req("name", STRING).opt("description", STRING));
        sdo(t, "grouping", s -> s.opt("name", STRING).opt("description", STRING).req("context", STRING)
                .req("object_refs", ANY_REFS));
        sdo(t, "identity", s -> s.req("name", STRING).opt("description", STRING).opt("roles", STRINGS)
                .opt("identity_class", STRING).opt("sectors", STRINGS).opt("contact_information", STRING));
        sdo(t, "incident", s -> s.req("name", STRING).opt("description", STRING)
                .opt("kill_chain_phases", KILL_CHAIN_PHASES));
        sdo(t, "indicator", s -> s.opt("name", STRING).opt("description", STRING).opt("indicator_types", STRINGS)
                .req("pattern", STRING).req("pattern_type", STRING).opt("pattern_version", STRING)
                .req("valid_from", TIMESTAMP).opt("valid_until", TIMESTAMP).opt("kill_chain_phases", KILL_CHAIN_PHASES)
                // §4.7: valid_until MUST be greater than valid_from
                .rule(timeOrder("valid_from", "valid_until", true)));
        sdo(t, "infrastructure", s -> s.req("name", STRING).opt("description", STRING)
                .opt("infrastructure_types", STRINGS).opt("aliases", STRINGS).opt("kill_chain_phases", KILL_CHAIN_PHASES)
                .opt("first_seen", TIMESTAMP).opt("last_seen", TIMESTAMP)
                .rule(timeOrder("first_seen", "last_seen", false)));
        sdo(t, "intrusion-set", s -> s.req("name", STRING).opt("description", STRING).opt("aliases", STRINGS)
                .opt("first_seen", TIMESTAMP).opt("last_seen", TIMESTAMP).opt("goals", STRINGS)
                .opt("resource_level", STRING).opt("primary_motivation", STRING).opt("secondary_motivations", STRINGS)
                .rule(timeOrder("first_seen", "last_seen", false)));
        sdo(t, "location", s -> s.opt("name", STRING).opt("description", STRING)
                .opt("latitude", number(-90, 90)).opt("longitude", number(-180, 180)).opt("precision", NUMBER)
                .opt("region", STRING).opt("country", STRING).opt("administrative_area", STRING).opt("city", STRING)
                .opt("street_address", STRING).opt("postal_code", STRING)
                .rule(LOCATION_PRESENCE, dependency("latitude", "longitude"), dependency("longitude", "latitude"),
                        dependency("precision", "latitude"), dependency("precision", "longitude")));
        sdo(t, "malware", s -> s.opt("name", STRING).opt("description", STRING).opt("malware_types", STRINGS)
                .req("is_family", BOOLEAN).opt("aliases", STRINGS).opt("kill_chain_phases", KILL_CHAIN_PHASES)
                .opt("first_seen", TIMESTAMP).opt("last_seen", TIMESTAMP)
                .opt("operating_system_refs", refs(CommonProps.SOFTWARE))
                .opt("architecture_execution_envs", STRINGS).opt("implementation_languages", STRINGS)
                .opt("capabilities", STRINGS).opt("sample_refs", refs(only("artifact", "file")))
                .rule(timeOrder("first_seen", "last_seen", false), FAMILY_NEEDS_NAME));
        sdo(t, "malware-analysis", s -> s.req("product", STRING).opt("version", STRING)
                .opt("host_vm_ref", ref(CommonProps.SOFTWARE)).opt("operating_system_ref", ref(CommonProps.SOFTWARE))
                .opt("installed_software_refs", refs(CommonProps.SOFTWARE)).opt("configuration_version", STRING)
                .opt("modules", STRINGS).opt("analysis_engine_version", STRING).opt("analysis_definition_version", STRING)
                .opt("submitted", TIMESTAMP).opt("analysis_started", TIMESTAMP).opt("analysis_ended", TIMESTAMP)
                .opt("result_name", STRING).opt("result", STRING).opt("analysis_sco_refs", refs(CommonProps.SCO))
                .opt("sample_ref", ref(only("artifact", "file", "network-traffic")))
                .rule(atLeastOne("result", "analysis_sco_refs")));
        sdo(t, "note", s -> s.opt("abstract", STRING).req("content", STRING).opt("authors", STRINGS)
                .req("object_refs", ANY_REFS));
        sdo(t, "observed-data", s -> s.req("first_observed", TIMESTAMP).req("last_observed", TIMESTAMP)
                .req("number_observed", integer(1, 999_999_999)).opt("objects", observedObjects)
                .opt("object_refs", refs(CommonProps.SCO_OR_SRO))
                // §4.14: object_refs, or the deprecated objects, but not both
                .rule(atLeastOne("objects", "object_refs"), exclusive("objects", "object_refs"),
                        timeOrder("first_observed", "last_observed", false)));
        sdo(t, "opinion", s -> s.opt("explanation", STRING).opt("authors", STRINGS)
                .req("opinion", enumOf("strongly-disagree", "disagree", "neutral", "agree", "strongly-agree"))
                .req("object_refs", ANY_REFS));
        sdo(t, "report", s -> s.req("name", STRING).opt("description", STRING).opt("report_types", STRINGS)
                .req("published", TIMESTAMP).req("object_refs", ANY_REFS));
        sdo(t, "threat-actor", s -> s.req("name", STRING).opt("description", STRING)
                .opt("threat_actor_types", STRINGS).opt("aliases", STRINGS).opt("first_seen", TIMESTAMP)
                .opt("last_seen", TIMESTAMP).opt("roles", STRINGS).opt("goals", STRINGS).opt("sophistication", STRING)
                .opt("resource_level", STRING).opt("primary_motivation", STRING).opt("secondary_motivations", STRINGS)
                .opt("personal_motivations", STRINGS)
                .rule(timeOrder("first_seen", "last_seen", false)));
        sdo(t, "tool", s -> s.req("name", STRING).opt("description", STRING).opt("tool_types", STRINGS)
                .opt("aliases", STRINGS).opt("kill_chain_phases", KILL_CHAIN_PHASES).opt("tool_version", STRING));
        sdo(t, "vulnerability", s -> s.req("name", STRING).opt("description", STRING));

        sdo(t, "relationship", s -> s.req("relationship_type", RELATIONSHIP_TYPE).opt("description", STRING)
                .req("source_ref", ref(CommonProps.SDO_OR_SCO)).req("target_ref", ref(CommonProps.SDO_OR_SCO))
                .opt("start_time", TIMESTAMP).opt("stop_time", TIMESTAMP)
                // §5.1: stop_time MUST be later than start_time
                .rule(timeOrder("start_time", "stop_time", true)));
        sdo(t, "sighting", s -> s.opt("description", STRING).opt("first_seen", TIMESTAMP).opt("last_seen", TIMESTAMP)
                .opt("count", integer(0, 999_999_999)).req("sighting_of_ref", ref(CommonProps.SDO))
                .opt("observed_data_refs", refs(only("observed-data")))
                .opt("where_sighted_refs", refs(only("identity", "location"))).opt("summary", BOOLEAN)
                .rule(timeOrder("first_seen", "last_seen", false)));

        sdo(t, "language-content", s -> s.req("object_ref", ref(CommonProps.NOT_BUNDLE_OR_LANGUAGE))
                .opt("object_modified", TIMESTAMP).req("contents", DICT));
        sdo(t, "extension-definition", s -> s.req("created_by_ref", ref(IDENTITY)).req("name", STRING)
                .opt("description", STRING).req("schema", STRING).req("version", STRING)
                .req("extension_types", list(enumOf("new-sdo", "new-sco", "new-sro", "property-extension",
                        "toplevel-property-extension")))
                .opt("extension_properties", STRINGS)
                .rule(TOPLEVEL_PROPERTIES));
        t.put("marking-definition", new TypeDef("marking-definition", Family.MARKING, MARKING_DEFINITION));
        return Map.copyOf(t);
    }

    private static void sdo(Map<String, TypeDef> t, String type, UnaryOperator<ShapeBuilder> own) {
        t.put(type, new TypeDef(type, Family.DOMAIN, own.apply(shape().include(DOMAIN_COMMON)).build()));
    }

    static boolean isRelationshipType(String s) {
        if (s.isEmpty()) return false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
        }
        return true;
    }

    /** §4.10: region, country, or latitude and longitude. */
    private static final Constraint LOCATION_PRESENCE = (o, p, f) -> {
        if (!o.has("region") && !o.has("country") && !(o.has("latitude") && o.has("longitude"))) {
            f.add(p, "at-least-one", "a location needs region, country, or latitude and longitude");
        }
    };

    /** §4.11: a malware family must be named. */
    private static final Constraint FAMILY_NEEDS_NAME = (o, p, f) -> {
        JsonNode family = o.get("is_family");
        if (family != null && family.isBoolean() && family.booleanValue() && !o.has("name")) {
            f.add(p + "/name", "required", "name is required when is_family is true");
        }
    };

    /** §7.3: extension_properties only for toplevel-property-extension. */
    private static final Constraint TOPLEVEL_PROPERTIES = (o, p, f) -> {
        if (!o.has("extension_properties")) return;
        JsonNode types = o.get("extension_types");
        if (types != null && types.isArray()) {
            for (JsonNode t : types) if (t.asText().equals("toplevel-property-extension")) return;
        }
        f.add(p + "/extension_properties", "dependency",
                "extension_properties is only allowed when extension_types includes toplevel-property-extension");
    };

    // ---- marking definitions (§7.2) ----

    private record Tlp(String id, String name, String level) {}

    /** The four TLP 1.0 marking definitions, which must appear exactly as §7.2.1.4 gives them. */
    private static final List<Tlp> TLP1 = List.of(
            new Tlp("marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9", "TLP:WHITE", "white"),
            new Tlp("marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da", "TLP:GREEN", "green"),
            new Tlp("marking-definition--f88d31f6-486f-44da-b317-01333bde0b82", "TLP:AMBER", "amber"),
            new Tlp("marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed", "TLP:RED", "red"));

    private static final Set<String> TLP1_PROPERTIES =
            Set.of("type", "id", "spec_version", "name", "created", "definition", "definition_type");

    private static final Constraint MARKING_DEFINITION_BODY = (o, p, f) -> {
        JsonNode type = o.get("definition_type");
        JsonNode definition = o.get("definition");
        if (!o.has("extensions")) {
            if (type == null) f.add("/definition_type", "required", "definition_type is required without extensions");
            if (definition == null) f.add("/definition", "required", "definition is required without extensions");
        }
        if (definition != null && !definition.isObject()) {
            f.add("/definition", "type", "must be an object, not " + kind(definition));
            return;
        }
        if (type == null || !type.isTextual()) return;
        if (type.textValue().equals("statement")) {
            if (definition == null) {
                if (o.has("extensions")) f.add("/definition", "required", "definition is required when definition_type is statement");
                return;
            }
            JsonNode statement = definition.get("statement");
            if (statement == null) {
                f.add("/definition/statement", "required", "a statement marking needs a statement");
            } else {
                STRING.check(statement, "/definition/statement", f);
            }
        } else if (type.textValue().equals("tlp")) {
            checkTlp1(o, f);
        }
    };

    private static void checkTlp1(JsonNode o, Findings f) {
        JsonNode id = o.get("id");
        Tlp tlp = null;
        for (Tlp candidate : TLP1) if (id != null && candidate.id.equals(id.asText())) tlp = candidate;
        if (tlp == null) {
            f.add("/id", "tlp", "a TLP marking definition must be one of the four defined in §7.2.1.4: " + Values.show(id == null ? "" : id.asText()));
            return;
        }
        if (!tlp.name.equals(o.path("name").asText(null))) f.add("/name", "tlp", "must be " + tlp.name);
        if (!tlp.level.equals(o.path("definition").path("tlp").asText(null))) f.add("/definition/tlp", "tlp", "must be " + tlp.level);
        if (!"2017-01-20T00:00:00.000Z".equals(o.path("created").asText(null))) f.add("/created", "tlp", "must be 2017-01-20T00:00:00.000Z");
        if (!"2.1".equals(o.path("spec_version").asText(null))) f.add("/spec_version", "tlp", "must be 2.1");
        Iterator<String> names = o.fieldNames();
        while (names.hasNext()) {
            String n = names.next();
            if (!TLP1_PROPERTIES.contains(n)) {
                f.add("/" + Values.pointerToken(n), "tlp", "a TLP marking definition has no other properties: " + n);
            }
        }
    }

    static final Props.Shape MARKING_DEFINITION = shape()
            .req("type", CHECKED_ELSEWHERE)
            .req("spec_version", SPEC_VERSION)
            .req("id", CHECKED_ELSEWHERE)
            .opt("created_by_ref", ref(IDENTITY))
            .req("created", TIMESTAMP_MILLIS)
            .opt("external_references", list(embedded(EXTERNAL_REFERENCE)))
            .opt("object_marking_refs", refs(MARKING))
            .opt("granular_markings", list(embedded(GRANULAR_MARKING)))
            .opt("extensions", CommonProps.extensions(Map.of(), true))
            .opt("name", STRING)
            .opt("definition_type", STRING)
            .opt("definition", (v, p, f) -> {})
            .rule(MARKING_DEFINITION_BODY)
            .build();
}
