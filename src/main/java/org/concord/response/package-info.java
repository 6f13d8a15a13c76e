/**
 * Coordinated response (issue 14; docs/response-design.md), being built: cases several nodes edit,
 * merged by one commutative, associative and idempotent rule ({@code CaseState}), and formal
 * requests between members with the transitions each party may make ({@code Requests}), and at the
 * border the check that a partner's request or participation version was signed by the party the
 * table names ({@code ResponseIngressCheck}, a {@code partner.IngressCheck}). May use the root
 * package, {@code stix}, {@code store} and {@code partner}.
 */
package org.concord.response;
