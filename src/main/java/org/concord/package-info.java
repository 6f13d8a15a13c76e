/**
 * Concord, a sovereign federated cyber-threat exchange. Sub-packages are capabilities:
 * {@code stix} (the STIX 2.1 core), {@code store} (versioned storage), {@code intake} (import and
 * export), {@code node} (a node's folder, configuration and keys), {@code cli} (the launcher).
 * This package holds only the shared error catalogue.
 */
package org.concord;
