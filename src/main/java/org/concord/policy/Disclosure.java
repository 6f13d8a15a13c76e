package org.concord.policy;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One line of the disclosure audit log: what the egress policy decided for one object version and
 * one partner, when, and under which rules.
 *
 * @param seq      position in the log (assigned when recorded; 0 before)
 * @param at       when the decision was made
 * @param partner  the partner it was made for
 * @param objectId the STIX id
 * @param version  the version as written ({@code modified}, else {@code created}), "" for an
 *                 unversioned object
 * @param released whether the object went
 * @param rules    the rules that let it go and the transformations applied, or the one rule that
 *                 withheld it; then {@link Rule#AGREEMENT_CHANGED} when the decision was made again
 *                 because the terms changed
 * @param reason   why it was withheld, or null
 * @param sha256   hex SHA-256 of the canonical bytes sent (which differ from the stored version's
 *                 when the object was filtered), or null when withheld
 */
public record Disclosure(long seq, Instant at, String partner, String objectId, String version, boolean released,
                         List<Rule> rules, String reason, String sha256) {

    public Disclosure {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(partner, "partner");
        Objects.requireNonNull(objectId, "objectId");
        version = version == null ? "" : version;
        rules = List.copyOf(rules);
        if (rules.isEmpty()) throw new IllegalArgumentException("a disclosure names at least one rule");
    }

    /** The line for {@code decision} on the version {@code objectId}/{@code version}. */
    public static Disclosure of(Instant at, String partner, String objectId, String version, Decision decision) {
        return switch (decision) {
            case Decision.Release r -> new Disclosure(0, at, partner, objectId, version, true, r.rules(), null,
                    java.util.HexFormat.of().formatHex(r.object().sha256()));
            case Decision.Withhold w -> new Disclosure(0, at, partner, objectId, version, false, List.of(w.rule()),
                    w.reason(), null);
        };
    }
}
