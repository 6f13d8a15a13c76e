package org.concord.federation;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry a push withheld from a peer and that has not gone to it since (table
 * {@code sync_withheld}, docs/federation.md): kept so that the operator sees what the agreement
 * holds back, and so that only these are decided again when the terms change.
 *
 * @param dateAdded the entry's date_added in {@code collectionId}
 * @param version   the object's {@code modified}, else {@code created}, as written; "" if unversioned
 * @param rule      the id of the rule that withheld it ({@code unknown-marking})
 * @param reason    the policy's words, naming the value at fault
 * @param terms     the terms it was last decided under ({@code PartnerEgress#terms}); "" when not known
 */
public record HeldBack(String peer, String collectionId, Instant dateAdded, String objectId, String version, String rule,
                       String reason, String terms) {
    public HeldBack {
        Objects.requireNonNull(peer, "peer");
        Objects.requireNonNull(collectionId, "collectionId");
        Objects.requireNonNull(dateAdded, "dateAdded");
        Objects.requireNonNull(objectId, "objectId");
        version = version == null ? "" : version;
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(terms, "terms");
    }

    /** What is held back under one rule: how many versions, and the oldest as an example. */
    public record Count(String rule, long count, HeldBack example) {}
}
