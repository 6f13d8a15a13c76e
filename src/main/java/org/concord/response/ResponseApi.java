package org.concord.response;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.concord.response.Request.Contact;
import org.concord.response.Request.LegalBasis;
import org.concord.response.Request.Preservation;
import org.concord.response.Requests.Kind;
import org.concord.response.Requests.Priority;
import org.concord.response.Requests.State;
import org.concord.response.Requests.Transition;
import org.concord.stix.Tlp;

/**
 * What this node's member does to cases and requests, and what it reads of them: the one API the
 * REST routes, the CLI, the demo and the benchmark call (docs/response-design.md §6). Every command
 * acts as this node's member, writes signed-to-be STIX versions to the {@code cases} collection
 * (one store write each), and returns once the read side reflects the write. Members are named as
 * the operator knows them: the name of a pinned partner (as in {@code concord peer}), or this
 * node's own name; views give both the name and the member identity id.
 *
 * <p>Errors ({@link org.concord.ConcordException}): {@code NOT_FOUND} for an unknown case, task or
 * request; {@code UNKNOWN_MEMBER} naming the members known; {@code NOT_A_PARTICIPANT};
 * {@code REQUEST_TRANSITION_NOT_ALLOWED} naming the allowed transitions; {@code DEADLINE_IN_PAST};
 * {@code LIMIT_EXCEEDED} for an oversized note; {@code INVALID_ARGUMENT} for the rest, each saying
 * what and where.
 */
public interface ResponseApi {

    // ---- cases ------------------------------------------------------------------------------

    /** Opens a case; this node's member is its lead. */
    CaseDetail openCase(OpenCase command);

    /** Edits a case's fields and evidence (one merged write). */
    CaseDetail editCase(String caseId, CaseEdit edit);

    /** Invites {@code member} (a partner's name) to the case with {@code role} ({@code participant} if null). */
    Participant invite(String caseId, String member, String role);

    /** This node's member accepts, declines or leaves a case it was invited to. */
    Participant answer(String caseId, Answer answer, String reason);

    /** Adds a task to the case. */
    TaskView addTask(String caseId, TaskEdit task);

    /** Edits a task (the fields given; null leaves a field as it is). */
    TaskView editTask(String caseId, String taskId, TaskEdit edit);

    /** Adds a journal entry (an immutable STIX note); {@code tlp} null: the case's. */
    NoteView addNote(String caseId, String content, Tlp tlp);

    /** One page of cases this node holds, newest edit first. */
    Listing<CaseSummary> cases(CaseQuery query);

    /** A case with its tasks, events, notes, participants, requests and evidence ids; empty if unknown. */
    Optional<CaseDetail> caseDetail(String caseId);

    // ---- requests ---------------------------------------------------------------------------

    /** Sends a request from this node's member to a partner's. */
    RequestView sendRequest(NewRequest request);

    /** This node's member makes a transition of a request (ack, progress, fulfil, refuse, extend, withdraw, release). */
    RequestView act(String requestId, Act act);

    /** One page of requests this node holds. */
    Listing<RequestSummary> requests(RequestQuery query);

    /** A request with every version (signer, transition, hash), its deadlines and its escalations; empty if unknown. */
    Optional<RequestView> request(String requestId);

    // ---- commands ---------------------------------------------------------------------------

    /**
     * @param fromAlert an alert id to open the case from (its evidence attached, an event written,
     *                  the TLP defaulting to the alert's effective TLP); null for none
     * @param name required unless {@code fromAlert} is given (then the alert's name)
     * @param tlp null: the alert's, else the node's default
     * @param evidence ids of alerts, indicators, sightings, reports, observables to attach
     */
    record OpenCase(String fromAlert, String name, String description, Tlp tlp, List<String> evidence) {
        public OpenCase {
            evidence = evidence == null ? List.of() : List.copyOf(evidence);
        }
    }

    /** A case edit; null leaves a field as it is. */
    record CaseEdit(String name, String description, String determination, String investigationStatus,
                    Integer criticality, Tlp raiseTlp, List<String> evidenceAdd, List<String> evidenceRemove) {
        public CaseEdit {
            evidenceAdd = evidenceAdd == null ? List.of() : List.copyOf(evidenceAdd);
            evidenceRemove = evidenceRemove == null ? List.of() : List.copyOf(evidenceRemove);
        }
    }

    enum Answer { ACCEPT, DECLINE, LEAVE }

    /**
     * A task's fields; null leaves one as it is (on add: the default).
     *
     * @param owner a member name (this node's or a partner's)
     * @param outcome OASIS task outcome: pending (default), ongoing, successful, failed, cancelled, unknown
     */
    record TaskEdit(String name, String description, String owner, Instant due, String outcome, Integer priority) {}

    /**
     * @param receiver a partner's name
     * @param caseId the case the request belongs to (required)
     * @param pointOfContact null: the one node.json names for the receiver
     * @param acknowledgeBy null: from the configured deadlines
     * @param fulfilBy null: from the configured deadlines
     */
    record NewRequest(String receiver, String caseId, Kind kind, Priority priority, LegalBasis legalBasis,
                      String subject, Preservation preservation, Contact pointOfContact,
                      Instant acknowledgeBy, Instant fulfilBy) {}

    /**
     * @param text the reason (required to refuse) or, on fulfil, the answer
     * @param preserveUntil the new end of a preservation (extend: required; fulfil: optional)
     */
    record Act(Transition transition, String text, Instant preserveUntil) {}

    // ---- queries ----------------------------------------------------------------------------

    /** @param state investigation_status ({@code new}, {@code open}, {@code closed}); null: any. */
    record CaseQuery(String state, int limit, String next) {}

    /**
     * @param role {@code sent} (this node's member the requester), {@code received}, or null: both
     * @param state null: any
     * @param dueBefore only requests with an open deadline before it; null: any
     */
    record RequestQuery(String role, State state, Instant dueBefore, int limit, String next) {}

    /** A page, and the token of the next one (null at the end). */
    record Listing<T>(List<T> items, String next) {
        public Listing {
            items = List.copyOf(items);
        }
    }

    // ---- views ------------------------------------------------------------------------------

    /** A member as this node knows it: its name here (null if unknown) and its identity id. */
    record MemberRef(String name, String identity) {}

    record CaseSummary(String id, String name, String determination, String investigationStatus,
                       Integer criticality, Tlp tlp, MemberRef lead, Instant opened, Instant edited,
                       int openRequests, int participants) {}

    record Participant(String id, MemberRef member, String role, String state, MemberRef invitedBy, Instant at) {}

    record TaskView(String id, String name, String description, MemberRef owner, Instant due, String outcome,
                    Integer priority, Instant edited) {}

    record NoteView(String id, MemberRef author, Instant created, Tlp tlp, String content) {}

    /** @param events ids of the case's {@code event} objects */
    record CaseDetail(CaseSummary summary, String description, List<String> evidence, List<String> events,
                      List<TaskView> tasks, List<NoteView> notes, List<Participant> participants,
                      List<RequestSummary> requests, String version) {}

    record RequestSummary(String id, String caseId, Kind kind, Priority priority, State state,
                          MemberRef requester, MemberRef receiver, Instant sent, Instant acknowledgeBy,
                          Instant fulfilBy, Instant edited) {}

    /**
     * @param version one stored version: its {@code modified}, the transition it made, who made it,
     *                the SHA-256 of its canonical bytes, and whether a sibling made first superseded it
     */
    record Version(String modified, String transition, MemberRef by, Instant at, String sha256, boolean superseded) {}

    /** An escalation notice written for the request: which deadline, which level, when due. */
    record Escalation(String id, String deadline, int level, Instant due, MemberRef by) {}

    record RequestView(RequestSummary summary, Request request, List<Version> versions, List<Escalation> escalations,
                       List<Transition> allowed) {}
}
