package org.concord.stix.pattern;

/** The right-hand side of a {@link Comparison}: one {@link Constant} or a {@link ConstantSet}. */
public sealed interface Operand permits Constant, ConstantSet {

    /** A short description of the kind of operand, for messages: {@code "a string"}, {@code "a set"}. */
    String description();
}
