package org.concord.taxii;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.UUID;
import org.concord.ConcordException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place failures become TAXII error resources (§3.6.1): title, description, error_code,
 * http_status, and for internal errors an error_id that is also in the log. Never a stack trace.
 */
final class ErrorMapper {
    private static final Logger LOG = LoggerFactory.getLogger("org.concord.taxii.errors");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** An error ready to send. */
    record Rendered(int status, byte[] body, Map<String, String> headers) {}

    private ErrorMapper() {}

    static Rendered render(Throwable e, String method, String path) {
        return switch (e) {
            case HttpProblem p -> body(p.status, p.title, p.getMessage(), null, null, p.headers);
            case ConcordException c -> {
                int status = status(c);
                if (status == 500) yield internal(c, method, path);
                yield body(status, title(status), c.getMessage(), c.code().name(), null, Map.of());
            }
            default -> internal(e, method, path);
        };
    }

    /** A plain status with a generic description (unmatched routes, Jetty-level rejections). */
    static Rendered status(int status, String description) {
        return body(status, title(status), description, null, null, Map.of());
    }

    /** A catalogue error with the status an edge chose for it (the response API's, {@link ResponseRoutes#status}). */
    static Rendered coded(int status, String description, String code) {
        return body(status, title(status), description, code, null, Map.of());
    }

    static Rendered internal(Throwable e, String method, String path) {
        String id = UUID.randomUUID().toString();
        LOG.error("internal error {} on {} {}", id, method, path, e);
        return body(500, title(500), "the server failed; quote error id " + id + " to its operator", null, id, Map.of());
    }

    private static int status(ConcordException c) {
        return switch (c.code()) {
            case NOT_FOUND -> 404;
            case FORBIDDEN -> 403;
            case UNAUTHENTICATED -> 401;
            case UNAVAILABLE -> 503;
            case MALFORMED_JSON, NOT_A_BUNDLE, INVALID_STIX, LIMIT_EXCEEDED -> 422; // §5.5: malformed or unprocessable body
            default -> switch (c.code().category()) {
                case BAD_INPUT -> 400;
                case NOT_ALLOWED -> 403;
                case NOT_FOUND -> 404;
                case CONFLICT -> 409;
                case INTERNAL -> 500;
            };
        };
    }

    static String title(int status) {
        return switch (status) {
            case 400 -> "Bad request";
            case 401 -> "Authentication required";
            case 403 -> "Forbidden";
            case 404 -> "Not found";
            case 405 -> "Method not allowed";
            case 406 -> "Not acceptable";
            case 409 -> "Conflict";
            case 413 -> "Payload too large";
            case 414 -> "URI too long";
            case 415 -> "Unsupported media type";
            case 422 -> "Unprocessable content";
            case 429 -> "Too many requests";
            case 431 -> "Request header fields too large";
            case 500 -> "Internal error";
            case 503 -> "Unavailable";
            default -> "HTTP " + status;
        };
    }

    private static Rendered body(int status, String title, String description, String code, String errorId,
                                 Map<String, String> headers) {
        ObjectNode o = JSON.createObjectNode();
        o.put("title", title);
        if (description != null && !description.isEmpty()) o.put("description", description);
        if (errorId != null) o.put("error_id", errorId);
        if (code != null) o.put("error_code", code);
        o.put("http_status", Integer.toString(status)); // §3.6.1: a string, matching the HTTP status
        try {
            return new Rendered(status, JSON.writeValueAsBytes(o), headers);
        } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
