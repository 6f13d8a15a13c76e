package org.concord.cli;

import java.time.InstantSource;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.concord.Time;
import org.concord.federation.SyncConfig;
import org.concord.node.Node;
import org.concord.node.NodeFolder;
import org.concord.node.NodeLock;
import org.concord.node.NodeTls;
import org.concord.Time;
import org.concord.runtime.NodeRuntime;
import org.concord.runtime.NodeSettings;
import org.concord.runtime.Role;
import org.concord.runtime.Roles;
import org.concord.taxii.TaxiiConfig;
import org.concord.taxii.TaxiiServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code concord serve}: the node as {@link NodeRuntime} runs it (every role, or those of
 * {@code --roles}), the TAXII server on HTTPS on loopback unless told otherwise; stops on Ctrl-C
 * or SIGTERM.
 */
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

    @Option(names = "--roles", paramLabel = "ROLES", defaultValue = "all", converter = RolesConverter.class,
            description = {"What this process runs, comma-separated (default: ${DEFAULT-VALUE}): api (the TAXII server and the alert"
                    + " stream), sync (push to peers, pull from peers and feeds), warning (early warning), fanout (webhooks)."})
    Roles roles;

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
            if (roles.has(Role.API)) TaxiiServer.checkListenable(config.bind(), config.port());
            NodeRuntime runtime = NodeRuntime.open(node.dir, settings, clock);
            try (runtime) {
                runtime.start(roles, NodeRuntime.Listener.of(config));
                summary(runtime);
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
        } finally {
            closed.countDown();
        }
        return Main.OK;
    }

    /** What runs and where: one line per part, a part whose role does not run said so. */
    private void summary(NodeRuntime runtime) {
        Node n = runtime.node();
        NodeSettings settings = runtime.settings();
        Roles running = runtime.roles();
        if (runtime.appended() > 0) {
            System.out.println("  log           appended " + runtime.appended() + " versions the transparency log lacked");
        }
        String webhooks = !running.has(Role.FANOUT) ? "not run here (role fanout)" : settings.webhooks().isEmpty() ? "none"
                : String.join(", ", settings.webhooks().stream().map(h -> h.name() + " (" + h.origin() + ")").toList());
        if (running.has(Role.API)) {
            TaxiiServer server = runtime.server();
            System.out.println("TAXII 2.1 server of node " + n.config().name());
            if (!running.equals(Roles.ALL)) System.out.println("  roles         " + running);
            System.out.println("  discovery     " + server.baseUri() + "/taxii2/");
            System.out.println("  API root      " + server.baseUri() + server.apiRootPath());
            System.out.println("  log           " + server.baseUri() + server.apiRootPath() + "concord/log/head"
                    + "  (signed by ed25519 sha256:" + n.keys().fingerprint() + ")");
            System.out.println("  alerts        " + server.baseUri() + server.apiRootPath() + "concord/alerts/stream"
                    + "  (server-sent events); webhooks: " + webhooks);
            NodeTls tls = runtime.tls();
            if (tls != null) {
                System.out.println("  certificate   " + NodeTls.certificateFile(n.dir()).toAbsolutePath()
                        + "  (key sha256:" + tls.fingerprint() + "; partners pin this: peer add --fingerprint)");
            } else {
                System.out.println("  WARNING       plain HTTP on loopback: for local testing only");
            }
        } else {
            System.out.println("Node " + n.config().name() + ", without its TAXII server (role api not run here)");
            System.out.println("  roles         " + running);
            System.out.println("  alerts        webhooks: " + webhooks);
        }
        SyncConfig sync = settings.sync();
        System.out.println("  sync          " + (!running.has(Role.SYNC) ? "not run here (role sync)"
                : runtime.services().sync().parties().size() + " parties; push on every write and every "
                + sync.poll().toSeconds() + " s, pull every " + sync.pull().toSeconds() + " s"));
        if (running.has(Role.API)) System.out.println("  tokens        concord token create --member NAME --dir " + node.dir);
        System.out.println("  early warning " + (running.has(Role.WARNING) ? runtime.warning().describe() : "not run here (role warning)"));
    }

    /** {@code --roles api,fanout}, or {@code all}. */
    static final class RolesConverter implements ITypeConverter<Roles> {
        @Override
        public Roles convert(String value) {
            try {
                return Roles.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
