package org.concord.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.concord.stix.Canonical;

/**
 * {@link References#mayReference}, the look at an object's bytes that spares walking the common
 * object that references nothing, never misses a reference the walk finds: on random objects with
 * references at any depth, markings, and strings that spell a reference's member name.
 */
class ReferencesProperties {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> NAMES = List.of("created_by_ref", "source_ref", "object_refs", "where_sighted_refs",
            "object_marking_refs", "granular_markings", "marking_ref", "name", "x_ref_count", "sample_refs", "refs", "_ref",
            "description", "extensions", "x_custom");

    @Provide
    Arbitrary<ObjectNode> objects() {
        return Arbitraries.longs().map(seed -> object(new Random(seed), 0)).withoutEdgeCases();
    }

    private static ObjectNode object(Random r, int depth) {
        ObjectNode o = JSON.createObjectNode();
        for (int i = r.nextInt(5); i > 0; i--) {
            String name = NAMES.get(r.nextInt(NAMES.size()));
            switch (r.nextInt(depth < 3 ? 5 : 3)) {
                case 0 -> o.put(name, "indicator--" + new java.util.UUID(r.nextLong(), r.nextLong()));
                case 1 -> o.put(name, r.nextBoolean() ? "see the \"source_ref\": field" : "a_ref\":x");
                case 2 -> o.put(name, r.nextInt(100));
                case 3 -> {
                    ArrayNode a = o.putArray(name);
                    for (int k = r.nextInt(3); k > 0; k--) {
                        if (r.nextBoolean()) a.add("malware--" + new java.util.UUID(r.nextLong(), r.nextLong()));
                        else a.add(object(r, depth + 1));
                    }
                }
                default -> o.set(name, object(r, depth + 1));
            }
        }
        return o;
    }

    @Property(tries = 3000)
    void theBytesNeverHideAReferenceTheWalkFinds(@ForAll("objects") ObjectNode o) {
        List<String> targets = new ArrayList<>();
        References.targets(o, targets::add);
        if (!targets.isEmpty()) assertThat(References.mayReference(Canonical.bytes(o))).as("%s references %s", o, targets).isTrue();
    }

    @Example
    void anObjectWhoseOnlyReferencesAreItsMarkingsReferencesNothing() throws Exception {
        JsonNode o = JSON.readTree("""
                {"type":"indicator","id":"indicator--1","object_marking_refs":["marking-definition--x"],
                 "granular_markings":[{"marking_ref":"marking-definition--y","selectors":["name"]}],"name":"x_ref\\":"}""");
        assertThat(References.mayReference(Canonical.bytes(o))).isFalse();
        assertThat(References.mayReference(Canonical.bytes(JSON.readTree("{\"created_by_ref\":\"identity--1\"}")))).isTrue();
    }
}
