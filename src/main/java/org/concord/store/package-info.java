/**
 * The versioned STIX store of a node: every version of every object kept once, keyed by
 * (id, version key), in named collections whose entries carry a server-assigned, strictly
 * increasing {@code date_added} for TAXII paging; and the node's one database it lives in.
 *
 * <p>Public here: the {@link org.concord.store.Store} contract and its value types; the node's
 * {@link org.concord.store.Database}, opened once from a {@link org.concord.store.StoreConfig}
 * (the embedded store, SQLite in one file, or PostgreSQL), whose reader and writer pools the store
 * and every capability's tables share, and which turns every {@code SQLException} into a
 * {@code STORE_FAILURE}; and {@link org.concord.store.Stores}, which opens the store on it. The
 * implementation is {@code org.concord.store.jdbc}, internal: one JDBC store for both databases,
 * what differs behind a small dialect seam. The store's interface knows nothing of HTTP, JDBC or
 * JSON libraries ({@code Database} is the one JDBC-shaped type, for capabilities' own SQL).
 *
 * <p>Schema (the store's migrations under {@code db/migration}; each capability keeps its own
 * beside its code, docs/architecture.md "Database layer"): {@code object_version} holds each
 * version's canonical JSON, SHA-256 and envelope fields; {@code collection_entry} links a version
 * to a collection with its date_added and first/last flags maintained on write; {@code type_count}
 * counts versions by type; {@code write_clock} holds the last date_added handed out;
 * {@code log_node} and {@code log_state} hold the transparency log's hashes and size
 * ({@link org.concord.store.LogStorage}, appended through a {@link org.concord.store.LogWriter} in
 * the write transaction; the Merkle arithmetic lives in {@code org.concord.integrity}). Beside each
 * version, never inside its bytes: where it came from ({@code version_origin},
 * {@link org.concord.store.Origin}, with the origin signature that came beside it,
 * {@link org.concord.store.DetachedSignature}, V6 and V16), its handling level
 * ({@code version_handling}, V11) and its log salt; this node's own signatures are cached by the
 * SHA-256 of the bytes signed ({@code origin_signature}, {@link org.concord.store.SignatureCache}).
 */
package org.concord.store;
