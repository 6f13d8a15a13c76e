package org.concord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Strict UTF-8 against a reference: bytes are UTF-8 exactly when decoding and encoding them again
 * with the JDK gives them back (every invalid sequence decodes to U+FFFD, which encodes otherwise).
 * The checking stream agrees with the whole-array check however the input is cut into reads.
 */
class StrictUtf8Properties {

    /** Mostly UTF-8 text with, often, one byte or sequence spliced in that may break it. */
    @Provide
    Arbitrary<byte[]> inputs() {
        return Arbitraries.randomValue(StrictUtf8Properties::generate).withoutEdgeCases();
    }

    static byte[] generate(Random r) {
        StringBuilder sb = new StringBuilder();
        int n = r.nextInt(40);
        for (int i = 0; i < n; i++) {
            sb.appendCodePoint(switch (r.nextInt(4)) {
                case 0 -> 0x20 + r.nextInt(0x5F); // ASCII
                case 1 -> 0x80 + r.nextInt(0x780); // two bytes
                case 2 -> 0x800 + r.nextInt(0xD000); // three bytes (below the surrogates)
                default -> 0x10000 + r.nextInt(0x100000); // four bytes
            });
        }
        byte[] text = sb.toString().getBytes(StandardCharsets.UTF_8);
        if (r.nextInt(3) == 0) return text;
        byte[][] spliced = {
                {(byte) 0xC0, (byte) 0xAF}, // overlong '/'
                {(byte) 0xC1, (byte) 0xBF},
                {(byte) 0xE0, (byte) 0x80, (byte) 0xAF}, // overlong, three bytes
                {(byte) 0xF0, (byte) 0x80, (byte) 0x80, (byte) 0xAF}, // overlong, four bytes
                {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, // a surrogate
                {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // past U+10FFFF
                {(byte) 0xF5}, {(byte) 0xFF}, {(byte) 0x80}, // never in UTF-8, a stray continuation
                {(byte) 0xE2, (byte) 0x82}, // cut short
                {(byte) (r.nextInt(256))}, {(byte) r.nextInt(256), (byte) r.nextInt(256)},
        };
        byte[] insert = spliced[r.nextInt(spliced.length)];
        int at = text.length == 0 ? 0 : r.nextInt(text.length + 1);
        byte[] out = new byte[text.length + insert.length];
        System.arraycopy(text, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(text, at, out, at + insert.length, text.length - at);
        return out;
    }

    private static boolean reference(byte[] b) {
        return Arrays.equals(new String(b, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8), b);
    }

    @Property(tries = 2_000)
    void bytesAreValidExactlyWhenTheJdkRoundTripsThem(@ForAll("inputs") byte[] b) {
        int at = StrictUtf8.invalidAt(b, 0, b.length);
        assertThat(at < 0).as("valid? %s", Arrays.toString(b)).isEqualTo(reference(b));
        if (at >= 0) {
            assertThat(reference(Arrays.copyOf(b, at))).as("all before the reported byte is UTF-8").isTrue();
        }
    }

    @Property(tries = 2_000)
    void theCheckingStreamFailsAtTheSameByteHoweverTheInputIsCut(@ForAll("inputs") byte[] b, @ForAll long seed) throws IOException {
        int at = StrictUtf8.invalidAt(b, 0, b.length);
        Random r = new Random(seed);
        InputStream in = new StrictUtf8.CheckedInputStream(new RandomReads(new ByteArrayInputStream(b), r));
        byte[] buf = new byte[1 + r.nextInt(8)];
        if (at < 0) {
            long total = 0;
            for (int n; (n = in.read(buf, 0, buf.length)) >= 0; ) total += n;
            assertThat(total).isEqualTo(b.length);
        } else {
            assertThatThrownBy(() -> {
                while (in.read(buf, 0, buf.length) >= 0) {
                    // read to the failure
                }
            }).isInstanceOfSatisfying(StrictUtf8.InvalidUtf8Exception.class, e -> assertThat(e.offset()).isEqualTo(at));
        }
    }

    @Example
    void anOverlongSlashIsRefusedWhereJacksonWouldReadASlash() {
        byte[] b = "{\"a\":\"x\u0000y\"}".getBytes(StandardCharsets.UTF_8);
        b[7] = (byte) 0xC0;
        byte[] withOverlong = new byte[b.length + 1];
        System.arraycopy(b, 0, withOverlong, 0, 8);
        withOverlong[8] = (byte) 0xAF;
        System.arraycopy(b, 8, withOverlong, 9, b.length - 8);
        assertThat(StrictUtf8.invalidAt(withOverlong, 0, withOverlong.length)).isEqualTo(7);
    }

    /** Hands out what it reads in pieces of random sizes, as a socket does. */
    private static final class RandomReads extends FilterInputStream {
        private final Random random;

        RandomReads(InputStream in, Random random) {
            super(in);
            this.random = random;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return super.read(b, off, Math.max(1, Math.min(len, 1 + random.nextInt(5))));
        }
    }
}
