package org.concord.taxii.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EnvelopeScannerTest {
    static final String ENVELOPE = "{\"more\":true,\"next\":\"AQAAAAAA-_x\",\"objects\":["
            + "{\"type\":\"indicator\",\"name\":\"a \\\"quoted\\\" }{ ][ name\\\\\",\"more\":false,\"objects\":[{},{}]},"
            + "{\"type\":\"note\",\"x\":[1,{\"y\":\"\\\\\"}],\"content\":\"été ☃\"},"
            + "{}]}";

    static TaxiiBenchmark.Envelope scan(String json, Random chunks) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        EnvelopeScanner s = new EnvelopeScanner();
        for (int at = 0; at < bytes.length; ) {
            int n = Math.min(bytes.length - at, 1 + chunks.nextInt(7));
            byte[] part = new byte[n];
            System.arraycopy(bytes, at, part, 0, n);
            s.scan(part, n);
            at += n;
        }
        return s.envelope();
    }

    @Test
    void countsTheEnvelopesObjectsAndReadsMoreAndNextWhereverTheBodyIsSplit() {
        Random r = new Random(7);
        for (int i = 0; i < 200; i++) {
            assertThat(scan(ENVELOPE, r)).isEqualTo(new TaxiiBenchmark.Envelope(true, "AQAAAAAA-_x", 3));
        }
        assertThat(scan("{\"more\":false}", r)).isEqualTo(new TaxiiBenchmark.Envelope(false, null, 0));
        assertThat(scan("{\"objects\":[{\"more\":true}],\"more\":false}", r)).isEqualTo(new TaxiiBenchmark.Envelope(false, null, 1));
    }

    @Test
    void aTruncatedBodyIsNoEnvelope() {
        assertThatThrownBy(() -> scan(ENVELOPE.substring(0, ENVELOPE.length() - 1), new Random(1)))
                .isInstanceOf(IllegalStateException.class);
    }
}
