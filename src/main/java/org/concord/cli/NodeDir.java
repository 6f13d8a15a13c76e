package org.concord.cli;

import java.nio.file.Path;
import org.concord.Time;
import org.concord.integrity.MerkleLog;
import org.concord.node.Node;
import org.concord.node.NodeConfig;
import picocli.CommandLine.Option;

/** The {@code --dir} option every node command takes. */
final class NodeDir {
    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "concord-data",
            description = "The node's folder (default: ${DEFAULT-VALUE}).")
    Path dir;

    Node open() {
        return Node.open(dir, Time.system(), MerkleLog.writer());
    }

    /** As {@link #open()}, with the node's settings already read from its node.json. */
    Node open(NodeConfig config) {
        return Node.open(dir, config, Time.system(), MerkleLog.writer());
    }
}
