/**
 * Federation between nodes: talking to pinned partner nodes and auditing them.
 *
 * <ul>
 *   <li>{@link org.concord.federation.PinnedTls}: the client side of mutual TLS with a partner —
 *       our node certificate as client identity, the partner's server key checked against its
 *       pinned SHA-256 (no CA, no host name).</li>
 *   <li>{@link org.concord.federation.PeerLog}: the seam to a partner's published transparency
 *       log; {@link org.concord.federation.HttpsPeerLog} reaches it over HTTPS.</li>
 *   <li>{@link org.concord.federation.LogAuditor}: {@code concord verify}'s check — log key trusted
 *       on first use and compared afterwards, head signature, consistency with the last head seen
 *       ({@link org.concord.integrity.HeadHistory}) — giving a {@link
 *       org.concord.federation.LogAuditor.Verdict}.</li>
 * </ul>
 *
 * <p>Depends on {@code node} (TLS identity), {@code integrity} (heads and proofs) and the
 * {@code taxii} {@code Partners} seam (where pins and audits are kept). See docs/integrity.md.
 */
package org.concord.federation;
