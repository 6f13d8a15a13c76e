package org.concord.integrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.concord.ConcordException;
import org.concord.node.NodeKeys;
import org.concord.stix.Canonical;
import org.junit.jupiter.api.Test;

/**
 * The byte-level unsigned form against the reference, the JSON tree: removing the origin signature
 * from canonical bytes gives exactly the canonical bytes of the tree with it removed, whatever keys
 * sit around "extensions" and whatever the values hold.
 */
class SignedFormTest {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final NodeKeys KEYS = NodeKeys.generate();
    /** Keys that sort just before, at and after "extensions", and some that need escaping or are not ASCII. */
    private static final String[] TOP_KEYS = {"type", "id", "a", "ext", "extension", "extensions_", "extensionsz",
        "extensiona", "f", "x_concord_sectors", "Extensions", "é_key", "key\"quoted", "back\\slash", "tab\tkey", "\u007f", "☃", "z"};
    private static final String[] EXT_KEYS = {"x-acme-ext", "extension-definition--00000000-0000-4000-8000-000000000000",
        "extension-definition--62015bc9-b90f-4880-ba7d-99e820841c82", "extension-definition--62015bc9-b90f-4880-ba7d-99e820841c84",
        "extension-definition--ffffffff-0000-4000-8000-000000000000", "a", "~"};

    @Test
    void removingTheSignatureInBytesIsTheTreeOperationCanonicalised() {
        Random random = new Random(8785);
        for (int n = 0; n < 3_000; n++) {
            ObjectNode o = object(random);
            byte[] canonical = Canonical.bytes(o);
            byte[] expectedUnsigned = Canonical.bytes(OriginSignature.withoutSignature(o));
            ObjectNode signedTree = OriginSignature.sign(o, KEYS, n % 7 == 0 ? "signer \"☃\"\n" : "identity--x" + n);
            byte[] signed = Canonical.bytes(signedTree);

            assertThat(string(SignedForm.unsigned(canonical))).as("unsigned of %s", o).isEqualTo(string(expectedUnsigned));
            assertThat(string(SignedForm.unsigned(signed))).as("unsigned of signed %s", o).isEqualTo(string(expectedUnsigned));
            assertThat(SignedForm.mayCarry(signed)).isTrue();
            if (!SignedForm.mayCarry(canonical)) assertThat(SignedForm.unsigned(canonical)).isSameAs(canonical);
        }
    }

    @Test
    void theIdAsAValueOrDeeperDownIsNotTheSignature() {
        ObjectNode o = F.objectNode().put("type", "note").put("content", "see \"" + OriginSignature.EXTENSION_ID + "\"");
        o.putObject("x_nested").putObject("extensions").putObject(OriginSignature.EXTENSION_ID).put("signature", "no");
        byte[] canonical = Canonical.bytes(o);

        assertThat(SignedForm.mayCarry(canonical)).isTrue();
        assertThat(SignedForm.unsigned(canonical)).isSameAs(canonical);
    }

    @Test
    void bytesThatAreNoCanonicalObjectAreBadInput() {
        for (String bad : new String[] {"[1,2]", "\"x\"", "{\"extensions\":{\"" + OriginSignature.EXTENSION_ID + "\":{\"}}}"}) {
            assertThatThrownBy(() -> SignedForm.unsigned(bad.getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOf(ConcordException.class).hasMessageContaining("not canonical JSON");
        }
        byte[] extensionsNotAnObject = "{\"extensions\":[\"extension-definition--62015bc9-b90f-4880-ba7d-99e820841c83\"]}"
                .getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> SignedForm.unsigned(extensionsNotAnObject)).hasMessageContaining("extensions is not an object");
    }

    private static ObjectNode object(Random r) {
        ObjectNode o = F.objectNode();
        int keys = 1 + r.nextInt(6);
        for (int i = 0; i < keys; i++) o.set(TOP_KEYS[r.nextInt(TOP_KEYS.length)], value(r, 0));
        int mode = r.nextInt(4);
        if (mode > 0) {
            ObjectNode extensions = o.putObject("extensions");
            int n = mode == 1 ? 0 : r.nextInt(4);
            for (int i = 0; i < n; i++) extensions.set(EXT_KEYS[r.nextInt(EXT_KEYS.length)], value(r, 1));
            if (mode == 3) { // an earlier signature, perhaps by someone else, perhaps malformed
                extensions.putObject(OriginSignature.EXTENSION_ID).put("signature", "old").put("signer", "someone");
            }
        }
        return o;
    }

    private static JsonNode value(Random r, int depth) {
        return switch (depth > 2 ? r.nextInt(4) : r.nextInt(7)) {
            case 0 -> F.textNode(r.nextBoolean() ? "plain" : "with {braces}, [brackets], \"quotes\", \\ and " + OriginSignature.EXTENSION_ID);
            case 1 -> F.numberNode(r.nextInt(2) == 0 ? r.nextInt(1000) : r.nextDouble() * 1e6);
            case 2 -> F.booleanNode(r.nextBoolean());
            case 3 -> F.nullNode();
            case 4 -> {
                ArrayNode a = F.arrayNode();
                for (int i = r.nextInt(3); i > 0; i--) a.add(value(r, depth + 1));
                yield a;
            }
            default -> {
                ObjectNode o = F.objectNode();
                for (int i = r.nextInt(3); i > 0; i--) o.set(TOP_KEYS[r.nextInt(TOP_KEYS.length)], value(r, depth + 1));
                yield o;
            }
        };
    }

    private static String string(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
