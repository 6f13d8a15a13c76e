package org.concord.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code concord demo}: the README's first command. Initialises a node (once), imports MITRE ATT&CK
 * from the shared data folder (a re-run stores nothing twice), creates an analyst token and serves
 * the node over TAXII 2.1 until Ctrl-C.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Initialise a demo node, import MITRE ATT&CK (Enterprise and ICS), and serve it over TAXII 2.1 (HTTPS on 127.0.0.1) until Ctrl-C."})
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--dir", defaultValue = "concord-data/demo", description = "The demo node's folder (default: ${DEFAULT-VALUE}).")
    Path dir;

    @Option(names = "--data", defaultValue = "${sys:concord.shared:-../shared}/data",
            description = "The shared data folder with the ATT&CK bundles (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = "--port", defaultValue = "8443", description = "TAXII port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--no-serve", description = "Stop after importing (do not start the TAXII server).")
    boolean noServe;

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
        int rc = Main.run("stats", "--dir", d);
        if (rc != Main.OK || noServe) return rc;

        System.out.println();
        System.out.println("A token for an analyst (read: intelligence, sightings, alerts; write: intelligence, sightings):");
        rc = Main.run("token", "create", "--dir", d, "--member", "demo-analyst",
                "--read", "intelligence,sightings,alerts", "--write", "intelligence,sightings");
        if (rc != Main.OK) return rc;
        System.out.println();
        System.out.println("Try it (the certificate is the node's own, self-signed):");
        System.out.println("  curl --cacert " + dir.resolve("tls/cert.pem") + " -H 'Accept: application/taxii+json;version=2.1' \\");
        System.out.println("       -H \"Authorization: Bearer $TOKEN\" https://localhost:" + port + "/demo/collections/");
        System.out.println("See docs/taxii.md for MISP, OpenCTI and other TAXII 2.1 clients. Ctrl-C stops the node.");
        System.out.println();
        return Main.run("serve", "--dir", d, "--port", Integer.toString(port));
    }
}
