package org.concord.federation;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.concord.stix.StixObject;
import org.concord.store.CollectionInfo;
import org.concord.store.ObjectFilter;
import org.concord.store.Origin;
import org.concord.store.Page;
import org.concord.store.Store;
import org.concord.store.StoredVersion;
import org.concord.store.VersionMatch;
import org.concord.taxii.PartnerEgress;

/**
 * Pushes one local collection to a peer's collection of the same alias (docs/federation.md). The
 * outbound queue is the store itself: the peer's cursor is the date_added of the last local entry
 * it acknowledged. A round reads the entries after the cursor, lets them through the same egress
 * as a partner's TAXII read (policy, audit log, signing, provenance), posts what is released, waits
 * for the status, and only then advances the cursor. A crash or a failed post leaves the cursor
 * where it was: the entries are read and posted again (the peer stores nothing twice). Objects the
 * peer's status reports as failures are recorded as errors and not posted again.
 */
final class Pusher {
    private static final Duration FIRST_POLL = Duration.ofMillis(50), LONGEST_POLL = Duration.ofSeconds(2);

    private final SyncLedger ledger;
    private final Store store;
    private final PartnerEgress egress;
    private final InstantSource clock;
    private final int batch;
    private final Duration statusWait;

    Pusher(SyncLedger ledger, Store store, PartnerEgress egress, InstantSource clock, int batch, Duration statusWait) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.store = Objects.requireNonNull(store, "store");
        this.egress = Objects.requireNonNull(egress, "egress");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.batch = batch;
        this.statusWait = Objects.requireNonNull(statusWait, "statusWait");
    }

    /**
     * What one collection's push moved: entries read, objects posted, the peer's refusals, and
     * whether entries are left after the cursor (the turn's page budget ran out).
     */
    record Pushed(long read, long sent, long refused, boolean more) {
        static final Pushed NONE = new Pushed(0, 0, 0, false);

        Pushed plus(Pushed o) {
            return new Pushed(read + o.read, sent + o.sent, refused + o.refused, more || o.more);
        }
    }

    /**
     * Pushes the entries of {@code local} after {@code peer}'s cursor to its collection
     * {@code remoteCollection} at {@code apiRoot}, in posts of at most {@code maxContentLength} bytes,
     * reading at most {@code maxPages} pages (a turn: other collections are served between turns).
     *
     * @throws TaxiiException when a post or its status fails; the cursor stays at the last acknowledged entry
     */
    Pushed push(String peer, TaxiiRemote remote, URI apiRoot, CollectionInfo local, String remoteCollection, long maxContentLength,
                int maxPages) throws TaxiiException {
        Instant cursor = ledger.cursor(peer, local.id()).orElse(null);
        Pushed total = Pushed.NONE;
        for (int pages = 1; ; pages++) {
            Page page = store.objects(local.id(), new ObjectFilter(cursor, List.of(), List.of(), VersionMatch.ALL, List.of(), batch));
            if (page.items().isEmpty()) return total;
            List<StoredVersion> released = egress.filter(peer, local, page); // every entry decided and recorded: the cursor passes them all
            long refused = 0;
            for (TaxiiRemote.Outgoing post : posts(released, maxContentLength)) {
                refused += post(peer, remote, apiRoot, remoteCollection, post);
            }
            cursor = page.items().getLast().dateAdded();
            ledger.advanceCursor(peer, local.id(), cursor, clock.instant());
            boolean more = page.more();
            total = total.plus(new Pushed(page.items().size(), released.size(), refused, more && pages >= maxPages));
            if (!more || pages >= maxPages) return total;
        }
    }

    /**
     * Splits what goes into envelopes that fit the peer's max_content_length, each relayed version
     * with its provenance as the egress gives it (the path ending with this node).
     */
    private static List<TaxiiRemote.Outgoing> posts(List<StoredVersion> released, long maxContentLength) {
        List<TaxiiRemote.Outgoing> out = new ArrayList<>();
        List<StixObject> objects = new ArrayList<>();
        List<ProvenanceClaim> claims = new ArrayList<>();
        List<HandlingClaim> levels = new ArrayList<>();
        long bytes = 64;
        for (StoredVersion v : released) {
            ProvenanceClaim claim = claim(v);
            HandlingClaim level = v.handling() == null ? null
                    : new HandlingClaim(v.object().id(), v.object().version() == null ? "" : v.object().version(), v.handling());
            long size = v.object().canonical().length + 1L + (claim == null ? 0 : 256L + 64L * claim.path().size())
                    + (level == null ? 0 : 160L);
            if (!objects.isEmpty() && bytes + size > maxContentLength) {
                out.add(new TaxiiRemote.Outgoing(objects, claims, levels));
                objects = new ArrayList<>();
                claims = new ArrayList<>();
                levels = new ArrayList<>();
                bytes = 64;
            }
            objects.add(v.object());
            if (claim != null) claims.add(claim);
            if (level != null) levels.add(level);
            bytes += size;
        }
        if (!objects.isEmpty()) out.add(new TaxiiRemote.Outgoing(objects, claims, levels));
        return out;
    }

    /** The {@code x_concord_provenance} entry of a released version: none for what this node originated. */
    static ProvenanceClaim claim(StoredVersion v) {
        Origin o = v.origin();
        if (o == null) return null;
        String version = v.object().version() == null ? "" : v.object().version();
        return new ProvenanceClaim(v.object().id(), version, o.node(), o.country(), o.path(), o.mayReshare());
    }

    /** Posts one envelope and waits for its status to complete; returns how many objects the peer refused. */
    private long post(String peer, TaxiiRemote remote, URI apiRoot, String remoteCollection, TaxiiRemote.Outgoing post)
            throws TaxiiException {
        TaxiiRemote.Status status = remote.add(apiRoot, remoteCollection, post);
        long deadline = System.nanoTime() + statusWait.toNanos(); // a real wait, whatever clock the node runs on
        Duration pause = FIRST_POLL;
        while (!status.complete()) {
            if (System.nanoTime() - deadline >= 0) {
                throw new TaxiiException(TaxiiException.Kind.SERVER_ERROR, apiRoot, 202, "POST " + apiRoot + "collections/"
                        + remoteCollection + "/objects/: status " + status.id() + " still pending after " + statusWait.toSeconds()
                        + " s; the objects are posted again next round");
            }
            sleep(pause);
            pause = pause.multipliedBy(2).compareTo(LONGEST_POLL) > 0 ? LONGEST_POLL : pause.multipliedBy(2);
            status = remote.status(apiRoot, status.id());
        }
        if (!status.failures().isEmpty()) {
            List<SyncError> errors = new ArrayList<>(status.failures().size());
            for (TaxiiRemote.Detail d : status.failures()) {
                errors.add(new SyncError(clock.instant(), peer, Direction.PUSH, d.id(), d.version(),
                        "refused by " + peer + ": " + (d.message() == null ? "(no reason given)" : d.message())));
            }
            ledger.recordErrors(errors);
        }
        return status.failures().size();
    }

    private static void sleep(Duration d) throws TaxiiException {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TaxiiException(TaxiiException.Kind.UNREACHABLE, null, 0, "interrupted while waiting for a status", e);
        }
    }
}
