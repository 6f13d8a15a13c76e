package org.concord.fanout;

import java.time.InstantSource;
import java.util.List;
import org.concord.Time;
import org.concord.node.Node;
import org.concord.stix.Tlp;
import org.concord.store.Store;
import org.concord.store.Database;

/**
 * A node's fan-out, as {@code concord serve} runs it: the alert feed (which the server's alert
 * stream reads) and the webhook dispatcher, with its state database, from the node's
 * {@code "fanout"} and {@code "webhooks"} settings. {@link #open} opens its state on the node's database;
 * {@link #start} starts the feed's poll and the delivery lanes; {@link #close} stops them (before
 * the store closes).
 */
public final class FanOut implements AutoCloseable {
    private final FanOutConfig config;
    private final List<Webhook> webhooks;
    private final AlertFeed feed;
    private final WebhookDispatcher dispatcher;

    private FanOut(FanOutConfig config, List<Webhook> webhooks, AlertFeed feed, WebhookDispatcher dispatcher) {
        this.config = config;
        this.webhooks = webhooks;
        this.feed = feed;
        this.dispatcher = dispatcher;
    }

    /**
     * The fan-out of the node {@code nodeName} over its {@code store}'s alerts collection, with the
     * webhook state on {@code database} (the node's).
     *
     * @param config     the node's {@code "fanout"} section
     * @param webhooks   the node's {@code "webhooks"}
     * @param defaultTlp the node's default TLP (an alert's level when it carries none)
     * @throws org.concord.ConcordException STORE_FAILURE
     */
    public static FanOut open(FanOutConfig config, List<Webhook> webhooks, Store store, Database database, String nodeName,
                              Tlp defaultTlp, InstantSource clock, WebhookDispatcher.Timing timing) {
        AlertFeed feed = new AlertFeed(store, Node.collectionId(store, Node.ALERTS), config.poll(), Time.of(clock));
        WebhookDatabase db = new WebhookDatabase(database);
        WebhookDispatcher dispatcher = new WebhookDispatcher(webhooks, feed, db, nodeName, defaultTlp, clock, timing, config.poll());
        return new FanOut(config, webhooks, feed, dispatcher);
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

    @Override
    public void close() {
        try {
            dispatcher.close();
        } finally {
            feed.close();
        }
    }
}
