package org.concord.intake;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.concord.ConcordException;
import org.concord.ErrorCode;
import org.concord.stix.JsonBounds;
import org.concord.stix.StixObject;
import org.concord.stix.StixValidator;
import org.concord.stix.TlpDefinitions;
import org.concord.stix.Tlp;
import org.concord.store.Store;
import org.concord.store.WriteOutcome;

/**
 * Imports STIX bundles of any size into a collection with bounded memory: the bundle is framed
 * object by object ({@link BundleReader}), each object parsed, validated and canonicalised alone,
 * and the valid ones written in batched transactions while the next batch is being prepared.
 *
 * <p>A bad object is rejected with its position and reason and costs nothing else; a broken bundle
 * structure ends the import after everything before it was stored. Each committed batch is
 * reported only after its transaction committed, so a report is a durable fact.
 */
public final class Importer {

    /**
     * @param collectionId the collection to store into
     * @param handling     the TLP level to record beside the versions that carry no TLP marking
     *                     ({@code import --tlp}; docs/sovereignty.md), or null: none is recorded and
     *                     such versions are at the node's default level when they leave. Either
     *                     way the stored bytes are the producer's: no marking is added to them.
     * @param batchSize    most objects per transaction (fewer when the writer would otherwise wait for parsing)
     * @param limits       framing bounds
     */
    public record Options(String collectionId, Tlp handling, int batchSize, BundleReader.Limits limits) {
        /**
         * Objects per transaction. Large, because ids are random: every batch dirties leaves all
         * over the id index, and a batch of 10,000 writes each leaf once where five batches of
         * 2,000 would write it five times (measured: ~1.4x the import rate at 1M objects).
         */
        public static final int DEFAULT_BATCH = 10_000;

        public Options {
            Objects.requireNonNull(collectionId, "collectionId");
            Objects.requireNonNull(limits, "limits");
            if (batchSize < 1 || batchSize > 100_000) throw new IllegalArgumentException("batchSize must be 1..100000: " + batchSize);
        }

        /** Into {@code collectionId}, recording {@code handling} (null: none) beside unmarked versions. */
        public static Options into(String collectionId, Tlp handling) {
            return new Options(collectionId, handling, DEFAULT_BATCH, BundleReader.Limits.DEFAULT);
        }
    }

    /** One refused object: where it was and why. {@code objectId} is null when it could not be read. */
    public record Rejection(String source, int index, long offset, String objectId, String reason) {
        @Override
        public String toString() {
            return source + ": objects[" + index + "] at byte " + offset + (objectId == null ? "" : " (" + objectId + ")") + ": " + reason;
        }
    }

    /** A committed transaction: its sequence number, what it stored, and how far into the input it reaches. */
    public record Batch(int number, int stored, int duplicates, long endOffset) {}

    /** Totals of one import. {@code problem} says why the input ended early, or is null. */
    public record Report(long stored, long duplicates, long rejected, String problem) {
        public boolean clean() {
            return rejected == 0 && problem == null;
        }
    }

    /** Hears about rejections (from the reading thread) and commits (from the writing thread). */
    public interface Listener {
        void rejected(Rejection rejection);

        void committed(Batch batch);

        Listener NONE = new Listener() {
            @Override
            public void rejected(Rejection rejection) {}

            @Override
            public void committed(Batch batch) {}
        };
    }

    private static final int MAX_VIOLATIONS_SHOWN = 3;
    /** Elements framed per chunk: the unit one parser thread prepares and the writer takes. */
    private static final int CHUNK = 500;
    /** Batches' worth of chunks framed, parsed or being written at once. */
    private static final int IN_FLIGHT_BATCHES = 3;

    private final Store store;
    private final StixValidator validator;
    private final ObjectMapper json;

    public Importer(Store store, StixValidator validator) {
        this.store = store;
        this.validator = validator;
        // the bounds of docs/architecture.md, as TAXII POST applies them (JsonBounds)
        JsonFactory factory = JsonFactory.builder().streamReadConstraints(JsonBounds.constraints(0)).build();
        // A repeated member name is refused by the tree builder, which sees the earlier value come
        // back from the map it puts the member in (the parser's own duplicate detection keeps a
        // second set of names per object: ~9% of parsing).
        this.json = new ObjectMapper(factory)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    }

    /** Imports one bundle. @throws IOException when the input cannot be read */
    public Report run(InputStream in, String source, Options options, Listener listener) throws IOException {
        // Three stages: this thread frames the bundle into chunks of raw elements; parser threads
        // (one per core but the writer's, at least one) parse, validate, canonicalise and prepare
        // chunks for the store; one writer thread takes the parsed
        // chunks in input order and stores every chunk that is ready, up to the batch size, in one
        // transaction. While parsing is the slower stage the writer never waits for a whole batch;
        // while writing is, parsed chunks queue up and transactions grow to the batch size. At most
        // IN_FLIGHT_BATCHES batches' worth of chunks exist at once, so memory stays bounded.
        // The writer is the slower stage (a parser does an object in a third of the writer's time), so
        // it keeps a core of its own rather than share it with a parser (measured on 2 cores: ~3%)
        int parserThreads = Math.max(1, Runtime.getRuntime().availableProcessors() - 1);
        int chunkSize = Math.min(CHUNK, options.batchSize());
        ExecutorService parsers = Executors.newFixedThreadPool(parserThreads, daemon("concord-import-parser"));
        ExecutorService writerThread = Executors.newSingleThreadExecutor(daemon("concord-import-writer"));
        Listener synced = synchronised(listener);
        AtomicLong rejected = new AtomicLong();
        Writer writer = new Writer(options, synced, (IN_FLIGHT_BATCHES - 1) * options.batchSize() / chunkSize + 1);
        Future<?> writing = writerThread.submit(writer);
        try (BundleReader reader = new BundleReader(in, options.limits())) {
            List<BundleReader.Element> raw = new ArrayList<>(chunkSize);
            for (BundleReader.Element e; ; ) {
                e = reader.next();
                if (e != null && !e.ok()) {
                    synced.rejected(new Rejection(source, e.index(), e.offset(), null, e.problem()));
                    rejected.incrementAndGet();
                } else if (e != null) {
                    raw.add(e);
                }
                if (raw.size() == chunkSize || (e == null && !raw.isEmpty())) {
                    List<BundleReader.Element> elements = raw;
                    Future<List<Store.Prepared>> parsed = parsers.submit(() -> prepareAll(elements, source, options, synced, rejected));
                    writer.put(new Chunk(parsed, reader.offset()), writing);
                    raw = new ArrayList<>(chunkSize);
                }
                if (e == null) break;
            }
            writer.put(Chunk.END, writing);
            join(writing);
            return new Report(writer.stored, writer.duplicates, rejected.get(), reader.problem());
        } finally {
            writerThread.shutdownNow();
            parsers.shutdownNow();
        }
    }

    /** Parsed objects in input order, and how far into the input they reach; {@link #END} ends the input. */
    private record Chunk(Future<List<Store.Prepared>> parsed, long endOffset) {
        static final Chunk END = new Chunk(null, -1);
    }

    /** The writing stage: stores the chunks handed to it in order, as many per transaction as are ready. */
    private final class Writer implements java.util.concurrent.Callable<Void> {
        private final Options options;
        private final Listener listener;
        private final java.util.concurrent.BlockingQueue<Chunk> queue;
        private long stored; // read by the framing thread after the writer's future completed
        private long duplicates;

        Writer(Options options, Listener listener, int capacity) {
            this.options = options;
            this.listener = listener;
            this.queue = new java.util.concurrent.ArrayBlockingQueue<>(capacity);
        }

        /** Queues a chunk, waiting for room; fails with the writer's failure if it stopped. */
        void put(Chunk chunk, Future<?> writing) {
            if (writing.isDone()) join(writing); // it failed: stop framing
            try {
                while (!queue.offer(chunk, 50, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                    if (writing.isDone()) join(writing); // it failed (or was interrupted): rethrow here
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConcordException(ErrorCode.INTERNAL, "import interrupted");
            }
        }

        @Override
        public Void call() throws InterruptedException {
            int number = 0;
            List<Store.Prepared> batch = new ArrayList<>();
            for (boolean end = false; !end; ) {
                // the next chunk, waiting for it; then every further chunk already parsed, up to the batch size
                Chunk chunk = queue.take();
                long endOffset = chunk.endOffset();
                end = chunk == Chunk.END;
                if (!end) batch.addAll(join(chunk.parsed()));
                for (Chunk next; !end && batch.size() < options.batchSize() && (next = queue.peek()) != null
                        && (next == Chunk.END || next.parsed().isDone()); ) {
                    queue.poll();
                    if (next == Chunk.END) end = true;
                    else {
                        batch.addAll(join(next.parsed()));
                        endOffset = next.endOffset();
                    }
                }
                if (batch.isEmpty()) continue;
                List<WriteOutcome> outcomes = store.writePrepared(options.collectionId(), batch);
                int storedNow = 0;
                for (WriteOutcome o : outcomes) if (o instanceof WriteOutcome.Stored) storedNow++;
                stored += storedNow;
                duplicates += outcomes.size() - storedNow;
                listener.committed(new Batch(++number, storedNow, outcomes.size() - storedNow, endOffset));
                batch = new ArrayList<>(batch.size());
            }
            return null;
        }
    }

    /** Parses and prepares a chunk for the store (on a parser thread, so the writer has less to do). */
    private List<Store.Prepared> prepareAll(List<BundleReader.Element> elements, String source, Options options,
                                            Listener listener, AtomicLong rejected) {
        List<Store.Prepared> objects = new ArrayList<>(elements.size());
        for (BundleReader.Element e : elements) {
            StixObject o = prepare(e, source, options, listener);
            if (o == null) rejected.incrementAndGet();
            else objects.add(store.prepare(o, null, options.handling()));
        }
        return objects;
    }

    /**
     * Parses, validates and canonicalises one element, exactly as its producer made it (nothing is
     * added: the same (id, modified) holds the same bytes however it arrived); null (and reported)
     * when refused.
     */
    private StixObject prepare(BundleReader.Element e, String source, Options options, Listener listener) {
        JsonNode node;
        try {
            node = json.readTree(e.json());
        } catch (StreamConstraintsException ex) {
            listener.rejected(new Rejection(source, e.index(), e.offset(), null, "the object " + JsonBounds.describe(ex)));
            return null;
        } catch (JsonProcessingException ex) {
            long at = e.offset() + Math.max(0, ex.getLocation() == null ? 0 : ex.getLocation().getByteOffset());
            listener.rejected(new Rejection(source, e.index(), e.offset(), null,
                    "malformed JSON at byte " + at + ": " + message(ex)));
            return null;
        } catch (IOException ex) {
            throw new IllegalStateException("reading from memory cannot fail", ex);
        }
        ObjectNode object = (ObjectNode) node; // the framer only hands out {...}
        String id = object.path("id").isTextual() ? object.get("id").textValue() : null;
        List<StixValidator.Violation> violations = validator.validate(object);
        if (!violations.isEmpty()) {
            listener.rejected(new Rejection(source, e.index(), e.offset(), id, describe(violations)));
            return null;
        }
        String forged = TlpDefinitions.problem(object);
        if (forged != null) {
            listener.rejected(new Rejection(source, e.index(), e.offset(), id, forged));
            return null;
        }
        try {
            return StixObject.of(object, e.json().length);
        } catch (ConcordException ex) {
            listener.rejected(new Rejection(source, e.index(), e.offset(), id, ex.getMessage()));
            return null;
        }
    }

    private static <T> T join(Future<T> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConcordException(ErrorCode.INTERNAL, "import interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new ConcordException(ErrorCode.INTERNAL, "an import stage failed: " + e.getCause(), e.getCause());
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** Listener calls come from several threads; the caller's listener sees them one at a time. */
    private static Listener synchronised(Listener l) {
        return new Listener() {
            @Override
            public synchronized void rejected(Rejection r) {
                l.rejected(r);
            }

            @Override
            public synchronized void committed(Batch b) {
                l.committed(b);
            }
        };
    }

    /** Jackson's message, with the tree builder's wording for a repeated member name made plain. */
    private static String message(JsonProcessingException ex) {
        String m = ex.getOriginalMessage();
        if (ex instanceof MismatchedInputException && m != null && m.startsWith("Duplicate field ")) {
            int end = m.indexOf(" for `ObjectNode`");
            return "duplicate member name " + m.substring("Duplicate field ".length(), end < 0 ? m.length() : end);
        }
        return m;
    }

    private static String describe(List<StixValidator.Violation> violations) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(MAX_VIOLATIONS_SHOWN, violations.size()); i++) {
            StixValidator.Violation v = violations.get(i);
            if (i > 0) sb.append("; ");
            sb.append(v.pointer().isEmpty() ? "/" : v.pointer()).append(": ").append(v.message()).append(" [").append(v.rule()).append(']');
        }
        if (violations.size() > MAX_VIOLATIONS_SHOWN) sb.append("; and ").append(violations.size() - MAX_VIOLATIONS_SHOWN).append(" more");
        return sb.toString();
    }
}
