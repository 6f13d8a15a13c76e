/**
 * Concord, a sovereign federated cyber-threat exchange. Sub-packages are capabilities:
 * {@code stix} (the STIX 2.1 core), {@code store} (versioned storage), {@code intake} (import and
 * export), {@code node} (a node's folder, configuration and keys), {@code cli} (the launcher).
 * This package holds the shared error catalogue and the input streams every edge reads through
 * ({@link org.concord.BoundedInputStream}, {@link org.concord.StrictUtf8}), and the one seam for
 * time and waiting ({@link org.concord.Time}: what time it is, a monotonic ticker, sleeping), whose
 * system implementation is the only code that reads the system clock or sleeps a thread.
 */
package org.concord;
