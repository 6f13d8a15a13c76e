package org.concord.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.concord.ConcordException;
import org.concord.ErrorCode;
import org.concord.Time;
import org.concord.federation.Direction;
import org.concord.federation.Feed;
import org.concord.federation.HeldBack;
import org.concord.federation.Party;
import org.concord.federation.Report;
import org.concord.federation.Sync;
import org.concord.runtime.NodeServices;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code concord sync}: one round with every party (or one): push to peers, pull from feeds and from
 * peers added with {@code --pull}. Exit 0 when every round succeeded, 1 when one failed (each party
 * is still tried); objects refused on the way are printed and do not fail the round, and what the
 * egress policy withheld from a peer is told per rule with an example.
 */
@Command(name = "sync", mixinStandardHelpOptions = true, subcommands = SyncRewindCommand.class,
        description = {"Run one round of sync: push to peers, pull from feeds and pulled peers. Exit 1 if a party failed.",
                "A push says what the outbound agreement withheld, per rule with an example (concord peer show lists what it"
                        + " holds back). concord sync rewind goes over entries again."})
final class SyncCommand implements Callable<Integer> {
    @Mixin
    NodeDir node;

    @ArgGroup(exclusive = true)
    Only only;

    static final class Only {
        @Option(names = "--peer", paramLabel = "PEER", description = "Only this peer.")
        String peer;

        @Option(names = "--feed", paramLabel = "FEED", description = "Only this feed.")
        String feed;
    }

    @Override
    public Integer call() {
        try (NodeServices s = NodeServices.open(node.dir, Time.system())) {
            Sync sync = s.sync();
            List<Party> parties;
            if (only == null) {
                parties = sync.parties();
            } else if (only.peer != null) {
                parties = List.of(sync.parties().stream().filter(p -> p instanceof Party.Peer && p.key().equals(only.peer)).findFirst()
                        .orElseThrow(() -> new ConcordException(ErrorCode.NOT_FOUND, "no peer " + only.peer + " with a URL (concord peer list)")));
            } else {
                parties = List.of(sync.party(Feed.PREFIX + only.feed)
                        .orElseThrow(() -> new ConcordException(ErrorCode.NOT_FOUND, "no feed " + only.feed + " (concord feed list)")));
            }
            if (parties.isEmpty()) System.out.println("nothing to sync with: no peers with a URL, no feeds");
            boolean failed = false;
            for (Party p : parties) {
                for (Report r : sync.round(p)) {
                    System.out.println(r.summary());
                    failed |= !r.ok();
                    for (String line : r.withheldLines()) System.out.println("       " + line);
                    if (r.direction() == Direction.PUSH && r.ok() && r.note() == null) heldBack(sync, p.key(), r);
                    if (r.refused() > 0) {
                        for (var e : sync.ledger().recentErrors(p.key(), (int) Math.min(5, r.refused()))) {
                            System.out.println("       refused " + PeerCommand.describe(e));
                        }
                    }
                }
            }
            return failed ? Main.REJECTED : Main.OK;
        }
    }

    /** What earlier rounds held back from the peer and this one did not decide: said, so that "sent 0" is never unexplained. */
    private static void heldBack(Sync sync, String peer, Report r) {
        long all = 0;
        for (HeldBack.Count c : sync.ledger().heldBackCounts(peer)) all += c.count();
        if (all > r.withheldCount()) {
            System.out.println("       held back from " + peer + ": " + all + " versions in all, until its agreement releases them"
                    + " (concord peer show " + peer + ")");
        }
    }
}
