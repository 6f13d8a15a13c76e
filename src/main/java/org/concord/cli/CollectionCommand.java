package org.concord.cli;

import java.util.UUID;
import java.util.concurrent.Callable;
import org.concord.node.Node;
import org.concord.store.CollectionInfo;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code concord collection add|list}: the node's TAXII collections. */
@Command(name = "collection", mixinStandardHelpOptions = true, description = "Manage the node's TAXII collections.",
        subcommands = {CollectionCommand.Add.class, CollectionCommand.ListCollections.class})
final class CollectionCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a collection (served at once; grant rights with token create --read/--write).")
    static final class Add implements Callable<Integer> {
        @Mixin
        NodeDir node;

        @Option(names = "--alias", required = true, description = "Short name usable in URLs, e.g. energy-sector.")
        String alias;

        @Option(names = "--title", description = "Human-readable title (default: the alias).")
        String title;

        @Option(names = "--description", description = "What the collection holds.")
        String description;

        @Override
        public Integer call() {
            if (!alias.matches("[a-z0-9][a-z0-9._-]{0,62}")) {
                throw new IllegalArgumentException("an alias is 1-63 lower-case letters, digits, '.', '_' or '-': " + alias);
            }
            try (Node n = node.open()) {
                CollectionInfo c = new CollectionInfo(UUID.randomUUID().toString(), alias, title != null ? title : alias, description);
                n.store().createCollection(c);
                System.out.println("collection " + c.alias() + "  " + c.id());
            }
            return Main.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the collections.")
    static final class ListCollections implements Callable<Integer> {
        @Mixin
        NodeDir node;

        @Override
        public Integer call() {
            try (Node n = node.open()) {
                for (CollectionInfo c : n.store().collections()) {
                    System.out.printf("%-20s  %s  %s%n", c.alias() == null ? "-" : c.alias(), c.id(), c.title());
                }
            }
            return Main.OK;
        }
    }
}
