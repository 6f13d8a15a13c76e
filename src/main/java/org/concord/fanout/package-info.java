/**
 * Fan-out: what the node learns that people must act on reaches them and their programs — early
 * warnings (every new version stored in the {@code alerts} collection, whoever raised it) and the
 * escalations of coordinated response (the {@code x-concord-escalation} notices of the
 * {@code cases} collection).
 *
 * <ul>
 *   <li>{@link org.concord.fanout.Feed}: a collection read as a sequence of new versions after a
 *       cursor (its {@code date_added}), woken by store writes and by polling for writes of other
 *       processes, with an {@link org.concord.fanout.EventFunction} saying which versions are events.
 *       Its instances: {@link org.concord.fanout.AlertFeed} (one event per change of an alert's
 *       meaning) and the feeds of {@link org.concord.fanout.ResponseEvents} ({@code escalation},
 *       {@code case}, {@code request}). The server-sent-events streams ({@code taxii.StreamRoutes})
 *       and the webhooks read them.</li>
 *   <li>{@link org.concord.fanout.WebhookDispatcher}: signed HTTP POSTs to the endpoints of
 *       {@code node.json}'s {@code webhooks} ({@link org.concord.fanout.Webhooks}), one durable
 *       queue per endpoint and routing (a cursor over the feed, {@link org.concord.fanout.WebhookDatabase}
 *       on the node's {@link org.concord.store.Database}; its migration, {@code V9__fanout.sql}, is in
 *       this package's resource folder {@code migration}), at least once, with retries. What goes
 *       where is its {@link org.concord.fanout.WebhookDispatcher.Routing}: the alerts to every
 *       endpoint that takes them, escalation notices by level to the duty webhooks
 *       ({@link org.concord.fanout.Escalations}).</li>
 *   <li>{@link org.concord.fanout.AlertSummary} and {@link org.concord.fanout.EscalationSummary}:
 *       what people are shown of an alert and of an escalation notice.</li>
 * </ul>
 *
 * Operators' and receivers' documentation: docs/warning.md ("Fan-out", "Webhooks");
 * escalations: docs/response-design.md §4.
 */
package org.concord.fanout;
