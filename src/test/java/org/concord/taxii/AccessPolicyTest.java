package org.concord.taxii;

import static org.assertj.core.api.Assertions.assertThat;
import static org.concord.taxii.TestNode.ROOT;
import static org.concord.taxii.TestNode.indicator;
import static org.concord.taxii.TestNode.json;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The access policy: a collection the requester may neither read nor write answers exactly as one
 * that does not exist (404, the same body) on every endpoint; a visible collection refuses what the
 * requester may not do with 403 (§5.4, §5.5, the table of §5.7).
 */
class AccessPolicyTest {
    @TempDir
    static Path dir;
    static TestNode n;
    static String objectId = TestNode.newIndicatorId();

    @BeforeAll
    static void start() {
        n = TestNode.start(dir);
        n.post(n.objectsPath("alerts"), n.token("writer", Set.of("alerts"), Set.of("alerts")),
                TestNode.envelope(List.of(indicator(objectId, "2024-01-01T00:00:00.000Z"))));
    }

    @AfterAll
    static void stop() {
        n.close();
    }

    private static List<HttpResponse<String>> everyEndpoint(String collection, String token) {
        String c = ROOT + "collections/" + collection + "/";
        String o = c + "objects/" + objectId + "/";
        return List.of(n.get(c, token), n.get(c + "objects/", token), n.get(c + "manifest/", token), n.get(o, token),
                n.get(o + "versions/", token), n.delete(o, token),
                n.post(c + "objects/", token, TestNode.envelope(List.of(indicator(TestNode.newIndicatorId(), "2024-01-01T00:00:00.000Z")))));
    }

    @Test
    void anInvisibleCollectionLooksExactlyLikeOneThatDoesNotExist() {
        String outsider = n.token("outsider"); // intelligence only
        String auditor = n.token("auditor", Set.of("alerts"), Set.of());
        int before = json(n.get(n.objectsPath("alerts"), auditor)).path("objects").size();
        String unknown = "6f7e1b9a-0000-4000-8000-000000000000";
        List<HttpResponse<String>> invisibleById = everyEndpoint(n.alerts, outsider);
        List<HttpResponse<String>> invisibleByAlias = everyEndpoint("alerts", outsider);
        List<HttpResponse<String>> missing = everyEndpoint(unknown, outsider);
        for (int i = 0; i < missing.size(); i++) {
            assertThat(invisibleById.get(i).statusCode()).isEqualTo(404);
            assertThat(missing.get(i).statusCode()).isEqualTo(404);
            // byte for byte the same, once the requested name is the same
            assertThat(invisibleById.get(i).body().replace(n.alerts, unknown)).isEqualTo(missing.get(i).body());
            assertThat(invisibleByAlias.get(i).body().replace("alerts", unknown)).isEqualTo(missing.get(i).body());
            assertThat(invisibleById.get(i).headers().map().keySet()).isEqualTo(missing.get(i).headers().map().keySet());
        }
        assertThat(json(n.get(ROOT + "collections/", outsider)).path("collections"))
                .extracting(c -> c.path("alias").asText()).containsExactly("intelligence");
        // and nothing was written by the refused POST
        assertThat(json(n.get(n.objectsPath("alerts"), auditor)).path("objects")).hasSize(before);
    }

    @Test
    void readOnlyMayReadButNotWriteOrDelete() {
        String reader = n.token("ro", Set.of("alerts"), Set.of());
        List<HttpResponse<String>> r = everyEndpoint("alerts", reader);
        assertThat(r.subList(0, 5)).allSatisfy(x -> assertThat(x.statusCode()).isEqualTo(200));
        assertThat(r.get(5).statusCode()).isEqualTo(403); // delete: can_read true, can_write false
        assertThat(r.get(6).statusCode()).isEqualTo(403); // post
    }

    @Test
    void writeOnlyMayPostButNotRead() {
        String writer = n.token("wo", Set.of(), Set.of("alerts"));
        List<HttpResponse<String>> r = everyEndpoint("alerts", writer);
        assertThat(r.get(0).statusCode()).isEqualTo(200); // the collection resource says can_read false
        assertThat(json(r.get(0)).path("can_read").asBoolean()).isFalse();
        assertThat(json(r.get(0)).path("can_write").asBoolean()).isTrue();
        assertThat(r.subList(1, 6)).allSatisfy(x -> assertThat(x.statusCode()).isEqualTo(403));
        assertThat(r.get(6).statusCode()).isEqualTo(202);
    }

    @Test
    void aNewMemberGetsTheDefaultRightsAndARevokedTokenStopsWorking() {
        Permissions defaults = new Permissions(Set.of(n.intelligence), Set.of(n.intelligence));
        Tokens.IssuedToken t = n.access.issueToken("newcomer", null, defaults);
        assertThat(json(n.get(ROOT + "collections/", t.secret())).path("collections"))
                .extracting(c -> c.path("alias").asText()).containsExactly("intelligence");
        // a second token keeps the member's rights
        n.db.rights().set(Principal.memberKey("newcomer"), new Permissions(Set.of(n.alerts), Set.of()));
        Tokens.IssuedToken t2 = n.access.issueToken("newcomer", null, defaults);
        assertThat(json(n.get(ROOT + "collections/", t2.secret())).path("collections"))
                .extracting(c -> c.path("alias").asText()).containsExactly("alerts");
        n.db.tokens().revoke(t.info().id(), java.time.Instant.now());
        assertThat(n.get(ROOT + "collections/", t.secret()).statusCode()).isEqualTo(401);
        assertThat(n.get(ROOT + "collections/", t2.secret()).statusCode()).isEqualTo(200);
    }
}
