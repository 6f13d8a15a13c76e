package org.concord.warning;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The fields of a STIX sighting (§5.7) correlation reads, pulled from its canonical bytes by one
 * streaming pass: no JSON tree is built per sighting.
 *
 * @param count    the count, or 1 when absent
 * @param markings the marking references: object_marking_refs and the marking_ref of granular markings
 */
record SightingFields(String id, String created, String modified, String ofRef, List<String> whereRefs, String createdBy,
                      long count, String firstSeen, String lastSeen, List<String> markings) {
    private static final JsonFactory JSON = new JsonFactory();

    /** Reads a sighting; null when the bytes are not a sighting with an id and a sighting_of_ref. */
    static SightingFields read(byte[] canonical) {
        String id = null, created = null, modified = null, ofRef = null, createdBy = null, firstSeen = null, lastSeen = null;
        String type = null;
        long count = 1;
        List<String> where = List.of(), markings = List.of();
        try (JsonParser p = JSON.createParser(canonical)) {
            if (p.nextToken() != JsonToken.START_OBJECT) return null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                JsonToken t = p.nextToken();
                switch (f) {
                    case "type" -> type = string(p, t);
                    case "id" -> id = string(p, t);
                    case "created" -> created = string(p, t);
                    case "modified" -> modified = string(p, t);
                    case "sighting_of_ref" -> ofRef = string(p, t);
                    case "created_by_ref" -> createdBy = string(p, t);
                    case "first_seen" -> firstSeen = string(p, t);
                    case "last_seen" -> lastSeen = string(p, t);
                    case "count" -> count = t == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : count;
                    case "where_sighted_refs" -> where = strings(p, t);
                    case "object_marking_refs" -> markings = join(markings, strings(p, t));
                    case "granular_markings" -> markings = join(markings, granular(p, t));
                    default -> p.skipChildren();
                }
            }
        } catch (IOException e) {
            return null;
        }
        if (!"sighting".equals(type) || id == null || ofRef == null) return null;
        return new SightingFields(id, created, modified, ofRef, where, createdBy, count, firstSeen, lastSeen, markings);
    }

    private static List<String> join(List<String> a, List<String> b) {
        if (a.isEmpty()) return b;
        if (b.isEmpty()) return a;
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /** The marking_ref of each granular marking (a sighting under a granular TLP marking is as restricted). */
    private static List<String> granular(JsonParser p, JsonToken t) throws IOException {
        if (t != JsonToken.START_ARRAY) {
            p.skipChildren();
            return List.of();
        }
        List<String> out = new ArrayList<>(1);
        for (JsonToken x = p.nextToken(); x != JsonToken.END_ARRAY; x = p.nextToken()) {
            if (x != JsonToken.START_OBJECT) {
                p.skipChildren();
                continue;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String f = p.currentName();
                JsonToken v = p.nextToken();
                if (f.equals("marking_ref") && v == JsonToken.VALUE_STRING) out.add(p.getText());
                else p.skipChildren();
            }
        }
        return out;
    }

    private static String string(JsonParser p, JsonToken t) throws IOException {
        if (t == JsonToken.VALUE_STRING) return p.getText();
        p.skipChildren();
        return null;
    }

    private static List<String> strings(JsonParser p, JsonToken t) throws IOException {
        if (t != JsonToken.START_ARRAY) {
            p.skipChildren();
            return List.of();
        }
        List<String> out = new ArrayList<>(2);
        for (JsonToken x = p.nextToken(); x != JsonToken.END_ARRAY; x = p.nextToken()) {
            if (x == JsonToken.VALUE_STRING) out.add(p.getText());
            else p.skipChildren();
        }
        return out;
    }
}
