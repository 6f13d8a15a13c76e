package org.concord.store;

import java.util.List;
import java.util.Objects;

/**
 * Where a version stored here came from, when this node did not originate it: recorded with the
 * version in the same transaction ({@link Store#write(String, List, List)}), first write wins like
 * the version's bytes. A version without an origin was originated here. Sync (docs/federation.md)
 * fills it; the egress policy reads it as {@code policy.Provenance}.
 *
 * @param node       the node (or feed, {@code feed:NAME}) that originated the version
 * @param country    ISO 3166-1 alpha-2 country of the origin's member, or null when unknown
 * @param path       the nodes the version passed through before reaching this one, origin first,
 *                   the partner it came from last; never empty
 * @param mayReshare whether this node may pass the version on (the conjunction of the agreements
 *                   along the path)
 * @param from       the pinned partner or feed this node received it from (the last of path)
 * @param signature  what the origin signature check found on arrival
 * @param detached   the origin signature that arrived beside the object (not inside it) and was
 *                   checked, kept to be sent on with the version (docs/integrity.md); null when the
 *                   signature was inside the object (its bytes carry it) or there was none
 */
public record Origin(String node, String country, List<String> path, boolean mayReshare, String from, Signature signature,
                     DetachedSignature detached) {

    /** What the receiver found of the origin signature (docs/integrity.md). */
    public enum Signature {
        /** Valid under the key this node pinned for the signer. */
        VALID,
        /** Signed, by a key this node has not pinned: kept, never treated as genuine. */
        UNKNOWN_SIGNER,
        /** Carried no origin signature (feeds, most non-Concord servers). */
        UNSIGNED
    }

    public Origin {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(signature, "signature");
        if (node.isBlank()) throw new IllegalArgumentException("an origin names its node");
        if (country != null && !isCountry(country)) {
            throw new IllegalArgumentException("an origin's country is an ISO 3166-1 alpha-2 code in capitals: " + country);
        }
        path = List.copyOf(path);
        if (path.isEmpty() || !path.getFirst().equals(node)) {
            throw new IllegalArgumentException("a path starts at the origin " + node + ": " + path);
        }
        if (!path.getLast().equals(from)) throw new IllegalArgumentException("a path ends at the sender " + from + ": " + path);
        if (detached != null && signature == Signature.UNSIGNED) {
            throw new IllegalArgumentException("a version kept with a signature beside it is not unsigned");
        }
        for (String hop : path) {
            if (hop.isBlank() || hop.contains("\n")) throw new IllegalArgumentException("a node name in a path is one non-blank line: " + path);
        }
    }

    /** An origin without a signature beside the object (inside it, or none). */
    public Origin(String node, String country, List<String> path, boolean mayReshare, String from, Signature signature) {
        this(node, country, path, mayReshare, from, signature, null);
    }

    /** This origin with {@code detached} as the signature kept beside the version. */
    public Origin withDetached(DetachedSignature detached) {
        return new Origin(node, country, path, mayReshare, from, signature, detached);
    }

    private static boolean isCountry(String s) {
        return s.length() == 2 && s.charAt(0) >= 'A' && s.charAt(0) <= 'Z' && s.charAt(1) >= 'A' && s.charAt(1) <= 'Z';
    }
}
