package org.concord.intake;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.concord.store.ScanFilter;
import org.concord.store.Store;

/**
 * Writes stored versions as one STIX 2.1 bundle, streamed: each version in its canonical form,
 * nothing materialised, so an export of any size runs in constant memory.
 */
public final class Exporter {
    private final Store store;

    public Exporter(Store store) {
        this.store = store;
    }

    /** Writes the bundle to {@code out} (not closed); returns the number of objects written. */
    public long export(ScanFilter filter, OutputStream out) throws IOException {
        out.write(("{\"type\":\"bundle\",\"id\":\"bundle--" + UUID.randomUUID() + "\",\"objects\":[").getBytes(StandardCharsets.US_ASCII));
        long[] count = {0};
        try {
            store.scan(filter, v -> {
                try {
                    if (count[0]++ > 0) out.write(',');
                    out.write('\n');
                    out.write(v.object().canonical());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        out.write("\n]}\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return count[0];
    }
}
