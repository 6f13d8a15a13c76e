package org.concord.cli;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.concord.ConcordException;
import org.concord.ErrorCode;
import org.concord.Time;
import org.concord.intake.Importer;
import org.concord.node.Node;
import org.concord.stix.StixValidator;
import org.concord.stix.Tlp;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code concord import}: streams STIX bundles into a collection. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Import STIX 2.1 bundles of any size, streamed in batched transactions.",
                "Prints what was stored, skipped as duplicate and rejected (each rejection with its position, object id and reason).",
                "Valid objects are stored even when others are rejected; the exit status is 1 if anything was rejected."})
final class ImportCommand implements Callable<Integer> {
    @Mixin
    NodeDir node;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Bundle files; '-' reads standard input.")
    List<String> files;

    @Option(names = "--collection", defaultValue = Node.INTELLIGENCE, description = "Collection id or alias (default: ${DEFAULT-VALUE}).")
    String collection;

    @Option(names = "--tlp", description = {"TLP level to handle the objects that carry no TLP marking at, recorded beside them"
            + " (their bytes are kept as they are); without it they are at the node's default_tlp when they leave."})
    String tlp;

    @Option(names = "--batch", defaultValue = "" + Importer.Options.DEFAULT_BATCH, description = "Most objects per transaction (default: ${DEFAULT-VALUE}); fewer while parsing is slower than storing.")
    int batch;

    @Option(names = "--progress", description = "Print a line for every committed batch (otherwise at most one a second).")
    boolean everyBatch;

    @Override
    public Integer call() throws IOException {
        for (String file : files) if (!file.equals("-")) readable(file); // a missing file is said before anything is stored
        boolean clean = true;
        try (Node n = node.open()) {
            Tlp handling = tlp == null ? null : Tlp.parse(tlp);
            Importer.Options options = new Importer.Options(n.collectionId(collection), handling, batch,
                    org.concord.intake.BundleReader.Limits.DEFAULT);
            Importer importer = new Importer(n.store(), new StixValidator());
            for (String file : files) {
                clean &= importOne(importer, file, options);
            }
        }
        return clean ? Main.OK : Main.REJECTED;
    }

    /** A bundle file that can be read, or the reason it cannot, as a failure of its kind. */
    private static void readable(String file) {
        Path p;
        try {
            p = Path.of(file);
        } catch (java.nio.file.InvalidPathException e) {
            throw new ConcordException(ErrorCode.INVALID_ARGUMENT, "not a file name: " + file);
        }
        if (!Files.exists(p)) throw new ConcordException(ErrorCode.NOT_FOUND, "no such file: " + file);
        if (Files.isDirectory(p)) throw new ConcordException(ErrorCode.INVALID_ARGUMENT, file + " is a folder; name the bundle files in it");
        if (!Files.isReadable(p)) throw new ConcordException(ErrorCode.FORBIDDEN, "cannot read " + file + ": permission denied");
    }

    private boolean importOne(Importer importer, String file, Importer.Options options) throws IOException {
        PrintStream out = System.out;
        long started = Time.system().nanoTime();
        Listener listener = new Listener(out, everyBatch);
        Importer.Report r;
        try (InputStream in = file.equals("-") ? System.in : new BufferedInputStream(Files.newInputStream(Path.of(file)), 1 << 16)) {
            r = importer.run(in, file, options, listener);
        }
        double secs = (Time.system().nanoTime() - started) / 1e9;
        long seen = r.stored() + r.duplicates() + r.rejected();
        out.printf("%s: stored %,d, duplicate %,d, rejected %,d (%,.0f objects/s)%n", file, r.stored(), r.duplicates(),
                r.rejected(), seen / Math.max(secs, 1e-9));
        if (r.problem() != null) out.println(file + ": " + r.problem());
        return r.clean();
    }

    /** Prints rejections as they come and commits as they are made durable. */
    private static final class Listener implements Importer.Listener {
        private final PrintStream out;
        private final boolean everyBatch;
        private long lastPrint = Time.system().nanoTime();
        private long stored;

        Listener(PrintStream out, boolean everyBatch) {
            this.out = out;
            this.everyBatch = everyBatch;
        }

        @Override
        public void rejected(Importer.Rejection r) {
            out.println("rejected " + r);
        }

        @Override
        public void committed(Importer.Batch b) {
            stored += b.stored();
            long now = Time.system().nanoTime();
            if (everyBatch || now - lastPrint > 1_000_000_000L) {
                lastPrint = now;
                out.printf("committed batch %d: %d stored, %d duplicate, through byte %d (%,d stored so far)%n",
                        b.number(), b.stored(), b.duplicates(), b.endOffset(), stored);
            }
        }
    }
}
