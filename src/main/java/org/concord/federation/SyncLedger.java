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
