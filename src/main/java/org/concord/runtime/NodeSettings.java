package org.concord.runtime;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.concord.config.ConfigFile;
import org.concord.config.Section;
import org.concord.fanout.FanOutConfig;
import org.concord.fanout.Webhook;
import org.concord.fanout.Webhooks;
import org.concord.federation.SyncConfig;
import org.concord.node.NodeConfig;
import org.concord.policy.Agreements;
import org.concord.response.ResponseConfig;
import org.concord.taxii.TaxiiConfig;
import org.concord.warning.WarningConfig;

/**
 * A node's whole configuration: its {@code node.json} read once, and each section parsed by the
 * capability it configures, every problem of the file said at once with its JSON pointer
 * (docs/architecture.md, "Configuration"). A member of the file that no section claims is refused.
 * What {@link NodeRuntime} runs on ({@code serve}, {@code demo}, {@code sync}); a one-shot command
 * parses only what it uses ({@link #part}).
 *
 * @param file       the file as read (the agreements are read again from it when it changes)
 * @param node       the node's own settings: name, member, store, default TLP, server
 * @param taxii      {@code "taxii"}, with the {@code "server"} listener
 * @param sync       {@code "sync"}
 * @param warning    {@code "warning"}
 * @param fanout     {@code "fanout"}
 * @param webhooks   {@code "webhooks"}
 * @param agreements {@code "agreements"}, as the node starts with them
 * @param response   {@code "response"}
 */
public record NodeSettings(ConfigFile file, NodeConfig node, TaxiiConfig taxii, SyncConfig sync, WarningConfig warning,
                           FanOutConfig fanout, List<Webhook> webhooks, Agreements agreements,
                           ResponseConfig response) {

    /** The members of node.json: the node's own, and one section per capability. */
    static final Set<String> MEMBERS = members();

    public NodeSettings {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(taxii, "taxii");
        Objects.requireNonNull(sync, "sync");
        Objects.requireNonNull(warning, "warning");
        Objects.requireNonNull(fanout, "fanout");
        webhooks = List.copyOf(webhooks);
        Objects.requireNonNull(agreements, "agreements");
        Objects.requireNonNull(response, "response");
    }

    private static Set<String> members() {
        Set<String> all = new HashSet<>(NodeConfig.FIELDS);
        all.addAll(List.of(TaxiiConfig.SECTION, SyncConfig.SECTION, WarningConfig.SECTION, FanOutConfig.SECTION, Webhooks.SECTION,
                Agreements.SECTION, ResponseConfig.SECTION, "comment"));
        return Set.copyOf(all);
    }

    /**
     * Reads and parses {@code dir/node.json}.
     *
     * @throws org.concord.ConcordException INVALID_CONFIGURATION when {@code dir} holds no node, or
     *         naming the file and every problem in it
     */
    public static NodeSettings load(Path dir) {
        return parse(NodeConfig.read(dir));
    }

    /** Parses every section of {@code file}. */
    public static NodeSettings parse(ConfigFile file) {
        return file.parse(root -> {
            root.known(MEMBERS);
            NodeConfig node = NodeConfig.parse(root);
            TaxiiConfig taxii = TaxiiConfig.parse(root.get(TaxiiConfig.SECTION), node);
            SyncConfig sync = SyncConfig.parse(root.get(SyncConfig.SECTION));
            WarningConfig warning = WarningConfig.parse(root.get(WarningConfig.SECTION));
            FanOutConfig fanout = FanOutConfig.parse(root.get(FanOutConfig.SECTION));
            List<Webhook> webhooks = Webhooks.parse(root.get(Webhooks.SECTION));
            Agreements agreements = Agreements.parse(root.get(Agreements.SECTION));
            ResponseConfig response = ResponseConfig.parse(root.get(ResponseConfig.SECTION));
            return root.build(() -> new NodeSettings(file, node, taxii, sync, warning, fanout, webhooks, agreements, response));
        });
    }

    /** The node's own settings and one section of its node.json (for one-shot commands). */
    public record Part<T>(NodeConfig node, T section) {}

    /**
     * Reads {@code dir/node.json} and parses the node's own settings and the section {@code name}
     * with {@code parser}, the problems of both said at once.
     */
    public static <T> Part<T> part(Path dir, String name, Function<Section, T> parser) {
        return NodeConfig.read(dir).parse(root -> {
            NodeConfig node = NodeConfig.parse(root);
            T section = parser.apply(root.get(name));
            return root.build(() -> new Part<>(node, section));
        });
    }
}
