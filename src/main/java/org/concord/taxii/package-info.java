/**
 * The TAXII 2.1 server: discovery, the node's API root, collections, objects, manifests, versions
 * and status (OASIS TAXII 2.1, sections 3 to 5), over HTTPS with mutual TLS for partner nodes and
 * bearer tokens for people and programs.
 *
 * <p>{@link org.concord.taxii.TaxiiServer} wires Javalin (instance routing, thin handlers) to the
 * domain: {@link org.concord.taxii.TaxiiService} decides what a requester may see and asks the
 * {@link org.concord.store.Store}; {@link org.concord.taxii.Access} authenticates tokens and
 * certificates and holds per-collection rights. Tokens, rights, partners and statuses persist
 * through small interfaces ({@link org.concord.taxii.Tokens}, {@link org.concord.taxii.Rights},
 * {@link org.concord.partner.Partners}, {@link org.concord.taxii.Statuses}) that
 * {@link org.concord.taxii.TaxiiDatabase} implements on the node's
 * {@link org.concord.store.Database} (SQLite or PostgreSQL; migrations {@code V2__taxii.sql} and
 * {@code V5__peers.sql} in this package's resource folder {@code migration}).
 *
 * <p>Partners meet the server through the {@code partner} seams: what a partner reads goes through
 * a {@link org.concord.partner.PartnerEgress} (the node wires the policy's), what it posts goes to a
 * {@link org.concord.partner.PartnerInbox} (the node wires sync's). This package knows neither the
 * policy nor sync.
 *
 * <p>Beside TAXII, under {@code {api root}concord/}: the transparency log ({@code LogRoutes}), the
 * alert stream ({@code StreamRoutes}) and coordinated response's REST API ({@code ResponseRoutes},
 * thin over {@link org.concord.response.ResponseApi}, answering {@link org.concord.taxii.ResponseJson}).
 */
package org.concord.taxii;
