package org.concord.response;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.concord.ConcordException;
import org.concord.response.ResponseDatabase.AudienceRow;
import org.concord.response.ResponseDatabase.CaseRow;
import org.concord.response.ResponseDatabase.MemberRow;
import org.concord.response.ResponseDatabase.RequestRow;
import org.concord.stix.StixObject;
import org.concord.store.ObjectFilter;
import org.concord.store.Page;
import org.concord.store.Store;
import org.concord.store.StoredVersion;
import org.concord.store.VersionMatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the {@code cases} collection by its date_added cursor and keeps {@link ResponseDatabase}
 * up to date (docs/response-design.md §6, §10.3): cases and tasks (their newest version), the
 * objects of each case, participations and requests (folded from their versions), and the
 * deadlines this node's member holds (opened when a request is seen, closed when a transition
 * makes them moot). As the <em>merge follower</em> (§2), when it reads a case or task version whose
 * state the newest stored one does not contain, it writes their merge, unless a stored version
 * already holds that state. Runs outside store write transactions; one caller at a time.
 */
public final class ResponseProjection {
    private static final Logger LOG = LoggerFactory.getLogger(ResponseProjection.class);
    private static final String CURSOR = "cases";
    private static final int PAGE = 500, ID_CHUNK = 200;
    static final String PRESERVE_UNTIL = "preserve_until";

    private final Store store;
    private final String casesId;
    private final ResponseDatabase db;
    /** The same tables, its row writes committed once a page (with the cursor), not one by one. */
    private final ResponseDatabase rows;
    private final String member;
    private final ResponseConfig config;
    private final InstantSource clock;
    /** While a page is projected: every version of its requests and participations, read at once; else null. */
    private java.util.Map<String, List<StixObject>> pageVersions;

    /**
     * @param member this node's member identity: the deadlines of requests it is a party to are its own
     */
    public ResponseProjection(Store store, String casesId, ResponseDatabase db, String member, ResponseConfig config,
                              InstantSource clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.casesId = Objects.requireNonNull(casesId, "casesId");
        this.db = Objects.requireNonNull(db, "db");
        this.rows = db.queued();
        this.member = Objects.requireNonNull(member, "member");
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Reads what the collection holds after the cursor and updates the tables; returns how many
     * entries it read (0: nothing new, one indexed query). Merges it writes are read by the same call.
     * The rows of a page are written in one transaction with the cursor after it; a request or
     * participation whose id comes again later in the page is folded once, at its last version
     * there (the fold reads every stored version of the id anyway).
     */
    public synchronized int catchUp() {
        int read = 0;
        while (true) {
            Instant after = db.cursor(CURSOR);
            Page page = store.objects(casesId, new ObjectFilter(after, List.of(), List.of(), VersionMatch.ALL, List.of(), PAGE));
            List<StixObject> merges = new ArrayList<>();
            java.util.Map<String, Integer> last = new java.util.HashMap<>();
            for (int i = 0; i < page.items().size(); i++) last.put(page.items().get(i).object().id(), i);
            pageVersions = versionsOf(page.items().stream().map(StoredVersion::object)
                    .filter(o -> o.type().equals(ResponseObjects.REQUEST) || o.type().equals(ResponseObjects.PARTICIPATION))
                    .map(StixObject::id).distinct().toList());
            try {
                for (int i = 0; i < page.items().size(); i++) {
                    StoredVersion v = page.items().get(i);
                    String type = v.object().type();
                    boolean folded = type.equals(ResponseObjects.REQUEST) || type.equals(ResponseObjects.PARTICIPATION);
                    if (folded && last.get(v.object().id()) != i) {
                        read++;
                        continue;
                    }
                    try {
                        project(v.object(), merges);
                    } catch (ConcordException e) {
                        // a version this node cannot read is left out of the read side (it stays in the store)
                        LOG.warn("response: left out {} {}: {}", v.object().id(), v.object().modified(), e.getMessage());
                    }
                    read++;
                }
            } finally {
                pageVersions = null;
            }
            if (!page.items().isEmpty()) rows.cursor(CURSOR, page.items().getLast().dateAdded());
            rows.flush();
            if (!merges.isEmpty()) store.write(casesId, merges);
            if (!page.more() && merges.isEmpty()) return read;
        }
    }

    private void project(StixObject v, List<StixObject> merges) {
        switch (v.type()) {
            case "incident", "task" -> mergeable(v, merges);
            case "note" -> {
                for (JsonNode ref : CaseJson.tree(v).path("object_refs")) {
                    if (ref.asText().startsWith("incident--")) {
                        rows.putMember(new MemberRow(v.id(), ref.asText(), "note", null));
                        break;
                    }
                }
            }
            case ResponseObjects.PARTICIPATION -> {
                String caseId = Participations.read(v).participation().caseRef();
                rows.putMember(new MemberRow(v.id(), caseId, "participation", null));
                audience(caseId);
            }
            case ResponseObjects.REQUEST -> request(RequestJson.fold(versions(v.id())));
            case ResponseObjects.ESCALATION -> {
                ResponseObjects.Escalation e = ResponseObjects.escalation(CaseJson.tree(v));
                rows.putMember(new MemberRow(e.id(), e.caseId(), "escalation", e.requestId()));
            }
            default -> { }
        }
    }

    /** A case or task version: index the newest; merge when this one holds what the newest lacks. */
    private void mergeable(StixObject v, List<StixObject> merges) {
        CaseState seen = CaseState.parse(v);
        StixObject newestVersion = store.latest(v.id()).map(StoredVersion::object).orElse(v);
        CaseState newest = CaseState.parse(newestVersion);
        if (!newest.contains(seen)) {
            CaseState merged = CaseState.merge(newest, seen);
            boolean stored = versions(v.id()).stream().anyMatch(s -> {
                try {
                    return CaseState.parse(s).equals(merged);
                } catch (ConcordException e) {
                    return false;
                }
            });
            if (!stored && merges.stream().noneMatch(m -> m.id().equals(v.id()) && CaseState.parse(m).contains(merged))) {
                merges.removeIf(m -> m.id().equals(v.id()));
                merges.add(merged.version());
            }
            newest = merged;
        }
        index(newest);
    }

    private void index(CaseState s) {
        if (s.kind() == Kind.TASK) {
            rows.putMember(new MemberRow(s.id(), s.caseRef(), "task", null));
            return;
        }
        JsonNode criticality = s.value("criticality");
        boolean known = db.caseRow(s.id()).isPresent();
        rows.putCase(new CaseRow(s.id(), text(s.value("name"), s.id()), text(s.value("investigation_status"), "new"),
                text(s.value("determination"), "suspected"), criticality == null ? null : criticality.intValue(), s.tlp().label(),
                s.createdBy(), org.concord.stix.StixTimestamp.parse(s.created()), Instant.ofEpochMilli(s.greatestStamp().at()),
                s.modified()));
        for (String task : s.live("tasks")) rows.putMember(new MemberRow(task, s.id(), "task", null));
        for (String event : s.live("events")) rows.putMember(new MemberRow(event, s.id(), "event", null));
        if (!known) audience(s.id()); // invitations held before their case count from now on
    }

    /**
     * Re-folds the participations of a case together ({@link Participations#foldCase}) and keeps
     * {@code response_audience} to what counts: an invitation by a member who was neither the lead
     * nor accepted when it made it is left out until its inviter's acceptance is held.
     */
    private void audience(String caseId) {
        rows.flush(); // what this page wrote so far is read below
        Map<String, Participations.Version> heads = participations(caseId);
        for (AudienceRow a : db.audience(caseId)) if (!heads.containsKey(a.member())) rows.deleteAudience(caseId, a.member());
        for (Participations.Version head : heads.values()) {
            Participations.Participation p = head.participation();
            rows.putAudience(new AudienceRow(p.caseRef(), p.memberRef(), p.role(), p.state(), p.invitedByRef(), p.at()));
        }
    }

    /** Per member, the head of its participation in {@code caseId} that counts (the case must be held). */
    Map<String, Participations.Version> participations(String caseId) {
        String lead = db.caseRow(caseId).map(CaseRow::lead).orElse(null);
        List<StixObject> all = new ArrayList<>();
        for (MemberRow m : db.members(caseId)) if (m.type().equals("participation")) all.addAll(versions(m.objectId()));
        return Participations.foldCase(caseId, lead, all);
    }

    private void request(RequestJson.Fold fold) {
        Request r = fold.request();
        Request.Ask a = r.ask();
        StixObject head = fold.head().object();
        rows.putMember(new MemberRow(a.id(), a.caseRef(), "request", null));
        rows.putRequest(new RequestRow(a.id(), a.caseRef(), a.kind().wire(), a.priority().wire(), r.state().wire(), a.requesterRef(),
                a.receiverRef(), r.sentAt(), r.acknowledgeBy(), r.fulfilBy(), r.lastAt(),
                org.concord.stix.Tlp.strictestOf(head.markingRefs()).map(org.concord.stix.Tlp::label).orElse("amber")));
        boolean requester = a.requesterRef().equals(member), party = requester || a.receiverRef().equals(member);
        if (!party) return;
        Instant now = clock.instant();
        deadline(a.id(), "acknowledge", r.sentAt(), r.acknowledgeBy(), r.awaitingAcknowledgement(), now);
        deadline(a.id(), "fulfil", r.sentAt(), r.fulfilBy(), r.awaitingFulfilment(), now);
        if (requester && r.awaitingFulfilment()) rows.openDeadline(a.id(), "expire", 0, r.fulfilBy());
        else rows.closeDeadline(a.id(), "expire", now);
        // the holder of preserved data is told when its preservation runs out, to release or have it extended (§4)
        if (!requester && r.holdingPreservation()) {
            Duration span = Duration.between(r.sentAt(), r.preserveUntil());
            rows.moveDeadline(a.id(), PRESERVE_UNTIL, 1, r.sentAt().plus(scaled(span, config.first())));
            rows.moveDeadline(a.id(), PRESERVE_UNTIL, 2, r.sentAt().plus(scaled(span, config.second())));
        } else {
            rows.closeDeadline(a.id(), PRESERVE_UNTIL, now);
        }
    }

    /** Opens a deadline's two levels while its clock runs, closes them once it stops. */
    private void deadline(String id, String name, Instant sent, Instant by, boolean running, Instant now) {
        if (!running) {
            rows.closeDeadline(id, name, now);
            return;
        }
        Duration span = Duration.between(sent, by);
        rows.openDeadline(id, name, 1, sent.plus(scaled(span, config.first())));
        rows.openDeadline(id, name, 2, sent.plus(scaled(span, config.second())));
    }

    private static Duration scaled(Duration d, double fraction) {
        return Duration.ofMillis(Math.round(d.toMillis() * fraction));
    }

    /** Every stored version of {@code id} in the collection. */
    List<StixObject> versions(String id) {
        if (pageVersions != null && pageVersions.containsKey(id)) return pageVersions.get(id);
        List<StixObject> out = new ArrayList<>();
        Instant after = null;
        while (true) {
            Page p = store.objects(casesId, new ObjectFilter(after, List.of(id), List.of(), VersionMatch.ALL, List.of(), PAGE));
            p.items().forEach(v -> out.add(v.object()));
            if (!p.more() || p.items().isEmpty()) return out;
            after = p.items().getLast().dateAdded();
        }
    }

    /**
     * Every version of each of {@code ids} in the collection, a few queries for the lot (ids in
     * chunks) rather than one per id: what folding a page's requests and participations reads.
     */
    private java.util.Map<String, List<StixObject>> versionsOf(List<String> ids) {
        java.util.Map<String, List<StixObject>> out = new java.util.HashMap<>();
        for (int from = 0; from < ids.size(); from += ID_CHUNK) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + ID_CHUNK));
            chunk.forEach(id -> out.put(id, new ArrayList<>()));
            Instant after = null;
            while (true) {
                Page p = store.objects(casesId, new ObjectFilter(after, chunk, List.of(), VersionMatch.ALL, List.of(),
                        ObjectFilter.MAX_LIMIT));
                p.items().forEach(v -> out.get(v.object().id()).add(v.object()));
                if (!p.more() || p.items().isEmpty()) break;
                after = p.items().getLast().dateAdded();
            }
        }
        return out;
    }

    private static String text(JsonNode v, String dflt) {
        return v == null || !v.isTextual() ? dflt : v.textValue();
    }
}
