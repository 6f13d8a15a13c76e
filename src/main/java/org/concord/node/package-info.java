/**
 * A node's folder and identity: {@link org.concord.node.Node} (the folder opened: its configuration,
 * database, store and the collections every node has), {@link org.concord.node.NodeConfig} (the
 * node's own section of {@code node.json}: name, member, country, store, default TLP),
 * {@link org.concord.node.NodeKeys} (Ed25519 signing keys), {@link org.concord.node.NodeTls} (the
 * node's TLS identity and the partners' pinned certificates), {@link org.concord.node.Member} (the
 * member identity it publishes), and one process per folder ({@link org.concord.node.NodeLock},
 * {@link org.concord.node.NodeFolder}: owner-only files). Uses {@code stix}, {@code store} and
 * {@code config}; knows no capability above it.
 */
package org.concord.node;
