/**
 * What leaves a node, and what it takes in: the sovereignty rules of the federation.
 *
 * <ul>
 *   <li>{@link org.concord.policy.Agreement}: one per partner and direction, read from the
 *       {@code "agreements"} of node.json by {@link org.concord.policy.Agreements}.</li>
 *   <li>{@link org.concord.policy.EgressPolicy}: for one object version and one partner, a
 *       {@link org.concord.policy.Decision}: release (perhaps filtered: granular markings, sighting
 *       disclosure, PII) or withhold, naming the {@link org.concord.policy.Rule}. TLP 2.0 at the
 *       edge: RED never leaves; AMBER+STRICT only to the member's own organisation; AMBER only
 *       where named; GREEN and CLEAR where agreed. A version of the {@code cases} collection goes
 *       only to a partner in its case's audience ({@code not-in-case}, asked of
 *       {@code partner.Audiences}, which coordinated response implements).</li>
 *   <li>{@link org.concord.policy.IngressPolicy}: what is accepted from a partner.</li>
 *   <li>{@link org.concord.policy.EgressGate}: the policy plus the
 *       {@link org.concord.policy.DisclosureLog}, on the node's {@link org.concord.store.Database}
 *       ({@link org.concord.policy.AuditDatabase}; migration {@code V4__policy.sql} in this package's
 *       resource folder {@code migration}), queryable by partner, object and time.</li>
 *   <li>{@link org.concord.policy.PolicyEgress}: the gate as the {@code partner.PartnerEgress} every
 *       partner surface reads through (TAXII reads, pushes, the alert stream): decided, then signed
 *       and recorded, with the provenance and handling level each released version travels with.</li>
 *   <li>{@link org.concord.policy.PseudonymKey}: the node's secret for keyed PII pseudonyms.</li>
 * </ul>
 *
 * <p>Depends on {@code stix}, {@code node} (member vocabulary), {@code config} (its sections of
 * node.json), {@code store} (collections, the database) and {@code partner} (the egress seam it
 * implements, the audiences it asks); nothing here knows HTTP.
 */
package org.concord.policy;
