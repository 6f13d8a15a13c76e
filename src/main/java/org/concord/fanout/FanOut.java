package org.concord.fanout;

import java.time.InstantSource;
import java.util.List;
import org.concord.node.Node;

/**
 * A node's fan-out, as {@code concord serve} runs it: the alert feed (which the server's alert
 * stream reads) and the webhook dispatcher, with its state database, from the node's
 * {@code "fanout"} and {@code "webhooks"} settings. {@link #open} reads the configuration and opens
 * the database; {@link #start} starts the feed's poll and the delivery lanes; {@link #close} stops
 * them (before the store closes).
 */
public final class FanOut implements AutoCloseable {
    private final FanOutConfig config;
    private final List<Webhook> webhooks;
    private final AlertFeed feed;
    private final WebhookDatabase db;
    private final WebhookDispatcher dispatcher;

    private FanOut(FanOutConfig config, List<Webhook> webhooks, AlertFeed feed, WebhookDatabase db, WebhookDispatcher dispatcher) {
        this.config = config;
        this.webhooks = webhooks;
        this.feed = feed;
        this.db = db;
        this.dispatcher = dispatcher;
    }

    /**
     * Reads the node's fan-out settings and webhooks; the webhook state is on the node's database.
     *
     * @throws org.concord.ConcordException INVALID_CONFIGURATION for bad settings; STORE_FAILURE
     */
    public static FanOut open(Node node, InstantSource clock, WebhookDispatcher.Timing timing) {
        FanOutConfig config = FanOutConfig.load(node.dir());
        List<Webhook> webhooks = Webhooks.load(node.dir());
        AlertFeed feed = new AlertFeed(node.store(), node.collectionId(Node.ALERTS), config.poll());
        WebhookDatabase db = new WebhookDatabase(node.database());
        WebhookDispatcher dispatcher = new WebhookDispatcher(webhooks, feed, db, node.config().name(), node.config().defaultTlp(),
                clock, timing, config.poll());
        return new FanOut(config, webhooks, feed, db, dispatcher);
    }

    /** Starts following the alerts collection and delivering to the webhooks. */
    public FanOut start() {
        feed.start();
        dispatcher.start();
        return this;
    }

    public FanOutConfig config() {
        return config;
    }

    public List<Webhook> webhooks() {
        return webhooks;
    }

    public AlertFeed feed() {
        return feed;
    }

    /** The webhook delivery state (cursors, failures, deliveries given up). */
    public WebhookDatabase deliveries() {
        return db;
    }

    @Override
    public void close() {
        try {
            dispatcher.close();
        } finally {
            feed.close();
        }
    }
}
