/**
 * Concord, a sovereign federated cyber-threat exchange. Sub-packages are capabilities:
 * {@code stix} (the STIX 2.1 core), {@code store} (versioned storage), {@code intake} (import and
 * export), {@code node} (a node's folder, configuration and keys), {@code cli} (the launcher).
 * This package holds the shared error catalogue, the input streams every edge reads through
 * ({@link org.concord.BoundedInputStream}, {@link org.concord.StrictUtf8}) and the one retry delay
 * ({@link org.concord.Backoff}).
 */
package org.concord;
