package org.concord.federation;

import java.net.URI;
import java.util.Objects;

/**
 * A TAXII request to another server that did not give a usable answer. The message names the
 * method, the URL (never its credentials) and what was wrong; {@link #kind()} says whether trying
 * again later may help.
 */
public final class TaxiiException extends Exception {
    /** What went wrong. */
    public enum Kind {
        /** No answer: connection refused or cut, TLS failure (a key that is not the pin), timeout. */
        UNREACHABLE,
        /** The server answered with an error it may not repeat later: 5xx, 429. */
        SERVER_ERROR,
        /** The server refused the request: 4xx (credentials, rights, unknown collection). */
        REFUSED,
        /** The answer is not the TAXII resource asked for: not JSON, too large, missing members. */
        MALFORMED
    }

    private final Kind kind;
    private final URI uri;
    private final int status;

    public TaxiiException(Kind kind, URI uri, int status, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.uri = uri;
        this.status = status;
    }

    public TaxiiException(Kind kind, URI uri, int status, String message) {
        this(kind, uri, status, message, null);
    }

    public Kind kind() {
        return kind;
    }

    /** The URL asked (without a query string), or null. */
    public URI uri() {
        return uri;
    }

    /** The HTTP status answered, or 0 when there was no answer. */
    public int status() {
        return status;
    }
}
