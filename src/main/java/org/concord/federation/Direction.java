package org.concord.federation;

import java.util.Locale;

/**
 * Which way versions move between this node and a party: read from it (a pull round), sent to it
 * (a push round), or posted by it to this node (a peer's push, received by the TAXII server).
 */
public enum Direction {
    PULL, PUSH, RECEIVED;

    /** The lower-case name kept in the database and printed ("pull", "push"). */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Direction of(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }
}
