package org.concord.taxii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.concord.taxii.TestNode.ROOT;
import static org.concord.taxii.TestNode.TAXII;
import static org.concord.taxii.TestNode.indicator;
import static org.concord.taxii.TestNode.json;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every endpoint of TAXII 2.1 §4 and §5 as an external client sees it, over TLS. */
class EndpointsTest {
    @TempDir
    static Path dir;
    static TestNode n;
    static String alice;

    @BeforeAll
    static void start() {
        n = TestNode.start(dir);
        alice = n.token("alice");
    }

    @AfterAll
    static void stop() {
        n.close();
    }

    static void assertTaxiiError(HttpResponse<String> r, int status) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type")).contains(TAXII);
        JsonNode e = json(r);
        assertThat(e.path("title").asText()).isNotEmpty();
        assertThat(e.path("http_status").asText()).isEqualTo(Integer.toString(status));
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void discoveryNeedsNoCredentialAndNamesTheApiRoot() {
        HttpResponse<String> r = n.get("/taxii2/", null);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).contains(TAXII);
        JsonNode d = json(r);
        assertThat(d.path("title").asText()).isNotEmpty();
        assertThat(d.path("api_roots")).extracting(JsonNode::asText).containsExactly(ROOT);
        assertThat(d.path("default").asText()).isEqualTo(ROOT);
    }

    @Test
    void apiRootAnnouncesVersionAndMaxContentLength() {
        JsonNode a = json(n.get(ROOT, alice));
        assertThat(a.path("versions")).extracting(JsonNode::asText).containsExactly(TAXII);
        assertThat(a.path("max_content_length").asLong()).isEqualTo(TaxiiConfig.DEFAULT_MAX_CONTENT_LENGTH);
    }

    @Test
    void everyOtherEndpointNeedsACredential() {
        for (String path : List.of(ROOT, ROOT + "collections/", ROOT + "collections/intelligence/objects/",
                ROOT + "status/2d086da7-4bdc-4f91-900e-d77486753710/", ROOT + "no/such/path/")) {
            HttpResponse<String> r = n.get(path, null);
            assertTaxiiError(r, 401);
            assertThat(r.headers().firstValue("WWW-Authenticate")).get().asString().contains("Bearer");
            assertTaxiiError(n.get(path, "ct1.0123456789abcdef.AAAA"), 401);
        }
    }

    @Test
    void httpBasicWithTheTokenAsPasswordIsAccepted() {
        String basic = java.util.Base64.getEncoder().encodeToString(("alice:" + alice).getBytes());
        HttpResponse<String> r = n.send(HttpRequest.newBuilder(n.uri(ROOT + "collections/")).header("Accept", TAXII)
                .header("Authorization", "Basic " + basic), null);
        assertThat(r.statusCode()).isEqualTo(200);
    }

    @Test
    void collectionsShowIdAliasRightsAndMediaTypes() {
        String reader = n.token("reader", Set.of("intelligence", "alerts"), Set.of());
        JsonNode cs = json(n.get(ROOT + "collections/", reader)).path("collections");
        assertThat(cs).hasSize(2);
        JsonNode intel = cs.get(0).path("alias").asText().equals("intelligence") ? cs.get(0) : cs.get(1);
        assertThat(intel.path("id").asText()).isEqualTo(n.intelligence);
        assertThat(intel.path("title").asText()).isEqualTo("Intelligence");
        assertThat(intel.path("can_read").asBoolean()).isTrue();
        assertThat(intel.path("can_write").asBoolean()).isFalse();
        assertThat(intel.path("media_types")).extracting(JsonNode::asText).containsExactly("application/stix+json;version=2.1");
        // by id and by alias
        assertThat(json(n.get(ROOT + "collections/" + n.intelligence + "/", reader)).path("alias").asText()).isEqualTo("intelligence");
        assertThat(json(n.get(ROOT + "collections/alerts/", reader)).path("id").asText()).isEqualTo(n.alerts);
        // no rights at all: an empty collections resource (§5.1.1: the key is omitted)
        String nobody = n.token("nobody", Set.of(), Set.of());
        assertThat(n.get(ROOT + "collections/", nobody).body()).isEqualTo("{}");
    }

    @Test
    void notAcceptableWithoutATaxii21MediaRange() {
        for (String accept : List.of("text/html", "application/taxii+json;version=2.0", "application/vnd.oasis.taxii+json; version=2.0")) {
            HttpResponse<String> r = n.send(HttpRequest.newBuilder(n.uri(ROOT + "collections/")).header("Accept", accept), alice);
            assertTaxiiError(r, 406);
        }
    }

    @Test
    void postAddsObjectsAndReportsEachOneIncludingPartialFailure() {
        String good = TestNode.newIndicatorId();
        ObjectNode noPattern = indicator(TestNode.newIndicatorId(), "2024-02-01T00:00:00.000Z");
        noPattern.remove("pattern");
        ObjectNode badPattern = indicator(TestNode.newIndicatorId(), "2024-02-01T00:00:00.000Z");
        badPattern.put("pattern", "[domain-name:value = ");
        ObjectNode wrongPrefix = indicator("malware--" + java.util.UUID.randomUUID(), "2024-02-01T00:00:00.000Z");
        List<JsonNode> objects = new ArrayList<>(List.of(indicator(good, "2024-02-01T00:00:00.000Z"), noPattern, badPattern,
                wrongPrefix, TestNode.JSON.getNodeFactory().textNode("not an object")));
        HttpResponse<String> r = n.post(n.objectsPath("intelligence"), alice, TestNode.envelope(objects));
        assertThat(r.statusCode()).isEqualTo(202);
        JsonNode s = json(r);
        assertThat(s.path("status").asText()).isEqualTo("complete");
        assertThat(s.path("total_count").asInt()).isEqualTo(5);
        assertThat(s.path("success_count").asInt()).isEqualTo(1);
        assertThat(s.path("failure_count").asInt()).isEqualTo(4);
        assertThat(s.path("pending_count").asInt()).isZero();
        assertThat(s.path("successes").get(0).path("id").asText()).isEqualTo(good);
        assertThat(s.path("successes").get(0).path("version").asText()).isEqualTo("2024-02-01T00:00:00.000Z");
        for (JsonNode f : s.path("failures")) assertThat(f.path("message").asText()).isNotEmpty();
        assertThat(s.path("failures").get(0).path("id").asText()).isEqualTo(noPattern.get("id").asText());
        assertThat(s.path("failures").get(0).path("message").asText()).contains("pattern");

        // the status is readable afterwards, by its requester only
        String statusPath = ROOT + "status/" + s.path("id").asText() + "/";
        assertThat(json(n.get(statusPath, alice))).isEqualTo(s);
        assertTaxiiError(n.get(statusPath, n.token("mallory")), 404);
        assertTaxiiError(n.get(ROOT + "status/not-a-uuid/", alice), 404);

        // a duplicate is a success, not an error (§5.5)
        JsonNode again = json(n.post(n.objectsPath("intelligence"), alice, TestNode.envelope(List.of(indicator(good, "2024-02-01T00:00:00.000Z")))));
        assertThat(again.path("success_count").asInt()).isEqualTo(1);
        assertThat(again.path("successes").get(0).path("message").asText()).contains("already");
        // the valid one is there
        assertThat(n.get(n.objectsPath("intelligence") + good + "/", alice).statusCode()).isEqualTo(200);
    }

    @Test
    void badBodiesGetTheirTaxiiErrors() {
        String path = n.objectsPath("intelligence");
        HttpResponse<String> wrongType = n.send(HttpRequest.newBuilder(n.uri(path)).header("Accept", TAXII)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"objects\":[]}")), alice);
        assertTaxiiError(wrongType, 415);
        assertTaxiiError(n.post(path, alice, "{\"objects\": [ {\"type\": "), 422);
        assertTaxiiError(n.post(path, alice, "[1,2,3]"), 422);
        assertTaxiiError(n.post(path, alice, "{\"objects\": {}}"), 422);
        assertTaxiiError(n.post(path, alice, "{\"objects\": [], \"objects\": []}"), 422);
        assertThat(json(n.post(path, alice, "{}")).path("total_count").asInt()).isZero();
    }

    @Test
    void getAnObjectItsVersionsAndDeleteIt() {
        String id = TestNode.newIndicatorId();
        String v1 = "2024-03-01T00:00:00.000Z", v2 = "2024-03-02T00:00:00.000Z", v3 = "2024-03-03T00:00:00.000Z";
        n.post(n.objectsPath("intelligence"), alice, TestNode.envelope(List.of(indicator(id, v1), indicator(id, v2), indicator(id, v3))));
        String objectPath = n.objectsPath("intelligence") + id + "/";

        HttpResponse<String> latest = n.get(objectPath, alice);
        assertThat(latest.statusCode()).isEqualTo(200);
        assertThat(latest.headers().firstValue("X-TAXII-Date-Added-First")).get().asString().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
        assertThat(latest.headers().firstValue("X-TAXII-Date-Added-Last")).isPresent();
        assertThat(json(latest).path("objects")).extracting(o -> o.path("modified").asText()).containsExactly(v3);
        assertThat(json(n.get(objectPath + "?match[version]=first", alice)).path("objects"))
                .extracting(o -> o.path("modified").asText()).containsExactly(v1);
        assertThat(json(n.get(objectPath + "?match[version]=all", alice)).path("objects")).hasSize(3);
        assertThat(json(n.get(objectPath + "?match[version]=" + v2, alice)).path("objects"))
                .extracting(o -> o.path("modified").asText()).containsExactly(v2);

        HttpResponse<String> versions = n.get(objectPath + "versions/", alice);
        assertThat(json(versions).path("versions")).extracting(JsonNode::asText).containsExactly(v1, v2, v3);
        assertThat(versions.headers().firstValue("X-TAXII-Date-Added-Last")).isPresent();
        JsonNode firstPage = json(n.get(objectPath + "versions/?limit=2", alice));
        assertThat(firstPage.path("more").asBoolean()).isTrue();
        JsonNode secondPage = json(n.get(objectPath + "versions/?limit=2&next=" + firstPage.path("next").asText(), alice));
        assertThat(secondPage.path("versions")).extracting(JsonNode::asText).containsExactly(v3);

        // manifest: one record per version
        JsonNode manifest = json(n.get(ROOT + "collections/intelligence/manifest/?match[id]=" + id + "&match[version]=all", alice));
        assertThat(manifest.path("objects")).hasSize(3);
        assertThat(manifest.path("objects").get(0).path("media_type").asText()).isEqualTo("application/stix+json;version=2.1");
        assertThat(manifest.path("objects").get(0).path("date_added").asText()).endsWith("Z");

        // delete one version, then the rest; afterwards 404 (§5.7)
        assertThat(n.delete(objectPath + "?match[version]=" + v1, alice).statusCode()).isEqualTo(200);
        assertThat(json(n.get(objectPath + "versions/", alice)).path("versions")).hasSize(2);
        assertThat(n.delete(objectPath, alice).statusCode()).isEqualTo(200);
        assertTaxiiError(n.get(objectPath, alice), 404);
        assertTaxiiError(n.delete(objectPath, alice), 404);
        assertThat(json(n.get(ROOT + "collections/intelligence/manifest/?match[id]=" + id, alice)).has("objects")).isFalse();
    }

    @Test
    void filtersByTypeIdAndSpecVersion() {
        String a = TestNode.newIndicatorId(), b = TestNode.newIndicatorId();
        String malware = "malware--" + java.util.UUID.randomUUID();
        ObjectNode m = TestNode.JSON.createObjectNode().put("type", "malware").put("spec_version", "2.1").put("id", malware)
                .put("created", "2024-01-01T00:00:00.000Z").put("modified", "2024-01-01T00:00:00.000Z")
                .put("name", "bad").put("is_family", false);
        n.post(n.objectsPath("sightings"), n.token("sighter", Set.of("sightings"), Set.of("sightings")),
                TestNode.envelope(List.of(indicator(a, "2024-01-01T00:00:00.000Z"), indicator(b, "2024-01-01T00:00:00.000Z"), m)));
        String t = n.token("sightings-reader", Set.of("sightings"), Set.of());
        String objects = n.objectsPath("sightings");
        assertThat(json(n.get(objects + "?match[type]=malware", t)).path("objects")).extracting(o -> o.path("id").asText()).containsExactly(malware);
        assertThat(json(n.get(objects + "?match[type]=indicator,malware", t)).path("objects")).hasSize(3);
        assertThat(json(n.get(objects + "?match[id]=" + a + "," + malware, t)).path("objects")).hasSize(2);
        assertThat(json(n.get(objects + "?match[spec_version]=2.1", t)).path("objects")).hasSize(3);
        assertThat(n.get(objects + "?match[spec_version]=2.0", t).body()).isEqualTo("{\"more\":false}");
    }

    @Test
    void malformedFiltersAndGarbageTokensAre400() {
        String objects = n.objectsPath("intelligence");
        for (String q : List.of("added_after=yesterday", "added_after=2024-01-01T00:00:00Z&added_after=2024-01-02T00:00:00Z",
                "limit=0", "limit=-5", "limit=abc", "next=garbage", "next=AAAAAAAAAAAAAAAAAAAAAAA",
                "match[version]=all,first", "match[version]=2024-99-01T00:00:00Z", "match[id]=..%2F..%2Fetc")) {
            assertTaxiiError(n.get(objects + "?" + q, alice), 400);
        }
        // a next token of another collection does not page this one
        String other = json(n.get(n.objectsPath("intelligence") + "?limit=1", alice)).path("next").asText();
        if (!other.isEmpty()) assertTaxiiError(n.get(n.objectsPath("alerts") + "?next=" + other, n.token("x", Set.of("alerts"), Set.of())), 400);
    }

    @Test
    void pathTraversalAndEncodedSlashesNeverReachTheStore() {
        for (String path : List.of(ROOT + "collections/intelligence/objects/..%2F..%2Fetc%2Fpasswd/",
                ROOT + "collections/intelligence/objects/%2e%2e/",
                ROOT + "collections/..%2Fintelligence/objects/",
                ROOT + "collections/intelligence/objects/indicator--1234/",
                ROOT + "collections/intelligence/objects/not-an-id/versions/")) {
            HttpResponse<String> r = n.send(HttpRequest.newBuilder(n.uri(path)).header("Accept", TAXII), alice);
            assertThat(r.statusCode()).as(path + " " + r.body()).isIn(400, 404);
            assertThat(r.headers().firstValue("Content-Type")).as(path).contains(TAXII);
            assertThat(json(r).path("http_status").asText()).isEqualTo(Integer.toString(r.statusCode()));
        }
    }

    @Test
    void unknownEndpointsAndMethodsAreTaxiiErrors() {
        assertTaxiiError(n.get(ROOT + "nothing-here/", alice), 404);
        HttpResponse<String> put = n.send(HttpRequest.newBuilder(n.uri(ROOT + "collections/")).header("Accept", TAXII)
                .PUT(HttpRequest.BodyPublishers.ofString("{}")), alice);
        assertThat(put.statusCode()).isIn(404, 405);
        assertThat(json(put).path("http_status").asText()).isEqualTo(Integer.toString(put.statusCode()));
    }
}
