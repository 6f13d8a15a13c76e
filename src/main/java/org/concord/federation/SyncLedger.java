package org.concord.federation;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What sync keeps in the node's database (migration {@code V7__sync.sql}): the ways each peer is
 * synced, the feeds, pull checkpoints, push cursors, the outcome of rounds and the objects refused.
 * A party is a peer's name or {@code feed:NAME}. Every method is one transaction.
 */
public interface SyncLedger {

    /** Refused objects kept per party (the oldest are dropped). */
    int ERRORS_KEPT = 1_000;

    /** The ways {@code peer} is synced; {@link PeerFlags#DEFAULT} when never set. */
    PeerFlags peerFlags(String peer);

    void setPeerFlags(String peer, PeerFlags flags);

    /** Forgets everything sync kept about {@code party}: flags, checkpoints, cursors, states, errors. */
    void forget(String party);

    /** @throws org.concord.ConcordException ALREADY_EXISTS when a feed has that name */
    void addFeed(Feed feed);

    Optional<Feed> feed(String name);

    List<Feed> feeds();

    /** Removes the feed and forgets its checkpoints, states and errors; false if there was none. */
    boolean removeFeed(String name);

    Optional<Checkpoint> checkpoint(String party, String remoteCollection);

    List<Checkpoint> checkpoints(String party);

    /** Sets the checkpoint of {@code party}'s {@code remoteCollection} to {@code addedAfter}. */
    void advanceCheckpoint(String party, String remoteCollection, String addedAfter, Instant now);

    /** The date_added of the last entry of {@code collectionId} that {@code peer} acknowledged. */
    Optional<Instant> cursor(String peer, String collectionId);

    /** Moves the cursor forward to {@code dateAdded} (never back: two rounds at once cannot undo each other). */
    void advanceCursor(String peer, String collectionId, Instant dateAdded, Instant now);

    // ---- what push held back (migration V13, docs/federation.md "Agreements that change")

    /** The push cursor of {@code peer} in {@code collectionId}, with the terms its held-back versions were decided under. */
    Optional<PushCursor> pushCursor(String peer, String collectionId);

    /**
     * Moves the cursor from {@code from} (null: there is none yet) to {@code to} and records what the
     * page withheld, in one transaction, if the cursor is still at {@code from}: a cursor rewound
     * (or moved by a round beside this one) while the page was sent stays as it is, and false is
     * returned. A new cursor takes {@code terms} (those the page was decided under); an existing
     * one keeps its own (a change of terms is settled by {@link #settleTerms}).
     */
    boolean advanceCursor(String peer, String collectionId, Instant from, Instant to, Instant now, List<HeldBack> withheld,
                          String terms);

    /**
     * The versions held back from {@code peer} in {@code collectionId} that were not decided under
     * {@code terms} (null: all), after {@code after} (null: from the first), at most {@code limit},
     * in date_added order.
     */
    List<HeldBack> heldBack(String peer, String collectionId, String terms, Instant after, int limit);

    /**
     * Held-back versions decided again: the entries {@code gone} (released, or no longer stored)
     * are forgotten, {@code still} (withheld again) replace their rows; one transaction.
     */
    void reviewed(String peer, String collectionId, List<Instant> gone, List<HeldBack> still);

    /** Records held-back versions found in the audit log, leaving rows already kept as they are. */
    void addHeldBack(List<HeldBack> rows);

    /**
     * What a cursor that moved before migration V13 passed over and withheld is now recorded
     * ({@link #addHeldBack}, under terms ""): its terms become "" (from null), to be settled by a review.
     */
    void heldBackFound(String peer, String collectionId);

    /**
     * Sets the cursor's terms to {@code terms} if every version held back in the collection was
     * decided under them (a round running beside this one may have added others); returns whether it did.
     */
    boolean settleTerms(String peer, String collectionId, String terms);

    /** Per rule, the versions held back from {@code peer} in every collection, the most first. */
    List<HeldBack.Count> heldBackCounts(String peer);

    /**
     * Moves {@code peer}'s push cursor in {@code collectionId} (null: every collection) back to
     * {@code after} (null: the start), forgetting what was held back after it: those entries are
     * read, decided and sent again as new ones. Returns the number of cursors moved.
     */
    int rewindCursor(String peer, String collectionId, Instant after, Instant now);

    /**
     * Moves {@code party}'s pull checkpoint of {@code remoteCollection} (null: every collection)
     * back to {@code addedAfter} (null: the start, the checkpoint forgotten); a checkpoint already
     * before it stays. Returns the number of checkpoints moved.
     */
    int rewindCheckpoint(String party, String remoteCollection, String addedAfter, Instant now);

    /** A round succeeded: the consecutive failures are reset. */
    void succeeded(String party, Direction direction, Instant now);

    /** A round failed with {@code error}; returns the consecutive failures now counted. */
    int failed(String party, Direction direction, String error, Instant now);

    Optional<PartyState> state(String party, Direction direction);

    /** Records refused objects, keeping the newest {@link #ERRORS_KEPT} of the party. */
    void recordErrors(List<SyncError> errors);

    /** The party's newest refused objects, newest first. */
    List<SyncError> recentErrors(String party, int limit);
}
