/**
 * Coordinated response (issue 14; docs/response-design.md), being built: cases several nodes edit,
 * merged by one commutative, associative and idempotent rule ({@code CaseState}), and formal
 * requests between members with the transitions each party may make ({@code Requests}). Pure
 * domain so far: nothing here stores, serves or sends. May use the root package and {@code stix}.
 */
package org.concord.response;
