package org.concord.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.concord.ConcordException;
import org.concord.ErrorCode;
import org.concord.Time;
import org.concord.fanout.AlertFeed;
import org.concord.fanout.Webhook;
import org.concord.fanout.WebhookClient;
import org.concord.fanout.WebhookDatabase;
import org.concord.fanout.Webhooks;
import org.concord.node.Node;
import org.concord.runtime.NodeSettings;
import org.concord.stix.StixTimestamp;
import org.concord.store.ObjectFilter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code concord webhook list|show|test}: the webhook endpoints of node.json and their delivery state. */
@Command(name = "webhook", mixinStandardHelpOptions = true,
        description = "The webhook endpoints alerts are POSTed to (\"webhooks\" in node.json; docs/warning.md): their delivery"
                + " state, the deliveries given up, and a signed test delivery.",
        subcommands = {WebhookCommand.ListHooks.class, WebhookCommand.Show.class, WebhookCommand.Test.class})
final class WebhookCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Each endpoint: URL, filters, deliveries made, skipped and given up, alerts waiting, and the failure being retried.")
    static final class ListHooks implements Callable<Integer> {
        @Mixin
        NodeDir node;

        @Override
        public Integer call() {
            NodeSettings.Part<List<Webhook>> config = webhooks(node);
            List<Webhook> hooks = config.section();
            if (hooks.isEmpty()) {
                System.out.println("no webhooks: add a \"webhooks\" array to " + node.dir.resolve("node.json") + " (docs/warning.md)");
                return Main.OK;
            }
            try (Node n = node.open(config.node())) {
                WebhookDatabase db = new WebhookDatabase(n.database());
                AlertFeed feed = new AlertFeed(n.store(), n.collectionId(Node.ALERTS), Duration.ofSeconds(1), Time.of(n.clock()));
                for (Webhook h : hooks) print(h, db.state(h.name()), feed);
            }
            return Main.OK;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "One endpoint's state, and the deliveries given up (newest first).")
    static final class Show implements Callable<Integer> {
        @Mixin
        NodeDir node;

        @Parameters(paramLabel = "NAME", description = "The webhook's name in node.json.")
        String name;

        @picocli.CommandLine.Option(names = "--limit", defaultValue = "20", description = "At most this many deliveries given up (default: ${DEFAULT-VALUE}).")
        int limit;

        @Override
        public Integer call() {
            if (limit < 1 || limit > 10_000) throw new IllegalArgumentException("--limit must be 1..10000: " + limit);
            NodeSettings.Part<List<Webhook>> config = webhooks(node);
            Webhook h = find(config.section(), name);
            try (Node n = node.open(config.node())) {
                WebhookDatabase db = new WebhookDatabase(n.database());
                print(h, db.state(h.name()), new AlertFeed(n.store(), n.collectionId(Node.ALERTS), Duration.ofSeconds(1), Time.of(n.clock())));
                List<WebhookDatabase.GivenUp> given = db.givenUp(h.name(), limit);
                System.out.println("  given up      " + (given.isEmpty() ? "none" : ""));
                for (WebhookDatabase.GivenUp g : given) {
                    System.out.println("    " + g.at() + "  " + g.objectId() + " @ " + g.version() + "  delivery " + g.deliveryId()
                            + "  after " + g.attempts() + " attempt" + (g.attempts() == 1 ? "" : "s") + "  " + g.reason());
                }
            }
            return Main.OK;
        }
    }

    @Command(name = "test", mixinStandardHelpOptions = true,
            description = {"Send the endpoint a signed ping (X-Concord-Event: ping) and print its answer.",
                    "Exit status 0 when it answers 2xx, 1 otherwise."})
    static final class Test implements Callable<Integer> {
        @Mixin
        NodeDir node;

        @Parameters(paramLabel = "NAME", description = "The webhook's name in node.json.")
        String name;

        @Override
        public Integer call() throws InterruptedException {
            NodeSettings.Part<List<Webhook>> config = webhooks(node);
            String nodeName = config.node().name();
            Webhook h = find(config.section(), name);
            Instant now = Time.system().instant();
            ObjectNode ping = new ObjectMapper().createObjectNode().put("type", "concord-ping").put("node", nodeName)
                    .put("webhook", h.name()).put("sent", StixTimestamp.formatMillis(now));
            String delivery = UUID.randomUUID().toString();
            long started = Time.system().nanoTime();
            try (WebhookClient client = new WebhookClient(h, nodeName, Time.system())) {
                WebhookClient.Answer a = client.post(delivery, "ping", ping.toString().getBytes(StandardCharsets.UTF_8));
                long ms = (Time.system().nanoTime() - started) / 1_000_000;
                if (a.acknowledged()) {
                    System.out.println(h + ": HTTP " + a.status() + " in " + ms + " ms (delivery " + delivery + ")");
                    return Main.OK;
                }
                System.out.println(h + ": " + a.error() + " after " + ms + " ms (delivery " + delivery + ")"
                        + (a.refused() ? "; alerts would be given up with this answer" : "; alerts would be retried"));
                return Main.REJECTED;
            }
        }
    }

    /** The node's settings and its webhooks, from one read of its node.json. */
    private static NodeSettings.Part<List<Webhook>> webhooks(NodeDir node) {
        return NodeSettings.part(node.dir, Webhooks.SECTION, Webhooks::parse);
    }

    private static Webhook find(List<Webhook> hooks, String name) {
        return hooks.stream().filter(h -> h.name().equals(name)).findFirst().orElseThrow(() -> new ConcordException(ErrorCode.NOT_FOUND,
                "no webhook " + name + " in node.json" + (hooks.isEmpty() ? "" : "; there are: "
                        + String.join(", ", hooks.stream().map(Webhook::name).toList()))));
    }

    private static void print(Webhook h, Optional<WebhookDatabase.EndpointState> state, AlertFeed feed) {
        System.out.println(h.name() + "  " + h.url() + "  min_severity " + (h.minSeverity() == null ? "-" : h.minSeverity())
                + "  max_tlp " + h.maxTlp().label().substring(4).toLowerCase());
        if (state.isEmpty()) {
            System.out.println("  not started   serve starts it at the end of the alerts collection");
            return;
        }
        WebhookDatabase.EndpointState s = state.get();
        int waiting = feed.after(s.after(), ObjectFilter.MAX_LIMIT).size();
        System.out.println("  delivered " + s.delivered() + "  skipped " + s.skipped() + "  given up " + s.givenUp()
                + "  waiting " + (waiting == ObjectFilter.MAX_LIMIT ? waiting + "+" : waiting)
                + "  last success " + (s.lastSuccess() == null ? "never" : s.lastSuccess()));
        if (s.attempts() > 0) {
            System.out.println("  failing       " + s.attempts() + " attempt" + (s.attempts() == 1 ? "" : "s") + " since "
                    + s.firstFailure() + ", last: " + s.lastError() + " at " + s.lastErrorAt() + "; next attempt " + s.nextAttempt());
        } else if (s.lastError() != null) {
            System.out.println("  last error    " + s.lastError() + " at " + s.lastErrorAt());
        }
    }
}
