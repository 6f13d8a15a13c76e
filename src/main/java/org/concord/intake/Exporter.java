package org.concord.intake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.TreeSet;
import java.util.UUID;
import org.concord.stix.StixObject;
import org.concord.stix.TlpDefinitions;
import org.concord.store.ScanFilter;
import org.concord.store.Store;

/**
 * Writes stored versions as one STIX 2.1 bundle, streamed: each version in its canonical form,
 * nothing materialised, so an export of any size runs in constant memory. The standard TLP marking
 * definitions the exported objects reference (object or granular markings) are written at the end
 * of the bundle, as built in ({@link TlpDefinitions}), and a stored object under a TLP id is written
 * as the built-in one: a bundle never references a TLP definition it does not contain.
 */
public final class Exporter {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] GRANULAR = "\"granular_markings\"".getBytes(StandardCharsets.US_ASCII);

    private final Store store;

    public Exporter(Store store) {
        this.store = store;
    }

    /** Writes the bundle to {@code out} (not closed); returns the number of objects written. */
    public long export(ScanFilter filter, OutputStream out) throws IOException {
        out.write(("{\"type\":\"bundle\",\"id\":\"bundle--" + UUID.randomUUID() + "\",\"objects\":[").getBytes(StandardCharsets.US_ASCII));
        long[] count = {0};
        TreeSet<String> referenced = new TreeSet<>(), written = new TreeSet<>();
        try {
            store.scan(filter, v -> {
                StixObject o = v.object();
                StixObject builtIn = TlpDefinitions.of(o.id()).orElse(null);
                if (builtIn != null && !written.add(o.id())) return; // one definition, written once
                tlpRefs(o, referenced);
                write(out, builtIn != null ? builtIn : o, count);
            });
            for (String id : referenced) if (!written.contains(id)) write(out, TlpDefinitions.of(id).orElseThrow(), count);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        out.write("\n]}\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return count[0];
    }

    private static void write(OutputStream out, StixObject o, long[] count) {
        try {
            if (count[0]++ > 0) out.write(',');
            out.write('\n');
            out.write(o.canonical());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Adds the standard TLP ids {@code o} references in its object and granular markings to {@code into}. */
    private static void tlpRefs(StixObject o, TreeSet<String> into) {
        for (String ref : o.markingRefs()) if (TlpDefinitions.isStandardId(ref)) into.add(ref);
        if (!contains(o.canonical(), GRANULAR)) return;
        try {
            for (JsonNode m : JSON.readTree(o.canonical()).path("granular_markings")) {
                String ref = m.path("marking_ref").asText(null);
                if (TlpDefinitions.isStandardId(ref)) into.add(ref);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) if (haystack[i + j] != needle[j]) continue outer;
            return true;
        }
        return false;
    }
}
