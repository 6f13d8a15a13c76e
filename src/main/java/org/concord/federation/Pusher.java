package org.concord.federation;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.concord.Time;
import org.concord.partner.PartnerEgress;
import org.concord.policy.DisclosureLog;
import org.concord.policy.Rule;
import org.concord.stix.StixObject;
import org.concord.store.CollectionInfo;
import org.concord.store.ObjectFilter;
import org.concord.store.Origin;
import org.concord.store.Page;
import org.concord.store.Store;
import org.concord.store.StoredVersion;
import org.concord.store.VersionMatch;

/**
 * Pushes one local collection to a peer's collection of the same alias (docs/federation.md). The
 * outbound queue is the store itself: the peer's cursor is the date_added of the last local entry
 * it acknowledged. A round reads the entries after the cursor, lets them through the same egress
 * as a partner's TAXII read (policy, audit log, signing, provenance), posts what is released, waits
 * for the status, and only then advances the cursor, recording in the same transaction what the
 * policy withheld ({@link HeldBack}). A crash or a failed post leaves the cursor where it was: the
 * entries are read and posted again (the peer stores nothing twice). Objects the peer's status
 * reports as failures are recorded as errors and not posted again. When the terms the peer's
 * versions are decided under changed (its agreement was edited), what was held back is decided
 * again first ({@link Review}).
 */
final class Pusher {
    private static final Duration FIRST_POLL = Duration.ofMillis(50), LONGEST_POLL = Duration.ofSeconds(2);

    private final SyncLedger ledger;
    private final Store store;
    private final PartnerEgress egress;
    private final Review review;
    private final Time clock;
    private final int batch;
    private final Duration statusWait;

    Pusher(SyncLedger ledger, Store store, PartnerEgress egress, DisclosureLog audit, InstantSource clock, int batch,
           Duration statusWait) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.store = Objects.requireNonNull(store, "store");
        this.egress = Objects.requireNonNull(egress, "egress");
        this.review = new Review(ledger, store, egress, audit, batch);
        this.clock = Time.of(clock); // its instants, and the status wait on its ticker and sleep
        this.batch = batch;
        this.statusWait = Objects.requireNonNull(statusWait, "statusWait");
    }

    /**
     * What one collection's push moved: entries read after the cursor, objects posted, the peer's
     * refusals, whether entries are left (the turn's page budget ran out), held-back versions
     * decided again, and what the policy withheld, per rule.
     */
    record Pushed(long read, long sent, long refused, boolean more, long reviewed, List<HeldBack.Count> withheld) {
        static final Pushed NONE = new Pushed(0, 0, 0, false, 0, List.of());

        Pushed {
            withheld = List.copyOf(withheld);
        }

        Pushed plus(Pushed o) {
            return new Pushed(read + o.read, sent + o.sent, refused + o.refused, more || o.more, reviewed + o.reviewed,
                    tally(withheld, o.withheld));
        }

        /** Counts per rule added up, the first example kept, the most withheld first. */
        static List<HeldBack.Count> tally(List<HeldBack.Count> a, List<HeldBack.Count> b) {
            if (b.isEmpty()) return a;
            if (a.isEmpty()) return b;
            Map<String, HeldBack.Count> byRule = new LinkedHashMap<>();
            for (HeldBack.Count c : a) byRule.put(c.rule(), c);
            for (HeldBack.Count c : b) {
                byRule.merge(c.rule(), c, (x, y) -> new HeldBack.Count(x.rule(), x.count() + y.count(), x.example()));
            }
            List<HeldBack.Count> out = new ArrayList<>(byRule.values());
            out.sort(Comparator.comparingLong(HeldBack.Count::count).reversed());
            return out;
        }

        /** The counts per rule of {@code rows}. */
        static List<HeldBack.Count> counted(List<HeldBack> rows) {
            Map<String, HeldBack.Count> byRule = new LinkedHashMap<>();
            for (HeldBack h : rows) {
                byRule.merge(h.rule(), new HeldBack.Count(h.rule(), 1, h), (x, y) -> new HeldBack.Count(x.rule(), x.count() + 1, x.example()));
            }
            List<HeldBack.Count> out = new ArrayList<>(byRule.values());
            out.sort(Comparator.comparingLong(HeldBack.Count::count).reversed());
            return out;
        }
    }

    /** Where a lane's posts go: the peer, its API root and collection, its post size. */
    record Lane(String peer, TaxiiRemote remote, URI apiRoot, CollectionInfo local, String remoteCollection, long maxContentLength) {}

    /**
     * Pushes the entries of {@code local} after {@code peer}'s cursor to its collection
     * {@code remoteCollection} at {@code apiRoot}, in posts of at most {@code maxContentLength} bytes,
     * reading at most {@code maxPages} pages (a turn: other collections are served between turns).
     * When the terms changed since the held-back versions were decided, those come first.
     *
     * @throws TaxiiException when a post or its status fails; the cursor stays at the last acknowledged entry
     */
    Pushed push(String peer, TaxiiRemote remote, URI apiRoot, CollectionInfo local, String remoteCollection, long maxContentLength,
                int maxPages) throws TaxiiException {
        Lane lane = new Lane(peer, remote, apiRoot, local, remoteCollection, maxContentLength);
        PushCursor at = ledger.pushCursor(peer, local.id()).orElse(null);
        String terms = egress.terms(peer);
        Pushed total = Pushed.NONE;
        int pages = 0;
        if (at != null && terms != null && !terms.equals(at.terms())) { // the agreement changed: what it held back first
            if (at.terms() == null) review.findInAuditLog(peer, local, at.dateAdded()); // pushed before V13 kept it
            Review.Reviewed r = review.run(peer, local, terms, maxPages, released -> send(lane, released));
            total = r.pushed();
            pages = r.pages();
            if (!r.done() || pages >= maxPages) return total.plus(new Pushed(0, 0, 0, true, 0, List.of())); // the next turn goes on
        }
        Instant cursor = at == null ? null : at.dateAdded();
        while (pages < maxPages) {
            pages++;
            Page page = store.objects(local.id(), new ObjectFilter(cursor, List.of(), List.of(), VersionMatch.ALL, List.of(), batch));
            if (page.items().isEmpty()) return total;
            PartnerEgress.Disclosed decided = egress.disclose(peer, local, page, false);
            long refused = send(lane, decided.released());
            List<HeldBack> withheld = heldBack(peer, local, decided);
            Instant read = cursor;
            cursor = page.items().getLast().dateAdded();
            boolean moved = ledger.advanceCursor(peer, local.id(), read, cursor, clock.instant(), kept(withheld),
                    decided.terms() == null ? "" : decided.terms());
            total = total.plus(new Pushed(page.items().size(), decided.released().size(), refused,
                    moved && page.more() && pages >= maxPages, 0, Pushed.counted(withheld)));
            if (!moved || !page.more()) return total; // not moved: rewound (or pushed by a round beside this one) meanwhile
        }
        return total;
    }

    /** The versions the egress withheld, as held back from the peer under the terms decided under ("" when none). */
    static List<HeldBack> heldBack(String peer, CollectionInfo local, PartnerEgress.Disclosed decided) {
        List<HeldBack> out = new ArrayList<>(decided.withheld().size());
        String terms = decided.terms() == null ? "" : decided.terms();
        for (PartnerEgress.Withheld w : decided.withheld()) {
            StoredVersion v = w.version();
            out.add(new HeldBack(peer, local.id(), v.dateAdded(), v.object().id(), v.object().version(), w.rule(), w.reason(), terms));
        }
        return out;
    }

    /**
     * The held-back versions worth keeping: not those a lasting rule withheld (a loop, no leave to
     * pass it on, a malformed object), which no edited agreement releases. Kept, they would only be
     * decided again at every change: every version a peer sent here is withheld from it by the loop rule.
     */
    static List<HeldBack> kept(List<HeldBack> withheld) {
        List<HeldBack> out = new ArrayList<>(withheld.size());
        for (HeldBack h : withheld) if (!Rule.ofId(h.rule()).lasting()) out.add(h);
        return out;
    }

    /** Posts what was released in envelopes that fit; returns how many objects the peer refused. */
    private long send(Lane lane, List<StoredVersion> released) throws TaxiiException {
        long refused = 0;
        for (TaxiiRemote.Outgoing post : posts(released, lane.maxContentLength())) {
            refused += post(lane.peer(), lane.remote(), lane.apiRoot(), lane.remoteCollection(), post);
        }
        return refused;
    }

    /**
     * Splits what goes into envelopes that fit the peer's max_content_length, each relayed version
     * with its provenance as the egress gives it (the path ending with this node), and each signed
     * one with its origin signature beside it.
     */
    private static List<TaxiiRemote.Outgoing> posts(List<StoredVersion> released, long maxContentLength) {
        List<TaxiiRemote.Outgoing> out = new ArrayList<>();
        List<StixObject> objects = new ArrayList<>();
        List<ProvenanceClaim> claims = new ArrayList<>();
        List<HandlingClaim> levels = new ArrayList<>();
        List<SignatureClaim> signatures = new ArrayList<>();
        long bytes = 64;
        for (StoredVersion v : released) {
            String version = v.object().version() == null ? "" : v.object().version();
            ProvenanceClaim claim = claim(v);
            HandlingClaim level = v.handling() == null ? null : new HandlingClaim(v.object().id(), version, v.handling());
            SignatureClaim signature = v.signature() == null ? null : new SignatureClaim(v.object().id(), version, v.signature());
            long size = v.object().canonical().length + 1L + (claim == null ? 0 : 256L + 64L * claim.path().size())
                    + (level == null ? 0 : 160L) + (signature == null ? 0 : 384L + 2L * v.signature().signer().length());
            if (!objects.isEmpty() && bytes + size > maxContentLength) {
                out.add(new TaxiiRemote.Outgoing(objects, claims, levels, signatures));
                objects = new ArrayList<>();
                claims = new ArrayList<>();
                levels = new ArrayList<>();
                signatures = new ArrayList<>();
                bytes = 64;
            }
            objects.add(v.object());
            if (claim != null) claims.add(claim);
            if (level != null) levels.add(level);
            if (signature != null) signatures.add(signature);
            bytes += size;
        }
        if (!objects.isEmpty()) out.add(new TaxiiRemote.Outgoing(objects, claims, levels, signatures));
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
        long deadline = clock.nanoTime() + statusWait.toNanos();
        Duration pause = FIRST_POLL;
        while (!status.complete()) {
            if (clock.nanoTime() - deadline >= 0) {
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

    private void sleep(Duration d) throws TaxiiException {
        try {
            clock.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TaxiiException(TaxiiException.Kind.UNREACHABLE, null, 0, "interrupted while waiting for a status", e);
        }
    }
}
