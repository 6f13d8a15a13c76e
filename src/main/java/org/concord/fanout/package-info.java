/**
 * Fan-out of early warnings: every new version stored in the node's {@code alerts} collection,
 * whoever raised it (the local correlator, or a partner through sync), reaches people and programs.
 *
 * <ul>
 *   <li>{@link org.concord.fanout.AlertFeed}: the alerts collection read as a sequence of new
 *       versions after a cursor (its {@code date_added}), woken by store writes and by polling for
 *       writes of other processes. The server-sent-events stream ({@code taxii.AlertRoutes}) and
 *       the webhooks read it.</li>
 *   <li>{@link org.concord.fanout.WebhookDispatcher}: signed HTTP POSTs to the endpoints of
 *       {@code node.json}'s {@code webhooks} ({@link org.concord.fanout.Webhooks}), one durable
 *       queue per endpoint (a cursor over the alerts collection, {@link org.concord.fanout.WebhookDatabase}
 *       on the node's {@link org.concord.store.Database}; its migration, {@code V9__fanout.sql}, is in
 *       this package's resource folder {@code migration}), at least once, with retries.</li>
 *   <li>{@link org.concord.fanout.AlertSummary}: what people are shown of an alert.</li>
 * </ul>
 *
 * Operators' and receivers' documentation: docs/warning.md ("Fan-out", "Webhooks").
 */
package org.concord.fanout;
