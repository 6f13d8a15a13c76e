package org.concord.cli;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import org.concord.ConcordException;
import org.concord.ErrorCode;
import org.concord.Time;
import org.concord.federation.Feed;
import org.concord.federation.SyncDatabase;
import org.concord.federation.SyncLedger;
import org.concord.node.Node;
import org.concord.taxii.TaxiiDatabase;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code concord sync rewind}: moves a peer's push cursor, or a peer's or feed's pull checkpoint,
 * back, so that the next round sends or reads those entries again (docs/federation.md). Never
 * forward: nothing is skipped by a rewind.
 */
@Command(name = "rewind", mixinStandardHelpOptions = true,
        description = {"Move sync back so that the next round (concord sync, or serve within seconds) goes over entries again.",
                "--push: send a peer again what was stored here (after --since, or from the start), decided under its agreement as"
                        + " it is now; the peer keeps one copy of each version. A changed agreement needs no rewind: what it now"
                        + " releases of what a push held back is sent by itself.",
                "--pull: read a peer's or a feed's collections again (after --since on the remote's clock, or from the start):"
                        + " what a peer withheld before and its agreement now releases arrives then; the rest is already here.",
                "Never moves anything forward."})
final class SyncRewindCommand implements Callable<Integer> {
    @Mixin
    NodeDir node;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Party party;

    static final class Party {
        @Option(names = "--peer", paramLabel = "PEER", required = true, description = "A pinned peer (with --push and/or --pull).")
        String peer;

        @Option(names = "--feed", paramLabel = "FEED", required = true, description = "A feed (its pull checkpoint).")
        String feed;
    }

    @Option(names = "--push", description = "Rewind the push cursor: send again.")
    boolean push;

    @Option(names = "--pull", description = "Rewind the pull checkpoint: read again (a feed: always).")
    boolean pull;

    @Option(names = "--collection", paramLabel = "C",
            description = "Only this collection: with --push a local one (alias or id); with --pull the remote's id, as peer show"
                    + " or feed list print it (default: every one).")
    String collection;

    @Option(names = "--since", paramLabel = "TS",
            description = "Go over entries added after TS (2026-01-01T00:00:00Z, or a day: 2026-01-01) instead of from the start.")
    String since;

    @Override
    public Integer call() {
        Instant after = instant(since);
        if (party.feed != null && push) throw new IllegalArgumentException("--push is for a peer: a feed is only pulled from");
        if (party.peer != null && !push && !pull) {
            throw new IllegalArgumentException("say which: --push (send " + party.peer + " again what is stored here) or --pull (read "
                    + party.peer + "'s collections again), or both");
        }
        String from = after == null ? "the start" : "after " + after;
        try (Node n = node.open()) {
            SyncDatabase sync = new SyncDatabase(n.database());
            SyncLedger ledger = sync.ledger();
            Instant now = Time.system().instant();
            if (party.feed != null) {
                ledger.feed(party.feed).orElseThrow(() -> new ConcordException(ErrorCode.NOT_FOUND, "no feed " + party.feed
                        + " (concord feed list)"));
                report(ledger.rewindCheckpoint(Feed.PREFIX + party.feed, collection, after == null ? null : after.toString(), now),
                        "pull from feed " + party.feed, from, "the next round reads them again");
                return Main.OK;
            }
            new TaxiiDatabase(n.database()).partners().byName(party.peer).orElseThrow(() -> PeerCommand.notPinned(party.peer));
            if (push) {
                String id = collection == null ? null : n.collectionId(collection);
                report(ledger.rewindCursor(party.peer, id, after, now), "push to " + party.peer, from,
                        "the next round decides and sends them again");
            }
            if (pull) {
                report(ledger.rewindCheckpoint(party.peer, collection, after == null ? null : after.toString(), now),
                        "pull from " + party.peer, from, "the next round reads them again");
            }
        }
        return Main.OK;
    }

    private static void report(int moved, String what, String from, String next) {
        if (moved == 0) {
            System.out.println(what + ": nothing to rewind (nothing went yet, or it is already at " + from + ")");
        } else {
            System.out.println(what + ": rewound to " + from + " in " + moved + " collection" + (moved == 1 ? "" : "s") + "; " + next);
        }
    }

    private static Instant instant(String text) {
        if (text == null) return null;
        try {
            return text.length() == 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--since must be an instant (2026-01-01T00:00:00Z) or a day (2026-01-01): " + text);
        }
    }
}
