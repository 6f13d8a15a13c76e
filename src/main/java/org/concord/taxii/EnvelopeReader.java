package org.concord.taxii;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.concord.BoundedInputStream;
import org.concord.ConcordException;
import org.concord.ErrorCode;

/**
 * Reads a posted TAXII envelope (§3.7, §5.5) as a stream: the body is counted while it is read and
 * refused with 413 the moment it passes max_content_length (§4.2.1), and each element of
 * {@code objects} is handed to {@code prepare} as soon as it is parsed, so only the prepared
 * (canonical) objects are held, never the whole body as a tree.
 */
final class EnvelopeReader {
    /** docs/architecture.md input bounds: one string 8 MiB, nesting 64 (plus envelope and array). */
    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxStringLength(8 * 1024 * 1024)
                    .maxNestingDepth(66)
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build());

    private EnvelopeReader() {}

    static <T> List<T> read(InputStream body, long maxBytes, Function<JsonNode, T> prepare) {
        return read(body, maxBytes, prepare, java.util.Set.of()).items();
    }

    /** What {@link #read(InputStream, long, Function, java.util.Set)} read: the prepared objects, and the other members kept. */
    record Read<T>(List<T> items, java.util.Map<String, JsonNode> members) {
        /** The member named {@code name}, or null when the envelope had none. */
        JsonNode member(String name) {
            return members.get(name);
        }
    }

    /** As {@link #read(InputStream, long, Function)}, also keeping the envelope's members named in {@code members}. */
    static <T> Read<T> read(InputStream body, long maxBytes, Function<JsonNode, T> prepare, java.util.Set<String> members) {
        BoundedInputStream in = new BoundedInputStream(body, maxBytes, "body");
        List<T> out = new ArrayList<>();
        java.util.Map<String, JsonNode> kept = new java.util.HashMap<>();
        try (JsonParser p = MAPPER.createParser(in)) {
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
                        JsonNode node = MAPPER.readTree(p);
                        out.add(prepare.apply(node));
                    }
                } else if (members != null && members.contains(field)) {
                    kept.put(field, MAPPER.readTree(p));
                } else {
                    p.skipChildren();
                }
            }
            if (p.nextToken() != null) throw new ConcordException(ErrorCode.MALFORMED_JSON, "content after the envelope");
        } catch (JsonProcessingException e) {
            if (in.exceeded()) throw tooLarge(maxBytes);
            throw new ConcordException(ErrorCode.MALFORMED_JSON, "the body is not valid JSON: " + e.getOriginalMessage()
                    + " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")");
        } catch (IOException e) {
            if (in.exceeded()) throw tooLarge(maxBytes);
            throw HttpProblem.badRequest("the body could not be read: " + e.getMessage());
        }
        return new Read<>(out, kept);
    }

    static HttpProblem tooLarge(long maxBytes) {
        return new HttpProblem(413, "Payload too large",
                "the body exceeds max_content_length of this API root (" + maxBytes + " bytes); post fewer objects at a time");
    }
}
