package org.concord.taxii;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.concord.stix.StixValidator;

/** Checks one posted STIX object; returns what is wrong with it (empty: valid). */
@FunctionalInterface
public interface ObjectValidator {
    /** Only the envelope checks of {@link org.concord.stix.StixObject#of}. */
    ObjectValidator ENVELOPE_ONLY = json -> List.of();

    List<String> problems(JsonNode object);

    /** Every rule of {@link StixValidator}, each violation as "pointer: message [rule]". */
    static ObjectValidator of(StixValidator validator) {
        return json -> validator.validate(json).stream().map(StixValidator.Violation::toString).toList();
    }
}
