package org.concord.federation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.concord.partner.PartnerEgress;
import org.concord.policy.Disclosure;
import org.concord.policy.DisclosureLog;
import org.concord.store.CollectionInfo;
import org.concord.store.ObjectFilter;
import org.concord.store.Page;
import org.concord.store.Store;
import org.concord.store.StoredVersion;
import org.concord.store.VersionMatch;

/**
 * Decides again, when the terms a peer's versions are decided under changed (its outbound agreement
 * was edited, or the node's default TLP), the versions a push held back from it — those, and only
 * those: what went has gone, what is after the cursor is decided as new. Each is decided with the
 * audit log saying so ({@code agreement-changed}); what is released now is posted, and what is
 * still withheld stays held back under the new terms (docs/federation.md, agreements that change).
 * It walks the peer's {@code sync_withheld} rows in date_added order, a page at a time, so the
 * cost is the number of versions held back, not the size of the collection.
 */
final class Review {
    /** Posts versions to the peer; returns how many it refused. */
    @FunctionalInterface
    interface Send {
        long send(List<StoredVersion> released) throws TaxiiException;
    }

    /** What a review did within a turn: counted as a push, the pages it took, whether it is through. */
    record Reviewed(Pusher.Pushed pushed, int pages, boolean done) {}

    private final SyncLedger ledger;
    private final Store store;
    private final PartnerEgress egress;
    private final DisclosureLog audit;
    private final int batch;

    Review(SyncLedger ledger, Store store, PartnerEgress egress, DisclosureLog audit, int batch) {
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.store = Objects.requireNonNull(store, "store");
        this.egress = Objects.requireNonNull(egress, "egress");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.batch = batch;
    }

    /**
     * Decides again the versions of {@code local} held back from {@code peer} under terms other than
     * {@code terms}, at most {@code maxPages} pages of them, sending what goes now with {@code send};
     * when none is left, the cursor's terms become {@code terms}.
     *
     * @throws TaxiiException when a post fails: the rows of that page stay, to be decided again next round
     */
    Reviewed run(String peer, CollectionInfo local, String terms, int maxPages, Send send) throws TaxiiException {
        Pusher.Pushed total = Pusher.Pushed.NONE;
        Instant after = null;
        for (int pages = 0; ; pages++) {
            if (pages == maxPages) return new Reviewed(total, pages, false); // the turn is over: the next one goes on
            List<HeldBack> rows = ledger.heldBack(peer, local.id(), terms, after, batch);
            if (rows.isEmpty()) {
                ledger.settleTerms(peer, local.id(), terms); // not when a round beside this one added others: the next round looks again
                return new Reviewed(total, pages, true);
            }
            List<StoredVersion> again = stored(local, rows);
            PartnerEgress.Disclosed decided = egress.disclose(peer, local, new Page(again, false), true); // newest versions looked up
            long refused = send.send(decided.released());
            List<HeldBack> withheld = Pusher.heldBack(peer, local, decided);
            List<HeldBack> still = Pusher.kept(withheld);
            Set<Instant> kept = new HashSet<>();
            for (HeldBack h : still) kept.add(h.dateAdded());
            List<Instant> gone = new ArrayList<>(); // released now, withheld for good, or no longer stored
            for (HeldBack h : rows) if (!kept.contains(h.dateAdded())) gone.add(h.dateAdded());
            ledger.reviewed(peer, local.id(), gone, still);
            total = total.plus(new Pusher.Pushed(0, decided.released().size(), refused, false, rows.size(),
                    Pusher.Pushed.counted(withheld)));
            after = rows.getLast().dateAdded();
        }
    }

    /** The stored entries of {@code rows}, in date_added order (an entry no longer stored is left out). */
    private List<StoredVersion> stored(CollectionInfo local, List<HeldBack> rows) {
        Set<Instant> wanted = new HashSet<>();
        Set<String> ids = new LinkedHashSet<>();
        for (HeldBack h : rows) {
            wanted.add(h.dateAdded());
            ids.add(h.objectId());
        }
        Instant last = rows.getLast().dateAdded();
        List<StoredVersion> out = new ArrayList<>(rows.size());
        ObjectFilter f = new ObjectFilter(rows.getFirst().dateAdded().minusNanos(1_000), List.copyOf(ids), List.of(),
                VersionMatch.ALL, List.of(), ObjectFilter.MAX_LIMIT);
        for (Page p; ; f = f.after(p.items().getLast().dateAdded())) {
            p = store.objects(local.id(), f);
            for (StoredVersion v : p.items()) if (wanted.contains(v.dateAdded())) out.add(v);
            if (!p.more() || p.items().isEmpty() || out.size() == wanted.size() || p.items().getLast().dateAdded().isAfter(last)) {
                return out;
            }
        }
    }

    /**
     * For a cursor that moved before Concord kept what a push withheld (migration V13): finds in the
     * disclosure audit log the entries of {@code local} up to {@code upTo} that were withheld from
     * {@code peer} and never released to it, and keeps them as held back under unknown terms (""),
     * so that the review decides them again. Runs once per peer and collection.
     */
    void findInAuditLog(String peer, CollectionInfo local, Instant upTo) {
        ObjectFilter f = new ObjectFilter(null, List.of(), List.of(), VersionMatch.ALL, List.of(), Math.min(batch, DisclosureLog.IDS_AT_ONCE));
        for (Page p; ; f = f.after(p.items().getLast().dateAdded())) {
            p = store.objects(local.id(), f);
            List<StoredVersion> page = p.items().stream().filter(v -> !v.dateAdded().isAfter(upTo)).toList();
            if (page.isEmpty()) break;
            Set<String> ids = new LinkedHashSet<>();
            for (StoredVersion v : page) ids.add(v.object().id());
            Map<String, Disclosure> withheld = new HashMap<>(); // id and version -> the last line withholding it
            Set<String> released = new HashSet<>();
            for (Disclosure d : audit.decisions(peer, ids)) {
                String key = d.objectId() + " " + d.version();
                if (d.released()) released.add(key);
                else withheld.put(key, d);
            }
            List<HeldBack> rows = new ArrayList<>();
            for (StoredVersion v : page) {
                String key = v.object().id() + " " + (v.object().version() == null ? "" : v.object().version());
                Disclosure d = withheld.get(key);
                if (d == null || released.contains(key) || d.rules().getFirst().lasting()) continue;
                rows.add(new HeldBack(peer, local.id(), v.dateAdded(), v.object().id(), v.object().version(), d.rules().getFirst().id(),
                        d.reason() == null ? "" : d.reason(), ""));
            }
            ledger.addHeldBack(rows);
            if (!p.more() || page.size() < p.items().size()) break;
        }
        ledger.heldBackFound(peer, local.id());
    }
}
