package org.concord.policy;

import java.util.List;
import java.util.Objects;

/**
 * Where an object version comes from, as far as the egress policy needs to know.
 *
 * @param originNode    the node that first published the version
 * @param originCountry ISO 3166-1 alpha-2 country of the origin's member, or null when unknown
 *                      (a sighting cannot then be disclosed by country)
 * @param path          the nodes the version passed through before reaching this one, origin
 *                      first; never empty (a version that did not travel has path [origin])
 * @param mayReshare    whether this node may pass the version on to other partners: false as soon
 *                      as any agreement along the path said so (the sync layer carries the
 *                      conjunction). Ignored for versions this node originated.
 */
public record Provenance(String originNode, String originCountry, List<String> path, boolean mayReshare) {

    public Provenance {
        Objects.requireNonNull(originNode, "originNode");
        if (originNode.isBlank()) throw new IllegalArgumentException("originNode must not be blank");
        if (originCountry != null && !originCountry.matches("[A-Z]{2}")) {
            throw new IllegalArgumentException("originCountry must be an ISO 3166-1 alpha-2 code in capitals: " + originCountry);
        }
        path = path == null || path.isEmpty() ? List.of(originNode) : List.copyOf(path);
        if (!path.get(0).equals(originNode)) {
            throw new IllegalArgumentException("a provenance path starts at the origin " + originNode + ": " + path);
        }
    }

    /** A version this node ({@code node}, of a member in {@code country}) originated. */
    public static Provenance local(String node, String country) {
        return new Provenance(node, country, List.of(node), true);
    }

    /** Whether {@code node} originated the version. */
    public boolean originatedAt(String node) {
        return originNode.equals(node);
    }

    /** Whether {@code node} already holds the version (it is on the path). */
    public boolean visited(String node) {
        return path.contains(node);
    }
}
