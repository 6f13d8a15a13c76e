package org.concord.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.concord.Time;
import org.concord.fanout.FanOut;
import org.concord.fanout.WebhookDispatcher;
import org.concord.federation.SyncConfig;
import org.concord.federation.SyncService;
import org.concord.integrity.MerkleLog;
import org.concord.integrity.OriginSigner;
import org.concord.integrity.PreSigner;
import org.concord.integrity.PublishedLog;
import org.concord.node.Node;
import org.concord.node.NodeFolder;
import org.concord.node.NodeLock;
import org.concord.node.NodeTls;
import org.concord.partner.PartnerEgress;
import org.concord.policy.AgreementsFile;
import org.concord.policy.AuditDatabase;
import org.concord.stix.StixValidator;
import org.concord.taxii.Access;
import org.concord.taxii.ObjectValidator;
import org.concord.taxii.TaxiiConfig;
import org.concord.taxii.TaxiiDatabase;
import org.concord.taxii.TaxiiServer;
import org.concord.warning.Correlator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code concord serve}: the TAXII 2.1 server, HTTPS on loopback unless told otherwise. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve the node over TAXII 2.1 (HTTPS, mutual TLS for partners, bearer tokens) and sync with its peers and feeds. Stops on Ctrl-C.")
final class ServeCommand implements Callable<Integer> {
    @Mixin
    NodeDir node;

    @Option(names = "--port", description = "Port to listen on (default: server.port of node.json, 8443).")
    Integer port;

    @Option(names = "--bind", paramLabel = "ADDR",
            description = "Address to listen on (default: server.bind of node.json, 127.0.0.1). Another address only when asked.")
    String bind;

    @Option(names = "--insecure-http", description = "Plain HTTP without TLS; only allowed on a loopback address.")
    boolean insecureHttp;

    /** How long a stop waits for the node to write what is pending and close. */
    static final int STOP_WAIT_SECONDS = 75;

    @Override
    public Integer call() throws Exception {
        InstantSource clock = Time.system();
        CountDownLatch stopped = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        // refused before anything starts: a folder another process serves, one this user cannot write, a port taken
        NodeSettings settings = NodeSettings.load(node.dir);
        TaxiiConfig base = settings.taxii();
        TaxiiConfig config = base.withListener(bind != null ? bind : base.bind(), port != null ? port : base.port(), insecureHttp);
        try (NodeLock lock = NodeLock.serve(node.dir, "serve")) {
            NodeFolder.checkWritable(node.dir, settings.node());
            TaxiiServer.checkListenable(config.bind(), config.port());
            serve(clock, settings, config, stopped, closed);
        } finally {
            closed.countDown();
        }
        return Main.OK;
    }

    private void serve(InstantSource clock, NodeSettings settings, TaxiiConfig config, CountDownLatch stopped, CountDownLatch closed)
            throws Exception {
        try (NodeServices s = NodeServices.open(node.dir, settings, clock);
             FanOut fanOut = fanOut(s, clock)) {
            Node n = s.node();
            NodeTls tls = insecureHttp ? null
                    : NodeTls.ensure(n.dir(), n.config().name(), extraNames(config.bind()), clock);
            long appended = new MerkleLog(n.store().log()).catchUp();
            if (appended > 0) System.out.println("  log           appended " + appended + " versions the transparency log lacked");
            SyncConfig syncConfig = settings.sync();
            try (Correlator warning = correlator(s, clock).start();
                 PreSigner presigner = new PreSigner(n.store(), signer(n)).start();
                 TaxiiServer server = s.server(config, tls).alertStream(fanOut.start().feed(), fanOut.config()).start();
                 SyncService sync = s.syncService().start()) {
                System.out.println("TAXII 2.1 server of node " + n.config().name());
                System.out.println("  discovery     " + server.baseUri() + "/taxii2/");
                System.out.println("  API root      " + server.baseUri() + server.apiRootPath());
                System.out.println("  log           " + server.baseUri() + server.apiRootPath() + "concord/log/head"
                        + "  (signed by ed25519 sha256:" + n.keys().fingerprint() + ")");
                System.out.println("  alerts        " + server.baseUri() + server.apiRootPath() + "concord/alerts/stream"
                        + "  (server-sent events); webhooks: " + (fanOut.webhooks().isEmpty() ? "none"
                        : String.join(", ", fanOut.webhooks().stream().map(h -> h.name() + " (" + h.origin() + ")").toList())));
                if (tls != null) {
                    System.out.println("  certificate   " + NodeTls.certificateFile(n.dir()).toAbsolutePath()
                            + "  (key sha256:" + tls.fingerprint() + "; partners pin this: peer add --fingerprint)");
                } else {
                    System.out.println("  WARNING       plain HTTP on loopback: for local testing only");
                }
                System.out.println("  sync          " + s.sync().parties().size() + " parties; push on every write and every "
                        + syncConfig.poll().toSeconds() + " s, pull every " + syncConfig.pull().toSeconds() + " s");
                System.out.println("  tokens        concord token create --member NAME --dir " + node.dir);
                System.out.println("  early warning " + warning.describe());
                // Ctrl-C / SIGTERM: let this thread stop sync, write what early warning holds pending and
                // close the store before the JVM halts (within systemd's default 90 s stop timeout)
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    stopped.countDown();
                    try {
                        closed.await(STOP_WAIT_SECONDS, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, "concord-serve-stop"));
                stopped.await();
            }
        }
    }

    /** The node's alert fan-out, as its {@code "fanout"} and {@code "webhooks"} settings say: opened, not started. */
    static FanOut fanOut(NodeServices s, InstantSource clock) {
        Node n = s.node();
        return FanOut.open(s.settings().fanout(), s.settings().webhooks(), n.store(), n.database(),
                n.config().name(), n.config().defaultTlp(), clock, WebhookDispatcher.Timing.defaults());
    }

    /** The node's early warning, as its {@code "warning"} settings say: lists loaded, not started. */
    static Correlator correlator(NodeServices s, InstantSource clock) {
        Node n = s.node();
        return Correlator.open(s.settings().warning(), n.store(), n.config().member(), n.config().defaultTlp(), clock);
    }

    /**
     * The node's server without sync, not started: TAXII over the node's store, its transparency
     * log signed with the node key under {@code {api root}concord/log/}, and partner reads filtered
     * by the egress policy of the node's agreements ({@code settings}) and signed, every decision in
     * the disclosure audit log. {@code serve} itself runs {@link NodeServices#server}, which also
     * takes peers' pushes.
     */
    static TaxiiServer server(Node n, NodeSettings settings, TaxiiDatabase db, AuditDatabase audit, TaxiiConfig config, NodeTls tls,
                              InstantSource clock) {
        Access access = new Access(db.tokens(), db.rights(), db.partners(), clock, Duration.ofSeconds(2));
        StixValidator validator = new StixValidator();
        PartnerEgress egress = NodeServices.egress(n, new AgreementsFile(settings.file(), settings.agreements(), clock), audit,
                validator, clock);
        return new TaxiiServer(config, tls, n.store(), access, db.statuses(), ObjectValidator.of(validator),
                clock, TaxiiServer.slf4jRequestLog(), new PublishedLog(n.store().log(), n.keys(), clock), egress);
    }

    /** What the node signs with: its key, on behalf of its member's identity, each signature kept once. */
    static OriginSigner signer(Node n) {
        return new OriginSigner(n.keys(), n.config().member().identityId(), n.store().signatures());
    }

    /** A non-loopback, non-wildcard bind address goes into the certificate too. */
    private static List<String> extraNames(String bind) {
        if (bind.equals("0.0.0.0") || bind.equals("::") || TaxiiConfig.isLoopback(bind)) return List.of();
        return List.of(bind);
    }

    static Path dir(NodeDir d) {
        return d.dir;
    }
}
