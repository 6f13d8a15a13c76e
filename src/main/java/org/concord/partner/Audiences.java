package org.concord.partner;

import org.concord.stix.StixObject;

/**
 * Who may receive the objects of a case (docs/response-design.md §5, the {@code not-in-case}
 * rule): the egress asks it for every version of the {@code cases} collection it would release to a
 * partner, after the agreement and TLP said yes. Implemented by the coordinated-response capability
 * over its read side; wired by the runtime, so the egress policy stays free of it.
 */
@FunctionalInterface
public interface Audiences {

    /**
     * Whether {@code partner} (a pinned partner's name) is in the audience of {@code version}: for
     * a case, its tasks, events, notes and participations, the partner's member is invited to or
     * takes part in the case; for a request and its escalation notices, it is the requester or the
     * receiver. True for a version no case scopes. Must answer from the read side (no store write).
     */
    boolean admits(String partner, StixObject version);

    /**
     * A fingerprint of {@code partner}'s audiences now: it changes when the partner's member joins a
     * case (or leaves one), so that what a push held back from the partner is decided again
     * ({@code EgressGate.terms}) and a member invited after a case was written receives it.
     */
    default String terms(String partner) {
        return "";
    }

    /** Everyone is in every audience: a node without coordinated response. */
    Audiences EVERYONE = (partner, version) -> true;
}
