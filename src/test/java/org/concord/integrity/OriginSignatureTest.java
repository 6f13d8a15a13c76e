package org.concord.integrity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.concord.ConcordException;
import org.concord.node.NodeKeys;
import org.concord.stix.Canonical;
import org.concord.stix.StixObject;
import org.concord.stix.StixValidator;
import org.concord.stix.Tlp;
import org.junit.jupiter.api.Test;

/** Origin signatures in the STIX extension: sign, verify, tamper, strip, and round trips. */
class OriginSignatureTest {
    static final NodeKeys KEYS = NodeKeys.generate();
    static final String SIGNER = "identity--b3a3b2c1-2a85-4c9f-9f4e-7a8e2f0c9d11";
    static final ObjectMapper JSON = new ObjectMapper();
    static final StixValidator VALIDATOR = new StixValidator();

    static ObjectNode indicator() {
        try {
            return (ObjectNode) JSON.readTree("""
                    {"type": "indicator", "spec_version": "2.1", "id": "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
                     "created": "2026-11-01T08:00:00.000Z", "modified": "2026-11-02T09:30:00.250Z",
                     "name": "Wiper C2 — Ŝtation ☃", "confidence": 85, "x_score": 1.50,
                     "pattern": "[domain-name:value = 'c2.wiper.example']", "pattern_type": "stix",
                     "valid_from": "2026-11-01T00:00:00Z", "indicator_types": ["malicious-activity"],
                     "kill_chain_phases": [{"kill_chain_name": "mitre-attack", "phase_name": "command-and-control"}],
                     "object_marking_refs": ["marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb"],
                     "extensions": {"x-acme-ext": {"rank": 3}}}""");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aSignedObjectVerifiesWithTheSignersKey() {
        ObjectNode signed = OriginSignature.sign(indicator(), KEYS, SIGNER);

        assertThat(OriginSignature.verify(signed, KEYS.publicKey()))
                .isEqualTo(new OriginSignature.Verification.Valid(SIGNER, KEYS.fingerprint()));
        JsonNode ext = signed.get("extensions").get(OriginSignature.EXTENSION_ID);
        assertThat(ext.get("extension_type").textValue()).isEqualTo("property-extension");
        assertThat(ext.get("alg").textValue()).isEqualTo("Ed25519");
        assertThat(ext.get("key_fingerprint").textValue()).isEqualTo(KEYS.fingerprint());
        assertThat(ext.get("signature").textValue()).matches("[A-Za-z0-9_-]{86}");
        assertThat(signed.get("extensions").has("x-acme-ext")).isTrue();
        assertThat(OriginSignature.keyFingerprint(signed)).hasValue(KEYS.fingerprint());
    }

    @Test
    void signingLeavesItsArgumentAloneAndReplacesAnEarlierSignature() {
        ObjectNode original = indicator();
        ObjectNode once = OriginSignature.sign(original, KEYS, SIGNER);
        assertThat(original).isEqualTo(indicator());
        NodeKeys other = NodeKeys.generate();
        ObjectNode twice = OriginSignature.sign(once, other, "identity--other");
        assertThat(OriginSignature.verify(twice, other.publicKey())).isInstanceOf(OriginSignature.Verification.Valid.class);
        assertThat(OriginSignature.verify(twice, KEYS.publicKey())).isInstanceOf(OriginSignature.Verification.Invalid.class);
    }

    @Test
    void theSignatureCoversTheObjectWithoutTheExtensionAndWithoutAnEmptiedExtensions() {
        ObjectNode plain = indicator();
        plain.remove("extensions");
        ObjectNode signed = OriginSignature.sign(plain, KEYS, SIGNER);
        byte[] signature = Codec.fromBase64url(signed.at("/extensions/" + OriginSignature.EXTENSION_ID + "/signature").textValue());
        assertThat(NodeKeys.verify(KEYS.publicKey(), Canonical.bytes(plain), signature)).isTrue();
        assertThat(OriginSignature.withoutSignature(signed)).isEqualTo(plain);
    }

    @Test
    void changingAnyPropertyMakesTheSignatureInvalid() {
        ObjectNode signed = OriginSignature.sign(indicator(), KEYS, SIGNER);
        List<String> pointers = new ArrayList<>();
        leaves(signed, "", pointers);
        for (String pointer : pointers) {
            if (pointer.startsWith("/extensions/" + OriginSignature.EXTENSION_ID)) continue;
            ObjectNode tampered = signed.deepCopy();
            alter(tampered, pointer);
            assertThat(OriginSignature.verify(tampered, KEYS.publicKey())).as("altered %s", pointer)
                    .isInstanceOf(OriginSignature.Verification.Invalid.class);
        }
        assertThat(pointers).hasSizeGreaterThan(14);
        ObjectNode added = signed.deepCopy().put("x_added", "later");
        assertThat(OriginSignature.verify(added, KEYS.publicKey())).isInstanceOf(OriginSignature.Verification.Invalid.class);
        ObjectNode removed = signed.deepCopy();
        removed.remove("confidence");
        assertThat(OriginSignature.verify(removed, KEYS.publicKey())).isInstanceOf(OriginSignature.Verification.Invalid.class);
    }

    @Test
    void aDamagedExtensionIsInvalidAndSaysWhy() {
        ObjectNode signed = OriginSignature.sign(indicator(), KEYS, SIGNER);
        assertThat(reason(withExtension(signed, "alg", "RS256"))).isEqualTo("unsupported signature algorithm: RS256");
        assertThat(reason(withExtension(signed, "signature", "AAAA"))).isEqualTo("signature must be 64 bytes in base64url");
        assertThat(reason(withExtension(signed, "key_fingerprint", "00"))).startsWith("signed by key 00, not by ");
        assertThat(reason(signed, NodeKeys.generate())).startsWith("signed by key " + KEYS.fingerprint());
        ObjectNode relabelled = withExtension(signed, "signer", "identity--someone-else");
        assertThat(OriginSignature.verify(relabelled, KEYS.publicKey()))
                .isEqualTo(new OriginSignature.Verification.Valid("identity--someone-else", KEYS.fingerprint()));
    }

    @Test
    void strippingTheExtensionLeavesAnUnsignedObject() {
        ObjectNode stripped = OriginSignature.withoutSignature(OriginSignature.sign(indicator(), KEYS, SIGNER));
        assertThat(OriginSignature.verify(stripped, KEYS.publicKey())).isEqualTo(new OriginSignature.Verification.Unsigned());
        assertThat(OriginSignature.verify(indicator(), KEYS.publicKey())).isEqualTo(new OriginSignature.Verification.Unsigned());
        assertThat(OriginSignature.keyFingerprint(stripped)).isEmpty();
    }

    @Test
    void theSignatureSurvivesCanonicalisationAndReserialisationInAnyKeyOrder() throws Exception {
        ObjectNode signed = OriginSignature.sign(indicator(), KEYS, SIGNER);
        // Concord's own store and export: canonical bytes, read back
        StixObject stored = StixObject.of(signed);
        ObjectNode exported = (ObjectNode) JSON.readTree(stored.json());
        assertThat(OriginSignature.verify(exported, KEYS.publicKey())).isInstanceOf(OriginSignature.Verification.Valid.class);
        // another TAXII server: pretty-printed, keys in another order, numbers spelled otherwise
        Random random = new Random(3);
        for (int i = 0; i < 20; i++) {
            String text = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(shuffled(exported, random))
                    .replace("\"confidence\" : 85", "\"confidence\" : 85.0").replace("1.5", "1.50e0");
            assertThat(text).contains("85.0", "1.50e0");
            ObjectNode received = (ObjectNode) JSON.readTree(text);
            assertThat(OriginSignature.verify(received, KEYS.publicKey())).as(text)
                    .isInstanceOf(OriginSignature.Verification.Valid.class);
        }
    }

    @Test
    void signedObjectsAndTheExtensionDefinitionPassTheStixValidator() {
        ObjectNode signed = OriginSignature.sign(indicator(), KEYS, SIGNER);
        assertThat(VALIDATOR.validate(signed)).isEmpty();
        ObjectNode sco = JSON.createObjectNode().put("type", "ipv4-addr")
                .put("id", "ipv4-addr--ff26c055-6336-5bc5-b98d-13d6226742dd").put("value", "10.0.0.1");
        assertThat(VALIDATOR.validate(OriginSignature.sign(sco, KEYS, SIGNER))).isEmpty();
        ObjectNode marking = JSON.createObjectNode().put("type", "marking-definition").put("spec_version", "2.1")
                .put("id", "marking-definition--1d3d2a5c-4c3e-4b9a-8f0e-2a1b3c4d5e6f")
                .put("created", "2026-11-01T00:00:00.000Z").put("name", "Concord partners only");
        marking.putObject("extensions").putObject("extension-definition--3a7b6d1c-0d4e-4f2a-9b8c-7e6f5a4b3c2d")
                .put("extension_type", "property-extension").put("scope", "partners");
        assertThat(VALIDATOR.validate(OriginSignature.sign(marking, KEYS, SIGNER))).isEmpty();

        assertThat(VALIDATOR.validate(OriginSignature.extensionDefinition())).isEmpty();
        assertThat(VALIDATOR.validate(OriginSignature.projectIdentity())).isEmpty();
        assertThat(OriginSignature.extensionDefinition().get("created_by_ref").textValue())
                .isEqualTo(OriginSignature.projectIdentity().get("id").textValue());
        assertThat(OriginSignature.extensionDefinition().get("extension_types")).containsExactly(JSON.getNodeFactory().textNode("property-extension"));
    }

    @Test
    void aTlpMarkedObjectKeepsItsMarkingExtensionsBesideTheSignature() {
        ObjectNode tlp = JSON.createObjectNode().put("type", "marking-definition").put("spec_version", "2.1")
                .put("id", Tlp.AMBER.markingId()).put("created", "2022-10-01T00:00:00.000Z").put("name", "TLP:AMBER");
        tlp.putObject("extensions").putObject(Tlp.EXTENSION_ID).put("extension_type", "property-extension").put("tlp_2_0", "amber");
        ObjectNode signed = OriginSignature.sign(tlp, KEYS, SIGNER);
        assertThat(signed.get("extensions").size()).isEqualTo(2);
        assertThat(VALIDATOR.validate(signed)).isEmpty();
        assertThat(OriginSignature.withoutSignature(signed)).isEqualTo(tlp);
    }

    @Test
    void anObjectWithoutACanonicalFormCannotBeSigned() {
        ObjectNode bad = indicator().put("x_big", 1L << 60);
        assertThatThrownBy(() -> OriginSignature.sign(bad, KEYS, SIGNER)).isInstanceOf(ConcordException.class);
        ObjectNode notAnObject = indicator().put("extensions", "none");
        assertThatThrownBy(() -> OriginSignature.sign(notAnObject, KEYS, SIGNER)).hasMessageContaining("/extensions");
    }

    private static String reason(ObjectNode object) {
        return reason(object, KEYS);
    }

    private static String reason(ObjectNode object, NodeKeys keys) {
        OriginSignature.Verification v = OriginSignature.verify(object, keys.publicKey());
        assertThat(v).isInstanceOf(OriginSignature.Verification.Invalid.class);
        return ((OriginSignature.Verification.Invalid) v).reason();
    }

    private static ObjectNode withExtension(ObjectNode signed, String member, String value) {
        ObjectNode copy = signed.deepCopy();
        ((ObjectNode) copy.get("extensions").get(OriginSignature.EXTENSION_ID)).put(member, value);
        return copy;
    }

    /** JSON pointers of every scalar in {@code node}. */
    private static void leaves(JsonNode node, String pointer, List<String> out) {
        if (node.isObject()) {
            node.fieldNames().forEachRemaining(name -> leaves(node.get(name), pointer + "/" + name, out));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) leaves(node.get(i), pointer + "/" + i, out);
        } else {
            out.add(pointer);
        }
    }

    private static void alter(ObjectNode root, String pointer) {
        int slash = pointer.lastIndexOf('/');
        JsonNode parent = root.at(pointer.substring(0, slash));
        String last = pointer.substring(slash + 1);
        JsonNode value = root.at(pointer);
        JsonNode changed = value.isTextual() ? JSON.getNodeFactory().textNode(value.textValue() + "x")
                : value.isNumber() ? JSON.getNodeFactory().numberNode(value.doubleValue() + 1)
                : JSON.getNodeFactory().booleanNode(!value.asBoolean());
        if (parent.isArray()) ((ArrayNode) parent).set(Integer.parseInt(last), changed);
        else ((ObjectNode) parent).set(last, changed);
    }

    private static JsonNode shuffled(JsonNode node, Random random) {
        if (node.isObject()) {
            List<Map.Entry<String, JsonNode>> fields = new ArrayList<>();
            fields.addAll(node.properties());
            Collections.shuffle(fields, random);
            ObjectNode out = JSON.createObjectNode();
            for (Map.Entry<String, JsonNode> e : fields) out.set(e.getKey(), shuffled(e.getValue(), random));
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = JSON.createArrayNode();
            for (JsonNode e : node) out.add(shuffled(e, random));
            return out;
        }
        return node;
    }
}
