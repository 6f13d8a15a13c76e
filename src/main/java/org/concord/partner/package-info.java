/**
 * The seams between a node and its pinned partner nodes, shared by the TAXII server ({@code taxii},
 * which serves partners) and sync ({@code federation}, which talks to them), so that neither
 * depends on the other for them.
 *
 * <ul>
 *   <li>{@link org.concord.partner.Partners}: the partners a node pins (name, SPKI fingerprint, URL)
 *       and what {@code concord verify} last accepted of each one's transparency log; the TAXII
 *       state implements it on the node's database.</li>
 *   <li>{@link org.concord.partner.PartnerEgress}: what a partner may receive of a page of stored
 *       versions, decided then released in steps (every read by a partner, every push, the alert
 *       stream); the policy implements it ({@code policy.PolicyEgress}).</li>
 *   <li>{@link org.concord.partner.PartnerInbox}: where the objects a partner posts go (a peer's
 *       push); sync implements it ({@code federation.PeerInbox}).</li>
 * </ul>
 *
 * <p>Depends on {@code store} (collections, pages, stored versions) and, for the objects a partner
 * posts as read, Jackson's tree; nothing here knows HTTP, JDBC or the policy.
 */
package org.concord.partner;
