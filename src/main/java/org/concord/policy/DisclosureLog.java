package org.concord.policy;

import java.util.List;

/**
 * The append-only audit log of disclosures: every decision the egress policy made for a partner.
 * Implementations: {@link AuditDatabase} on the node's own database (SQLite or PostgreSQL,
 * migration {@code V4__policy.sql}).
 */
public interface DisclosureLog {

    /** Appends {@code lines} in one transaction, in order. */
    void record(List<Disclosure> lines);

    /** The lines {@code query} selects, in the order recorded, with their {@link Disclosure#seq()}. */
    List<Disclosure> find(AuditQuery query);

    /**
     * Whether a line records the release of the version ({@code objectId}, {@code versionKey}) to
     * {@code partner} as stored: released, and by no rule that {@link Rule#transforms() transforms}
     * the object (a copy the policy altered is another object, which no log holds). The version key
     * is {@link org.concord.stix.StixObject#versionKey()}: any spelling of the same timestamp matches.
     */
    boolean releasedAsStored(String partner, String objectId, String versionKey);
}
