package org.concord.stix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.dialect.Dialects;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The official OASIS STIX 2.1 JSON schemas, read from the shared folder (never copied into the
 * project) and served to networknt under their {@code $id}s, with the dispatch the bundle schema
 * uses: a defined type to its own schema, any other type to the core schema (objects with
 * created/modified) or the cyber-observable core schema.
 */
final class OasisSchemas {
    static final String ID_BASE = "http://raw.githubusercontent.com/oasis-open/cti-stix2-json-schemas/stix2.1/schemas/";

    private final Map<String, JsonNode> documents = new HashMap<>();
    private final SchemaRegistry registry;
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();

    private OasisSchemas(Path dir, ObjectMapper mapper, boolean formatAssertions) {
        Map<String, String> byId = new HashMap<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                String text = Files.readString(file);
                JsonNode doc = mapper.readTree(text);
                String id = doc.path("$id").asText();
                if (!id.startsWith(ID_BASE)) throw new IllegalStateException("unexpected $id in " + file + ": " + id);
                byId.put(id, text);
                documents.put(id.substring(ID_BASE.length()), doc);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the OASIS schemas under " + dir, e);
        }
        SchemaRegistryConfig config = SchemaRegistryConfig.builder().formatAssertionsEnabled(formatAssertions).build();
        registry = SchemaRegistry.withDialect(Dialects.getDraft202012(),
                b -> b.schemas(byId).schemaRegistryConfig(config));
    }

    static OasisSchemas load(Path dir, ObjectMapper mapper, boolean formatAssertions) {
        return new OasisSchemas(dir, mapper, formatAssertions);
    }

    /** The schema document (relative to schemas/) that applies to {@code object}. */
    String schemaFor(JsonNode object) {
        String type = object.path("type").asText();
        if (CommonProps.SDO_TYPES.contains(type)) return "sdos/" + type + ".json";
        if (CommonProps.SRO_TYPES.contains(type)) return "sros/" + type + ".json";
        if (CommonProps.SCO_TYPES.contains(type)) return "observables/" + type + ".json";
        if (type.equals("marking-definition") || type.equals("language-content") || type.equals("extension-definition")) {
            return "common/" + type + ".json";
        }
        return object.has("created") || object.has("modified") ? "common/core.json" : "common/cyber-observable-core.json";
    }

    List<Error> validate(JsonNode object) {
        String doc = schemaFor(object);
        Schema schema = schemas.computeIfAbsent(doc, d -> registry.getSchema(SchemaLocation.of(ID_BASE + d)));
        return schema.validate(object);
    }

    /** Properties the schema for {@code type} requires outright (not inside oneOf/anyOf). */
    Set<String> required(String type) {
        String doc = schemaFor(typeOnly(type));
        Set<String> out = new LinkedHashSet<>();
        collectRequired(documents.get(doc), doc, out);
        if (type.equals("marking-definition")) out.addAll(List.of("id", "type", "spec_version", "created"));
        return out;
    }

    /** Every property the schema for {@code type} (with its core) declares anywhere at top level. */
    Set<String> declared(String type) {
        String doc = schemaFor(typeOnly(type));
        Set<String> out = new LinkedHashSet<>();
        collectDeclared(documents.get(doc), doc, out, 0);
        return out;
    }

    private static JsonNode typeOnly(String type) {
        return new ObjectMapper().createObjectNode().put("type", type).put("created", "x");
    }

    private void collectRequired(JsonNode schema, String doc, Set<String> out) {
        schema.path("required").forEach(r -> out.add(r.asText()));
        for (JsonNode part : schema.path("allOf")) {
            if (part.has("$ref")) {
                String target = resolve(doc, part.get("$ref").asText());
                collectRequired(documents.get(target), target, out);
            } else {
                collectRequired(part, doc, out);
            }
        }
    }

    private void collectDeclared(JsonNode schema, String doc, Set<String> out, int depth) {
        if (schema == null || depth > 6) return;
        schema.path("properties").fieldNames().forEachRemaining(out::add);
        if (schema.has("$ref") && !schema.get("$ref").asText().startsWith("#")) {
            String target = resolve(doc, schema.get("$ref").asText());
            collectDeclared(documents.get(target), target, out, depth + 1);
        }
        for (String key : List.of("allOf", "oneOf", "anyOf")) {
            for (JsonNode part : schema.path(key)) collectDeclared(part, doc, out, depth + 1);
        }
    }

    private static String resolve(String doc, String ref) {
        Path base = Path.of(doc).getParent();
        return base.resolve(ref).normalize().toString().replace('\\', '/');
    }
}
