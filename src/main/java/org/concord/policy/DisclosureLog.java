package org.concord.policy;

import java.util.Collection;
import java.util.List;

/**
 * The append-only audit log of disclosures: every decision the egress policy made for a partner.
 * Implementations: {@link AuditDatabase} on the node's own database (SQLite or PostgreSQL,
 * migration {@code V4__policy.sql}).
 */
public interface DisclosureLog {

    /** Appends {@code lines} in one transaction, in order. */
    void record(List<Disclosure> lines);

    /**
     * The lines {@code query} selects, in the order recorded (newest first when
     * {@link AuditQuery#newestFirst()}), with their {@link Disclosure#seq()}.
     */
    List<Disclosure> find(AuditQuery query);

    /**
     * Whether a line records the release of the version ({@code objectId}, {@code versionKey}) to
     * {@code partner} as stored: released, and by no rule that {@link Rule#transforms() transforms}
     * the object (a copy the policy altered is another object, which no log holds). The version key
     * is {@link org.concord.stix.StixObject#versionKey()}: any spelling of the same timestamp matches.
     */
    boolean releasedAsStored(String partner, String objectId, String versionKey);

    /**
     * Every line for {@code partner} on any of {@code objectIds} (at most {@link #IDS_AT_ONCE}), in
     * the order recorded: what was decided for those objects, to learn which versions were withheld
     * and never released.
     */
    List<Disclosure> decisions(String partner, Collection<String> objectIds);

    /** Object ids {@link #decisions} takes at once. */
    int IDS_AT_ONCE = 1_000;
}
