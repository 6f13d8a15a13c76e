package org.concord.stix;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.concord.ConcordException;
import org.concord.ErrorCode;

/**
 * One version of one STIX 2.1 object: the envelope fields Concord indexes, and the whole object in
 * RFC 8785 canonical form, every property it arrived with (custom ones included) kept.
 *
 * @param id           the STIX id, {@code type--uuid}
 * @param type         the STIX type
 * @param specVersion  {@code spec_version}, "2.1" when absent (SCOs may omit it)
 * @param created      {@code created} as written, or null (SCOs have none)
 * @param modified     {@code modified} as written, or null (SCOs, marking definitions)
 * @param revoked      {@code revoked}
 * @param markingRefs  {@code object_marking_refs}
 * @param canonical    the canonical JSON bytes (never mutated; do not modify)
 * @param sha256       SHA-256 of {@code canonical}; null to compute it (do not modify)
 */
public record StixObject(String id, String type, String specVersion, String created, String modified,
                         boolean revoked, List<String> markingRefs, byte[] canonical, byte[] sha256) {

    /** Never updated: each digest is computed on a clone. */
    private static final MessageDigest SHA256;

    static {
        try {
            SHA256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has SHA-256", e);
        }
    }

    public StixObject {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(specVersion, "specVersion");
        Objects.requireNonNull(canonical, "canonical");
        markingRefs = List.copyOf(markingRefs);
        if (sha256 == null) sha256 = digest(canonical); // once, where the object is made, not where it is stored
    }

    /**
     * Reads the envelope of {@code json} and canonicalises it. Checks only what indexing needs
     * (string id and type, timestamps that parse); {@link StixValidator} checks the rest.
     *
     * @throws ConcordException INVALID_STIX naming the property that is wrong
     */
    public static StixObject of(ObjectNode json) {
        return of(json, 512);
    }

    /**
     * {@link #of(ObjectNode)} for an object read from {@code jsonSize} bytes of JSON: the canonical
     * form is about that size, so its buffer starts there.
     */
    public static StixObject of(ObjectNode json, int jsonSize) {
        String type = text(json, "type", true);
        String id = text(json, "id", true);
        String specVersion = text(json, "spec_version", false);
        String created = timestamp(json, "created");
        String modified = timestamp(json, "modified");
        JsonNode revokedNode = json.get("revoked");
        if (revokedNode != null && !revokedNode.isBoolean()) throw bad(id, "/revoked", "must be a boolean");
        List<String> markings = new ArrayList<>();
        JsonNode refs = json.get("object_marking_refs");
        if (refs != null) {
            if (!refs.isArray()) throw bad(id, "/object_marking_refs", "must be an array of identifiers");
            for (JsonNode r : refs) {
                if (!r.isTextual()) throw bad(id, "/object_marking_refs", "must be an array of identifiers");
                markings.add(r.textValue());
            }
        }
        return new StixObject(id, type, specVersion == null ? "2.1" : specVersion, created, modified,
                revokedNode != null && revokedNode.booleanValue(), markings, Canonical.bytes(json, jsonSize + 64), null);
    }

    /**
     * The version as TAXII and the store know it: {@code modified}, else {@code created}, else null
     * (an unversioned object, such as most SCOs).
     */
    public String version() {
        return modified != null ? modified : created;
    }

    /** {@link StixTimestamp#sortKey} of {@link #version()}, or "" for an unversioned object. */
    public String versionKey() {
        String v = version();
        return v == null ? "" : StixTimestamp.sortKey(v);
    }

    private static byte[] digest(byte[] bytes) {
        try {
            return ((MessageDigest) SHA256.clone()).digest(bytes); // a clone skips the provider lookup
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's SHA-256 is cloneable", e);
        }
    }


    /** The canonical JSON as text. */
    public String json() {
        return new String(canonical, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StixObject other && id.equals(other.id) && Arrays.equals(canonical, other.canonical);
    }

    @Override
    public int hashCode() {
        return id.hashCode() * 31 + Arrays.hashCode(canonical);
    }

    @Override
    public String toString() {
        return "StixObject[" + id + (version() == null ? "" : " @ " + version()) + "]";
    }

    private static String text(ObjectNode json, String field, boolean required) {
        JsonNode n = json.get(field);
        if (n == null) {
            if (required) throw bad(json.path("id").asText("(no id)"), "/" + field, "is required");
            return null;
        }
        if (!n.isTextual()) throw bad(json.path("id").asText("(no id)"), "/" + field, "must be a string");
        return n.textValue();
    }

    private static String timestamp(ObjectNode json, String field) {
        String v = text(json, field, false);
        if (v != null) {
            String problem = StixTimestamp.check(v);
            if (problem != null) throw bad(json.path("id").asText("(no id)"), "/" + field, problem);
        }
        return v;
    }

    private static ConcordException bad(String id, String pointer, String what) {
        return new ConcordException(ErrorCode.INVALID_STIX, id + " " + pointer + ": " + what);
    }
}
