package org.concord.response;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.concord.ConcordException;
import org.concord.ErrorCode;
import org.concord.response.Requests.Kind;
import org.concord.response.Requests.Priority;
import org.concord.response.Requests.State;

/**
 * One request's state after its latest transition (docs/response-design.md §1, {@code
 * x-concord-request}): what was asked, when it was sent, its deadlines, and what the transitions
 * so far made of it. Made by {@link Requests#send} and {@link Requests#apply}; the constructor
 * checks every invariant, so a request folded from received versions is checked the same way.
 *
 * @param sentAt when the requester sent it; every deadline is after it
 * @param preserveUntil the end of a preservation (requested, extended or confirmed); null for other kinds
 * @param reason the latest reason given (required once refused)
 * @param answer the receiver's reply on {@code fulfilled}, if any
 * @param lastAt the instant of the latest transition ({@code sentAt} at first); none may be older
 */
public record Request(Ask ask, Instant sentAt, Instant acknowledgeBy, Instant fulfilBy, State state,
                     Instant preserveUntil, String reason, String answer, Instant lastAt) {

    public Request {
        Objects.requireNonNull(ask, "ask");
        Objects.requireNonNull(sentAt, "sentAt");
        Objects.requireNonNull(acknowledgeBy, "acknowledgeBy");
        Objects.requireNonNull(fulfilBy, "fulfilBy");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(lastAt, "lastAt");
        String where = "request " + ask.id() + ": ";
        if (!acknowledgeBy.isAfter(sentAt)) {
            throw invalid(where + "deadline in the past: acknowledge_by " + acknowledgeBy + " is not after sent_at " + sentAt);
        }
        if (!fulfilBy.isAfter(sentAt)) {
            throw invalid(where + "deadline in the past: fulfil_by " + fulfilBy + " is not after sent_at " + sentAt);
        }
        if (acknowledgeBy.isAfter(fulfilBy)) {
            throw invalid(where + "acknowledge_by " + acknowledgeBy + " is after fulfil_by " + fulfilBy);
        }
        if (lastAt.isBefore(sentAt)) throw invalid(where + "a transition at " + lastAt + " is before sent_at " + sentAt);
        boolean preservation = ask.kind() == Kind.PRESERVATION;
        if (preservation != (preserveUntil != null)) {
            throw invalid(where + "preserve_until is " + (preservation ? "required for" : "only for") + " preservation");
        }
        Instant least = sentAt.plus(Duration.ofDays(Requests.MIN_PRESERVATION_DAYS));
        if (preservation && preserveUntil.isBefore(least)) {
            throw invalid(where + "preserve_until " + preserveUntil + " is less than " + Requests.MIN_PRESERVATION_DAYS
                    + " days after sent_at (" + least + ")");
        }
        if (state == State.RELEASED && !preservation) throw invalid(where + "only a preservation is released");
        if (state == State.REFUSED && (reason == null || reason.isBlank())) throw invalid(where + "refused needs a reason");
    }

    /** Whether the acknowledge clock runs: nothing has happened since it was sent. */
    public boolean awaitingAcknowledgement() {
        return state == State.SENT;
    }

    /** Whether the fulfil clock runs: neither fulfilled nor ended. */
    public boolean awaitingFulfilment() {
        return state == State.SENT || state == State.ACKNOWLEDGED || state == State.IN_PROGRESS;
    }

    /** Whether the preserve_until clock runs: a preservation held (fulfilled), until it is released or withdrawn. */
    public boolean holdingPreservation() {
        return ask.kind() == Kind.PRESERVATION && state == State.FULFILLED;
    }

    /** Whether nothing may follow, by either party. */
    public boolean terminal() {
        return Requests.terminal(ask.kind(), state);
    }

    /**
     * What the requester asks, fixed at send.
     *
     * @param id {@code x-concord-request--…}
     * @param requesterRef the requester's member identity ({@code identity--…})
     * @param receiverRef the receiver's member identity, not the requester's
     * @param pointOfContact the receiver's 24/7 contact as the requester knows it; may be null
     * @param caseRef the case ({@code incident--…})
     * @param legalBasis required for preservation, else may be null
     * @param subject what is asked, free text
     * @param preservation required for, and only for, a preservation
     */
    public record Ask(String id, Kind kind, Priority priority, String requesterRef, String receiverRef,
                      Contact pointOfContact, String caseRef, LegalBasis legalBasis, String subject,
                      Preservation preservation) {
        public Ask {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(priority, "priority");
            id = stixId("id", id, "x-concord-request", null);
            requesterRef = stixId("requester_ref", requesterRef, "identity", id);
            receiverRef = stixId("receiver_ref", receiverRef, "identity", id);
            caseRef = stixId("case_ref", caseRef, "incident", id);
            if (requesterRef.equals(receiverRef)) {
                throw invalid("request " + id + ": requester and receiver are the same member: " + requesterRef);
            }
            subject = text("subject", subject, id);
            if ((kind == Kind.PRESERVATION) != (preservation != null)) {
                throw invalid("request " + id + ": subject's preservation details are "
                        + (kind == Kind.PRESERVATION ? "required for" : "only for") + " a preservation request");
            }
            if (kind == Kind.PRESERVATION && legalBasis == null) {
                throw invalid("request " + id + ": a preservation request needs a legal_basis (Budapest Art. 29(2))");
            }
        }
    }

    /** Budapest Convention Art. 29(2) c–f, and the period (Art. 29(7): at least 60 days). */
    public record Preservation(String data, String custodian, List<String> identifiers, String necessity,
                               boolean followUpMla, int periodDays) {
        public Preservation {
            data = text("subject.data", data, null);
            custodian = text("subject.custodian", custodian, null);
            identifiers = List.copyOf(Objects.requireNonNull(identifiers, "identifiers"));
            for (String i : identifiers) text("subject.identifiers[]", i, null);
            necessity = text("subject.necessity", necessity, null);
            if (!followUpMla) {
                throw invalid("subject.follow_up_mla must be true: a preservation request states that a mutual-assistance"
                        + " request will follow (Budapest Art. 29(2)(f))");
            }
            if (periodDays < Requests.MIN_PRESERVATION_DAYS) {
                throw invalid("subject.period_days must be at least " + Requests.MIN_PRESERVATION_DAYS
                        + " (Budapest Art. 29(7)): " + periodDays);
            }
        }
    }

    /** The instrument a request rests on, stored as data (no article table: design §0). */
    public record LegalBasis(Instrument instrument, String article, String reference) {
        public enum Instrument { BUDAPEST, UN_CYBERCRIME, DOMESTIC, OTHER }

        public LegalBasis {
            Objects.requireNonNull(instrument, "instrument");
            if (article != null) article = text("legal_basis.article", article, null);
            if (reference != null) reference = text("legal_basis.reference", reference, null);
        }
    }

    /** A 24/7 point of contact; a name, and an e-mail address or telephone number to reach it. */
    public record Contact(String name, String email, String phone) {
        public Contact {
            name = text("point_of_contact.name", name, null);
            if ((email == null || email.isBlank()) && (phone == null || phone.isBlank())) {
                throw invalid("point_of_contact " + name + " needs an email or a phone");
            }
        }
    }

    private static String stixId(String field, String value, String type, String request) {
        String prefix = type + "--";
        if (value == null || !value.startsWith(prefix) || value.length() == prefix.length()) {
            throw invalid((request == null ? "" : "request " + request + ": ") + field
                    + " must be a " + type + " id (" + prefix + "…): " + value);
        }
        return value;
    }

    private static String text(String field, String value, String request) {
        if (value == null || value.isBlank()) {
            throw invalid((request == null ? "" : "request " + request + ": ") + field + " is required and not blank");
        }
        return value;
    }

    private static ConcordException invalid(String message) {
        return new ConcordException(ErrorCode.INVALID_ARGUMENT, message);
    }
}
