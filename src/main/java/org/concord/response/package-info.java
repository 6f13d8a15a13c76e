/**
 * Coordinated response (issue 14; docs/response-design.md): cases several nodes edit, merged by one
 * commutative, associative and idempotent rule ({@code CaseState}), formal requests between
 * members with the transitions each party may make ({@code Requests}), their STIX forms in the
 * {@code cases} collection ({@code RequestJson}, {@code Participations}, {@code ResponseObjects}),
 * the read side derived from that collection ({@code ResponseProjection} into {@code
 * ResponseDatabase}, with the merge follower), the service every surface calls ({@code
 * ResponseService}, the {@code ResponseApi}), the deadline sweep writing escalation notices (late
 * acknowledgements and fulfilments on both sides, a held preservation's {@code preserve_until} on
 * the holder's), the case audience the egress asks ({@code CaseAudiences}: an invitation counts only
 * if its inviter was the lead or an accepted participant when it made it, {@code
 * Participations.foldCase}), and at the border the check that a partner's
 * request or participation version was signed by the party the table names ({@code
 * ResponseIngressCheck}, a {@code partner.IngressCheck}). May use the root package, {@code
 * stix}, {@code store}, {@code node}, {@code config} and {@code partner}.
 */
package org.concord.response;
