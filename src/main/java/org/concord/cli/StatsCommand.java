package org.concord.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import org.concord.node.Node;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code concord stats}: object counts by type. */
@Command(name = "stats", mixinStandardHelpOptions = true, description = "Print the number of stored versions by STIX type.")
final class StatsCommand implements Callable<Integer> {
    @Mixin
    NodeDir node;

    @Override
    public Integer call() {
        try (Node n = node.open()) {
            print(n);
        }
        return Main.OK;
    }

    static void print(Node n) {
        Map<String, Long> counts = n.store().countByType();
        int width = counts.keySet().stream().mapToInt(String::length).max().orElse(5);
        long total = 0;
        for (Map.Entry<String, Long> e : counts.entrySet()) {
            System.out.printf("%-" + width + "s %,12d%n", e.getKey(), e.getValue());
            total += e.getValue();
        }
        System.out.printf("%-" + width + "s %,12d%n", "total", total);
    }
}
