package org.concord.cli;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.concord.ConcordException;
import org.concord.ErrorCode;
import org.concord.intake.Exporter;
import org.concord.node.Node;
import org.concord.stix.StixTimestamp;
import org.concord.store.ScanFilter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code concord export}: a STIX bundle of what the node holds. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write stored versions as one STIX 2.1 bundle (all versions, canonical JSON).")
final class ExportCommand implements Callable<Integer> {
    @Mixin
    NodeDir node;

    @Option(names = "--type", paramLabel = "TYPE", description = "Only this STIX type; repeatable.")
    List<String> types = new ArrayList<>();

    @Option(names = "--added-after", paramLabel = "TIMESTAMP", description = "Only versions first stored after this STIX timestamp.")
    String addedAfter;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write here instead of standard output.")
    Path output;

    @Override
    public Integer call() throws Exception {
        Instant after = null;
        if (addedAfter != null) {
            String problem = StixTimestamp.check(addedAfter);
            if (problem != null) throw new IllegalArgumentException("--added-after: " + problem);
            after = StixTimestamp.parse(addedAfter);
        }
        if (output != null && Files.isDirectory(output)) {
            throw new ConcordException(ErrorCode.INVALID_ARGUMENT, "-o " + output + " is a folder; name a file");
        }
        try (Node n = node.open();
             OutputStream out = new BufferedOutputStream(output == null ? System.out : Files.newOutputStream(output), 1 << 16)) {
            long count = new Exporter(n.store()).export(new ScanFilter(types, after), out);
            System.err.printf("exported %,d objects%s%n", count, output == null ? "" : " to " + output);
        }
        return Main.OK;
    }
}
