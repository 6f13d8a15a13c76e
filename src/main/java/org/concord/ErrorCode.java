package org.concord;

/**
 * The one catalogue of Concord's error codes. Domain code throws {@link ConcordException} with one
 * of these; only the edges (CLI, TAXII) turn a {@link Category} into an exit status or HTTP status.
 */
public enum ErrorCode {
    // bad input
    MALFORMED_JSON(Category.BAD_INPUT),
    LIMIT_EXCEEDED(Category.BAD_INPUT),
    NOT_A_BUNDLE(Category.BAD_INPUT),
    INVALID_STIX(Category.BAD_INPUT),
    INVALID_PATTERN(Category.BAD_INPUT),
    INVALID_ARGUMENT(Category.BAD_INPUT),
    INVALID_CONFIGURATION(Category.BAD_INPUT),
    /** A request's deadline not after the time it is sent. */
    DEADLINE_IN_PAST(Category.BAD_INPUT),
    /** A member this node has no partner (or no member identity) for: a request's receiver, an invitee. */
    UNKNOWN_MEMBER(Category.BAD_INPUT),
    // not allowed
    UNAUTHENTICATED(Category.NOT_ALLOWED),
    FORBIDDEN(Category.NOT_ALLOWED),
    /** Acting on a case this node's member does not take part in. */
    NOT_A_PARTICIPANT(Category.NOT_ALLOWED),
    // not found
    NOT_FOUND(Category.NOT_FOUND),
    // conflicts with the state of the node or the machine
    ALREADY_EXISTS(Category.CONFLICT),
    /** Held by another process: a node folder another {@code serve} or {@code demo} runs on, a port another program listens on. */
    IN_USE(Category.CONFLICT),
    /** A request transition its state or its party does not allow; the message names the allowed ones. */
    REQUEST_TRANSITION_NOT_ALLOWED(Category.CONFLICT),
    // internal
    STORE_FAILURE(Category.INTERNAL),
    /** Cannot be done now, may be later (a partner's key not yet learnt): TAXII 503. */
    UNAVAILABLE(Category.INTERNAL),
    INTERNAL(Category.INTERNAL);

    /** What kind of failure a code is, independent of any protocol. */
    public enum Category { BAD_INPUT, NOT_ALLOWED, NOT_FOUND, CONFLICT, INTERNAL }

    private final Category category;

    ErrorCode(Category category) {
        this.category = category;
    }

    public Category category() {
        return category;
    }
}
