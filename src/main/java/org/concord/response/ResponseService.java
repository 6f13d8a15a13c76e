package org.concord.response;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.TreeSet;
import java.util.UUID;
import org.concord.ConcordException;
import org.concord.ErrorCode;
import org.concord.node.Node;
import org.concord.partner.Partners;
import org.concord.response.CaseState.Change;
import org.concord.response.Participations.Participation;
import org.concord.response.Request.Contact;
import org.concord.response.Requests.Party;
import org.concord.response.Requests.State;
import org.concord.response.Requests.Transition;
import org.concord.response.ResponseDatabase.AudienceRow;
import org.concord.response.ResponseDatabase.CaseRow;
import org.concord.response.ResponseDatabase.MemberRow;
import org.concord.response.ResponseDatabase.RequestRow;
import org.concord.stix.StixObject;
import org.concord.stix.StixTimestamp;
import org.concord.stix.Tlp;
import org.concord.store.Store;
import org.concord.store.StoredVersion;

/**
 * {@link ResponseApi} on one node: every command acts as the node's member, checks what it may do,
 * writes its versions to the {@code cases} collection in one store write, then catches the
 * {@link ResponseProjection} up so that the answer (and any read after it) sees the write. Members
 * are named as node.json's {@code response.members} names them, or by this node's own name.
 */
public final class ResponseService implements ResponseApi {
    private final Store store;
    private final String casesId;
    private final ResponseDatabase db;
    private final ResponseProjection projection;
    private final ResponseConfig config;
    private final InstantSource clock;
    private final String me, myName;
    private final Tlp defaultTlp;
    private final Predicate<String> pinned;

    /**
     * The service of an open node: its store's {@code cases}, its database, its member, {@code
     * config}; a member may be invited or sent a request only if it is one of {@code partners}.
     */
    public static ResponseService of(Node node, ResponseConfig config, Partners partners) {
        return of(node, config, name -> partners.byName(name).isPresent());
    }

    /** {@link #of(Node, ResponseConfig, Partners)} for tools and tests whose nodes pin no partners: every member named in config counts. */
    public static ResponseService of(Node node, ResponseConfig config) {
        return of(node, config, name -> true);
    }

    private static ResponseService of(Node node, ResponseConfig config, Predicate<String> pinned) {
        ResponseDatabase db = new ResponseDatabase(node.database());
        String cases = node.collectionId(Node.CASES);
        String member = node.config().member().identityId();
        ResponseProjection projection = new ResponseProjection(node.store(), cases, db, member, config, node.clock());
        return new ResponseService(node.store(), cases, db, projection, config, node.clock(), member, node.config().name(),
                node.config().defaultTlp(), pinned);
    }

    public ResponseService(Store store, String casesId, ResponseDatabase db, ResponseProjection projection, ResponseConfig config,
                           InstantSource clock, String member, String nodeName, Tlp defaultTlp, Predicate<String> pinned) {
        this.store = Objects.requireNonNull(store, "store");
        this.casesId = Objects.requireNonNull(casesId, "casesId");
        this.db = Objects.requireNonNull(db, "db");
        this.projection = Objects.requireNonNull(projection, "projection");
        this.config = Objects.requireNonNull(config, "config");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.me = Objects.requireNonNull(member, "member");
        this.myName = Objects.requireNonNull(nodeName, "nodeName");
        this.defaultTlp = Objects.requireNonNull(defaultTlp, "defaultTlp");
        this.pinned = Objects.requireNonNull(pinned, "pinned");
    }

    /** The read side this service keeps up to date. */
    public ResponseProjection projection() {
        return projection;
    }

    public ResponseDatabase database() {
        return db;
    }

    // ---- cases

    @Override
    public CaseDetail openCase(OpenCase c) {
        Instant now = now();
        List<String> evidence = new ArrayList<>(c.evidence());
        String name = c.name(), id;
        Tlp tlp = c.tlp();
        List<StixObject> out = new ArrayList<>();
        StixObject event = null;
        if (c.fromAlert() != null) {
            StoredVersion alert = store.latest(c.fromAlert()).filter(v -> v.object().type().equals("x-concord-alert"))
                    .orElseThrow(() -> new ConcordException(ErrorCode.NOT_FOUND, "no alert " + c.fromAlert() + " on this node"));
            JsonNode a = CaseJson.tree(alert.object());
            id = ResponseObjects.derivedId("incident", "case|" + c.fromAlert() + "|" + me);
            if (store.latest(id).isPresent()) return caseDetail(id).orElseThrow();
            if (name == null) name = a.path("name").asText("early-warning alert " + c.fromAlert());
            if (tlp == null) tlp = alert.effectiveTlp(defaultTlp);
            evidence.add(c.fromAlert());
            a.path("indicator_refs").forEach(i -> evidence.add(i.asText()));
            List<String> sightings = new ArrayList<>();
            a.path("evidence").forEach(e -> { if (e.path("sighting_ref").isTextual()) sightings.add(e.get("sighting_ref").asText()); });
            evidence.addAll(sightings);
            event = ResponseObjects.event(id, c.fromAlert(), name, new ArrayList<>(new TreeSet<>(sightings)), me, tlp, now);
        } else {
            if (name == null || name.isBlank()) throw invalid("a case needs a name (or --from-alert)");
            id = "incident--" + UUID.randomUUID();
        }
        if (tlp == null) tlp = defaultTlp;
        Map<String, JsonNode> initial = new LinkedHashMap<>();
        initial.put("name", TextNode.valueOf(name));
        if (c.description() != null) initial.put("description", TextNode.valueOf(c.description()));
        CaseState s = CaseState.open(Kind.CASE, id, me, null, tlp, initial, now);
        List<Change> adds = new ArrayList<>();
        for (String e : new TreeSet<>(evidence)) adds.add(new Change.Add("evidence", e, null));
        if (event != null) adds.add(new Change.Add("events", event.id(), null));
        if (!adds.isEmpty()) s = s.edit(me, now, adds);
        out.add(s.version());
        if (event != null) out.add(event);
        out.add(Participations.first(id, me, "lead", me, now, tlp));
        write(out);
        return caseDetail(id).orElseThrow();
    }

    @Override
    public CaseDetail editCase(String caseId, CaseEdit e) {
        CaseState s = caseState(caseId);
        requireParticipant(caseId);
        List<Change> changes = new ArrayList<>();
        if (e.name() != null) changes.add(new Change.Set("name", TextNode.valueOf(e.name())));
        if (e.description() != null) changes.add(new Change.Set("description", TextNode.valueOf(e.description())));
        if (e.determination() != null) changes.add(new Change.Set("determination", TextNode.valueOf(e.determination())));
        if (e.investigationStatus() != null) changes.add(new Change.Set("investigation_status", TextNode.valueOf(e.investigationStatus())));
        if (e.criticality() != null) changes.add(new Change.Set("criticality", IntNode.valueOf(e.criticality())));
        if (e.raiseTlp() != null) changes.add(new Change.Raise(e.raiseTlp()));
        e.evidenceAdd().forEach(x -> changes.add(new Change.Add("evidence", x, null)));
        e.evidenceRemove().forEach(x -> changes.add(new Change.Remove("evidence", x)));
        if (changes.isEmpty()) throw invalid("case " + caseId + ": the edit changes nothing");
        write(List.of(s.edit(me, now(), changes).version()));
        return caseDetail(caseId).orElseThrow();
    }

    @Override
    public Participant invite(String caseId, String member, String role) {
        CaseState s = caseState(caseId);
        requireParticipant(caseId);
        String identity = identity(member);
        String r = role == null ? "participant" : role;
        if (!Participations.ROLES.contains(r)) throw invalid("role must be one of " + new TreeSet<>(Participations.ROLES) + ": " + role);
        Optional<String> state = db.participation(caseId, identity);
        if (state.isPresent()) {
            throw new ConcordException(ErrorCode.ALREADY_EXISTS, member + " is already " + state.get() + " in case " + caseId);
        }
        // made after this member's own acceptance, whatever the clocks: the invitation counts only then (§1)
        Participations.Version mine = projection.participations(caseId).get(me);
        Instant at = now();
        if (mine != null && !at.isAfter(mine.participation().at())) at = mine.participation().at().plusMillis(1);
        write(List.of(Participations.first(caseId, identity, r, me, at, s.tlp())));
        return participant(caseId, identity);
    }

    @Override
    public Participant answer(String caseId, Answer answer, String reason) {
        CaseState s = caseState(caseId);
        projection.catchUp();
        Participations.Version current = Optional.ofNullable(projection.participations(caseId).get(me))
                .orElseThrow(() -> new ConcordException(ErrorCode.NOT_A_PARTICIPANT, "no invitation of " + myName + " to case " + caseId
                        + " is held here (an invitation may arrive a moment after the case)"));
        String to = switch (answer) {
            case ACCEPT -> "accepted";
            case DECLINE -> "declined";
            case LEAVE -> "left";
        };
        write(List.of(Participations.next(current.participation(), current.object(), to, me, reason, now(), s.tlp())));
        return participant(caseId, me);
    }

    @Override
    public TaskView addTask(String caseId, TaskEdit task) {
        CaseState s = caseState(caseId);
        requireParticipant(caseId);
        if (task.name() == null || task.name().isBlank()) throw invalid("a task needs a name");
        Instant now = now();
        String id = "task--" + UUID.randomUUID();
        CaseState t = CaseState.open(Kind.TASK, id, me, caseId, s.tlp(), taskFields(task), now);
        CaseState c = s.edit(me, now, List.of(new Change.Add("tasks", id, null)));
        write(List.of(t.version(), c.version()));
        return taskView(CaseState.parse(store.latest(id).orElseThrow().object()));
    }

    @Override
    public TaskView editTask(String caseId, String taskId, TaskEdit edit) {
        caseState(caseId);
        requireParticipant(caseId);
        CaseState t = store.latest(taskId).filter(v -> v.object().type().equals("task")).map(v -> CaseState.parse(v.object()))
                .filter(x -> caseId.equals(x.caseRef()))
                .orElseThrow(() -> new ConcordException(ErrorCode.NOT_FOUND, "case " + caseId + " has no task " + taskId));
        List<Change> changes = taskFields(edit).entrySet().stream().<Change>map(e -> new Change.Set(e.getKey(), e.getValue())).toList();
        if (changes.isEmpty()) throw invalid("task " + taskId + ": the edit changes nothing");
        write(List.of(t.edit(me, now(), changes).version()));
        return taskView(CaseState.parse(store.latest(taskId).orElseThrow().object()));
    }

    private Map<String, JsonNode> taskFields(TaskEdit t) {
        Map<String, JsonNode> f = new LinkedHashMap<>();
        if (t.name() != null) f.put("name", TextNode.valueOf(t.name()));
        if (t.description() != null) f.put("description", TextNode.valueOf(t.description()));
        if (t.owner() != null) f.put("owner_ref", TextNode.valueOf(identity(t.owner())));
        if (t.due() != null) f.put("due", TextNode.valueOf(StixTimestamp.formatMillis(t.due())));
        if (t.outcome() != null) f.put("outcome", TextNode.valueOf(t.outcome()));
        if (t.priority() != null) f.put("priority", IntNode.valueOf(t.priority()));
        return f;
    }

    @Override
    public NoteView addNote(String caseId, String content, Tlp tlp) {
        CaseState s = caseState(caseId);
        requireParticipant(caseId);
        if (content == null || content.isBlank()) throw invalid("a journal entry needs content");
        int size = ResponseObjects.bytes(content);
        if (size > config.maxNoteBytes()) {
            throw new ConcordException(ErrorCode.LIMIT_EXCEEDED, "a journal entry is at most " + config.maxNoteBytes()
                    + " bytes (response.max_note_bytes): this one is " + size);
        }
        String id = "note--" + UUID.randomUUID();
        Tlp t = tlp == null ? s.tlp() : tlp;
        write(List.of(ResponseObjects.note(id, caseId, me, myName, content, t, now())));
        return new NoteView(id, ref(me), now(), t, content);
    }

    @Override
    public Listing<CaseSummary> cases(CaseQuery q) {
        projection.catchUp();
        int limit = limit(q.limit());
        Keyset k = Keyset.parse(q.next());
        List<CaseRow> rows = db.cases(q.state(), k == null ? null : k.edited(), k == null ? null : k.id(), limit + 1);
        List<CaseSummary> items = summaries(rows.stream().limit(limit).toList());
        String next = rows.size() > limit ? new Keyset(rows.get(limit - 1).edited(), rows.get(limit - 1).id()).token() : null;
        return new Listing<>(items, next);
    }

    @Override
    public Optional<CaseDetail> caseDetail(String caseId) {
        projection.catchUp();
        Optional<CaseRow> row = db.caseRow(caseId);
        if (row.isEmpty()) return Optional.empty();
        StixObject newest = store.latest(caseId).orElseThrow().object();
        CaseState s = CaseState.parse(newest);
        List<MemberRow> members = db.members(caseId);
        Map<String, List<String>> byType = new HashMap<>();
        members.forEach(m -> byType.computeIfAbsent(m.type(), x -> new ArrayList<>()).add(m.objectId()));
        Map<String, Store.Held> held = store.newest(members.stream().filter(m -> m.type().equals("task") || m.type().equals("note"))
                .map(MemberRow::objectId).toList());
        List<TaskView> tasks = new ArrayList<>();
        for (String t : s.live("tasks")) {
            Store.Held h = held.get(t);
            if (h != null) tasks.add(taskView(CaseState.parse(h.version().object())));
        }
        List<NoteView> notes = new ArrayList<>();
        for (String n : byType.getOrDefault("note", List.of())) {
            Store.Held h = held.get(n);
            if (h == null) continue;
            JsonNode o = CaseJson.tree(h.version().object());
            notes.add(new NoteView(n, ref(o.path("created_by_ref").asText()), StixTimestamp.parse(o.path("created").asText()),
                    h.version().effectiveTlp(defaultTlp), o.path("content").asText()));
        }
        notes.sort(java.util.Comparator.comparing(NoteView::created).thenComparing(NoteView::id));
        List<Participant> participants = db.audience(caseId).stream().map(this::participant).toList();
        List<RequestSummary> requests = db.requestsOfCase(caseId).stream().map(this::summary).toList();
        return Optional.of(new CaseDetail(summary(row.get()), text(s.value("description")), s.live("evidence"), s.live("events"),
                tasks, notes, participants, requests, newest.modified()));
    }

    // ---- requests

    @Override
    public RequestView sendRequest(NewRequest n) {
        Objects.requireNonNull(n.kind(), "kind");
        CaseState s = caseState(n.caseId());
        requireParticipant(n.caseId());
        String receiver = identity(n.receiver());
        if (receiver.equals(me)) throw invalid("a request goes to another member, not to " + myName);
        Instant now = now();
        if (n.acknowledgeBy() != null && !n.acknowledgeBy().isAfter(now)) {
            throw new ConcordException(ErrorCode.DEADLINE_IN_PAST, "acknowledge_by " + n.acknowledgeBy() + " is not after now (" + now + ")");
        }
        if (n.fulfilBy() != null && !n.fulfilBy().isAfter(now)) {
            throw new ConcordException(ErrorCode.DEADLINE_IN_PAST, "fulfil_by " + n.fulfilBy() + " is not after now (" + now + ")");
        }
        Contact contact = n.pointOfContact();
        if (contact == null) {
            ResponseConfig.MemberEntry e = config.members().get(n.receiver());
            contact = e == null ? null : e.pointOfContact();
        }
        Request.Ask ask = new Request.Ask("x-concord-request--" + UUID.randomUUID(), n.kind(),
                n.priority() == null ? Requests.Priority.NORMAL : n.priority(), me, receiver, contact, n.caseId(), n.legalBasis(),
                n.subject(), n.preservation());
        Request r = Requests.send(ask, now, config.deadlines(), ms(n.acknowledgeBy()), ms(n.fulfilBy()));
        write(List.of(RequestJson.sent(r, s.tlp())));
        return request(ask.id()).orElseThrow();
    }

    @Override
    public RequestView act(String requestId, Act act) {
        Objects.requireNonNull(act.transition(), "transition");
        RequestJson.Fold fold = fold(requestId);
        Request r = fold.request();
        Party party = r.ask().requesterRef().equals(me) ? Party.REQUESTER : r.ask().receiverRef().equals(me) ? Party.RECEIVER : null;
        if (party == null) {
            throw new ConcordException(ErrorCode.NOT_A_PARTICIPANT, myName + " is neither the requester nor the receiver of " + requestId);
        }
        Instant now = now();
        Instant at = act.transition() == Transition.EXPIRE ? r.fulfilBy() : now.isAfter(r.lastAt()) ? now : r.lastAt().plusMillis(1);
        Request after;
        try {
            after = Requests.apply(r, new Requests.Step(act.transition(), party, at, act.text(), ms(act.preserveUntil())));
        } catch (ConcordException e) {
            if (e.code() == ErrorCode.FORBIDDEN) throw new ConcordException(ErrorCode.REQUEST_TRANSITION_NOT_ALLOWED, e.getMessage());
            throw e;
        }
        write(List.of(RequestJson.next(after, act.transition(), r.state(), me, fold.head().object(), tlpOf(fold.head().object()))));
        return request(requestId).orElseThrow();
    }

    @Override
    public Listing<RequestSummary> requests(RequestQuery q) {
        projection.catchUp();
        int limit = limit(q.limit());
        Keyset k = Keyset.parse(q.next());
        String requester = null, receiver = null;
        if ("sent".equals(q.role())) requester = me;
        else if ("received".equals(q.role())) receiver = me;
        else if (q.role() != null) throw invalid("role must be sent or received: " + q.role());
        List<RequestRow> rows = db.requests(requester, receiver, q.state() == null ? null : q.state().wire(), q.dueBefore(),
                k == null ? null : k.edited(), k == null ? null : k.id(), limit + 1);
        List<RequestSummary> items = rows.stream().limit(limit).map(this::summary).toList();
        String next = rows.size() > limit ? new Keyset(rows.get(limit - 1).edited(), rows.get(limit - 1).id()).token() : null;
        return new Listing<>(items, next);
    }

    @Override
    public Optional<RequestView> request(String requestId) {
        projection.catchUp();
        Optional<RequestRow> row = db.requestRow(requestId);
        if (row.isEmpty()) return Optional.empty();
        RequestJson.Fold fold = fold(requestId);
        List<Version> versions = fold.versions().stream().map(v -> new Version(v.object().modified(), v.to(), ref(v.by()), v.at(),
                v.sha256(), fold.superseded().contains(v.sha256()))).toList();
        List<Escalation> escalations = new ArrayList<>();
        for (MemberRow m : db.escalations(requestId)) {
            store.latest(m.objectId()).ifPresent(v -> {
                ResponseObjects.Escalation e = ResponseObjects.escalation(CaseJson.tree(v.object()));
                escalations.add(new Escalation(e.id(), e.deadline(), e.level(), e.dueAt(), ref(e.member())));
            });
        }
        Request r = fold.request();
        Party party = r.ask().requesterRef().equals(me) ? Party.REQUESTER : r.ask().receiverRef().equals(me) ? Party.RECEIVER : null;
        List<Transition> allowed = party == null ? List.of() : List.copyOf(Requests.allowed(r.ask().kind(), r.state(), party));
        return Optional.of(new RequestView(summary(row.get()), r, versions, escalations, allowed));
    }

    // ---- helpers

    RequestJson.Fold fold(String requestId) {
        List<StixObject> versions = projection.versions(requestId);
        if (versions.isEmpty()) throw new ConcordException(ErrorCode.NOT_FOUND, "no request " + requestId + " on this node");
        return RequestJson.fold(versions);
    }

    private CaseState caseState(String caseId) {
        return store.latest(caseId).filter(v -> v.object().type().equals("incident")).map(v -> CaseState.parse(v.object()))
                .orElseThrow(() -> new ConcordException(ErrorCode.NOT_FOUND, "no case " + caseId + " on this node"));
    }

    private void requireParticipant(String caseId) {
        projection.catchUp();
        String state = db.participation(caseId, me).orElse(null);
        if (!"accepted".equals(state)) {
            throw new ConcordException(ErrorCode.NOT_A_PARTICIPANT, myName + " does not take part in case " + caseId
                    + (state == null ? "" : " (it is " + state + ")"));
        }
    }

    /**
     * The member identity of a member named as the operator knows it.
     *
     * @throws ConcordException UNKNOWN_MEMBER naming the members known
     */
    String identity(String name) {
        if (name == null) throw invalid("a member name is required");
        if (name.equals(myName) || name.equals(me)) return me;
        ResponseConfig.MemberEntry e = config.members().get(name);
        String peer = e != null && e.identity() != null ? name : null;
        for (var m : config.members().entrySet()) if (peer == null && name.equals(m.getValue().identity())) peer = m.getKey();
        if (peer != null && !pinned.test(peer)) {
            throw new ConcordException(ErrorCode.UNKNOWN_MEMBER, "member \"" + name + "\" is named in node.json's response.members"
                    + " but " + peer + " is not a pinned partner of this node (concord peer add " + peer + " …; concord peer list)");
        }
        if (peer != null) return config.members().get(peer).identity();
        List<String> known = new ArrayList<>(List.of(myName));
        config.members().forEach((p, m) -> { if (m.identity() != null && pinned.test(p)) known.add(p); });
        throw new ConcordException(ErrorCode.UNKNOWN_MEMBER, "unknown member \"" + name + "\""
                + (e != null ? " (node.json's response.members." + name + " has no identity)" : "")
                + "; known members: " + String.join(", ", known));
    }

    MemberRef ref(String identity) {
        if (identity.equals(me)) return new MemberRef(myName, me);
        for (Map.Entry<String, ResponseConfig.MemberEntry> e : config.members().entrySet()) {
            if (identity.equals(e.getValue().identity())) return new MemberRef(e.getKey(), identity);
        }
        return new MemberRef(null, identity);
    }

    private Participant participant(String caseId, String member) {
        return db.audience(caseId).stream().filter(a -> a.member().equals(member)).findFirst().map(this::participant).orElseThrow();
    }

    private Participant participant(AudienceRow a) {
        return new Participant(Participations.id(a.caseId(), a.member()), ref(a.member()), a.role(), a.state(), ref(a.invitedBy()), a.at());
    }

    private TaskView taskView(CaseState t) {
        JsonNode owner = t.value("owner_ref"), due = t.value("due"), priority = t.value("priority");
        return new TaskView(t.id(), text(t.value("name")), text(t.value("description")), owner == null ? null : ref(owner.asText()),
                due == null ? null : StixTimestamp.parse(due.asText()), text(t.value("outcome")),
                priority == null ? null : priority.intValue(), Instant.ofEpochMilli(t.greatestStamp().at()));
    }

    private CaseSummary summary(CaseRow r) {
        return summaries(List.of(r)).getFirst();
    }

    /** The summaries of a page of cases: their open requests and participants counted in two queries, not two per case. */
    private List<CaseSummary> summaries(List<CaseRow> rows) {
        List<String> ids = rows.stream().map(CaseRow::id).toList();
        Map<String, List<ResponseDatabase.KindStateCount>> requests = db.requestCounts(ids);
        Map<String, Integer> accepted = db.audienceCounts(ids, "accepted");
        return rows.stream().map(r -> summary(r, requests.getOrDefault(r.id(), List.of()), accepted.getOrDefault(r.id(), 0))).toList();
    }

    private CaseSummary summary(CaseRow r, List<ResponseDatabase.KindStateCount> requests, int participants) {
        int open = requests.stream().filter(q -> !Requests.terminal(Requests.Kind.valueOf(q.kind().toUpperCase()),
                State.valueOf(q.state().toUpperCase()))).mapToInt(ResponseDatabase.KindStateCount::count).sum();
        return new CaseSummary(r.id(), r.name(), r.determination(), r.status(), r.criticality(), Tlp.parse(r.tlp()), ref(r.lead()),
                r.opened(), r.edited(), open, participants);
    }

    private RequestSummary summary(RequestRow r) {
        return new RequestSummary(r.id(), r.caseId(), Requests.Kind.valueOf(r.kind().toUpperCase()),
                Requests.Priority.valueOf(r.priority().toUpperCase()), State.valueOf(r.state().toUpperCase()), ref(r.requester()),
                ref(r.receiver()), r.sent(), r.acknowledgeBy(), r.fulfilBy(), r.edited());
    }

    private Tlp tlpOf(StixObject v) {
        return Tlp.strictestOf(v.markingRefs()).orElse(defaultTlp);
    }

    /** One store write, then the read side catches up with it. */
    private void write(List<StixObject> objects) {
        store.write(casesId, objects);
        projection.catchUp();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static Instant ms(Instant t) {
        return t == null ? null : t.truncatedTo(ChronoUnit.MILLIS);
    }

    private static int limit(int limit) {
        if (limit < 1 || limit > 1000) throw invalid("limit must be 1..1000: " + limit);
        return limit;
    }

    private static String text(JsonNode v) {
        return v == null ? null : v.asText();
    }

    private static ConcordException invalid(String message) {
        return new ConcordException(ErrorCode.INVALID_ARGUMENT, message);
    }

    /** The {@code next} token of a listing: the last row's edit time and id. */
    record Keyset(Instant edited, String id) {
        String token() {
            return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                    (Long.toString(org.concord.store.Database.micros(edited)) + "," + id).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }

        static Keyset parse(String token) {
            if (token == null) return null;
            try {
                String s = new String(java.util.Base64.getUrlDecoder().decode(token), java.nio.charset.StandardCharsets.UTF_8);
                int comma = s.indexOf(',');
                return new Keyset(org.concord.store.Database.instant(Long.parseLong(s.substring(0, comma))), s.substring(comma + 1));
            } catch (IllegalArgumentException | StringIndexOutOfBoundsException e) {
                throw invalid("next is not a token this node gave: " + token);
            }
        }
    }
}
