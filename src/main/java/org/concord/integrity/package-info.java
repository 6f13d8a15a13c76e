/**
 * Integrity of what a node stores and shares: a transparency log of every stored version, signed
 * tree heads, and origin signatures, which travel beside the objects they sign.
 *
 * <ul>
 *   <li>{@link org.concord.integrity.MerkleLog}: the node's append-only Merkle log (RFC 9162
 *       §2.1), one leaf per stored version in the order first stored, a commitment to it under a
 *       secret salt of its own ({@link org.concord.integrity.LogEntry}), kept beside the store's
 *       tables and appended in the store's own write transaction
 *       ({@link org.concord.integrity.MerkleLog#writer()}); roots, inclusion proofs (§2.1.3) and
 *       consistency proofs (§2.1.4) from O(log n) stored hashes.</li>
 *   <li>{@link org.concord.integrity.PublishedLog}: what a node serves of its log — heads, key,
 *       consistency proofs, and inclusion proofs with the salt only of versions given to the
 *       asker ({@link org.concord.integrity.PublishedLog.Audience}); {@link
 *       org.concord.integrity.LeafProof}: such a proof as a receiver checks it against the copy it
 *       holds.</li>
 *   <li>{@link org.concord.integrity.Merkle}: the hashes (§2.1.1) and the verification algorithms
 *       (§2.1.3.2, §2.1.4.2) a partner runs, independent of the log's own proof code.</li>
 *   <li>{@link org.concord.integrity.TreeHead}, {@link org.concord.integrity.SignedTreeHead}: the
 *       log's size and root at a time, signed with the node's Ed25519 key over RFC 8785 JSON;
 *       {@link org.concord.integrity.HeadHistory}: a partner's record of the heads it saw, which
 *       catches a node rewriting history.</li>
 *   <li>{@link org.concord.integrity.OriginSignature}: the Ed25519 signature of the originating
 *       node over an object's RFC 8785 canonical JSON without Concord's signature extension, sent
 *       beside the object ({@code store.DetachedSignature}) or, from older nodes, inside it in the
 *       STIX property extension Concord publishes; {@link org.concord.integrity.OriginSigner}
 *       makes this node's (cached by the SHA-256 of the bytes signed) and
 *       {@link org.concord.integrity.PreSigner} makes them ahead of egress.</li>
 * </ul>
 *
 * <p>Depends on {@code stix} (canonical JSON), {@code store} (the {@code LogStorage} seam, whose
 * SQLite and PostgreSQL tables come from migrations {@code V3__integrity.sql} and
 * {@code V12__log_salts.sql}) and {@code node}
 * (the node's keys). Knows nothing of HTTP: the federation serves heads and proofs as the JSON
 * the types here produce. See docs/integrity.md.
 */
package org.concord.integrity;
