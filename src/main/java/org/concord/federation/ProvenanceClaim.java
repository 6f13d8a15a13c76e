package org.concord.federation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One entry of the {@code x_concord_provenance} envelope member (docs/federation.md): what the
 * sender says of an object version it did not originate — its origin node and country, the path
 * it travelled (origin first, the sender last) and whether the receiver may pass it on.
 *
 * <pre>{"id": "indicator--…", "version": "2026-01-02T03:04:05.000Z", "origin": "cert-ee",
 *  "country": "EE", "path": ["cert-ee", "cert-lv"], "may_reshare": false}</pre>
 *
 * @param version the object's {@code modified}, else {@code created}, else ""
 * @param country ISO 3166-1 alpha-2, or null when the sender does not know it
 */
public record ProvenanceClaim(String id, String version, String origin, String country, List<String> path, boolean mayReshare) {
    /** The envelope member's name. */
    public static final String MEMBER = org.concord.partner.PartnerInbox.PROVENANCE_MEMBER;
    private static final int MAX_PATH = 64;

    public ProvenanceClaim {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(origin, "origin");
        path = List.copyOf(path);
        if (path.isEmpty() || !path.getFirst().equals(origin)) {
            throw new IllegalArgumentException("path must start at the origin " + origin + ": " + path);
        }
        if (path.size() > MAX_PATH) throw new IllegalArgumentException("path is longer than " + MAX_PATH + " nodes");
        for (String hop : path) {
            if (!hop.matches("[a-z0-9][a-z0-9._:-]{0,99}")) throw new IllegalArgumentException("not a node name in path: " + hop);
        }
        if (country != null && !country.matches("[A-Z]{2}")) {
            throw new IllegalArgumentException("country must be an ISO 3166-1 alpha-2 code in capitals: " + country);
        }
    }

    /** This entry as JSON. */
    public ObjectNode toJson() {
        ObjectNode o = JsonNodeFactory.instance.objectNode().put("id", id).put("version", version).put("origin", origin);
        if (country != null) o.put("country", country);
        path.forEach(o.putArray("path")::add);
        o.put("may_reshare", mayReshare);
        return o;
    }

    /** The entries of an {@code x_concord_provenance} member by (id, version). */
    public static EnvelopeClaims<ProvenanceClaim> parse(JsonNode member) {
        return EnvelopeClaims.parse(member, MEMBER, e -> read(e, e.get("id").textValue(), e.get("version").textValue()));
    }

    private static ProvenanceClaim read(JsonNode e, String id, String version) {
        JsonNode origin = e.get("origin"), path = e.get("path"), reshare = e.get("may_reshare"), country = e.get("country");
        if (origin == null || !origin.isTextual()) throw new IllegalArgumentException("origin (a node name) is required");
        if (path == null || !path.isArray()) throw new IllegalArgumentException("path (a list of node names) is required");
        if (reshare == null || !reshare.isBoolean()) throw new IllegalArgumentException("may_reshare (true or false) is required");
        if (country != null && !country.isNull() && !country.isTextual()) throw new IllegalArgumentException("country must be a string");
        List<String> hops = new ArrayList<>();
        for (JsonNode h : path) {
            if (!h.isTextual()) throw new IllegalArgumentException("path must be a list of node names");
            hops.add(h.textValue());
        }
        return new ProvenanceClaim(id, version, origin.textValue(), country == null || country.isNull() ? null : country.textValue(),
                hops, reshare.booleanValue());
    }
}
