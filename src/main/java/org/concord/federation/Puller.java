package org.concord.federation;

import java.net.URI;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.concord.store.CollectionInfo;

/**
 * Pulls one remote collection into a local one, page by page from the checkpoint
 * (docs/federation.md): each page goes through the {@link Receiver}, and only once its objects are
 * committed does the checkpoint advance to the page's {@code X-TAXII-Date-Added-Last}. A failure
 * anywhere leaves the checkpoint at the last committed page, so the next round re-reads at most
 * that one page, and the store's idempotent write stores nothing twice. Within a round, pages
 * follow the server's {@code next} when it gives one, else {@code added_after}.
 */
final class Puller {
    private final SyncLedger ledger;
    private final Receiver receiver;
    private final InstantSource clock;
    private final int pageSize;

    Puller(SyncLedger ledger, Receiver receiver, InstantSource clock, int pageSize) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.receiver = Objects.requireNonNull(receiver, "receiver");
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
     * Pulls {@code remoteCollection} of the server at {@code apiRoot} into {@code into}.
     *
     * @throws TaxiiException when the server fails; what was committed before stays, with its checkpoint
     */
    Pulled pull(Receiver.Sender sender, TaxiiRemote remote, URI apiRoot, String remoteCollection, CollectionInfo into)
            throws TaxiiException {
        String party = sender.party();
        String addedAfter = ledger.checkpoint(party, remoteCollection).map(Checkpoint::addedAfter).orElse(null);
        TaxiiRemote.PageRequest request = new TaxiiRemote.PageRequest(addedAfter, null, pageSize);
        Pulled total = Pulled.NONE;
        String lastNext = null, lastAddedLast = null;
        while (true) {
            TaxiiRemote.Page page = remote.objects(apiRoot, remoteCollection, request);
            Receiver.Receipt r = receiver.receive(sender, into, page.objects(), page.provenance(), page.handling());
            if (!r.refused().isEmpty()) {
                List<SyncError> errors = new ArrayList<>(r.refused().size());
                for (Receiver.Refused x : r.refused()) {
                    errors.add(new SyncError(clock.instant(), party, Direction.PULL, x.id(), x.version(), x.reason()));
                }
                ledger.recordErrors(errors);
            }
            // the page is committed: now, and only now, the checkpoint moves
            if (page.dateAddedLast() != null) ledger.advanceCheckpoint(party, remoteCollection, page.dateAddedLast(), clock.instant());
            total = total.plus(new Pulled(1, page.objects().size(), r.stored(), r.duplicates(), r.refused().size()));
            if (!page.more() || page.objects().isEmpty()) return total;
            if (page.next() != null) {
                request = new TaxiiRemote.PageRequest(null, page.next(), pageSize);
            } else if (page.dateAddedLast() != null) {
                request = new TaxiiRemote.PageRequest(page.dateAddedLast(), null, pageSize);
            } else {
                throw new TaxiiException(TaxiiException.Kind.MALFORMED, apiRoot, 200, "GET " + apiRoot + "collections/"
                        + remoteCollection + "/objects/ says more objects follow but gives neither next nor X-TAXII-Date-Added-Last");
            }
            if (Objects.equals(page.next(), lastNext) && Objects.equals(page.dateAddedLast(), lastAddedLast)) {
                throw new TaxiiException(TaxiiException.Kind.MALFORMED, apiRoot, 200, "GET " + apiRoot + "collections/"
                        + remoteCollection + "/objects/ answers the same page again: paging does not advance");
            }
            lastNext = page.next();
            lastAddedLast = page.dateAddedLast();
        }
    }
}
