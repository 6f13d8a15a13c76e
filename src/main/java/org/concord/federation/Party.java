package org.concord.federation;

import java.util.Objects;
import org.concord.partner.Partners;

/** Someone this node syncs with: a pinned peer (push and/or pull) or a feed (pull). */
public sealed interface Party {

    /** The party's name in checkpoints, states and errors: the peer's name, or {@code feed:NAME}. */
    String key();

    /** A pinned peer with a URL, and the ways it is synced. */
    record Peer(Partners.Partner partner, PeerFlags flags) implements Party {
        public Peer {
            Objects.requireNonNull(partner, "partner");
            Objects.requireNonNull(flags, "flags");
        }

        @Override
        public String key() {
            return partner.name();
        }
    }

    /** A feed, pulled from. */
    record FromFeed(Feed feed) implements Party {
        public FromFeed {
            Objects.requireNonNull(feed, "feed");
        }

        @Override
        public String key() {
            return feed.party();
        }
    }
}
