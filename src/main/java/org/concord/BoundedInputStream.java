package org.concord;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A stream that counts the bytes read and fails past a bound: a request body, a partner's answer,
 * never read further than the reader agreed to hold.
 */
public final class BoundedInputStream extends FilterInputStream {
    private final long max;
    private final String what;
    private long count;
    private boolean exceeded;

    /** @param what what the bytes are, for the message ("body", "answer") */
    public BoundedInputStream(InputStream in, long max, String what) {
        super(in);
        this.max = max;
        this.what = what;
    }

    /** The bound. */
    public long max() {
        return max;
    }

    /** Whether a read went past the bound (and failed). */
    public boolean exceeded() {
        return exceeded;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) count(1);
        return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        if (n > 0) count(n);
        return n;
    }

    private void count(int n) throws IOException {
        count += n;
        if (count > max) {
            exceeded = true;
            throw new IOException(what + " exceeds " + max + " bytes");
        }
    }
}
