package org.concord.taxii;

import java.util.Map;

/**
 * A failure decided at the HTTP edge (authentication, negotiation, size, rate), carrying its status;
 * domain failures are {@link org.concord.ConcordException}s mapped by {@link ErrorMapper}.
 */
final class HttpProblem extends RuntimeException {
    final int status;
    final String title;
    final Map<String, String> headers;

    HttpProblem(int status, String title, String description) {
        this(status, title, description, Map.of());
    }

    HttpProblem(int status, String title, String description, Map<String, String> headers) {
        super(description, null, false, false);
        this.status = status;
        this.title = title;
        this.headers = Map.copyOf(headers);
    }

    static HttpProblem badRequest(String description) {
        return new HttpProblem(400, "Bad request", description);
    }
}
