package org.concord.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code concord demo}: the README's first command. Initialises a node (once), imports MITRE ATT&CK
 * from the shared data folder (a re-run stores nothing twice) and prints what it holds.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Initialise a demo node, import MITRE ATT&CK (Enterprise and ICS) and show what it holds.")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--dir", defaultValue = "concord-data/demo", description = "The demo node's folder (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--data", defaultValue = "${sys:concord.shared:-../shared}/data",
            description = "The shared data folder with the ATT&CK bundles (default: ${DEFAULT-VALUE}).")
    Path data;

    @Override
    public Integer call() {
        List<Path> bundles = List.of(data.resolve("enterprise-attack-18.1.json"), data.resolve("ics-attack-18.1.json"));
        for (Path b : bundles) {
            if (!Files.isReadable(b)) throw new IllegalArgumentException("cannot read " + b.toAbsolutePath() + " (set --data to the shared data folder)");
        }
        String d = dir.toString();
        if (!Files.exists(dir.resolve("node.json"))) {
            int rc = Main.run("init", "--dir", d, "--name", "demo", "--member", "CERT Demo", "--country", "EE",
                    "--sector", "government-national", "--default-tlp", "green");
            if (rc != Main.OK) return rc;
        }
        for (Path b : bundles) {
            int rc = Main.run("import", "--dir", d, "--tlp", "clear", b.toString());
            if (rc != Main.OK) return rc;
        }
        System.out.println();
        System.out.println("What the node holds:");
        return Main.run("stats", "--dir", d);
    }
}
