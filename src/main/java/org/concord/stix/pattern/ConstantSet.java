package org.concord.stix.pattern;

import java.util.List;

/**
 * The set after {@code IN}, e.g. {@code ('a', 'b')}; it may be empty. Its constants must be of
 * one data type (STIX 2.1 §9.6.1); integers and floats count as one numeric type.
 */
public record ConstantSet(List<Constant> values) implements Operand {
    public ConstantSet {
        values = List.copyOf(values);
        for (Constant c : values) {
            if (!c.sameTypeAs(values.getFirst())) {
                throw new IllegalArgumentException("set constants must be of one type, found "
                        + values.getFirst().typeName() + " and " + c.typeName() + ": " + values);
            }
        }
    }

    @Override
    public String description() {
        return "a set";
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        Render.operand(sb, this);
        return sb.toString();
    }
}
