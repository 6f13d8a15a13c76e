/**
 * Concord, a sovereign federated cyber-threat exchange. This package holds what every edge shares:
 * the error catalogue ({@link org.concord.ErrorCode}, {@link org.concord.ConcordException}), the
 * input streams every parser reads through ({@link org.concord.BoundedInputStream},
 * {@link org.concord.StrictUtf8}) and the one seam for time and waiting ({@link org.concord.Time}:
 * what time it is, a monotonic ticker, sleeping), whose system implementation is the only code that
 * reads the system clock or sleeps a thread, and the one retry delay ({@link org.concord.Backoff}).
 * Sub-packages, lowest first (docs/architecture.md has what each
 * may use):
 * <ul>
 * <li>{@code stix}, {@code stix.pattern}: the STIX 2.1 core (objects, canonical JSON, validation,
 *     TLP 2.0) and the patterning language;</li>
 * <li>{@code config}: {@code node.json} read once, each section parsed by its capability, every
 *     problem said with its JSON pointer;</li>
 * <li>{@code store} (contract) and {@code store.jdbc} (internal): the node's one database and its
 *     versioned, byte-for-byte store on SQLite or PostgreSQL;</li>
 * <li>{@code node}: a node's folder, configuration, keys and TLS identity;</li>
 * <li>{@code intake}: bundles in and out;</li>
 * <li>{@code integrity}: the transparency log and origin signatures;</li>
 * <li>{@code policy}: agreements and the egress policy (what leaves, to whom), the disclosure audit;</li>
 * <li>{@code partner}: what a partner may read and send, shared by the server and the sync client;</li>
 * <li>{@code taxii}: the TAXII 2.1 server, log endpoints and alert stream;</li>
 * <li>{@code federation}: pinned partners, sync, feeds, log audits;</li>
 * <li>{@code warning}: early warning (correlation of sightings into alerts);</li>
 * <li>{@code fanout}: alerts to people and programs (alert feed, webhooks);</li>
 * <li>{@code runtime}: the one composition root that builds and starts a node in its roles;</li>
 * <li>{@code cli}: the {@code concord} commands.</li>
 * </ul>
 */
package org.concord;
