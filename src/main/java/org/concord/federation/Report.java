package org.concord.federation;

import java.util.Objects;

/**
 * What one round with one party in one direction did. Pull: objects received, stored, already
 * here, refused. Push: local entries read, objects sent (after the egress policy), refused by the
 * peer. {@code error} is null when the round succeeded; {@code note} says why nothing was done.
 */
public record Report(String party, Direction direction, String error, String note, long received, long stored,
                     long duplicates, long refused, long read, long sent) {
    public Report {
        Objects.requireNonNull(party, "party");
        Objects.requireNonNull(direction, "direction");
    }

    public boolean ok() {
        return error == null;
    }

    static Report failed(String party, Direction direction, String error) {
        return new Report(party, direction, error, null, 0, 0, 0, 0, 0, 0);
    }

    static Report skipped(String party, Direction direction, String note) {
        return new Report(party, direction, null, note, 0, 0, 0, 0, 0, 0);
    }

    /** One line for a person: {@code pull feed:opencti  ok  received 40, stored 38, duplicate 2, refused 0}. */
    public String summary() {
        String what = direction == Direction.PULL
                ? "received " + received + ", stored " + stored + ", duplicate " + duplicates + ", refused " + refused
                : "read " + read + ", sent " + sent + ", refused by the peer " + refused;
        String head = String.format("%-4s %-24s %-6s ", direction.label(), party, error == null ? "ok" : "FAILED");
        if (error != null) return head + error;
        return head + (note != null ? note : what);
    }
}
