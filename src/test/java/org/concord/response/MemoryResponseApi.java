package org.concord.response;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.concord.ConcordException;
import org.concord.ErrorCode;
import org.concord.response.Requests.Party;
import org.concord.response.Requests.Step;
import org.concord.stix.Tlp;

/**
 * A {@link ResponseApi} over maps, for the tests of the surfaces that call it (REST routes, CLI)
 * until they meet the stored service: it keeps the interface's contract (errors by code, the request
 * state machine of {@link Requests}, one member acting) but stores, signs and sends nothing.
 */
public final class MemoryResponseApi implements ResponseApi {
    private final String self;
    private final Map<String, String> members; // name -> identity, this node's member included
    private final InstantSource clock;
    private final int maxNoteBytes;
    private final Map<String, CaseRecord> cases = new LinkedHashMap<>();
    private final Map<String, RequestRecord> requests = new LinkedHashMap<>();

    private static final class CaseRecord {
        String id, name, description, determination = "suspected", status = "new", lead;
        Integer criticality;
        Tlp tlp;
        Instant opened, edited;
        final List<String> evidence = new ArrayList<>(), events = new ArrayList<>();
        final Map<String, TaskView> tasks = new LinkedHashMap<>();
        final List<NoteView> notes = new ArrayList<>();
        final Map<String, Participant> participants = new LinkedHashMap<>();
    }

    private static final class RequestRecord {
        Request request;
        final List<Version> versions = new ArrayList<>();
    }

    /**
     * @param self this node's member name
     * @param members every member by name (this node's too) with its identity id
     */
    public MemoryResponseApi(String self, Map<String, String> members, InstantSource clock, int maxNoteBytes) {
        if (!members.containsKey(self)) throw new IllegalArgumentException("members must name " + self);
        this.self = self;
        this.members = Map.copyOf(members);
        this.clock = clock;
        this.maxNoteBytes = maxNoteBytes;
    }

    private MemberRef ref(String name) {
        return new MemberRef(name, members.get(name));
    }

    private MemberRef byIdentity(String identity) {
        return members.entrySet().stream().filter(e -> e.getValue().equals(identity)).findFirst()
                .map(e -> new MemberRef(e.getKey(), identity)).orElse(new MemberRef(null, identity));
    }

    private String partner(String name) {
        if (name == null || name.equals(self) || !members.containsKey(name)) {
            throw new ConcordException(ErrorCode.UNKNOWN_MEMBER, "unknown member " + name + "; the members known: "
                    + String.join(", ", members.keySet().stream().filter(n -> !n.equals(self)).sorted().toList()));
        }
        return name;
    }

    private CaseRecord found(String caseId) {
        CaseRecord c = cases.get(caseId);
        if (c == null) throw new ConcordException(ErrorCode.NOT_FOUND, "no case " + caseId + " on this node");
        return c;
    }

    private CaseRecord taking(String caseId) {
        CaseRecord c = found(caseId);
        Participant me = c.participants.get(self);
        if (me == null || !me.state().equals("accepted")) {
            throw new ConcordException(ErrorCode.NOT_A_PARTICIPANT, self + " does not take part in case " + caseId);
        }
        return c;
    }

    // ---- test set-up: what partners would have sent

    /** A case led by {@code lead} to which this node's member is invited. */
    public String invitedTo(String name, String lead) {
        CaseRecord c = newCase(name, lead, Tlp.AMBER);
        c.participants.put(self, new Participant("x-concord-participation--" + UUID.randomUUID(), ref(self), "participant",
                "invited", ref(lead), clock.instant()));
        return c.id;
    }

    /** A request {@code from} a partner to this node's member, in {@code caseId}. */
    public String received(String from, String caseId, Requests.Kind kind) {
        Request.Ask ask = new Request.Ask("x-concord-request--" + UUID.randomUUID(), kind, Requests.Priority.HIGH,
                members.get(from), members.get(self), null, caseId, null, "logs of the phishing domain", null);
        return store(Requests.send(ask, clock.instant(), Deadlines.DEFAULT), ref(from));
    }

    private CaseRecord newCase(String name, String lead, Tlp tlp) {
        CaseRecord c = new CaseRecord();
        c.id = "incident--" + UUID.randomUUID();
        c.name = name;
        c.lead = lead;
        c.tlp = tlp;
        c.opened = c.edited = clock.instant();
        c.participants.put(lead, new Participant("x-concord-participation--" + UUID.randomUUID(), ref(lead), "lead", "accepted",
                ref(lead), c.opened));
        cases.put(c.id, c);
        return c;
    }

    // ---- cases

    @Override
    public CaseDetail openCase(OpenCase command) {
        String name = command.name() != null ? command.name() : command.fromAlert() != null ? "Case from " + command.fromAlert() : null;
        if (name == null || name.isBlank()) throw new ConcordException(ErrorCode.INVALID_ARGUMENT, "name is required unless from_alert is given");
        CaseRecord c = newCase(name, self, command.tlp() != null ? command.tlp() : Tlp.AMBER);
        c.description = command.description();
        if (command.fromAlert() != null) {
            c.evidence.add(command.fromAlert());
            c.events.add("event--" + UUID.randomUUID());
        }
        c.evidence.addAll(command.evidence());
        return detail(c);
    }

    @Override
    public CaseDetail editCase(String caseId, CaseEdit edit) {
        CaseRecord c = taking(caseId);
        if (edit.name() != null) c.name = edit.name();
        if (edit.description() != null) c.description = edit.description();
        if (edit.determination() != null) c.determination = edit.determination();
        if (edit.investigationStatus() != null) c.status = edit.investigationStatus();
        if (edit.criticality() != null) c.criticality = edit.criticality();
        if (edit.raiseTlp() != null && edit.raiseTlp().isStricterThan(c.tlp)) c.tlp = edit.raiseTlp();
        c.evidence.removeAll(edit.evidenceRemove());
        edit.evidenceAdd().stream().filter(e -> !c.evidence.contains(e)).forEach(c.evidence::add);
        c.edited = clock.instant();
        return detail(c);
    }

    @Override
    public Participant invite(String caseId, String member, String role) {
        CaseRecord c = taking(caseId);
        partner(member);
        Participant p = new Participant("x-concord-participation--" + UUID.randomUUID(), ref(member), role == null ? "participant" : role,
                "invited", ref(self), clock.instant());
        c.participants.put(member, p);
        return p;
    }

    @Override
    public Participant answer(String caseId, Answer answer, String reason) {
        CaseRecord c = found(caseId);
        Participant me = c.participants.get(self);
        boolean invited = me != null && me.state().equals("invited");
        boolean accepted = me != null && me.state().equals("accepted") && !c.lead.equals(self);
        if (answer == Answer.LEAVE ? !accepted : !invited) {
            throw new ConcordException(ErrorCode.NOT_A_PARTICIPANT, self + " is " + (me == null ? "not invited to" : me.state() + " in")
                    + " case " + caseId + ": it may not " + answer.name().toLowerCase());
        }
        String state = switch (answer) {
            case ACCEPT -> "accepted";
            case DECLINE -> "declined";
            case LEAVE -> "left";
        };
        Participant p = new Participant(me.id(), me.member(), me.role(), state, me.invitedBy(), clock.instant());
        c.participants.put(self, p);
        return p;
    }

    @Override
    public TaskView addTask(String caseId, TaskEdit task) {
        CaseRecord c = taking(caseId);
        if (task.name() == null) throw new ConcordException(ErrorCode.INVALID_ARGUMENT, "a task needs a name");
        TaskView t = new TaskView("task--" + UUID.randomUUID(), task.name(), task.description(),
                task.owner() == null ? null : ref(task.owner().equals(self) ? self : partner(task.owner())), task.due(),
                task.outcome() == null ? "pending" : task.outcome(), task.priority(), clock.instant());
        c.tasks.put(t.id(), t);
        return t;
    }

    @Override
    public TaskView editTask(String caseId, String taskId, TaskEdit e) {
        CaseRecord c = taking(caseId);
        TaskView t = c.tasks.get(taskId);
        if (t == null) throw new ConcordException(ErrorCode.NOT_FOUND, "no task " + taskId + " in case " + caseId);
        TaskView n = new TaskView(t.id(), e.name() != null ? e.name() : t.name(), e.description() != null ? e.description() : t.description(),
                e.owner() != null ? ref(e.owner().equals(self) ? self : partner(e.owner())) : t.owner(), e.due() != null ? e.due() : t.due(),
                e.outcome() != null ? e.outcome() : t.outcome(), e.priority() != null ? e.priority() : t.priority(), clock.instant());
        c.tasks.put(taskId, n);
        return n;
    }

    @Override
    public NoteView addNote(String caseId, String content, Tlp tlp) {
        CaseRecord c = taking(caseId);
        int bytes = content.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > maxNoteBytes) {
            throw new ConcordException(ErrorCode.LIMIT_EXCEEDED, "a journal entry of " + bytes + " bytes is over response.max_note_bytes ("
                    + maxNoteBytes + ")");
        }
        NoteView n = new NoteView("note--" + UUID.randomUUID(), ref(self), clock.instant(), tlp == null ? c.tlp : tlp, content);
        c.notes.add(n);
        return n;
    }

    @Override
    public Listing<CaseSummary> cases(CaseQuery query) {
        List<CaseSummary> all = cases.values().stream().filter(c -> query.state() == null || query.state().equals(c.status))
                .sorted(Comparator.comparing((CaseRecord c) -> c.edited).reversed()).map(this::summary).toList();
        return page(all, query.limit(), query.next());
    }

    @Override
    public Optional<CaseDetail> caseDetail(String caseId) {
        return Optional.ofNullable(cases.get(caseId)).map(this::detail);
    }

    private CaseSummary summary(CaseRecord c) {
        int open = (int) requests.values().stream().filter(r -> r.request.ask().caseRef().equals(c.id) && !r.request.terminal()).count();
        return new CaseSummary(c.id, c.name, c.determination, c.status, c.criticality, c.tlp, ref(c.lead), c.opened, c.edited, open,
                c.participants.size());
    }

    private CaseDetail detail(CaseRecord c) {
        List<RequestSummary> rs = requests.values().stream().filter(r -> r.request.ask().caseRef().equals(c.id)).map(this::summary).toList();
        return new CaseDetail(summary(c), c.description, List.copyOf(c.evidence), List.copyOf(c.events), List.copyOf(c.tasks.values()),
                List.copyOf(c.notes), List.copyOf(c.participants.values()), rs, c.edited.toString());
    }

    // ---- requests

    @Override
    public RequestView sendRequest(NewRequest r) {
        partner(r.receiver());
        taking(r.caseId());
        Instant now = clock.instant();
        for (Instant deadline : new Instant[] {r.acknowledgeBy(), r.fulfilBy()}) {
            if (deadline != null && !deadline.isAfter(now)) {
                throw new ConcordException(ErrorCode.DEADLINE_IN_PAST, "deadline " + deadline + " is not after now (" + now + ")");
            }
        }
        Request.Ask ask = new Request.Ask("x-concord-request--" + UUID.randomUUID(), r.kind(), r.priority(), members.get(self),
                members.get(r.receiver()), r.pointOfContact(), r.caseId(), r.legalBasis(), r.subject(), r.preservation());
        String id = store(Requests.send(ask, now, Deadlines.DEFAULT, r.acknowledgeBy(), r.fulfilBy()), ref(self));
        return view(requests.get(id));
    }

    private String store(Request request, MemberRef by) {
        RequestRecord rec = new RequestRecord();
        rec.request = request;
        rec.versions.add(version(request, "sent", by));
        requests.put(request.ask().id(), rec);
        return request.ask().id();
    }

    private static Version version(Request r, String transition, MemberRef by) {
        String sha = HexFormat.of().formatHex((r.ask().id() + transition + r.lastAt()).getBytes(StandardCharsets.UTF_8)).substring(0, 64);
        return new Version(r.lastAt().toString(), transition, by, r.lastAt(), sha, false);
    }

    private Party party(Request r) {
        return r.ask().requesterRef().equals(members.get(self)) ? Party.REQUESTER : Party.RECEIVER;
    }

    @Override
    public RequestView act(String requestId, Act act) {
        RequestRecord rec = requests.get(requestId);
        if (rec == null) throw new ConcordException(ErrorCode.NOT_FOUND, "no request " + requestId + " on this node");
        Request next;
        try {
            next = Requests.apply(rec.request, new Step(act.transition(), party(rec.request), clock.instant(), act.text(), act.preserveUntil()));
        } catch (ConcordException e) {
            if (e.code() == ErrorCode.FORBIDDEN) throw new ConcordException(ErrorCode.REQUEST_TRANSITION_NOT_ALLOWED, e.getMessage());
            throw e;
        }
        rec.request = next;
        rec.versions.add(version(next, act.transition().wire(), ref(self)));
        return view(rec);
    }

    @Override
    public Listing<RequestSummary> requests(RequestQuery q) {
        List<RequestSummary> all = requests.values().stream().filter(r -> {
            Party p = party(r.request);
            if ("sent".equals(q.role()) && p != Party.REQUESTER) return false;
            if ("received".equals(q.role()) && p != Party.RECEIVER) return false;
            if (q.state() != null && r.request.state() != q.state()) return false;
            return q.dueBefore() == null || (r.request.awaitingFulfilment() && r.request.fulfilBy().isBefore(q.dueBefore()));
        }).map(this::summary).toList();
        return page(all, q.limit(), q.next());
    }

    @Override
    public Optional<RequestView> request(String requestId) {
        return Optional.ofNullable(requests.get(requestId)).map(this::view);
    }

    private RequestSummary summary(RequestRecord rec) {
        Request r = rec.request;
        return new RequestSummary(r.ask().id(), r.ask().caseRef(), r.ask().kind(), r.ask().priority(), r.state(),
                byIdentity(r.ask().requesterRef()), byIdentity(r.ask().receiverRef()), r.sentAt(), r.acknowledgeBy(), r.fulfilBy(), r.lastAt());
    }

    private RequestView view(RequestRecord rec) {
        Request r = rec.request;
        return new RequestView(summary(rec), r, List.copyOf(rec.versions), List.of(),
                List.copyOf(Requests.allowed(r.ask().kind(), r.state(), party(r))));
    }

    private static <T> Listing<T> page(List<T> all, int limit, String next) {
        int from;
        try {
            from = next == null ? 0 : Integer.parseInt(next);
        } catch (NumberFormatException e) {
            throw new ConcordException(ErrorCode.INVALID_ARGUMENT, "next is not a token this node gave: " + next);
        }
        int to = Math.min(all.size(), from + limit);
        return new Listing<>(all.subList(Math.min(from, to), to), to < all.size() ? Integer.toString(to) : null);
    }
}
