package org.concord.taxii;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.concord.BoundedInputStream;
import org.concord.ConcordException;
import org.concord.ErrorCode;
import org.concord.StrictUtf8;
import org.concord.response.Request.Contact;
import org.concord.response.Request.LegalBasis;
import org.concord.response.Request.Preservation;
import org.concord.response.Requests.Kind;
import org.concord.response.Requests.Priority;
import org.concord.response.Requests.State;
import org.concord.response.Requests.Transition;
import org.concord.response.ResponseApi;
import org.concord.response.ResponseApi.Answer;
import org.concord.stix.JsonBounds;
import org.concord.stix.StixTimestamp;
import org.concord.stix.Tlp;
import org.concord.store.CollectionInfo;

/**
 * The coordinated-response REST API under {@code {api root}concord/} (docs/response.md,
 * docs/response-design.md §6): cases and requests as JSON, for the dashboard and for automation.
 * Thin: parse the path, query and body, make one {@link ResponseApi} call, write its view as
 * {@link ResponseJson}.
 *
 * <ul>
 *   <li>Who: a member's bearer token, with rights as TAXII's on the {@code cases} collection: read to
 *       list and show, read and write to act. A credential that may not read it finds nothing here
 *       (404, as for a collection it may not see); one that may read but not write is refused (403).
 *       Partner nodes use TAXII, not this API (404).</li>
 *   <li>Bodies: JSON objects ({@code Content-Type: application/json}), at most the API root's
 *       {@code max_content_length} (413) and the input bounds of one STIX object (nesting, one
 *       string: 400); an unknown or repeated member is refused, naming it.</li>
 *   <li>Errors: the catalogue's code and its message, as TAXII error bodies ({@code title},
 *       {@code description}, {@code error_code}, {@code http_status}): bad input 400, not allowed
 *       403, not found 404, {@code REQUEST_TRANSITION_NOT_ALLOWED} and other conflicts 409, an
 *       oversized journal entry ({@code LIMIT_EXCEEDED}) 413; an internal failure 500 with an error
 *       id that is in the log, never a stack trace.</li>
 * </ul>
 */
final class ResponseRoutes {
    /** Where the routes live under the API root. */
    static final String PREFIX = "concord/";
    /** The alias of the collection whose rights admit a caller (node.Node's {@code cases}). */
    static final String CASES = org.concord.node.Node.CASES;
    static final String JSON_TYPE = "application/json";
    private static final String BODY = "concord.response.body", BODY_READ = "concord.response.bodyRead";
    private static final int DEFAULT_LIMIT = 100, MAX_LIMIT = 1000;
    /** A preservation's period when the body gives none (Budapest Art. 29(7) asks at least 60 days). */
    static final int DEFAULT_PERIOD_DAYS = 90;

    private static final ObjectMapper MAPPER = new ObjectMapper(JsonFactory.builder()
            .streamReadConstraints(JsonBounds.constraints(0))
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build());

    /** The request actions, by path segment (design §6: ack, progress, fulfil, refuse, extend, withdraw, release). */
    static final Map<String, Transition> ACTIONS = Map.of(
            "ack", Transition.ACKNOWLEDGE, "progress", Transition.START, "fulfil", Transition.FULFIL,
            "refuse", Transition.REFUSE, "extend", Transition.EXTEND, "withdraw", Transition.WITHDRAW,
            "release", Transition.RELEASE);
    private static final String ACTION_NAMES = "ack, progress, fulfil, refuse, extend, withdraw, release";

    /** How a handler meets the server: who calls, with which rights. */
    interface Callers {
        Principal principal(Context ctx);

        Permissions permissions(Context ctx);
    }

    private final TaxiiService service;
    private final ResponseApi api;
    private final long maxBody;

    /** @param api null: this node serves no coordinated response (every route answers 404) */
    ResponseRoutes(TaxiiService service, ResponseApi api, long maxBody) {
        this.service = service;
        this.api = api;
        this.maxBody = maxBody;
    }

    /** Whether {@code path} (under the API root) is one of these routes: they answer JSON, not TAXII. */
    static boolean owns(String relative) {
        return relative.startsWith(PREFIX + "cases") || relative.startsWith(PREFIX + "requests");
    }

    void register(io.javalin.config.RoutesConfig r, String root, Callers callers) {
        String cases = root + PREFIX + "cases", requests = root + PREFIX + "requests";
        r.get(cases, route(callers, false, this::listCases));
        r.post(cases, route(callers, true, this::openCase));
        r.get(cases + "/{case}", route(callers, false, this::showCase));
        r.patch(cases + "/{case}", route(callers, true, this::editCase));
        r.post(cases + "/{case}/invite", route(callers, true, this::invite));
        r.post(cases + "/{case}/accept", route(callers, true, ctx -> answer(ctx, Answer.ACCEPT)));
        r.post(cases + "/{case}/decline", route(callers, true, ctx -> answer(ctx, Answer.DECLINE)));
        r.post(cases + "/{case}/leave", route(callers, true, ctx -> answer(ctx, Answer.LEAVE)));
        r.post(cases + "/{case}/tasks", route(callers, true, this::addTask));
        r.patch(cases + "/{case}/tasks/{task}", route(callers, true, this::editTask));
        r.post(cases + "/{case}/notes", route(callers, true, this::addNote));
        r.get(requests, route(callers, false, this::listRequests));
        r.post(requests, route(callers, true, this::sendRequest));
        r.get(requests + "/{request}", route(callers, false, this::showRequest));
        r.post(requests + "/{request}/{action}", route(callers, true, this::act));
    }

    // ---- the frame every route runs in

    /** A route's work: its status and JSON answer. */
    private interface Work {
        Answered run(Context ctx);
    }

    private record Answered(int status, JsonNode body) {}

    private io.javalin.http.Handler route(Callers callers, boolean acts, Work work) {
        return ctx -> {
            try {
                if (ctx.method() != HandlerType.GET) {
                    ctx.attribute(BODY, readBody(ctx));
                    ctx.attribute(BODY_READ, Boolean.TRUE);
                }
                admit(ctx, callers, acts);
                Answered a = work.run(ctx);
                ctx.status(a.status()).contentType(JSON_TYPE).result(MAPPER.writeValueAsBytes(a.body()));
            } catch (RuntimeException e) {
                ErrorMapper.Rendered r = switch (e) {
                    case HttpProblem p -> ErrorMapper.render(p, ctx.method().name(), ctx.path());
                    case ConcordException c -> status(c) == 500 ? ErrorMapper.internal(c, ctx.method().name(), ctx.path())
                            : ErrorMapper.coded(status(c), c.getMessage(), c.code().name());
                    default -> ErrorMapper.internal(e, ctx.method().name(), ctx.path());
                };
                r.headers().forEach(ctx::header);
                // a refused body left unread: close, so the answer does not depend on what was buffered
                if (ctx.method() != HandlerType.GET && ctx.attribute(BODY_READ) == null) ctx.header("Connection", "close");
                ctx.status(r.status()).contentType(JSON_TYPE).result(r.body());
            }
        };
    }

    /** Who may: a member whose rights on {@code cases} allow it (see the class comment), accepting JSON. */
    private void admit(Context ctx, Callers callers, boolean acts) {
        if (api == null) throw new ConcordException(ErrorCode.NOT_FOUND, "coordinated response is not available on this node");
        if (!acceptsJson(ctx.header("Accept"))) {
            throw new HttpProblem(406, "Not acceptable", "this API answers " + JSON_TYPE + "; send it in the Accept header");
        }
        if (callers.principal(ctx) instanceof Principal.Partner) {
            throw new ConcordException(ErrorCode.NOT_FOUND, "partner nodes read cases over TAXII (collection " + CASES + "), not this API");
        }
        Permissions p = callers.permissions(ctx);
        CollectionInfo c;
        try {
            c = service.collection(p, CASES).info();
        } catch (ConcordException e) {
            throw noCases();
        }
        if (!p.canRead(c.id())) throw noCases();
        if (acts && !p.canWrite(c.id())) {
            throw new ConcordException(ErrorCode.FORBIDDEN, "this credential may read but not write collection " + CASES
                    + ": acting on cases and requests needs the write right");
        }
    }

    private static ConcordException noCases() {
        return new ConcordException(ErrorCode.NOT_FOUND, "no cases for this credential (it needs the read right on collection "
                + CASES + ")");
    }

    /** The catalogue's categories as this API's statuses (an oversized journal entry is 413, not TAXII's 422). */
    static int status(ConcordException c) {
        return switch (c.code()) {
            case LIMIT_EXCEEDED -> 413;
            case UNAUTHENTICATED -> 401;
            case UNAVAILABLE -> 503;
            default -> switch (c.code().category()) {
                case BAD_INPUT -> 400;
                case NOT_ALLOWED -> 403;
                case NOT_FOUND -> 404;
                case CONFLICT -> 409;
                case INTERNAL -> 500;
            };
        };
    }

    static boolean acceptsJson(String accept) {
        return MediaTypes.admits(accept, JSON_TYPE);
    }

    // ---- cases

    private Answered listCases(Context ctx) {
        String state = param(ctx, "state");
        var page = api.cases(new ResponseApi.CaseQuery(state, limit(ctx), param(ctx, "next")));
        return ok(ResponseJson.listing(page, ResponseJson::caseSummary));
    }

    private Answered openCase(Context ctx) {
        Body b = body(ctx, false, "from_alert", "name", "description", "tlp", "evidence");
        String fromAlert = b.id("from_alert", null);
        var detail = api.openCase(new ResponseApi.OpenCase(fromAlert, b.text("name"), b.text("description"), b.tlp("tlp"),
                b.ids("evidence")));
        return new Answered(201, ResponseJson.caseDetail(detail));
    }

    private Answered showCase(Context ctx) {
        String id = caseId(ctx);
        return ok(ResponseJson.caseDetail(api.caseDetail(id).orElseThrow(() -> noCase(id))));
    }

    private Answered editCase(Context ctx) {
        String id = caseId(ctx);
        Body b = body(ctx, false, "name", "description", "determination", "investigation_status", "criticality", "tlp",
                "evidence_add", "evidence_remove");
        var edit = new ResponseApi.CaseEdit(b.text("name"), b.text("description"), b.text("determination"),
                b.text("investigation_status"), b.integer("criticality", 0, 100), b.tlp("tlp"), b.ids("evidence_add"),
                b.ids("evidence_remove"));
        return ok(ResponseJson.caseDetail(api.editCase(id, edit)));
    }

    private Answered invite(Context ctx) {
        String id = caseId(ctx);
        Body b = body(ctx, false, "member", "role");
        return new Answered(201, ResponseJson.participant(api.invite(id, b.required("member"), b.text("role"))));
    }

    private Answered answer(Context ctx, Answer answer) {
        String id = caseId(ctx);
        Body b = body(ctx, true, "reason");
        return ok(ResponseJson.participant(api.answer(id, answer, b.text("reason"))));
    }

    private Answered addTask(Context ctx) {
        String id = caseId(ctx);
        Body b = body(ctx, false, "name", "description", "owner", "due", "outcome", "priority");
        b.required("name");
        return new Answered(201, ResponseJson.task(api.addTask(id, task(b))));
    }

    private Answered editTask(Context ctx) {
        String id = caseId(ctx);
        String task = pathId(ctx, "task", "task");
        Body b = body(ctx, false, "name", "description", "owner", "due", "outcome", "priority");
        return ok(ResponseJson.task(api.editTask(id, task, task(b))));
    }

    private static ResponseApi.TaskEdit task(Body b) {
        return new ResponseApi.TaskEdit(b.text("name"), b.text("description"), b.text("owner"), b.time("due"), b.text("outcome"),
                b.integer("priority", 0, 100));
    }

    private Answered addNote(Context ctx) {
        String id = caseId(ctx);
        Body b = body(ctx, false, "content", "tlp");
        return new Answered(201, ResponseJson.note(api.addNote(id, b.required("content"), b.tlp("tlp"))));
    }

    // ---- requests

    private Answered listRequests(Context ctx) {
        String role = param(ctx, "role");
        if (role != null && !role.equals("sent") && !role.equals("received")) {
            throw HttpProblem.badRequest("role must be sent or received: " + Query.clip(role));
        }
        String state = param(ctx, "state");
        String due = param(ctx, "due_before");
        var query = new ResponseApi.RequestQuery(role, state == null ? null : parse(State.class, "state", state),
                due == null ? null : instant("due_before", due), limit(ctx), param(ctx, "next"));
        return ok(ResponseJson.listing(api.requests(query), ResponseJson::requestSummary));
    }

    private Answered sendRequest(Context ctx) {
        Body b = body(ctx, false, "kind", "receiver", "case", "priority", "legal_basis", "subject", "preservation",
                "point_of_contact", "acknowledge_by", "fulfil_by");
        Kind kind = parse(Kind.class, "kind", b.required("kind"));
        String priority = b.text("priority");
        var request = new ResponseApi.NewRequest(b.required("receiver"), b.requiredId("case", "incident"), kind,
                priority == null ? Priority.NORMAL : parse(Priority.class, "priority", priority), legalBasis(b.object("legal_basis")),
                b.required("subject"), preservation(b.object("preservation")), contact(b.object("point_of_contact")),
                b.time("acknowledge_by"), b.time("fulfil_by"));
        return new Answered(201, ResponseJson.requestView(api.sendRequest(request)));
    }

    private static LegalBasis legalBasis(Body b) {
        if (b == null) return null;
        b.known("instrument", "article", "reference");
        return new LegalBasis(parse(LegalBasis.Instrument.class, "legal_basis.instrument", b.required("instrument")),
                b.text("article"), b.text("reference"));
    }

    private static Preservation preservation(Body b) {
        if (b == null) return null;
        b.known("data", "custodian", "identifiers", "necessity", "follow_up_mla", "period_days");
        Integer days = b.integer("period_days", 1, 3650);
        Boolean mla = b.bool("follow_up_mla");
        return new Preservation(b.required("data"), b.required("custodian"), b.strings("identifiers"), b.required("necessity"),
                mla == null || mla, days == null ? DEFAULT_PERIOD_DAYS : days);
    }

    private static Contact contact(Body b) {
        if (b == null) return null;
        b.known("name", "email", "phone");
        return new Contact(b.required("name"), b.text("email"), b.text("phone"));
    }

    private Answered showRequest(Context ctx) {
        String id = pathId(ctx, "request", "x-concord-request");
        return ok(ResponseJson.requestView(api.request(id).orElseThrow(() -> noRequest(id))));
    }

    private Answered act(Context ctx) {
        String id = pathId(ctx, "request", "x-concord-request");
        String action = ctx.pathParam("action");
        Transition t = ACTIONS.get(action);
        if (t == null) {
            throw new ConcordException(ErrorCode.NOT_FOUND, "no request action " + Query.clip(action) + "; the actions are: " + ACTION_NAMES);
        }
        Body b = body(ctx, true, "reason", "answer", "preserve_until");
        String reason = b.text("reason"), answer = b.text("answer");
        if (reason != null && answer != null) throw HttpProblem.badRequest("give reason or answer, not both");
        return ok(ResponseJson.requestView(api.act(id, new ResponseApi.Act(t, reason != null ? reason : answer, b.time("preserve_until")))));
    }

    // ---- paths and queries

    private static Answered ok(JsonNode body) {
        return new Answered(200, body);
    }

    private static String caseId(Context ctx) {
        return pathId(ctx, "case", "incident");
    }

    private static String pathId(Context ctx, String param, String type) {
        String id = ctx.pathParam(param);
        if (!ObjectIds.valid(id) || !id.startsWith(type + "--")) {
            throw HttpProblem.badRequest("not a " + param + " id (" + type + "--uuid, the UUID in lower-case hex): " + Query.clip(id));
        }
        return id;
    }

    private static ConcordException noCase(String id) {
        return new ConcordException(ErrorCode.NOT_FOUND, "no case " + id + " on this node");
    }

    private static ConcordException noRequest(String id) {
        return new ConcordException(ErrorCode.NOT_FOUND, "no request " + id + " on this node");
    }

    /** A query parameter given at most once; null when absent or empty. */
    private static String param(Context ctx, String name) {
        List<String> values = ctx.queryParams(name);
        if (values.size() > 1) throw HttpProblem.badRequest(name + " is given " + values.size() + " times");
        return values.isEmpty() || values.getFirst().isBlank() ? null : values.getFirst().strip();
    }

    private static int limit(Context ctx) {
        String text = param(ctx, "limit");
        if (text == null) return DEFAULT_LIMIT;
        try {
            int n = Integer.parseInt(text);
            if (n >= 1 && n <= MAX_LIMIT) return n;
        } catch (NumberFormatException e) {
            // said below
        }
        throw HttpProblem.badRequest("limit must be 1.." + MAX_LIMIT + ": " + Query.clip(text));
    }

    /** An enum by its wire name (lower case, {@code in_progress}); the message lists them. */
    static <E extends Enum<E>> E parse(Class<E> type, String field, String text) {
        String wire = text.strip().toLowerCase(Locale.ROOT).replace('-', '_');
        for (E e : type.getEnumConstants()) {
            if (e.name().toLowerCase(Locale.ROOT).equals(wire)) return e;
        }
        throw new ConcordException(ErrorCode.INVALID_ARGUMENT, field + " must be one of " + Arrays.stream(type.getEnumConstants())
                .map(e -> e.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(", ")) + ": " + Query.clip(text));
    }

    static Instant instant(String field, String text) {
        String problem = StixTimestamp.check(text);
        if (problem != null) throw new ConcordException(ErrorCode.INVALID_ARGUMENT, field + ": " + problem);
        return StixTimestamp.parse(text);
    }

    // ---- bodies

    /**
     * Reads a posted body, if any, as one JSON value within the bounds, before anything else is
     * done for the request (Jetty's minimum data rate counts from the request's start, so a body
     * read late looks slow); null for an empty body.
     */
    private JsonNode readBody(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxBody) throw tooLarge();
        if (declared == 0) return null;
        String type = ctx.header("Content-Type");
        boolean json = type != null && type.split(";")[0].strip().equalsIgnoreCase(JSON_TYPE);
        HttpProblem unsupported = new HttpProblem(415, "Unsupported media type", "send the body as " + JSON_TYPE);
        if (type != null && !json) throw unsupported;
        JsonNode node = read(ctx);
        if (node != null && type == null) throw unsupported; // an empty body needs no type (POST …/accept)
        return node;
    }

    /** The body read by {@link #readBody} as an object with only {@code fields}; {@code optional}: none is an empty object. */
    private static Body body(Context ctx, boolean optional, String... fields) {
        JsonNode node = ctx.attribute(BODY);
        if (node == null || node.isMissingNode()) {
            if (optional) return new Body(MAPPER.createObjectNode(), "").known(fields);
            throw HttpProblem.badRequest("send a JSON object with " + String.join(", ", fields));
        }
        if (!node.isObject()) throw HttpProblem.badRequest("the body must be a JSON object, not " + node.getNodeType().name().toLowerCase(Locale.ROOT));
        return new Body((ObjectNode) node, "").known(fields);
    }

    private JsonNode read(Context ctx) {
        BoundedInputStream in;
        try {
            in = new BoundedInputStream(ctx.bodyInputStream(), maxBody, "body");
        } catch (RuntimeException e) {
            throw HttpProblem.badRequest("the body could not be read");
        }
        try (InputStream checked = new StrictUtf8.CheckedInputStream(in); JsonParser p = MAPPER.createParser(checked)) {
            if (p.nextToken() == null) return null;
            JsonNode node = MAPPER.readTree(p);
            if (p.nextToken() != null) throw new ConcordException(ErrorCode.MALFORMED_JSON, "content after the JSON object");
            return node;
        } catch (StreamConstraintsException e) {
            throw new ConcordException(ErrorCode.INVALID_ARGUMENT, "the body " + JsonBounds.describe(e));
        } catch (JsonProcessingException e) {
            if (in.exceeded()) throw tooLarge();
            throw new ConcordException(ErrorCode.MALFORMED_JSON, "the body is not valid JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")"));
        } catch (StrictUtf8.InvalidUtf8Exception e) {
            throw new ConcordException(ErrorCode.MALFORMED_JSON, "the body is " + e.getMessage() + "; JSON text is UTF-8 (RFC 8259 §8.1)");
        } catch (IOException e) {
            if (in.exceeded()) throw tooLarge();
            throw HttpProblem.badRequest("the body could not be read: " + e.getMessage());
        }
    }

    private HttpProblem tooLarge() {
        return new HttpProblem(413, "Payload too large", "the body exceeds max_content_length of this API root (" + maxBody + " bytes)");
    }

    /** A JSON object's members, read with messages that name the member ({@code preservation.period_days}). */
    private record Body(ObjectNode o, String path) {
        Body known(String... fields) {
            Set<String> allowed = new LinkedHashSet<>(List.of(fields));
            for (var it = o.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!allowed.contains(f)) {
                    throw HttpProblem.badRequest("unknown member " + path + Query.clip(f) + "; the members here are: " + String.join(", ", allowed));
                }
            }
            return this;
        }

        private JsonNode get(String field) {
            JsonNode v = o.get(field);
            return v == null || v.isNull() ? null : v;
        }

        private ConcordException wrong(String field, String what) {
            return new ConcordException(ErrorCode.INVALID_ARGUMENT, path + field + " must be " + what);
        }

        String text(String field) {
            JsonNode v = get(field);
            if (v == null) return null;
            if (!v.isTextual()) throw wrong(field, "a string");
            return v.asText();
        }

        String required(String field) {
            String v = text(field);
            if (v == null || v.isBlank()) throw new ConcordException(ErrorCode.INVALID_ARGUMENT, path + field + " is required");
            return v;
        }

        String id(String field, String type) {
            String v = text(field);
            if (v != null && (!ObjectIds.valid(v) || (type != null && !v.startsWith(type + "--")))) {
                throw wrong(field, (type == null ? "a STIX id (" + ObjectIds.FORM : "a " + type + " id (" + type + "--uuid") + "): " + Query.clip(v));
            }
            return v;
        }

        String requiredId(String field, String type) {
            required(field);
            return id(field, type);
        }

        Integer integer(String field, int min, int max) {
            JsonNode v = get(field);
            if (v == null) return null;
            if (!v.canConvertToExactIntegral() || !v.canConvertToInt() || v.asInt() < min || v.asInt() > max) {
                throw wrong(field, "an integer " + min + ".." + max + ": " + Query.clip(v.toString()));
            }
            return v.asInt();
        }

        Boolean bool(String field) {
            JsonNode v = get(field);
            if (v == null) return null;
            if (!v.isBoolean()) throw wrong(field, "true or false");
            return v.asBoolean();
        }

        Instant time(String field) {
            String v = text(field);
            return v == null ? null : instant(path + field, v);
        }

        Tlp tlp(String field) {
            String v = text(field);
            if (v == null) return null;
            try {
                return Tlp.parse(v);
            } catch (IllegalArgumentException e) {
                throw new ConcordException(ErrorCode.INVALID_ARGUMENT, path + field + ": " + e.getMessage());
            }
        }

        List<String> strings(String field) {
            JsonNode v = get(field);
            if (v == null) return List.of();
            if (!v.isArray()) throw wrong(field, "an array of strings");
            List<String> out = new ArrayList<>();
            for (JsonNode e : v) {
                if (!e.isTextual() || e.asText().isBlank()) throw wrong(field + "[" + out.size() + "]", "a non-blank string");
                out.add(e.asText());
            }
            return out;
        }

        List<String> ids(String field) {
            List<String> out = strings(field);
            for (int i = 0; i < out.size(); i++) {
                if (!ObjectIds.valid(out.get(i))) throw wrong(field + "[" + i + "]", "a STIX id (" + ObjectIds.FORM + "): " + Query.clip(out.get(i)));
            }
            return out;
        }

        Body object(String field) {
            JsonNode v = get(field);
            if (v == null) return null;
            if (!v.isObject()) throw wrong(field, "an object");
            return new Body((ObjectNode) v, path + field + ".");
        }
    }
}
