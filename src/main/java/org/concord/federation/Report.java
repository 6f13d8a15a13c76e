package org.concord.federation;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What one round with one party in one direction did. Pull: objects received, stored, already
 * here, refused. Push: local entries read, objects sent (after the egress policy), refused by the
 * peer, versions held back before and decided again because the agreement changed ({@code reviewed}),
 * and what the policy withheld, per rule with an example. {@code error} is null when the round
 * succeeded; {@code note} says why nothing was done.
 */
public record Report(String party, Direction direction, String error, String note, long received, long stored,
                     long duplicates, long refused, long read, long sent, long reviewed, List<HeldBack.Count> withheld) {
    public Report {
        Objects.requireNonNull(party, "party");
        Objects.requireNonNull(direction, "direction");
        withheld = List.copyOf(withheld);
    }

    public boolean ok() {
        return error == null;
    }

    static Report failed(String party, Direction direction, String error) {
        return new Report(party, direction, error, null, 0, 0, 0, 0, 0, 0, 0, List.of());
    }

    static Report skipped(String party, Direction direction, String note) {
        return new Report(party, direction, null, note, 0, 0, 0, 0, 0, 0, 0, List.of());
    }

    /** Versions the policy withheld in the round, every rule together. */
    public long withheldCount() {
        long n = 0;
        for (HeldBack.Count c : withheld) n += c.count();
        return n;
    }

    /**
     * One line for a person: {@code pull feed:opencti  ok  received 40, stored 38, duplicate 2, refused 0},
     * {@code push cert-lv  ok  read 1829, sent 9, refused by the peer 0, withheld 1820}.
     */
    public String summary() {
        String what = direction == Direction.PULL
                ? "received " + received + ", stored " + stored + ", duplicate " + duplicates + ", refused " + refused
                : "read " + read + (reviewed > 0 ? ", decided again " + reviewed + " held back (the agreement changed)" : "")
                        + ", sent " + sent + ", refused by the peer " + refused + ", withheld " + withheldCount();
        String head = String.format("%-4s %-24s %-6s ", direction.label(), party, error == null ? "ok" : "FAILED");
        if (error != null) return head + error;
        return head + (note != null ? note : what);
    }

    /**
     * What the policy withheld, a line per rule with how many and an example:
     * {@code withheld 1820 by unknown-marking, e.g. attack-pattern--… @ 2020-…: marked with …}.
     */
    public List<String> withheldLines() {
        List<String> out = new ArrayList<>(withheld.size());
        for (HeldBack.Count c : withheld) out.add(describe(c));
        return out;
    }

    /** One rule's count and example, as {@link #withheldLines()} and {@code peer show} print it. */
    public static String describe(HeldBack.Count c) {
        HeldBack e = c.example();
        return "withheld " + c.count() + " by " + c.rule() + ", e.g. " + e.objectId() + (e.version().isEmpty() ? "" : " @ " + e.version())
                + (e.reason().isEmpty() ? "" : ": " + e.reason());
    }
}
