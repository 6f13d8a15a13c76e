package org.concord.stix;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;

/**
 * The bounds on JSON that Concord parses (docs/architecture.md, "Input bounds"), as Jackson
 * enforces them, and what to tell a sender that went past one: which bound, in Concord's words.
 */
public final class JsonBounds {
    /** One string: 8 MiB of characters. */
    public static final int MAX_STRING = 8 << 20;
    /** Nesting depth of one STIX object (the object itself is level 1). */
    public static final int MAX_DEPTH = 64;
    /** Digits of one number (I-JSON numbers are doubles: 17 significant digits, an exponent). */
    public static final int MAX_NUMBER = 64;
    /** One member name (Jackson's default). */
    public static final int MAX_NAME = StreamReadConstraints.DEFAULT_MAX_NAME_LEN;

    private JsonBounds() {}

    /**
     * Jackson's constraints for STIX objects read inside {@code enclosing} levels of envelope (0
     * for an object on its own, 2 for the elements of an envelope's {@code objects} array).
     */
    public static StreamReadConstraints constraints(int enclosing) {
        return StreamReadConstraints.builder()
                .maxStringLength(MAX_STRING)
                .maxNestingDepth(MAX_DEPTH + enclosing)
                .maxNumberLength(MAX_NUMBER)
                .build();
    }

    /**
     * What was too large, naming the bound, e.g. "nests deeper than 64 levels (the limit of nesting
     * depth in one object)"; to follow the subject that holds it ("the body", "objects[3]").
     */
    public static String describe(StreamConstraintsException e) {
        String m = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (m.startsWith("Document nesting depth")) {
            return "nests deeper than " + MAX_DEPTH + " levels (the limit of nesting depth in one STIX object)";
        }
        if (m.startsWith("String value length")) {
            return "holds a string longer than " + MAX_STRING + " characters (the limit of one string: 8 MiB)";
        }
        if (m.startsWith("Number value length")) {
            return "holds a number longer than " + MAX_NUMBER + " characters (the limit of one number)";
        }
        if (m.startsWith("Name length")) {
            return "holds a member name longer than " + MAX_NAME + " characters (the limit of one name)";
        }
        return "is past an input bound: " + m;
    }
}
