package org.concord.stix.pattern;

import org.concord.ConcordException;
import org.concord.ErrorCode;

/**
 * A pattern that is not valid STIX 2.1 patterning. The message says what was expected, the
 * character offset where parsing stopped and a short excerpt of the text around it, with the
 * offset marked by {@code »}. Code: {@link ErrorCode#INVALID_PATTERN}.
 */
public final class PatternException extends ConcordException {
    private static final int EXCERPT_RADIUS = 24;

    private final int position;
    private final String problem;

    PatternException(String problem, int position, String text) {
        super(ErrorCode.INVALID_PATTERN, problem + " at offset " + position + ": " + excerpt(text, position));
        this.problem = problem;
        this.position = position;
    }

    /** The offset (a UTF-16 index into the pattern text) where the problem was found. */
    public int position() {
        return position;
    }

    /** What was wrong, without the location and excerpt. */
    public String problem() {
        return problem;
    }

    private static String excerpt(String text, int position) {
        int from = Math.max(0, position - EXCERPT_RADIUS);
        int to = Math.min(text.length(), position + EXCERPT_RADIUS);
        StringBuilder sb = new StringBuilder(2 * EXCERPT_RADIUS + 12).append('"');
        if (from > 0) sb.append("...");
        appendVisible(sb, text, from, position);
        sb.append('»');
        appendVisible(sb, text, position, to);
        if (to < text.length()) sb.append("...");
        return sb.append('"').toString();
    }

    private static void appendVisible(StringBuilder sb, String text, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f || Character.isSurrogate(c)) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
    }
}
