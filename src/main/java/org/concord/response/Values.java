package org.concord.response;

import java.io.IOException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import org.concord.stix.Canonical;

/** JSON values held in a state: frozen to their canonical form, so equal values are equal trees. */
final class Values {
    static final ObjectMapper JSON = new ObjectMapper();

    private Values() {}

    /** A private copy of {@code v} re-read from its canonical bytes (one number type per number). */
    static JsonNode frozen(JsonNode v) {
        try {
            return JSON.readTree(Canonical.bytes(v));
        } catch (IOException e) {
            throw new IllegalStateException("canonical JSON always parses", e);
        }
    }

    /** A total order on values (null first), by canonical bytes: breaks ties only forged input can make. */
    static int compare(JsonNode a, JsonNode b) {
        if (a == null || b == null) return a == null ? (b == null ? 0 : -1) : 1;
        return Arrays.compareUnsigned(Canonical.bytes(a), Canonical.bytes(b));
    }
}
