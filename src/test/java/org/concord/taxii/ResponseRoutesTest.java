package org.concord.taxii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.concord.taxii.TestNode.ROOT;
import static org.concord.taxii.TestNode.json;

import com.fasterxml.jackson.databind.JsonNode;
import java.lang.reflect.Proxy;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.concord.response.MemoryResponseApi;
import org.concord.response.Requests;
import org.concord.response.ResponseApi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The coordinated-response REST API ({@link ResponseRoutes}) over real HTTPS with bearer tokens, on
 * an in-memory {@link ResponseApi}: paths, bodies, rights, statuses and error bodies.
 */
class ResponseRoutesTest {
    private static final String API = ROOT + "concord/";
    private static final Map<String, String> MEMBERS = Map.of(
            "cert-ee", "identity--" + UUID.randomUUID(), "isac-fi", "identity--" + UUID.randomUUID(),
            "bank-lv", "identity--" + UUID.randomUUID());

    @TempDir
    Path dir;

    private final MemoryResponseApi api = new MemoryResponseApi("cert-ee", MEMBERS, InstantSource.system(), 2048);

    private TestNode start() {
        return TestNode.start(dir, api, c -> c.withMaxContentLength(64 * 1024));
    }

    private static String actor(TestNode n) {
        return n.token("analyst", Set.of("cases"), Set.of("cases"));
    }

    private static HttpResponse<String> get(TestNode n, String path, String token) {
        return n.send(HttpRequest.newBuilder(n.uri(API + path)).header("Accept", "application/json"), token);
    }

    private static HttpResponse<String> send(TestNode n, String method, String path, String token, String body) {
        return n.send(HttpRequest.newBuilder(n.uri(API + path)).header("Accept", "application/json")
                .header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body)), token);
    }

    private static HttpResponse<String> post(TestNode n, String path, String token, String body) {
        return send(n, "POST", path, token, body);
    }

    /** A JSON error body with the code and a message containing {@code words}; never a stack trace. */
    private static JsonNode assertError(HttpResponse<String> r, int status, String code, String words) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        JsonNode e = json(r);
        if (code != null) assertThat(e.path("error_code").asText()).isEqualTo(code);
        assertThat(e.path("http_status").asText()).isEqualTo(Integer.toString(status));
        assertThat(e.path("description").asText()).contains(words);
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("at org.concord");
        return e;
    }

    @Test
    void casesAreOpenedListedShownEditedAndWorkedOn() {
        try (TestNode n = start()) {
            String t = actor(n);
            String alert = "x-concord-alert--" + UUID.randomUUID();
            HttpResponse<String> opened = post(n, "cases", t, "{\"from_alert\":\"" + alert + "\",\"name\":\"Phishing wave\",\"tlp\":\"amber\"}");
            assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
            assertThat(opened.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
            JsonNode c = json(opened);
            String id = c.path("id").asText();
            assertThat(id).startsWith("incident--");
            assertThat(c.path("name").asText()).isEqualTo("Phishing wave");
            assertThat(c.path("tlp").asText()).isEqualTo("amber");
            assertThat(c.path("lead").path("name").asText()).isEqualTo("cert-ee");
            assertThat(c.path("lead").path("identity").asText()).isEqualTo(MEMBERS.get("cert-ee"));
            assertThat(c.path("evidence").get(0).asText()).isEqualTo(alert);
            assertThat(Instant.parse(c.path("opened").asText())).isNotNull(); // RFC 3339

            JsonNode list = json(get(n, "cases?limit=10", t));
            assertThat(list.path("items")).hasSize(1);
            assertThat(list.path("items").get(0).path("id").asText()).isEqualTo(id);
            assertThat(list.has("next")).isFalse();
            assertThat(json(get(n, "cases?state=closed", t)).path("items")).isEmpty();

            HttpResponse<String> edited = send(n, "PATCH", "cases/" + id, t,
                    "{\"investigation_status\":\"open\",\"criticality\":70,\"evidence_add\":[\"indicator--" + UUID.randomUUID() + "\"]}");
            assertThat(edited.statusCode()).as(edited.body()).isEqualTo(200);
            assertThat(json(edited).path("investigation_status").asText()).isEqualTo("open");
            assertThat(json(edited).path("criticality").asInt()).isEqualTo(70);
            assertThat(json(edited).path("evidence")).hasSize(2);

            HttpResponse<String> invited = post(n, "cases/" + id + "/invite", t, "{\"member\":\"isac-fi\"}");
            assertThat(invited.statusCode()).as(invited.body()).isEqualTo(201);
            assertThat(json(invited).path("state").asText()).isEqualTo("invited");
            assertThat(json(invited).path("role").asText()).isEqualTo("participant");

            HttpResponse<String> task = post(n, "cases/" + id + "/tasks", t,
                    "{\"name\":\"Block the domain\",\"owner\":\"isac-fi\",\"due\":\"2030-01-01T12:00:00Z\",\"priority\":80}");
            assertThat(task.statusCode()).as(task.body()).isEqualTo(201);
            String taskId = json(task).path("id").asText();
            assertThat(json(task).path("due").asText()).isEqualTo("2030-01-01T12:00:00Z");
            HttpResponse<String> done = send(n, "PATCH", "cases/" + id + "/tasks/" + taskId, t, "{\"outcome\":\"successful\"}");
            assertThat(json(done).path("outcome").asText()).isEqualTo("successful");
            assertThat(json(done).path("name").asText()).isEqualTo("Block the domain");

            HttpResponse<String> note = post(n, "cases/" + id + "/notes", t, "{\"content\":\"MX seen in three countries\",\"tlp\":\"red\"}");
            assertThat(note.statusCode()).as(note.body()).isEqualTo(201);
            assertThat(json(note).path("tlp").asText()).isEqualTo("red");

            JsonNode shown = json(get(n, "cases/" + id, t));
            assertThat(shown.path("tasks")).hasSize(1);
            assertThat(shown.path("notes")).hasSize(1);
            assertThat(shown.path("participants")).hasSize(2);
            assertThat(shown.path("participant_count").asInt()).isEqualTo(2);
        }
    }

    @Test
    void anInvitationIsAcceptedAndAnUninvitedAnswerIsRefused() {
        try (TestNode n = start()) {
            String t = actor(n);
            String invitedTo = api.invitedTo("Ransomware at a port", "isac-fi");
            HttpResponse<String> accepted = post(n, "cases/" + invitedTo + "/accept", t, "");
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(200);
            assertThat(json(accepted).path("state").asText()).isEqualTo("accepted");
            String own = json(post(n, "cases", t, "{\"name\":\"Own\"}")).path("id").asText();
            assertError(post(n, "cases/" + own + "/decline", t, "{\"reason\":\"busy\"}"), 403, "NOT_A_PARTICIPANT", "may not decline");
        }
    }

    @Test
    void requestsAreSentListedShownAndActedOn() {
        try (TestNode n = start()) {
            String t = actor(n);
            HttpResponse<String> opened = post(n, "cases", t, "{\"name\":\"Phishing wave\"}");
            assertThat(opened.statusCode()).as(opened.body()).isEqualTo(201);
            String caseId = json(opened).path("id").asText();
            HttpResponse<String> sent = post(n, "requests", t, """
                    {"kind":"preservation","receiver":"bank-lv","case":"%s","priority":"high",
                     "legal_basis":{"instrument":"budapest","article":"29"},
                     "subject":"mail-server logs of the phishing domain's MX",
                     "preservation":{"data":"MX logs","custodian":"bank-lv mail","identifiers":["mx.evil.example"],
                                     "necessity":"evidence of the campaign","follow_up_mla":true,"period_days":90}}
                    """.formatted(caseId));
            assertThat(sent.statusCode()).as(sent.body()).isEqualTo(201);
            JsonNode r = json(sent);
            String id = r.path("id").asText();
            assertThat(r.path("state").asText()).isEqualTo("sent");
            assertThat(r.path("kind").asText()).isEqualTo("preservation");
            assertThat(r.path("receiver").path("name").asText()).isEqualTo("bank-lv");
            assertThat(r.path("legal_basis").path("instrument").asText()).isEqualTo("budapest");
            assertThat(r.path("preservation").path("period_days").asInt()).isEqualTo(90);
            assertThat(r.path("versions")).hasSize(1);
            assertThat(r.path("allowed")).extracting(JsonNode::asText).containsExactlyInAnyOrder("withdrawn", "expired");

            assertThat(json(get(n, "requests?role=sent", t)).path("items")).hasSize(1);
            assertThat(json(get(n, "requests?role=received", t)).path("items")).isEmpty();
            assertThat(json(get(n, "requests/" + id, t)).path("id").asText()).isEqualTo(id);

            // the receiver's side: acknowledge, then a second acknowledgement is a conflict naming what is allowed
            String received = api.received("isac-fi", caseId, Requests.Kind.INFORMATION);
            HttpResponse<String> ack = post(n, "requests/" + received + "/ack", t, "");
            assertThat(ack.statusCode()).as(ack.body()).isEqualTo(200);
            assertThat(json(ack).path("state").asText()).isEqualTo("acknowledged");
            assertThat(json(get(n, "requests?role=received&state=acknowledged", t)).path("items")).hasSize(1);
            assertError(post(n, "requests/" + received + "/ack", t, ""), 409, "REQUEST_TRANSITION_NOT_ALLOWED", "may: in_progress");
            assertError(post(n, "requests/" + received + "/refuse", t, "{}"), 400, "INVALID_ARGUMENT", "needs a reason");
            HttpResponse<String> refused = post(n, "requests/" + received + "/refuse", t, "{\"reason\":\"not our jurisdiction\"}");
            assertThat(json(refused).path("state").asText()).isEqualTo("refused");
            assertThat(json(refused).path("reason").asText()).isEqualTo("not our jurisdiction");
            assertThat(json(refused).path("allowed")).isEmpty();

            HttpResponse<String> withdrawn = post(n, "requests/" + id + "/withdraw", t, "");
            assertThat(json(withdrawn).path("state").asText()).isEqualTo("withdrawn");
        }
    }

    @Test
    void badRequestsGetTheirCodeAndAMessageNeverAStackTrace() {
        try (TestNode n = start()) {
            String t = actor(n);
            String caseId = json(post(n, "cases", t, "{\"name\":\"Phishing wave\"}")).path("id").asText();
            assertError(post(n, "cases/" + caseId + "/invite", t, "{\"member\":\"nobody-xx\"}"), 400, "UNKNOWN_MEMBER", "bank-lv, isac-fi");
            assertError(post(n, "requests", t, "{\"kind\":\"information\",\"receiver\":\"bank-lv\",\"case\":\"" + caseId
                    + "\",\"subject\":\"who\",\"acknowledge_by\":\"2020-01-01T00:00:00Z\"}"), 400, "DEADLINE_IN_PAST", "2020-01-01");
            assertError(post(n, "requests", t, "{\"kind\":\"rumour\",\"receiver\":\"bank-lv\",\"case\":\"" + caseId
                    + "\",\"subject\":\"who\"}"), 400, "INVALID_ARGUMENT", "kind must be one of preservation, disclosure");
            assertError(post(n, "requests", t, "{\"kind\":\"information\",\"receiver\":\"bank-lv\",\"case\":\"" + caseId
                    + "\",\"subject\":\"who\",\"fulfil_by\":\"tomorrow\"}"), 400, "INVALID_ARGUMENT", "fulfil_by: not a STIX timestamp");
            assertError(post(n, "requests", t, "{\"kind\":\"preservation\",\"receiver\":\"bank-lv\",\"case\":\"" + caseId
                    + "\",\"subject\":\"x\",\"preservation\":{\"data\":1}}"), 400, "INVALID_ARGUMENT", "preservation.data must be a string");
            assertError(post(n, "cases/" + caseId + "/notes", t, "{\"content\":\"" + "x".repeat(3000) + "\"}"), 413, "LIMIT_EXCEEDED",
                    "max_note_bytes");
            assertError(post(n, "cases", t, "{\"name\":\"x\",\"colour\":\"red\"}"), 400, null, "unknown member colour");
            assertError(post(n, "cases", t, "{\"name\":\"x\","), 400, "MALFORMED_JSON", "not valid JSON");
            assertError(post(n, "cases", t, "{\"name\":\"a\",\"name\":\"b\"}"), 400, "MALFORMED_JSON", "name");
            assertError(post(n, "cases", t, "[1]"), 400, null, "must be a JSON object");
            assertError(post(n, "cases", t, "{\"name\":" + "[".repeat(100) + "]".repeat(100) + "}"), 400, "INVALID_ARGUMENT", "nests deeper");
            assertError(post(n, "cases", t, "{\"name\":\"" + "x".repeat(70 * 1024) + "\"}"), 413, null, "max_content_length");
            assertError(n.send(HttpRequest.newBuilder(n.uri(API + "cases")).header("Content-Type", "text/plain")
                    .POST(HttpRequest.BodyPublishers.ofString("name=x")), t), 415, null, "application/json");
            assertError(n.send(HttpRequest.newBuilder(n.uri(API + "cases")).header("Accept", "text/html"), t), 406, null, "application/json");
            assertError(get(n, "cases/not-a-case", t), 400, null, "not a case id");
            assertError(get(n, "cases/incident--" + UUID.randomUUID(), t), 404, "NOT_FOUND", "no case");
            assertError(get(n, "requests/x-concord-request--" + UUID.randomUUID(), t), 404, "NOT_FOUND", "no request");
            assertError(post(n, "requests/x-concord-request--" + UUID.randomUUID() + "/shred", t, ""), 404, "NOT_FOUND", "ack, progress");
            assertError(get(n, "cases?limit=0", t), 400, null, "limit must be 1..1000");
            assertError(get(n, "requests?role=both", t), 400, null, "role must be sent or received");
            assertError(get(n, "requests?state=lost", t), 400, "INVALID_ARGUMENT", "state must be one of sent");
        }
    }

    @Test
    void rightsAreTaxiisOnTheCasesCollection() {
        try (TestNode n = start()) {
            String writer = actor(n);
            String caseId = json(post(n, "cases", writer, "{\"name\":\"Phishing wave\"}")).path("id").asText();
            String reader = n.token("viewer", Set.of("cases"), Set.of());
            String stranger = n.token("stranger", Set.of("intelligence"), Set.of("intelligence"));
            assertThat(get(n, "cases/" + caseId, reader).statusCode()).isEqualTo(200);
            assertError(post(n, "cases", reader, "{\"name\":\"x\"}"), 403, "FORBIDDEN", "write right");
            assertError(post(n, "cases/" + caseId + "/accept", reader, ""), 403, "FORBIDDEN", "write right");
            // a credential that may not read cases finds nothing here: the same 404 as an unknown case
            assertError(get(n, "cases/" + caseId, stranger), 404, "NOT_FOUND", "no cases for this credential");
            assertError(get(n, "cases", stranger), 404, "NOT_FOUND", "no cases for this credential");
            assertError(post(n, "requests", stranger, "{}"), 404, "NOT_FOUND", "no cases for this credential");
            assertThat(get(n, "cases", null).statusCode()).isEqualTo(401);
            assertThat(get(n, "cases", "not-a-token").statusCode()).isEqualTo(401);
        }
    }

    @Test
    void aNodeWithoutCoordinatedResponseAnswers404() {
        try (TestNode n = TestNode.start(dir)) {
            String t = n.token("analyst");
            assertError(get(n, "cases", t), 404, "NOT_FOUND", "coordinated response is not available on this node");
        }
    }

    @Test
    void anInternalFailureIsA500WithAnErrorIdAndNoDetail() {
        ResponseApi broken = (ResponseApi) Proxy.newProxyInstance(ResponseApi.class.getClassLoader(), new Class<?>[] {ResponseApi.class},
                (proxy, method, args) -> {
                    throw new IllegalStateException("secret detail of a bug");
                });
        try (TestNode n = TestNode.start(dir, broken, c -> c)) {
            String t = actor(n);
            HttpResponse<String> r = get(n, "cases", t);
            JsonNode e = assertError(r, 500, null, "error id");
            assertThat(e.path("error_id").asText()).isNotBlank();
            assertThat(r.body()).doesNotContain("secret detail");
        }
    }
}
