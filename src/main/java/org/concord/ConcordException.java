package org.concord;

/** A failure with a code from the catalogue and a message that says what was wrong and where. */
public class ConcordException extends RuntimeException {
    private final ErrorCode code;

    public ConcordException(ErrorCode code, String message) {
        super(message);
        this.code = code;
    }

    public ConcordException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }
}
