package org.concord.taxii;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.concord.node.NodeTls;
import org.concord.partner.Partners;
import org.concord.policy.Agreement;
import org.concord.policy.Agreements;
import org.concord.policy.AuditDatabase;
import org.concord.policy.EgressPolicy;
import org.concord.policy.PseudonymKey;
import org.concord.stix.StixObject;
import org.concord.stix.StixValidator;
import org.concord.stix.Tlp;
import org.concord.stix.TlpDefinitions;
import org.concord.store.Database;
import org.concord.store.StoreConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Withheld looks like absent (docs/sovereignty.md), over a real server and a partner's mutual TLS:
 * what a partner whose agreement stops at AMBER reads of a node holding RED versions, compared with
 * what it reads where those versions are not held at all: pages, headers, {@code more}, {@code next},
 * one object, versions, the 404s; older versions withdrawn by a stricter newer one; references to
 * withheld objects; the standard TLP definitions.
 */
class WithheldLooksAbsentTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TAXII = TestNode.TAXII;

    @TempDir
    Path dir;
    @TempDir
    Path partnerDir;

    private Database auditDb;
    private AuditDatabase audit;
    private TestNode n;
    private HttpClient partner;

    @BeforeEach
    void start() {
        auditDb = Database.open(new StoreConfig.Embedded(dir.resolve("audit.db")));
        audit = new AuditDatabase(auditDb);
        EgressPolicy policy = new EgressPolicy("testnode", Tlp.AMBER, PseudonymKey.of(new byte[32]), new StixValidator());
        Agreements agreements = new Agreements(List.of(Agreement.outbound("cert-fi").collections("intelligence")
                .tlp(Tlp.CLEAR, Tlp.GREEN, Tlp.AMBER).types("*").build()));
        n = TestNode.start(dir, TestNode.policy(policy, agreements, audit));
        NodeTls identity = NodeTls.create(partnerDir, "cert-fi");
        n.db.partners().add(new Partners.Partner("cert-fi", identity.fingerprint(), Instant.now()));
        n.db.rights().set(Principal.partnerKey("cert-fi"), new Permissions(Set.of(n.intelligence), Set.of()));
        partner = n.client(identity);
    }

    @AfterEach
    void stop() {
        n.close();
        auditDb.close();
    }

    @Test
    void aPageWhoseEveryEntryIsWithheldCarriesNoDateHeadersLikeAnEmptyCollection() {
        HttpResponse<String> empty = read(n.objectsPath("intelligence"));
        put(indicator("red one", Tlp.RED), indicator("red two", Tlp.RED));
        HttpResponse<String> withheld = read(n.objectsPath("intelligence"));

        assertThat(withheld.statusCode()).isEqualTo(200);
        assertThat(withheld.headers().firstValue("X-TAXII-Date-Added-First")).isEmpty();
        assertThat(withheld.headers().firstValue("X-TAXII-Date-Added-Last")).isEmpty();
        assertThat(withheld.body()).isEqualTo(empty.body()).isEqualTo("{\"more\":false}");
    }

    @Test
    void datesMoreAndNextTellOnlyOfReleasedEntries() {
        ObjectNode green1 = indicator("green 1", Tlp.GREEN), red1 = indicator("red 1", Tlp.RED);
        ObjectNode green2 = indicator("green 2", Tlp.GREEN), red2 = indicator("red 2", Tlp.RED);
        put(green1, red1, green2, red2);
        String member = n.token("alice");
        List<String> added = new ArrayList<>(); // date_added of each entry, as the member sees them
        TestNode.json(n.get(n.objectsPath("intelligence").replace("/objects/", "/manifest/") + "?match[version]=all", member))
                .path("objects").forEach(o -> added.add(o.path("date_added").asText()));

        HttpResponse<String> first = read(n.objectsPath("intelligence") + "?limit=1");
        assertThat(ids(first)).containsExactly(green1.get("id").asText());
        assertThat(first.headers().firstValue("X-TAXII-Date-Added-Last")).hasValue(added.get(0));
        JsonNode env = TestNode.json(first);
        assertThat(env.path("more").asBoolean()).isTrue();
        HttpResponse<String> second = read(n.objectsPath("intelligence") + "?limit=1&next=" + env.path("next").asText());
        assertThat(ids(second)).containsExactly(green2.get("id").asText());
        assertThat(second.headers().firstValue("X-TAXII-Date-Added-First")).hasValue(added.get(2));
        assertThat(second.headers().firstValue("X-TAXII-Date-Added-Last")).hasValue(added.get(2));
        assertThat(TestNode.json(second).path("more").asBoolean()).as("the RED entry after it is as absent").isFalse();
        assertThat(TestNode.json(second).has("next")).isFalse();
        // resuming after the last released entry finds nothing, with no dates
        HttpResponse<String> after = read(n.objectsPath("intelligence") + "?added_after=" + added.get(2));
        assertThat(after.body()).isEqualTo("{\"more\":false}");
        assertThat(after.headers().firstValue("X-TAXII-Date-Added-First")).isEmpty();
    }

    @Test
    void oneObjectAndItsVersionsAnswerForAWithheldIdExactlyAsForAnUnknownOne() {
        ObjectNode red = indicator("red", Tlp.RED);
        put(red);
        String unknown = "indicator--" + UUID.randomUUID();
        String held = red.get("id").asText();
        for (String path : List.of("", "versions/")) {
            HttpResponse<String> a = read(n.objectsPath("intelligence") + held + "/" + path);
            HttpResponse<String> b = read(n.objectsPath("intelligence") + unknown + "/" + path);
            assertThat(a.statusCode()).isEqualTo(404).isEqualTo(b.statusCode());
            assertThat(a.body().replace(held, "ID")).isEqualTo(b.body().replace(unknown, "ID"));
            assertThat(a.headers().map().keySet()).isEqualTo(b.headers().map().keySet());
        }
    }

    @Test
    void aStricterNewerVersionWithdrawsTheOlderOnesFromEveryView() {
        String id = "indicator--" + UUID.randomUUID();
        put(version(id, "2026-01-01T00:00:00.000Z", Tlp.GREEN), version(id, "2026-01-02T00:00:00.000Z", Tlp.GREEN));
        assertThat(ids(read(n.objectsPath("intelligence") + "?match[version]=all"))).containsExactly(id, id);
        put(version(id, "2026-01-03T00:00:00.000Z", Tlp.RED));

        for (String q : List.of("?match[version]=all", "?match[version]=first", "?match[version]=last",
                "?match[version]=2026-01-01T00:00:00.000Z", "")) {
            HttpResponse<String> r = read(n.objectsPath("intelligence") + q);
            assertThat(r.body()).as(q).isEqualTo("{\"more\":false}");
            assertThat(read(n.objectsPath("intelligence").replace("/objects/", "/manifest/") + q).body()).as(q)
                    .isEqualTo("{\"more\":false}");
            assertThat(read(n.objectsPath("intelligence") + id + "/" + q).statusCode()).as(q).isEqualTo(404);
        }
        assertThat(read(n.objectsPath("intelligence") + id + "/versions/").statusCode()).isEqualTo(404);

        // a newer version that goes again brings its history back
        put(version(id, "2026-01-04T00:00:00.000Z", Tlp.GREEN));
        assertThat(TestNode.json(read(n.objectsPath("intelligence") + id + "/versions/")).path("versions").size()).isEqualTo(3);
    }

    @Test
    void referencesToWithheldObjectsAreRemovedAndAnObjectThatCannotGoWithoutThemIsWithheld() {
        ObjectNode malware = object("malware", "green malware", Tlp.GREEN).put("name", "m").put("is_family", false);
        ObjectNode redIp = ipv4("203.0.113.77", Tlp.RED);
        ObjectNode relationship = object("relationship", "rel", Tlp.GREEN).put("relationship_type", "communicates-with")
                .put("source_ref", malware.get("id").asText()).put("target_ref", redIp.get("id").asText());
        String notHeld = "ipv4-addr--" + UUID.randomUUID();
        ObjectNode report = object("report", "report", Tlp.GREEN).put("name", "r").put("published", "2026-01-01T00:00:00Z");
        report.putArray("object_refs").add(malware.get("id").asText()).add(redIp.get("id").asText()).add(notHeld);
        ObjectNode onlyRed = object("report", "only red", Tlp.GREEN).put("name", "r2").put("published", "2026-01-01T00:00:00Z");
        onlyRed.putArray("object_refs").add(redIp.get("id").asText());
        ObjectNode note = object("note", "note", Tlp.GREEN).put("content", "see").put("created_by_ref", "identity--" + UUID.randomUUID());
        note.putArray("object_refs").add(malware.get("id").asText());
        put(malware, redIp, relationship, report, onlyRed, note);

        HttpResponse<String> r = read(n.objectsPath("intelligence"));
        assertThat(r.body()).doesNotContain(redIp.get("id").asText()).doesNotContain("203.0.113.77");
        assertThat(ids(r)).containsExactly(malware.get("id").asText(), report.get("id").asText(), note.get("id").asText());
        JsonNode sent = TestNode.json(r).path("objects").get(1);
        assertThat(sent.path("object_refs")).extracting(JsonNode::asText).containsExactly(malware.get("id").asText(), notHeld);
        assertThat(new StixValidator().validate(sent)).isEmpty();
        assertThat(TestNode.json(r).path("objects").get(2).toString())
                .isEqualTo(new String(StixObject.of(note).canonical(), java.nio.charset.StandardCharsets.UTF_8)); // untouched
        assertThat(audit.log().find(org.concord.policy.AuditQuery.all()))
                .filteredOn(d -> d.objectId().equals(relationship.get("id").asText()))
                .singleElement().satisfies(d -> assertThat(d.rules().getFirst().id()).isEqualTo("reference-withheld"));
    }

    @Test
    void aLanguageContentIsAtLeastAsStrictAsWhatItTranslates() {
        ObjectNode amberStrict = object("malware", "strict", Tlp.AMBER_STRICT).put("name", "m").put("is_family", false);
        ObjectNode translation = object("language-content", "fr", Tlp.GREEN).put("object_ref", amberStrict.get("id").asText())
                .put("object_modified", "2026-01-01T00:00:00.000Z");
        translation.putObject("contents").putObject("fr").put("name", "m (fr)");
        put(amberStrict, translation);

        assertThat(read(n.objectsPath("intelligence")).body()).isEqualTo("{\"more\":false}");
    }

    @Test
    void theStandardTlpDefinitionsAreServedBuiltInToEveryReader() {
        put(indicator("amber", Tlp.AMBER));
        for (String token : new String[] {null, n.token("alice")}) {
            HttpResponse<String> r = token == null ? read(n.objectsPath("intelligence") + Tlp.AMBER.markingId() + "/")
                    : n.get(n.objectsPath("intelligence") + Tlp.AMBER.markingId() + "/", token);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            JsonNode def = TestNode.json(r).path("objects").get(0);
            assertThat(def.toString()).isEqualTo(new String(TlpDefinitions.of(Tlp.AMBER.markingId()).orElseThrow().canonical(),
                    java.nio.charset.StandardCharsets.UTF_8));
        }
        // a forged one is refused on POST
        String forged = new String(TlpDefinitions.of(Tlp.RED.markingId()).orElseThrow().canonical(), java.nio.charset.StandardCharsets.UTF_8)
                .replace("\"name\":\"TLP:RED\"", "\"name\":\"TLP:RED\",\"description\":\"secret\"");
        HttpResponse<String> posted = n.post(n.objectsPath("intelligence"), n.token("bob"), "{\"objects\":[" + forged + "]}");
        assertThat(TestNode.json(posted).path("failure_count").asInt()).isEqualTo(1);
        assertThat(TestNode.json(posted).path("failures").get(0).path("message").asText()).contains("is not that definition");
    }

    // ---- helpers

    private HttpResponse<String> read(String path) {
        return n.send(partner, HttpRequest.newBuilder(n.uri(path)).header("Accept", TAXII), null);
    }

    private void put(ObjectNode... objects) {
        for (ObjectNode o : objects) n.store.write(n.intelligence, List.of(StixObject.of(o)));
    }

    private static List<String> ids(HttpResponse<String> r) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        TestNode.json(r).path("objects").forEach(o -> out.add(o.path("id").asText()));
        return out;
    }

    private static ObjectNode indicator(String name, Tlp tlp) {
        return version("indicator--" + UUID.nameUUIDFromBytes(name.getBytes()), "2026-01-01T00:00:00.000Z", tlp);
    }

    private static ObjectNode version(String id, String modified, Tlp tlp) {
        ObjectNode o = JSON.createObjectNode();
        o.put("type", "indicator").put("spec_version", "2.1").put("id", id).put("created", "2026-01-01T00:00:00.000Z")
                .put("modified", modified).put("pattern", "[domain-name:value = 'x.example']").put("pattern_type", "stix")
                .put("valid_from", "2026-01-01T00:00:00Z");
        o.putArray("object_marking_refs").add(tlp.markingId());
        return o;
    }

    private static ObjectNode object(String type, String name, Tlp tlp) {
        ObjectNode o = JSON.createObjectNode();
        o.put("type", type).put("spec_version", "2.1").put("id", type + "--" + UUID.nameUUIDFromBytes(name.getBytes()))
                .put("created", "2026-01-01T00:00:00.000Z").put("modified", "2026-01-01T00:00:00.000Z");
        o.putArray("object_marking_refs").add(tlp.markingId());
        return o;
    }

    private static ObjectNode ipv4(String value, Tlp tlp) {
        ObjectNode o = JSON.createObjectNode();
        o.put("type", "ipv4-addr").put("spec_version", "2.1").put("id", "ipv4-addr--" + UUID.nameUUIDFromBytes(value.getBytes()))
                .put("value", value);
        o.putArray("object_marking_refs").add(tlp.markingId());
        return o;
    }
}
