package org.concord.federation;

import java.util.Locale;

/** Which way a sync round moves versions: read from the party, or sent to it. */
public enum Direction {
    PULL, PUSH;

    /** The lower-case name kept in the database and printed ("pull", "push"). */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Direction of(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }
}
