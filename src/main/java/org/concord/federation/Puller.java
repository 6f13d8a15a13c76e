package org.concord.federation;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.concord.store.CollectionInfo;

/**
 * Pulls one remote collection into a local one, page by page from the checkpoint
 * (docs/federation.md). Each page goes through the {@link Receiver}; once its objects are
 * committed, the checkpoint moves to the {@link Watermark}: the greatest {@code date_added} up to
 * which every object is here, which is not always the page's {@code X-TAXII-Date-Added-Last}
 * (objects added at one instant may go on in the next page). A round that stops anywhere (the
 * server fails, the connection is cut, this node stops) leaves the checkpoint where the next
 * round, asking again with {@code added_after} = the checkpoint, loses nothing; the store's
 * idempotent write stores nothing twice.
 *
 * <p>A round is one query ({@code match[version]=all}, {@code added_after} = the checkpoint)
 * paged with the server's {@code next}, sent <em>with</em> the query's own parameters (TAXII 2.1
 * §3.4; medallion answers 400 otherwise); a server that gives no {@code next} is paged with
 * {@code added_after} = the page's last {@code date_added}. A server that no longer knows its
 * {@code next} (medallion forgets a result set 30 s after its first page) is asked again from the
 * checkpoint, as long as that makes progress. A round either reaches the end of the collection or
 * fails saying what is missing.
 */
final class Puller {
    /** Consecutive empty pages that say more follows, before the round gives up on the server. */
    static final int EMPTY_PAGES = 100;

    /** Where a page's objects go: {@link Receiver#receive} in a node. */
    @FunctionalInterface
    interface Intake {
        Receiver.Receipt receive(Receiver.Sender sender, CollectionInfo into, List<JsonNode> objects, JsonNode provenance,
                                 JsonNode handling, JsonNode signatures);
    }

    private final SyncLedger ledger;
    private final Intake intake;
    private final InstantSource clock;
    private final int pageSize;

    Puller(SyncLedger ledger, Intake intake, InstantSource clock, int pageSize) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.intake = Objects.requireNonNull(intake, "intake");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.pageSize = pageSize;
    }

    /** What one collection's pull moved. */
    record Pulled(int pages, long received, long stored, long duplicates, long refused) {
        static final Pulled NONE = new Pulled(0, 0, 0, 0, 0);

        Pulled plus(Pulled o) {
            return new Pulled(pages + o.pages, received + o.received, stored + o.stored, duplicates + o.duplicates, refused + o.refused);
        }
    }

    /**
     * Pulls {@code remoteCollection} of the server at {@code apiRoot} into {@code into}, to the end.
     *
     * @throws TaxiiException when the round cannot reach the end; its message says what the server
     *         did and what is missing here. What was committed before stays, with its checkpoint.
     */
    Pulled pull(Receiver.Sender sender, TaxiiRemote remote, URI apiRoot, String remoteCollection, CollectionInfo into)
            throws TaxiiException {
        Round round = new Round(sender.party(), remote, apiRoot, remoteCollection);
        try {
            round.run(sender, into);
            return round.total;
        } catch (TaxiiException e) {
            throw new TaxiiException(e.kind(), e.uri(), e.status(), e.getMessage() + "; " + round.missing(), e.getCause());
        }
    }

    /** One round's paging through one collection. */
    private final class Round {
        final String party, collection;
        final TaxiiRemote remote;
        final URI apiRoot;
        final Watermark mark;
        String checkpoint; // as stored
        Pulled total = Pulled.NONE;

        Round(String party, TaxiiRemote remote, URI apiRoot, String collection) {
            this.party = party;
            this.remote = remote;
            this.apiRoot = apiRoot;
            this.collection = collection;
            this.checkpoint = ledger.checkpoint(party, collection).map(Checkpoint::addedAfter).orElse(null);
            this.mark = new Watermark(checkpoint);
        }

        void run(Receiver.Sender sender, CollectionInfo into) throws TaxiiException {
            String queryAfter = mark.complete(); // the query's added_after, sent again with each next (§3.4)
            String next = null;
            List<String> lastKeys = List.of();
            int empty = 0;
            while (true) {
                TaxiiRemote.Page page;
                try {
                    page = remote.objects(apiRoot, collection, new TaxiiRemote.PageRequest(queryAfter, next, pageSize));
                } catch (TaxiiException e) {
                    if (next == null || !forgotten(e) || Objects.equals(mark.complete(), queryAfter)) throw e;
                    // the server no longer honours its next (medallion forgets a result set 30 s after it
                    // began): a new query from what is complete, which moved since this one began
                    queryAfter = mark.complete();
                    next = null;
                    mark.newQuery();
                    lastKeys = List.of();
                    continue;
                }
                List<String> keys = keys(page.objects());
                if (!keys.isEmpty() && keys.equals(lastKeys)) {
                    throw malformed("answers the same page again (" + keys.size() + " objects, from " + keys.getFirst()
                            + "): its paging does not advance");
                }
                receive(sender, into, page);
                // the page is committed: now, and only now, the checkpoint may move
                mark.committed(page.dateAddedFirst(), page.dateAddedLast(), page.more());
                if (!page.more()) {
                    checkpoint();
                    return;
                }
                empty = page.objects().isEmpty() ? empty + 1 : 0;
                if (empty >= EMPTY_PAGES) throw malformed("gave " + EMPTY_PAGES + " empty pages in a row that say more objects follow");
                if (page.next() != null) {
                    if (page.objects().isEmpty() && page.next().equals(next)) {
                        throw malformed("says more objects follow but gives none and the same next again: its paging does not advance");
                    }
                    next = page.next();
                } else {
                    queryAfter = afterLast(page, queryAfter);
                    next = null;
                }
                checkpoint();
                lastKeys = keys;
            }
        }

        /** Commits a page's objects and records those refused. */
        private void receive(Receiver.Sender sender, CollectionInfo into, TaxiiRemote.Page page) {
            Receiver.Receipt r = intake.receive(sender, into, page.objects(), page.provenance(), page.handling(), page.signatures());
            if (!r.refused().isEmpty()) {
                List<SyncError> errors = new ArrayList<>(r.refused().size());
                for (Receiver.Refused x : r.refused()) {
                    errors.add(new SyncError(clock.instant(), party, Direction.PULL, x.id(), x.version(), x.reason()));
                }
                ledger.recordErrors(errors);
            }
            total = total.plus(new Pulled(1, page.objects().size(), r.stored(), r.duplicates(), r.refused().size()));
        }

        /**
         * The {@code added_after} of the next query, for a server that gives no {@code next}: the
         * page's last instant (§3.4's fallback), or why paging cannot go on. Objects added at that
         * instant and not in the page would be skipped; a server that gives next (medallion,
         * Concord) is never paged this way.
         */
        private String afterLast(TaxiiRemote.Page page, String queryAfter) throws TaxiiException {
            String last = page.dateAddedLast();
            if (last == null) throw malformed("says more objects follow but gives neither next nor X-TAXII-Date-Added-Last");
            if (queryAfter != null && !Watermark.later(last, queryAfter)) {
                throw malformed("gives no next, and its X-TAXII-Date-Added-Last " + last + " is not after the added_after "
                        + queryAfter + " asked: its paging does not advance");
            }
            if (page.objects().size() > 1 && last.equals(page.dateAddedFirst())) {
                throw malformed("gives no next, and every object of its page was added at " + last + ": those after"
                        + " the page cannot be asked for (added_after skips them); a sync.page_size larger than the"
                        + " number of objects the server added at one instant, if the server allows such pages, gets past them");
            }
            mark.assume(last);
            return last;
        }

        /** Stores what is complete, when it moved. */
        private void checkpoint() {
            String complete = mark.complete();
            if (complete == null || complete.equals(checkpoint)) return;
            ledger.advanceCheckpoint(party, collection, complete, clock.instant());
            checkpoint = complete;
        }

        private TaxiiException malformed(String what) {
            return new TaxiiException(TaxiiException.Kind.MALFORMED, apiRoot, 200, "GET " + apiRoot + "collections/" + collection
                    + "/objects/ " + what);
        }

        /** What the round leaves missing, for the message of a round that stops. */
        String missing() {
            String done = total.pages() == 0 ? "nothing was received this round"
                    : "this round received " + total.received() + " objects (stored " + total.stored() + ", already here "
                    + total.duplicates() + ", refused " + total.refused() + ") in " + total.pages() + " pages before it stopped";
            return mark.complete() == null
                    ? done + "; nothing of the collection is known complete here yet: the next round starts again from its beginning"
                    : done + "; everything the collection held up to date_added " + mark.complete() + " is here (the checkpoint),"
                    + " objects added after it may be missing: the next round resumes from there";
        }
    }

    /** Whether the server refused a {@code next} it gave (expired, forgotten): 400, 404 or 410. */
    private static boolean forgotten(TaxiiException e) {
        return e.kind() == TaxiiException.Kind.REFUSED && (e.status() == 400 || e.status() == 404 || e.status() == 410);
    }

    /** Each object's id and version, to tell whether a server repeats a page. */
    private static List<String> keys(List<JsonNode> objects) {
        List<String> keys = new ArrayList<>(objects.size());
        for (JsonNode o : objects) {
            keys.add(o.path("id").asText("") + "@" + o.path("modified").asText(o.path("created").asText("")));
        }
        return keys;
    }
}
