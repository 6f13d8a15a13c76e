/**
 * Federation between nodes: talking to pinned partner nodes and feeds, auditing partners, and
 * syncing (docs/federation.md). Client side and domain logic; the TAXII server's side is the
 * {@code taxii} package's, which this package never uses: the two meet in the {@code partner}
 * seams (the server hands a partner's push to {@link org.concord.federation.PeerInbox}, this
 * package's {@code PartnerInbox}).
 *
 * <ul>
 *   <li>{@link org.concord.federation.PinnedTls}: the client side of mutual TLS with a partner —
 *       our node certificate as client identity, the partner's server key checked against its
 *       pinned SHA-256 (no CA, no host name).</li>
 *   <li>{@link org.concord.federation.PeerLog}, {@link org.concord.federation.HttpsPeerLog},
 *       {@link org.concord.federation.LogAuditor}: a partner's transparency log and
 *       {@code concord verify}'s check of it; {@link org.concord.federation.PeerAudits} runs it
 *       before each pull and learns a peer's log key at first contact.</li>
 *   <li>{@link org.concord.federation.TaxiiRemote}: the seam to another TAXII 2.1 server (discovery,
 *       collections, paged objects, add, status), free of HTTP types;
 *       {@link org.concord.federation.HttpTaxiiClient} speaks it on the JDK HTTP client.</li>
 *   <li>{@link org.concord.federation.Receiver}: the one receive path of pulled and pushed objects —
 *       validation, inbound agreement, origin signatures sent beside the objects
 *       ({@link org.concord.federation.SignatureClaim}) or inside them, checked with
 *       {@link org.concord.federation.SignerKeys}, provenance ({@link org.concord.federation.ProvenanceClaim})
 *       and handling levels ({@link org.concord.federation.HandlingClaim}), then a last
 *       {@code partner.IngressCheck} knowing the signer node (coordinated response's forged
 *       transitions); {@link
 *       org.concord.federation.PeerInbox} puts it behind the TAXII server.</li>
 *   <li>{@link org.concord.federation.Sync}: rounds with each {@link org.concord.federation.Party}
 *       (pull with checkpoints that only move to where every object is here, {@code Puller} and
 *       {@code Watermark}; push from the store through the egress), each giving a
 *       {@link org.concord.federation.Report}; {@link org.concord.federation.SyncService} runs them
 *       continuously; {@link org.concord.federation.SyncLedger} keeps checkpoints, cursors, states,
 *       errors, feeds and peer flags ({@link org.concord.federation.SyncDatabase} on the node's
 *       {@link org.concord.store.Database}; migrations V7, V13 and V15 in this package's resource
 *       folder {@code migration}).</li>
 * </ul>
 *
 * <p>Depends on {@code node} (TLS identity, keys), {@code integrity} (heads, proofs, signatures),
 * {@code policy} (agreements, ingress), {@code store}, {@code config} (its section of node.json)
 * and the {@code partner} seams ({@code Partners}, {@code PartnerEgress}, {@code PartnerInbox}); a
 * failed round waits by {@link org.concord.Backoff}.
 */
package org.concord.federation;
