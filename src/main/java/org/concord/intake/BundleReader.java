package org.concord.intake;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.concord.StrictUtf8;

/**
 * Frames a STIX bundle of any size into its objects without parsing them, with bounded memory.
 *
 * <p>A byte-level scanner tracks strings, escapes and nesting depth, so it finds where each element
 * of {@code "objects"} starts and ends even when the element itself is malformed, too deep or too
 * large. Each element comes out as its own bytes (to be parsed and validated alone) or as a
 * rejection with its byte offset; a bad element never costs its neighbours. Only a broken bundle
 * structure (a truncated file, a missing comma between elements, a member name the bundle already
 * has, such as a second {@code objects} array) ends the walk, and everything before it has already
 * been handed out. Each element, and the bundle's own strings, must be UTF-8 (RFC 8259 §8.1): an
 * element with an overlong or otherwise invalid byte sequence is refused.
 *
 * <p>Not thread-safe; one reader per stream.
 */
public final class BundleReader implements Closeable {

    /** Bounds on what the reader buffers. */
    public record Limits(int maxObjectBytes, int maxDepth) {
        public static final Limits DEFAULT = new Limits(16 << 20, org.concord.stix.JsonBounds.MAX_DEPTH);

        public Limits {
            if (maxObjectBytes < 1024) throw new IllegalArgumentException("maxObjectBytes must be ≥ 1024: " + maxObjectBytes);
            if (maxDepth < 2) throw new IllegalArgumentException("maxDepth must be ≥ 2: " + maxDepth);
        }
    }

    /**
     * One element of the objects array: its bytes, or why it was refused.
     *
     * @param index   position in the objects array, from 0
     * @param offset  byte offset of its first byte in the input
     * @param json    the element's bytes, or null when refused
     * @param problem why it was refused, or null
     */
    public record Element(int index, long offset, byte[] json, String problem) {
        public boolean ok() {
            return problem == null;
        }
    }

    private static final int EOF = -1;
    private static final int MAX_ENVELOPE_STRING = 4096;
    /** Most members of the bundle object whose names are remembered (to refuse a repeated one); a bundle has 3. */
    private static final int MAX_MEMBERS = 10_000;

    private final InputStream in;
    private final Limits limits;
    private final byte[] buf = new byte[1 << 16];
    private int pos, len;
    private long consumed; // bytes before buf[0]

    private enum State { START, MEMBERS, OBJECTS, DONE }

    private State state = State.START;
    private final Set<String> members = new HashSet<>();
    private int index;
    private String type, fatal;

    // the element being captured
    private byte[] capture = new byte[8192];
    private int captureLen;

    public BundleReader(InputStream in, Limits limits) {
        this.in = in;
        this.limits = limits;
    }

    /**
     * The next element of {@code "objects"}, or null when the bundle is finished or broken (see
     * {@link #problem()}).
     */
    public Element next() throws IOException {
        while (true) {
            switch (state) {
                case START -> {
                    if (peek() == 0xEF && !skipByteOrderMark()) return fail("input starts with bytes that are not UTF-8 JSON");
                    int c = skipWs();
                    if (c == EOF) return fail("empty input: expected a STIX bundle (a JSON object)");
                    if (c != '{') return fail("not a STIX bundle: expected '{' at byte " + offset() + ", found " + describe(c));
                    pos++;
                    state = State.MEMBERS;
                    if (!firstMember()) return null;
                }
                case MEMBERS -> {
                    if (!member()) return null;
                }
                case OBJECTS -> {
                    Element e = element();
                    if (e != null) return e;
                    if (state == State.DONE) return null;
                }
                case DONE -> {
                    return null;
                }
            }
        }
    }

    /**
     * Why the walk ended early (truncation, broken structure, not a bundle), or null when the bundle
     * was read to its end. Call after {@link #next()} returned null.
     */
    public String problem() {
        return fatal;
    }

    /** The bundle's {@code type} member as read so far (null if absent). */
    public String bundleType() {
        return type;
    }

    /** Bytes consumed so far. */
    public long offset() {
        return consumed + pos;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    // --- bundle members -------------------------------------------------------------------

    private boolean firstMember() throws IOException {
        int c = skipWs();
        if (c == '}') {
            pos++;
            return finish();
        }
        return true;
    }

    /** Reads one member of the bundle object; true to go on. */
    private boolean member() throws IOException {
        int c = skipWs();
        if (c == EOF) return truncated("the bundle");
        if (c != '"') return structural("expected a member name (a string)", c);
        long keyAt = offset();
        String key = readSmallString(256);
        if (key == null) return fatal == null ? structural("member name at byte " + keyAt + " is too long", c) : false;
        if (!members.add(key)) {
            fail("broken bundle at byte " + keyAt + ": a second member named \"" + key
                    + "\" (member names must be unique, RFC 8259 §4); nothing after it was read");
            return false;
        }
        if (members.size() > MAX_MEMBERS) {
            fail("broken bundle at byte " + keyAt + ": more than " + MAX_MEMBERS + " members (a bundle has type, id and objects)");
            return false;
        }
        c = skipWs();
        if (c != ':') return c == EOF ? truncated("the bundle") : structural("expected ':' after member name \"" + key + "\"", c);
        pos++;
        c = skipWs();
        if (c == EOF) return truncated("the bundle");
        switch (key) {
            case "objects" -> {
                if (c != '[') return structural("\"objects\" must be an array", c);
                pos++;
                state = State.OBJECTS;
                c = skipWs();
                if (c == ']') {
                    pos++;
                    state = State.MEMBERS;
                    return afterMember();
                }
                return true;
            }
            case "type", "id" -> {
                if (c != '"') {
                    if (!skipValue()) return false;
                } else {
                    String v = readSmallString(MAX_ENVELOPE_STRING);
                    if (v == null) return fatal == null ? structural("bundle \"" + key + "\" is too long", c) : false;
                    if (key.equals("type")) { // the id is read (within its bound) and not kept
                        type = v;
                        if (!v.equals("bundle")) {
                            fail("not a STIX bundle: \"type\" is \"" + v + "\" (expected \"bundle\")");
                            return false;
                        }
                    }
                }
                return afterMember();
            }
            default -> {
                if (!skipValue()) return false;
                return afterMember();
            }
        }
    }

    private boolean afterMember() throws IOException {
        int c = skipWs();
        if (c == ',') {
            pos++;
            return true;
        }
        if (c == '}') {
            pos++;
            return finish();
        }
        return c == EOF ? truncated("the bundle") : structural("expected ',' or '}' in the bundle", c);
    }

    private boolean finish() throws IOException {
        state = State.DONE;
        if (skipWs() != EOF) return structural("unexpected content after the bundle", peek());
        // "objects" is optional: a bundle without it is valid and empty
        if (type == null) fatal = "not a STIX bundle: it has no \"type\": \"bundle\"";
        return false;
    }

    // --- elements of "objects" ------------------------------------------------------------

    /** Frames the next element, or returns null after the array's end (state changes). */
    private Element element() throws IOException {
        int c = skipWs();
        if (c == EOF) {
            truncated("the objects array");
            return null;
        }
        long start = offset();
        int at = index++;
        Element e;
        if (c == '{') {
            e = captureObject(at, start);
            if (e == null) return null; // truncated inside the element
        } else {
            if (!skipValue()) return null;
            e = new Element(at, start, null, "objects[" + at + "] at byte " + start + " is not a JSON object");
        }
        c = skipWs();
        if (c == ',') {
            pos++;
        } else if (c == ']') {
            pos++;
            state = State.MEMBERS;
            if (!afterMember()) {
                if (fatal != null) state = State.DONE;
            }
        } else if (c == EOF) {
            truncated("the objects array");
        } else {
            structural("expected ',' or ']' after objects[" + at + "]", c);
        }
        return e;
    }

    /** Captures one {...} element; null when the input ends inside it. */
    private Element captureObject(int at, long start) throws IOException {
        Scan s = scanValue(true);
        if (s == null) {
            truncated("objects[" + at + "], which starts at byte " + start);
            return null;
        }
        if (s.tooLarge) {
            return new Element(at, start, null, "objects[" + at + "] at byte " + start + " is " + (offset() - start)
                    + " bytes, more than the limit of " + limits.maxObjectBytes());
        }
        if (s.maxDepth > limits.maxDepth()) {
            return new Element(at, start, null, "objects[" + at + "] at byte " + start + " nests " + s.maxDepth
                    + " levels deep, more than the limit of " + limits.maxDepth());
        }
        int invalid = StrictUtf8.invalidAt(capture, 0, captureLen);
        if (invalid >= 0) {
            return new Element(at, start, null, "not valid UTF-8 at byte " + (start + invalid)
                    + " (an invalid, overlong or truncated byte sequence)");
        }
        return new Element(at, start, Arrays.copyOf(capture, captureLen), null);
    }

    /** Skips one JSON value of any size; false when the input ends inside it. */
    private boolean skipValue() throws IOException {
        return scanValue(false) != null || truncated("the bundle");
    }

    private record Scan(int maxDepth, boolean tooLarge) {}

    /**
     * Consumes one JSON value starting at pos, tracking strings and depth with no recursion, and
     * optionally copying its bytes into {@link #capture} (up to the object limit). Returns null
     * when the input ends inside the value. Only structure is checked here; the parser checks the
     * rest of the grammar.
     */
    private Scan scanValue(boolean keep) throws IOException {
        captureLen = 0;
        boolean inString = false, escape = false, tooLarge = false;
        int depth = 0, maxDepth = 0;
        while (true) {
            if (pos == len && !fill()) return null;
            int from = pos;
            boolean done = false;
            while (pos < len) {
                byte b = buf[pos];
                if (inString) {
                    pos++;
                    if (escape) escape = false;
                    else if (b == '\\') escape = true;
                    else if (b == '"') {
                        inString = false;
                        if (depth == 0) { done = true; break; }
                    }
                } else if (b == '"') {
                    pos++;
                    inString = true;
                } else if (b == '{' || b == '[') {
                    pos++;
                    if (++depth > maxDepth) maxDepth = depth;
                } else if (b == '}' || b == ']') {
                    if (depth == 0) { done = true; break; } // end of a scalar at the container's edge
                    pos++;
                    if (--depth == 0) { done = true; break; }
                } else if (depth == 0 && (b == ',' || b == ' ' || b == '\n' || b == '\r' || b == '\t')) {
                    done = true; // end of a scalar
                    break;
                } else {
                    pos++;
                }
            }
            if (keep) tooLarge = appendCapture(from, pos, tooLarge);
            if (done) return new Scan(maxDepth, tooLarge);
        }
    }

    /** Appends buf[from, to) to the capture unless over the limit; returns whether it is too large. */
    private boolean appendCapture(int from, int to, boolean tooLarge) {
        if (tooLarge) return true;
        int n = to - from;
        if ((long) captureLen + n > limits.maxObjectBytes()) {
            if (capture.length > 8192) capture = new byte[8192]; // release the big buffer
            captureLen = 0;
            return true;
        }
        if (captureLen + n > capture.length) {
            capture = Arrays.copyOf(capture, Math.min(limits.maxObjectBytes(), Math.max(capture.length * 2, captureLen + n)));
        }
        System.arraycopy(buf, from, capture, captureLen, n);
        captureLen += n;
        return false;
    }

    private boolean skipStringStreaming() throws IOException {
        while (true) {
            if (pos == len && !fill()) return false;
            byte b = buf[pos++];
            if (b == '\\') {
                if (pos == len && !fill()) return false;
                pos++;
            } else if (b == '"') {
                return true;
            }
        }
    }

    /** Reads a string (pos at its opening quote) of at most {@code max} bytes; null if longer or cut. */
    private String readSmallString(int max) throws IOException {
        long start = offset();
        pos++;
        byte[] out = new byte[64];
        int n = 0;
        while (true) {
            if (pos == len && !fill()) {
                truncated("a string");
                return null;
            }
            byte b = buf[pos++];
            if (b == '"') break;
            if (b == '\\') { // envelope strings are ids and types: escapes are kept verbatim, not decoded
                if (pos == len && !fill()) {
                    truncated("a string");
                    return null;
                }
                b = buf[pos++];
            }
            if (n == max) {
                skipStringStreaming();
                return null;
            }
            if (n == out.length) out = Arrays.copyOf(out, n * 2);
            out[n++] = b;
        }
        if (StrictUtf8.invalidAt(out, 0, n) >= 0) {
            fail("broken bundle at byte " + start + ": a string of the bundle is not valid UTF-8"
                    + " (an invalid, overlong or truncated byte sequence)");
            return null;
        }
        return new String(out, 0, n, StandardCharsets.UTF_8);
    }

    // --- bytes ----------------------------------------------------------------------------

    private int skipWs() throws IOException {
        while (true) {
            if (pos == len && !fill()) return EOF;
            byte b = buf[pos];
            if (b == ' ' || b == '\n' || b == '\r' || b == '\t') pos++;
            else return b & 0xFF;
        }
    }

    private int peek() throws IOException {
        if (pos == len && !fill()) return EOF;
        return buf[pos] & 0xFF;
    }

    /** Refills the exhausted buffer; false at end of input. */
    private boolean fill() throws IOException {
        consumed += len;
        pos = 0;
        len = 0;
        int n;
        do {
            n = in.read(buf, 0, buf.length);
        } while (n == 0);
        if (n < 0) return false;
        len = n;
        return true;
    }

    /** Skips a UTF-8 byte-order mark at the very start; false if 0xEF starts something else. */
    private boolean skipByteOrderMark() throws IOException {
        for (int expected : new int[] {0xEF, 0xBB, 0xBF}) {
            if (peek() != expected) return false;
            pos++;
        }
        return true;
    }

    // --- failures -------------------------------------------------------------------------

    private Element fail(String message) {
        fatal = message;
        state = State.DONE;
        return null;
    }

    private boolean truncated(String where) {
        fail("input ends at byte " + offset() + " inside " + where + " (truncated file?)");
        return false;
    }

    private boolean structural(String what, int c) {
        fail("broken bundle at byte " + offset() + ": " + what + ", found " + describe(c));
        return false;
    }

    private static String describe(int c) {
        if (c == EOF) return "end of input";
        if (c >= 0x20 && c < 0x7F) return "'" + (char) c + "'";
        return String.format("byte 0x%02x", c);
    }
}
