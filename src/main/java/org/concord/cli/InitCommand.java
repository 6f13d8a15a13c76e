package org.concord.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.concord.Time;
import org.concord.integrity.MerkleLog;
import org.concord.node.Node;
import org.concord.node.NodeConfig;
import org.concord.stix.Tlp;
import org.concord.store.CollectionInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code concord init}: creates a node folder. */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = "Create a node: its configuration, Ed25519 keys, store, default collections and member identity.")
final class InitCommand implements Callable<Integer> {
    @Mixin
    NodeDir node;

    @Option(names = "--name", required = true, description = "Short node name, e.g. cert-ee.")
    String name;

    @Option(names = "--member", description = "The member organisation's name (default: the node name).")
    String member;

    @Option(names = "--country", required = true, description = "The member's ISO 3166-1 alpha-2 country code, e.g. EE.")
    String country;

    @Option(names = "--sector", paramLabel = "SECTOR", description = "A sector of the member (STIX industry-sector vocabulary, e.g. energy); repeatable.")
    List<String> sectors = new ArrayList<>();

    @Option(names = "--default-tlp", defaultValue = "amber",
            description = "TLP given to objects that arrive without one: clear, green, amber, amber+strict, red (default: ${DEFAULT-VALUE}).")
    String defaultTlp;

    @Option(names = "--postgres-url", paramLabel = "JDBC_URL", description = "Use PostgreSQL instead of the embedded store, e.g. jdbc:postgresql://db.example:5432/concord.")
    String postgresUrl;

    @Option(names = "--postgres-user", description = "PostgreSQL user.")
    String postgresUser;

    @Option(names = "--postgres-password-file", paramLabel = "FILE",
            description = "File holding the PostgreSQL password (relative to the node folder, or absolute). Never put the password on the command line.")
    String postgresPasswordFile;

    @Override
    public Integer call() throws Exception {
        NodeConfig.StoreSettings store = postgresUrl == null
                ? new NodeConfig.StoreSettings.Embedded("concord.db")
                : new NodeConfig.StoreSettings.Postgres(postgresUrl, postgresUser, postgresPasswordFile);
        Node.Setup setup = new Node.Setup(name, member == null ? name : member, country, sectors, store, Tlp.parse(defaultTlp));
        try (Node n = Node.init(node.dir, setup, Time.system(), MerkleLog.writer())) {
            Path dir = n.dir().toAbsolutePath();
            System.out.println("Initialised node " + n.config().name() + " in " + dir);
            System.out.println("  member        " + n.config().member().name() + " (" + n.config().member().country() + ")"
                    + (sectors.isEmpty() ? "" : ", sectors " + String.join(", ", sectors)));
            System.out.println("  identity      " + n.config().member().identityId());
            System.out.println("  signing key   ed25519 sha256:" + n.keys().fingerprint());
            System.out.println("  TLS key       sha256:" + org.concord.node.NodeTls.load(n.dir()).fingerprint()
                    + "  (partners pin this: peer add --fingerprint)");
            System.out.println("  store         " + n.config().storeConfig(n.dir()));
            System.out.println("  default TLP   " + n.config().defaultTlp().label());
            for (CollectionInfo c : n.store().collections()) {
                System.out.println("  collection    " + c.alias() + "  " + c.id());
            }
        }
        return Main.OK;
    }
}
