package org.concord.taxii;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.concord.BoundedInputStream;
import org.concord.ConcordException;
import org.concord.ErrorCode;
import org.concord.StrictUtf8;
import org.concord.stix.JsonBounds;

/**
 * Reads a posted TAXII envelope (§3.7, §5.5) as a stream: the body is counted while it is read and
 * refused with 413 the moment it passes max_content_length (§4.2.1), checked to be UTF-8 (RFC 8259
 * §8.1: overlong and other invalid sequences are refused, as import refuses them), and each element
 * of {@code objects} is handed to {@code prepare} as soon as it is parsed, so only the prepared
 * (canonical) objects are held, never the whole body as a tree. A body past an input bound (nesting
 * depth, one string: docs/architecture.md) is refused with 422 naming the bound; a repeated member
 * name anywhere (two {@code objects} arrays) with 422 too.
 */
final class EnvelopeReader {
    /** docs/architecture.md input bounds, inside the envelope object and its objects array. */
    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(JsonBounds.constraints(2))
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build());

    private EnvelopeReader() {}

    static <T> List<T> read(InputStream body, long maxBytes, Function<JsonNode, T> prepare) {
        return read(body, maxBytes, prepare, Set.of()).items();
    }

    /** What {@link #read(InputStream, long, Function, Set)} read: the prepared objects, and the other members kept. */
    record Read<T>(List<T> items, Map<String, JsonNode> members) {
        /** The member named {@code name}, or null when the envelope had none. */
        JsonNode member(String name) {
            return members.get(name);
        }
    }

    /** As {@link #read(InputStream, long, Function)}, also keeping the envelope's members named in {@code members}. */
    static <T> Read<T> read(InputStream body, long maxBytes, Function<JsonNode, T> prepare, Set<String> members) {
        BoundedInputStream in = new BoundedInputStream(body, maxBytes, "body");
        List<T> out = new ArrayList<>();
        Map<String, JsonNode> kept = new HashMap<>();
        JsonParser p = null;
        String where = "the envelope";
        try (JsonParser parser = MAPPER.createParser(new StrictUtf8.CheckedInputStream(in))) {
            p = parser;
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new ConcordException(ErrorCode.NOT_A_BUNDLE, "the body must be a TAXII envelope: a JSON object with an \"objects\" array");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken t = p.nextToken();
                if (field.equals("objects")) {
                    if (t != JsonToken.START_ARRAY) {
                        throw new ConcordException(ErrorCode.NOT_A_BUNDLE, "\"objects\" must be an array of STIX objects");
                    }
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        where = "objects[" + out.size() + "]";
                        JsonNode node = MAPPER.readTree(p);
                        out.add(prepare.apply(node));
                    }
                    where = "the envelope";
                } else if (members.contains(field)) {
                    kept.put(field, MAPPER.readTree(p));
                } else {
                    p.skipChildren();
                }
            }
            if (p.nextToken() != null) throw new ConcordException(ErrorCode.MALFORMED_JSON, "content after the envelope");
        } catch (StreamConstraintsException e) {
            throw new ConcordException(ErrorCode.LIMIT_EXCEEDED, where + " " + JsonBounds.describe(e) + at(p == null ? null : p.currentLocation()));
        } catch (JsonProcessingException e) {
            if (in.exceeded()) throw tooLarge(maxBytes);
            throw new ConcordException(ErrorCode.MALFORMED_JSON, "the body is not valid JSON: " + e.getOriginalMessage()
                    + at(e.getLocation() != null ? e.getLocation() : p == null ? null : p.currentLocation()));
        } catch (StrictUtf8.InvalidUtf8Exception e) {
            throw new ConcordException(ErrorCode.MALFORMED_JSON, "the body is " + e.getMessage() + "; JSON text is UTF-8 (RFC 8259 §8.1)");
        } catch (IOException e) {
            if (in.exceeded()) throw tooLarge(maxBytes);
            throw HttpProblem.badRequest("the body could not be read: " + e.getMessage());
        }
        return new Read<>(out, kept);
    }

    private static String at(JsonLocation l) {
        return l == null ? "" : " (line " + l.getLineNr() + ", column " + l.getColumnNr() + ")";
    }

    static HttpProblem tooLarge(long maxBytes) {
        return new HttpProblem(413, "Payload too large",
                "the body exceeds max_content_length of this API root (" + maxBytes + " bytes); post fewer objects at a time");
    }
}
