package org.concord.response;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.concord.ConcordException;
import org.concord.response.Requests.Party;
import org.concord.response.Requests.Transition;
import org.concord.response.ResponseDatabase.DeadlineRow;
import org.concord.response.ResponseDatabase.RequestRow;
import org.concord.stix.StixObject;
import org.concord.stix.Tlp;
import org.concord.store.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deadline sweep (docs/response-design.md §4): every due row of {@code response_deadline} (one
 * indexed query; its cost is the number due) becomes one {@code x-concord-escalation} notice per
 * (request, deadline, level, this node's member) — the deadlines {@code acknowledge}, {@code fulfil}
 * and, on the holder's node, {@code preserve_until} —, or for {@code expire} the requester's {@code
 * expired} version at {@code fulfil_by}; then the row is closed. Every byte of what it writes is
 * fixed by the row and the request's versions, so a sweep that crashed between the write and the
 * close writes the same version again (a no-op in the store) and closes the row: escalated once,
 * never twice, never lost. The store is the ledger; fan-out carries the notices on.
 */
public final class DeadlineSweep {
    private static final Logger LOG = LoggerFactory.getLogger(DeadlineSweep.class);
    /** Most rows one sweep handles; the next sweep takes the rest. */
    static final int BATCH = 500;

    private final Store store;
    private final String casesId;
    private final ResponseDatabase db;
    private final ResponseProjection projection;
    private final String member;

    public DeadlineSweep(Store store, String casesId, ResponseDatabase db, ResponseProjection projection, String member) {
        this.store = Objects.requireNonNull(store, "store");
        this.casesId = Objects.requireNonNull(casesId, "casesId");
        this.db = Objects.requireNonNull(db, "db");
        this.projection = Objects.requireNonNull(projection, "projection");
        this.member = Objects.requireNonNull(member, "member");
    }

    /** The sweep of a service's node. */
    public static DeadlineSweep of(ResponseService service, Store store, String casesId, String member) {
        return new DeadlineSweep(store, casesId, service.database(), service.projection(), member);
    }

    /**
     * Handles every row due at {@code now}; returns how many notices and expiries it wrote (new or
     * again). What the due rows write goes to the store in one write, then the rows are closed in
     * one transaction (a crash between the two: the next sweep writes the same bytes, a no-op, and
     * closes them); if that write fails, each row is tried alone so one bad row holds back no other.
     * The read side indexes the notices at its next catch-up, not in the sweep.
     */
    public synchronized int sweep(Instant now) {
        projection.catchUp();
        List<DeadlineRow> due = db.due(now, BATCH);
        if (due.isEmpty()) return 0;
        List<StixObject> out = new ArrayList<>();
        List<DeadlineRow> handled = new ArrayList<>();
        java.util.Map<String, RequestRow> requests = db.requestRows(due.stream().map(DeadlineRow::requestId).distinct().toList());
        for (DeadlineRow row : due) {
            try {
                StixObject o = handle(row, requests.get(row.requestId()));
                if (o != null) out.add(o);
                handled.add(row);
            } catch (ConcordException e) {
                notSwept(row, e);
            }
        }
        int written;
        try {
            if (!out.isEmpty()) store.write(casesId, out);
            ResponseDatabase closing = db.queued();
            handled.forEach(row -> closing.close(row, now));
            closing.flush();
            written = out.size();
        } catch (ConcordException e) {
            written = oneByOne(handled, now);
        }
        return written; // the notices are indexed by the next catch-up (the role's follower, or any read)
    }

    private int oneByOne(List<DeadlineRow> rows, Instant now) {
        int written = 0;
        for (DeadlineRow row : rows) {
            try {
                StixObject out = handle(row, db.requestRow(row.requestId()).orElse(null));
                if (out != null) {
                    store.write(casesId, List.of(out));
                    written++;
                }
                db.close(row, now);
            } catch (ConcordException e) {
                notSwept(row, e);
            }
        }
        return written;
    }

    private static void notSwept(DeadlineRow row, ConcordException e) {
        LOG.warn("response: deadline {} level {} of {} not swept: {}", row.deadline(), row.level(), row.requestId(), e.getMessage());
    }

    /** What a due row of request {@code r} (null: not indexed) writes, or null when the request moved on (the row is then only closed). */
    private StixObject handle(DeadlineRow row, RequestRow r) {
        if (r == null) return null;
        Tlp tlp = Tlp.parse(r.tlp());
        String state = r.state();
        boolean awaitingAck = state.equals("sent");
        boolean awaitingFulfil = awaitingAck || state.equals("acknowledged") || state.equals("in_progress");
        switch (row.deadline()) {
            case "acknowledge" -> {
                return awaitingAck ? ResponseObjects.escalation(r.id(), r.caseId(), "acknowledge", row.level(), row.due(), member, tlp) : null;
            }
            case "fulfil" -> {
                return awaitingFulfil ? ResponseObjects.escalation(r.id(), r.caseId(), "fulfil", row.level(), row.due(), member, tlp) : null;
            }
            case ResponseProjection.PRESERVE_UNTIL -> {
                // only the holder's (receiver's) rows exist; a release or withdrawal since closed them
                boolean held = state.equals("fulfilled") && r.kind().equals("preservation") && r.receiver().equals(member);
                return held ? ResponseObjects.escalation(r.id(), r.caseId(), ResponseProjection.PRESERVE_UNTIL, row.level(), row.due(), member, tlp)
                        : null;
            }
            case "expire" -> {
                if (!awaitingFulfil || !r.requester().equals(member)) return null;
                RequestJson.Fold fold = RequestJson.fold(projection.versions(r.id()));
                Request req = fold.request();
                if (!req.awaitingFulfilment() || req.lastAt().isAfter(req.fulfilBy())) return null;
                Request after = Requests.apply(req, Requests.Step.of(Transition.EXPIRE, Party.REQUESTER, req.fulfilBy()));
                return RequestJson.next(after, Transition.EXPIRE, req.state(), member, fold.head().object(), tlp);
            }
            default -> {
                return null;
            }
        }
    }
}
