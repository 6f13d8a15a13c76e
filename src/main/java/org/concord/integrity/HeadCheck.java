package org.concord.integrity;

import java.util.Objects;

/** What {@link HeadHistory#check} made of a tree head a partner's log offered. */
public sealed interface HeadCheck {

    /** The head is genuine and consistent with every head seen before; it is now recorded. */
    record Accepted(SignedTreeHead head) implements HeadCheck {
        public Accepted {
            Objects.requireNonNull(head, "head");
        }
    }

    /**
     * The head or proof cannot be used — a bad signature, another log, a proof between other
     * sizes — and says nothing against the log (it may have been garbled or forged on the way).
     * Nothing is recorded.
     */
    record Rejected(String reason) implements HeadCheck {
        public Rejected {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * The log rewrote or withdrew history: two heads it signed ({@code seen}, recorded earlier, and
     * {@code offered}) cannot both describe one append-only log. The evidence is the pair, with
     * the {@code proof} it served when there is one: either two signed heads of one size with
     * different roots, a smaller tree signed after a larger one, or a consistency proof between
     * the two that does not verify (an honest log can always produce one that does, so a third
     * party can ask it to). {@code offered} is not recorded.
     */
    record HistoryRewritten(SignedTreeHead seen, SignedTreeHead offered, ConsistencyProof proof, String reason)
            implements HeadCheck {
        public HistoryRewritten {
            Objects.requireNonNull(seen, "seen");
            Objects.requireNonNull(offered, "offered");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
