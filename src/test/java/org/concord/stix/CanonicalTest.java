package org.concord.stix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.concord.ConcordException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CanonicalTest {
    static final ObjectMapper JSON = new ObjectMapper();

    /** RFC 8785 Appendix B: IEEE-754 bit patterns and their canonical text. */
    @ParameterizedTest
    @CsvSource({
            "0000000000000000, 0", "8000000000000000, 0", "0000000000000001, 5e-324", "8000000000000001, -5e-324",
            "7fefffffffffffff, 1.7976931348623157e+308", "ffefffffffffffff, -1.7976931348623157e+308",
            "4340000000000000, 9007199254740992", "c340000000000000, -9007199254740992",
            "4430000000000000, 295147905179352830000", "44b52d02c7e14af5, 9.999999999999997e+22",
            "44b52d02c7e14af6, 1e+23", "44b52d02c7e14af7, 1.0000000000000001e+23",
            "444b1ae4d6e2ef4e, 999999999999999700000", "444b1ae4d6e2ef4f, 999999999999999900000",
            "444b1ae4d6e2ef50, 1e+21", "3eb0c6f7a0b5ed8c, 9.999999999999997e-7", "3eb0c6f7a0b5ed8d, 0.000001",
            "41b3de4355555553, 333333333.3333332", "41b3de4355555554, 333333333.33333325",
            "41b3de4355555555, 333333333.3333333", "41b3de4355555556, 333333333.3333334",
            "41b3de4355555557, 333333333.33333343", "becbf647612f3696, -0.0000033333333333333333",
            "43143ff3c1cb0959, 1424953923781206.2"})
    void numbersSerialiseAsRfc8785AppendixB(String bits, String expected) {
        double d = Double.longBitsToDouble(Long.parseUnsignedLong(bits, 16));
        assertThat(Canonical.numberToString(d)).isEqualTo(expected);
    }

    @Test
    void theRfcExampleCanonicalises() throws Exception {
        String in = "{\"numbers\": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],"
                + " \"string\": \"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\\"\\/\", \"literals\": [null, true, false]}";
        assertThat(Canonical.string(JSON.readTree(in))).isEqualTo(
                "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
                        + "\"string\":\"€$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}");
    }

    @Test
    void keysSortByUtf16CodeUnits() throws Exception {
        String in = "{\"\\u20ac\":\"Euro Sign\",\"\\r\":\"Carriage Return\",\"\\ufb33\":\"Hebrew\",\"1\":\"One\","
                + "\"\\ud83d\\ude00\":\"Emoji\",\"\\u0080\":\"Control\",\"\\u00f6\":\"o\"}";
        String out = Canonical.string(JSON.readTree(in));
        List<String> values = new ArrayList<>();
        JSON.readTree(out).fields().forEachRemaining(e -> values.add(e.getValue().asText()));
        assertThat(values).containsExactly("Carriage Return", "One", "Control", "o", "Euro Sign", "Emoji", "Hebrew");
    }

    @Test
    void refusesIntegersJsonCannotCarryExactly() throws Exception {
        assertThatThrownBy(() -> Canonical.bytes(JSON.readTree("{\"x_big\":{\"n\":[12345678901234567890]}}")))
                .isInstanceOf(ConcordException.class).hasMessageContaining("/x_big/n/0").hasMessageContaining("12345678901234567890");
        assertThat(Canonical.string(JSON.readTree("[9007199254740991,-9007199254740991]"))).isEqualTo("[9007199254740991,-9007199254740991]");
    }

    @Test
    void refusesLoneSurrogates() throws Exception {
        assertThatThrownBy(() -> Canonical.bytes(JSON.readTree("{\"name\":\"a\\ud800b\"}")))
                .isInstanceOf(ConcordException.class).hasMessageContaining("/name").hasMessageContaining("surrogate");
    }

    @Property(tries = 300)
    void canonicalFormDoesNotDependOnKeyOrder(@ForAll long seed) throws Exception {
        Random rnd = new Random(seed);
        JsonNode original = randomValue(rnd, 0);
        JsonNode shuffled = shuffle(original, rnd);
        assertThat(Canonical.bytes(shuffled)).isEqualTo(Canonical.bytes(original));
        // and canonical text is a fixed point
        assertThat(Canonical.string(JSON.readTree(Canonical.bytes(original)))).isEqualTo(Canonical.string(original));
    }

    private static JsonNode randomValue(Random rnd, int depth) {
        int kind = depth > 3 ? rnd.nextInt(4) : rnd.nextInt(6);
        return switch (kind) {
            case 0 -> JSON.getNodeFactory().textNode(randomString(rnd));
            case 1 -> JSON.getNodeFactory().numberNode(rnd.nextInt(2) == 0 ? rnd.nextLong(-(1L << 53) + 1, 1L << 53) : rnd.nextDouble() * Math.pow(10, rnd.nextInt(60) - 30));
            case 2 -> JSON.getNodeFactory().booleanNode(rnd.nextBoolean());
            case 3 -> JSON.getNodeFactory().nullNode();
            case 4 -> {
                var a = JSON.createArrayNode();
                for (int i = rnd.nextInt(4); i > 0; i--) a.add(randomValue(rnd, depth + 1));
                yield a;
            }
            default -> {
                ObjectNode o = JSON.createObjectNode();
                for (int i = rnd.nextInt(6); i > 0; i--) o.set(randomString(rnd), randomValue(rnd, depth + 1));
                yield o;
            }
        };
    }

    private static String randomString(Random rnd) {
        StringBuilder sb = new StringBuilder();
        for (int i = rnd.nextInt(8); i > 0; i--) {
            int pick = rnd.nextInt(5);
            sb.appendCodePoint(switch (pick) {
                case 0 -> rnd.nextInt(0x20);
                case 1 -> 0x20 + rnd.nextInt(0x5F);
                case 2 -> 0x80 + rnd.nextInt(0x780);
                case 3 -> 0x800 + rnd.nextInt(0xD000 - 0x800);
                default -> 0x1F600 + rnd.nextInt(0x50);
            });
        }
        return sb.toString();
    }

    private static JsonNode shuffle(JsonNode node, Random rnd) {
        if (node.isObject()) {
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
            node.fields().forEachRemaining(fields::add);
            Collections.shuffle(fields, rnd);
            ObjectNode o = JSON.createObjectNode();
            for (Map.Entry<String, JsonNode> e : fields) o.set(e.getKey(), shuffle(e.getValue(), rnd));
            return o;
        }
        if (node.isArray()) {
            var a = JSON.createArrayNode();
            node.forEach(v -> a.add(shuffle(v, rnd)));
            return a;
        }
        return node;
    }
}
