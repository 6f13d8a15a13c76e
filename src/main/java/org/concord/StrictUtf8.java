package org.concord;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * JSON text is UTF-8 (RFC 8259 §8.1), and UTF-8 is what RFC 3629 says: no overlong forms (such as
 * {@code C0 AF} for {@code /}), no encoded surrogates, nothing past U+10FFFF, no stray continuation
 * bytes. Jackson decodes some of those leniently (an overlong form becomes the character it
 * spells), so Concord's inputs are checked before they are parsed, by the JDK's own UTF-8 decoder,
 * which refuses every one of them. ASCII, most of any STIX input, is passed over without decoding.
 */
public final class StrictUtf8 {
    private StrictUtf8() {}

    /** Why an input was refused: the first byte of the first sequence that is not UTF-8. */
    public static final class InvalidUtf8Exception extends IOException {
        private final long offset;

        InvalidUtf8Exception(long offset) {
            super("not valid UTF-8 at byte " + offset + " (an invalid, overlong or truncated byte sequence)");
            this.offset = offset;
        }

        /** The byte offset of the first invalid sequence, from the start of the input. */
        public long offset() {
            return offset;
        }
    }

    /**
     * The index of the first byte of the first sequence in {@code b[from, to)} that is not UTF-8
     * (a sequence cut by {@code to} counts as invalid), or -1 when it is all UTF-8.
     */
    public static int invalidAt(byte[] b, int from, int to) {
        int i = from;
        while (i < to && b[i] >= 0) i++; // ASCII
        if (i == to) return -1;
        ByteBuffer in = ByteBuffer.wrap(b, i, to - i);
        CharsetDecoder decoder = decoder();
        CharBuffer out = CharBuffer.allocate(Math.min(to - i, 4096));
        while (true) {
            CoderResult r = decoder.decode(in, out, true);
            if (r.isError()) return in.position();
            if (r.isUnderflow()) return -1; // all decoded (UTF-8 keeps no state to flush)
            out.clear();
        }
    }

    /**
     * Checks the bytes read through it and fails with {@link InvalidUtf8Exception} at the first one
     * that is not UTF-8 (bytes before it have been passed on; the parser reading this stream stops
     * there).
     */
    public static final class CheckedInputStream extends FilterInputStream {
        private final CharsetDecoder decoder = decoder();
        private final CharBuffer scratch = CharBuffer.allocate(4096);
        /** The start of a sequence the last read cut short: at most 3 bytes. */
        private final byte[] carry = new byte[3];
        private int carried;
        private long offset; // bytes checked before this read

        public CheckedInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n <= 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = super.read(buf, off, len);
            if (n < 0) {
                if (carried > 0) throw new InvalidUtf8Exception(offset - carried); // cut by the end of the input
                return n;
            }
            check(buf, off, n);
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            // skipped bytes are read, so that they are checked too
            byte[] buf = new byte[(int) Math.min(Math.max(n, 0), 8192)];
            int r = read(buf, 0, buf.length);
            return Math.max(r, 0);
        }

        private void check(byte[] buf, int off, int n) throws IOException {
            int i = off, end = off + n;
            if (carried == 0) {
                while (i < end && buf[i] >= 0) i++; // ASCII
                if (i == end) {
                    offset += n;
                    return;
                }
            }
            ByteBuffer in;
            long base; // the offset in the input of in's first byte
            if (carried > 0) {
                byte[] joined = new byte[carried + end - i];
                System.arraycopy(carry, 0, joined, 0, carried);
                System.arraycopy(buf, i, joined, carried, end - i);
                in = ByteBuffer.wrap(joined);
                base = offset - carried;
                carried = 0;
            } else {
                in = ByteBuffer.wrap(buf, i, end - i).slice();
                base = offset + (i - off);
            }
            while (true) {
                scratch.clear();
                CoderResult r = decoder.decode(in, scratch, false);
                if (r.isError()) throw new InvalidUtf8Exception(base + in.position());
                if (r.isUnderflow()) break;
            }
            carried = in.remaining(); // a sequence the next read completes
            in.get(carry, 0, carried);
            decoder.reset();
            offset += n;
        }
    }

    private static CharsetDecoder decoder() {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }
}
