package org.concord.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.concord.ConcordException;
import org.concord.ErrorCode;
import org.concord.cli.DemoFederation.Member;
import org.concord.cli.DemoFederation.RunningNode;
import org.concord.fanout.Receiver;
import org.concord.node.Node;
import org.concord.node.NodeTls;
import org.concord.response.Requests.Kind;
import org.concord.response.Requests.Priority;
import org.concord.response.Requests.State;
import org.concord.response.Requests.Transition;
import org.concord.response.ResponseApi.Act;
import org.concord.response.ResponseApi.Answer;
import org.concord.response.ResponseApi.CaseEdit;
import org.concord.response.ResponseApi.NewRequest;
import org.concord.response.ResponseApi.OpenCase;
import org.concord.response.ResponseApi.TaskEdit;
import org.concord.response.TransitionSamples;
import org.concord.stix.StixObject;
import org.concord.stix.Tlp;
import org.concord.store.ObjectFilter;
import org.concord.store.Page;
import org.concord.store.StoredVersion;
import org.concord.store.VersionMatch;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Coordinated response end to end (issue 14, "Bad input and faults"): the three nodes of
 * {@code concord demo} on loopback (HTTPS with mutual TLS, pinned both ways, the demo's agreements
 * naming {@code cases}), each running as {@code serve} runs it, each member acting through its
 * node's {@link org.concord.response.ResponseApi}. cert-ee's and bank-lv's duty webhooks are real
 * local receivers that verify each delivery's signature. Each test works on cases of its own; the
 * nodes are started once.
 */
class FederatedCaseTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration LIMIT = Duration.ofSeconds(30);
    private static final String TAXII = "application/taxii+json;version=2.1";
    private static final String SECRET = "federated-case-duty-secret-0123456789";

    private static Path root;
    private static DemoFederation federation;
    private static Receiver eeDuty, lvDuty;
    private static Member EE, FI, LV;

    @BeforeAll
    static void start() throws Exception {
        root = Files.createTempDirectory("concord-cases");
        eeDuty = Receiver.start(SECRET, 0);
        lvDuty = Receiver.start(SECRET, 0);
        DemoFederation f = DemoFederation.create(root, FederatedEarlyWarningTest.freePorts(3), FederatedEarlyWarningTest.WARNINGLISTS,
                DemoFederation.Timing.DEMO, InstantSource.system());
        EE = f.members().get(0);
        FI = f.members().get(1);
        LV = f.members().get(2);
        f.dutyPager(EE, eeDuty.url().toString(), SECRET);
        f.dutyPager(LV, lvDuty.url().toString(), SECRET);
        federation = f.start();
    }

    @AfterAll
    static void stop() throws IOException {
        try {
            if (federation != null) federation.close();
            if (eeDuty != null) eeDuty.close();
            if (lvDuty != null) lvDuty.close();
        } finally {
            if (root != null) {
                try (Stream<Path> files = Files.walk(root)) {
                    for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
                }
            }
        }
    }

    private static RunningNode n(Member m) {
        return federation.node(m);
    }

    // ---- concurrent edits

    @Test
    void twoNodesEditingOneCaseAtOnceEndWithTheSameNewestBytesEverywhereHoldingTheGreatestStampedValues() throws Exception {
        List<String> ev = evidence(4);
        String caseId = caseWithAll("concurrent edits", Tlp.GREEN, ev.subList(0, 2));
        String taskId = n(EE).response().addTask(caseId, new TaskEdit("collect the loader's samples", null, "cert-ee", null, null, 2)).id();
        await(() -> allHold(taskId), "the task on every node");
        await(() -> sameNewest(caseId), "the case's version with the task on every node");

        // no sync while both edit: neither has seen the other's edit
        JsonNode eeCase, fiCase, eeTask, fiTask;
        for (RunningNode x : federation.nodes()) x.stopSync();
        try {
            n(EE).response().editCase(caseId, new CaseEdit("Loader campaign (cert-ee)", "seen at the border", null, null, null, null,
                    List.of(ev.get(2)), List.of(ev.get(0))));
            n(FI).response().editCase(caseId, new CaseEdit("Loader campaign (isac-fi)", null, "confirmed", "open", 80, null,
                    List.of(ev.get(3)), List.of()));
            n(EE).response().editTask(caseId, taskId, new TaskEdit(null, null, null, null, "ongoing", null));
            n(FI).response().editTask(caseId, taskId, new TaskEdit(null, "the samples of FI's sensors", "isac-fi", null, "successful", null));
            eeCase = tree(latest(n(EE), caseId));
            fiCase = tree(latest(n(FI), caseId));
            eeTask = tree(latest(n(EE), taskId));
            fiTask = tree(latest(n(FI), taskId));
        } finally {
            for (RunningNode x : federation.nodes()) x.startSync();
        }

        await(() -> sameNewest(caseId) && sameNewest(taskId) && evidenceOf(tree(latest(n(LV), caseId))).contains(ev.get(3))
                && evidenceOf(tree(latest(n(LV), caseId))).contains(ev.get(2))
                && tree(latest(n(LV), taskId)).toString().contains("the samples of FI")
                && value(tree(latest(n(LV), taskId)), "outcome").asText().equals(value(winner(eeTask, fiTask, "outcome"), "outcome").asText()),
                "both edits merged into the same newest version on every node");

        JsonNode merged = tree(latest(n(LV), caseId));
        assertThat(merged.path("name").asText()).as("name, set on both: the greater stamp's")
                .isEqualTo(winner(eeCase, fiCase, "name").path("name").asText());
        assertThat(merged.path("description").asText()).as("set on cert-ee only").isEqualTo("seen at the border");
        assertThat(value(merged, "determination").asText()).as("set on isac-fi only").isEqualTo("confirmed");
        assertThat(evidenceOf(merged)).as("cert-ee's removal and both additions").containsExactlyInAnyOrder(ev.get(1), ev.get(2), ev.get(3));
        JsonNode task = tree(latest(n(LV), taskId));
        assertThat(value(task, "outcome").asText()).as("outcome, set on both: the greater stamp's")
                .isEqualTo(value(winner(eeTask, fiTask, "outcome"), "outcome").asText());
        assertThat(value(task, "description").asText()).isEqualTo("the samples of FI's sensors");
        assertThat(value(task, "owner_ref").asText()).isEqualTo(identity(FI));
        for (RunningNode x : federation.nodes()) {
            assertThat(x.response().caseDetail(caseId).orElseThrow().evidence()).as(x + ": the view").containsExactlyInAnyOrder(
                    ev.get(1), ev.get(2), ev.get(3));
        }
    }

    /** The version of the two whose stamp of {@code field} is greater (docs/response-design.md §2: (at, by)). */
    private static JsonNode winner(JsonNode a, JsonNode b, String field) {
        return stampOf(a, field).compareTo(stampOf(b, field)) >= 0 ? a : b;
    }

    /** A field's stamp as "at by", which compares as (at, by): the times are of one fixed format. */
    private static String stampOf(JsonNode version, String field) {
        for (JsonNode ext : version.path("extensions")) {
            JsonNode f = ext.path("fields").path(field);
            if (f.isObject()) return f.path("at").asText() + " " + f.path("by").asText();
        }
        throw new AssertionError("no stamp of " + field + " in " + version);
    }

    /** A property of the case or task, at its top level or in one of its extensions (Incident Core's, the Task extension's). */
    private static JsonNode value(JsonNode version, String field) {
        if (version.has(field)) return version.get(field);
        for (JsonNode ext : version.path("extensions")) if (ext.has(field)) return ext.get(field);
        throw new AssertionError("no " + field + " in " + version);
    }

    private static Set<String> evidenceOf(JsonNode version) {
        Set<String> out = new HashSet<>();
        for (JsonNode ext : version.path("extensions")) {
            for (JsonNode e : ext.path("evidence")) if (!e.path("removed").asBoolean()) out.add(e.path("object_ref").asText());
        }
        return out;
    }

    // ---- who sees what

    @Test
    void aRedJournalEntryNeverLeavesItsNodeAnAmberOneReachesParticipantsOnlyAndAMemberNotInvitedReadsNothingOfTheCase() throws Exception {
        String caseId = n(EE).response().openCase(new OpenCase(null, "RED and AMBER entries", "fi only", Tlp.AMBER, List.of())).summary().id();
        n(EE).response().invite(caseId, FI.node(), null);
        await(() -> invited(FI, caseId), "the invitation at isac-fi");
        n(FI).response().answer(caseId, Answer.ACCEPT, null);
        String red = "red-canary-" + UUID.randomUUID(), amber = "amber-canary-" + UUID.randomUUID();
        String redNote = n(EE).response().addNote(caseId, "only here: " + red, Tlp.RED).id();
        String amberNote = n(EE).response().addNote(caseId, "participants: " + amber, Tlp.AMBER).id();
        await(() -> n(FI).node().store().latest(amberNote).isPresent(), "the AMBER entry at isac-fi");
        // a barrier for bank-lv: a GREEN object written after the notes reaches it (its pull and cert-ee's push ran since)
        String barrier = evidence(1).getFirst();
        await(() -> n(LV).has(barrier), "an object written after the notes at bank-lv");
        await(() -> n(FI).response().caseDetail(caseId).map(c -> c.notes().size() == 1).orElse(false), "isac-fi's view");

        assertThat(everything(n(FI))).as("isac-fi holds nothing of the RED entry").doesNotContain(red).doesNotContain(redNote);
        String lvHolds = everything(n(LV));
        assertThat(lvHolds).as("bank-lv, not invited, holds nothing of the case")
                .doesNotContain(caseId).doesNotContain(red).doesNotContain(amber).doesNotContain(redNote).doesNotContain(amberNote);
        assertThat(n(LV).response().caseDetail(caseId)).isEmpty();

        Map<String, HttpClient> clients = Map.of(FI.node(), client(FI, EE), LV.node(), client(LV, EE));
        String cases = n(EE).apiRoot() + "collections/" + n(EE).node().collectionId(Node.CASES) + "/";
        String unknownNote = "note--" + UUID.randomUUID();
        assertThat(get(clients.get(FI.node()), cases + "objects/" + amberNote + "/").statusCode()).as("positive control").isEqualTo(200);
        assertWithheld(clients.get(FI.node()), cases, redNote, unknownNote);
        for (String id : List.of(caseId, redNote, amberNote)) assertWithheld(clients.get(LV.node()), cases, id, unknownNote);
        String all = get(clients.get(LV.node()), cases + "objects/?match[version]=all").body();
        assertThat(all).as("bank-lv's walk of cert-ee's cases").doesNotContain(caseId).doesNotContain(red).doesNotContain(amber);
        // isac-fi holds the case and the AMBER entry: it does not pass them to bank-lv either
        String fiCases = n(FI).apiRoot() + "collections/" + n(FI).node().collectionId(Node.CASES) + "/";
        HttpClient lvAtFi = client(LV, FI);
        for (String id : List.of(caseId, amberNote)) assertWithheld(lvAtFi, fiCases, id, unknownNote);
        assertThat(get(lvAtFi, fiCases + "objects/?match[version]=all").body()).doesNotContain(caseId).doesNotContain(amber);
    }

    /** {@code id} answers exactly as an id never held: status and body (the id itself aside). */
    private static void assertWithheld(HttpClient c, String collection, String id, String unknown) throws Exception {
        for (String tail : List.of("/", "/versions/")) {
            HttpResponse<String> held = get(c, collection + "objects/" + id + tail), never = get(c, collection + "objects/" + unknown + tail);
            assertThat(held.statusCode()).as(id + tail).isEqualTo(404).isEqualTo(never.statusCode());
            assertThat(held.body().replace(id, "ID")).as(id + tail).isEqualTo(never.body().replace(unknown, "ID"));
        }
    }

    // ---- deadlines

    @Test
    void aPartnerOfflineWhenADeadlinePassesIsEscalatedOnceByTheRequesterAndGetsTheNoticesWhenBack() throws Exception {
        String caseId = caseWithAll("offline partner", Tlp.AMBER, List.of());
        String id = n(EE).response().sendRequest(new NewRequest(LV.node(), caseId, Kind.INFORMATION, Priority.HIGH, null,
                "who logged in from the loader's hosts?", null, null, Instant.now().plusSeconds(3), null)).summary().id();
        await(() -> n(LV).response().request(id).isPresent(), "the request at bank-lv");
        federation.stop(LV);
        List<Receiver.Delivery> got;
        try {
            await(() -> notices(n(EE), id, identity(EE)).size() == 2, "cert-ee's notices at levels 1 and 2");
            got = deliveries(eeDuty, id, 2);
            assertThat(got).allSatisfy(d -> assertThat(d.signatureValid()).isTrue());
            assertThat(got.stream().map(FederatedCaseTest::levelOf)).as("cert-ee's duty: levels 1 and 2").containsExactlyInAnyOrder(1, 2);
        } finally {
            federation.restart(LV);
        }
        await(() -> notices(n(LV), id, identity(EE)).size() == 2, "cert-ee's notices delivered to bank-lv when it is back");
        await(() -> notices(n(LV), id, identity(LV)).size() == 2, "bank-lv's own sweep escalates the deadline it missed");
        List<Receiver.Delivery> lvGot = deliveries(lvDuty, id, 2);
        assertThat(lvGot.stream().map(d -> levelOf(d))).as("bank-lv's duty: its own notices, each once").containsExactlyInAnyOrder(1, 2);
        Thread.sleep(1_500); // nothing more comes: no notice twice (a delivery may be repeated, under its id: at least once)
        Set<String> eeIds = ids(got), lvIds = ids(lvGot);
        assertThat(ids(drain(eeDuty, id))).as("cert-ee's duty: no other delivery").isSubsetOf(eeIds);
        assertThat(ids(drain(lvDuty, id))).as("bank-lv's duty: no other delivery").isSubsetOf(lvIds);
        for (RunningNode x : List.of(n(EE), n(LV))) {
            assertThat(notices(x, id, null)).as(x + ": one version of each notice, one notice per (deadline, level, member)").hasSize(4);
        }
    }

    @Test
    void aNodeRestartedMidEscalationWritesEachNoticeOnceAndDeliversItUnderOneDeliveryId() throws Exception {
        String caseId = caseWithAll("restart mid-escalation", Tlp.AMBER, List.of());
        List<Receiver.Delivery> attempts = new java.util.concurrent.CopyOnWriteArrayList<>();
        java.util.concurrent.CountDownLatch first = new java.util.concurrent.CountDownLatch(1);
        eeDuty.answer = d -> {
            if (!d.text().contains("x-concord-request--")) return 200;
            attempts.add(d);
            first.countDown();
            return attempts.size() == 1 ? 503 : 200; // the first attempt fails: the node is stopped before it is retried
        };
        try {
            String id = n(EE).response().sendRequest(new NewRequest(LV.node(), caseId, Kind.ASSISTANCE, Priority.HIGH, null,
                    "help us take the loader's C2 down", null, null, Instant.now().plusSeconds(2), null)).summary().id();
            assertThat(first.await(20, java.util.concurrent.TimeUnit.SECONDS)).as("a first delivery attempt").isTrue();
            federation.stop(EE);
            Thread.sleep(2_000); // the second level falls due while cert-ee is down
            federation.restart(EE);
            await(() -> notices(n(EE), id, identity(EE)).size() == 2, "cert-ee's notices at levels 1 and 2");
            await(() -> attempts.stream().filter(d -> d.text().contains(id)).map(FederatedCaseTest::levelOf).distinct().count() == 2
                    && attempts.size() >= 3, "both levels delivered, the first after a failed attempt");
            Thread.sleep(1_000); // a late duplicate would come within the retry delay
            Map<Integer, Set<String>> ids = new HashMap<>();
            for (Receiver.Delivery d : attempts) if (d.text().contains(id)) ids.computeIfAbsent(levelOf(d), l -> new HashSet<>()).add(d.id());
            assertThat(ids).as("one delivery id per notice and endpoint, retried or not").containsOnlyKeys(1, 2);
            assertThat(ids.values()).allSatisfy(s -> assertThat(s).hasSize(1));
            assertThat(notices(n(EE), id, identity(EE))).as("each notice written once").hasSize(2);
            drain(eeDuty, id);
        } finally {
            eeDuty.answer = d -> 200;
        }
    }

    private static Set<String> ids(List<Receiver.Delivery> deliveries) {
        Set<String> out = new HashSet<>();
        deliveries.forEach(d -> out.add(d.id()));
        return out;
    }

    private static int levelOf(Receiver.Delivery d) {
        try {
            JsonNode b = JSON.readTree(d.body());
            JsonNode level = b.has("level") ? b.get("level") : b.path("object").path("level");
            if (!level.isInt()) level = b.findValue("level");
            return level == null ? 0 : level.asInt();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The escalation notices of {@code requestId} the node holds (every version), by {@code member} (null: any). */
    private static List<JsonNode> notices(RunningNode n, String requestId, String member) {
        List<JsonNode> out = new ArrayList<>();
        for (StoredVersion v : versions(n, List.of("x-concord-escalation"))) {
            JsonNode o = tree(v.object());
            if (o.path("request_ref").asText().equals(requestId) && (member == null || o.path("member_ref").asText().equals(member))) out.add(o);
        }
        return out;
    }

    /** The next deliveries about {@code requestId} (others are dropped) until {@code count} delivery ids came, one of each id. */
    private static List<Receiver.Delivery> deliveries(Receiver r, String requestId, int count) throws InterruptedException {
        Map<String, Receiver.Delivery> out = new java.util.LinkedHashMap<>();
        while (out.size() < count) {
            Receiver.Delivery d = r.next();
            if (d.text().contains(requestId)) out.putIfAbsent(d.id(), d);
        }
        return List.copyOf(out.values());
    }

    private static List<Receiver.Delivery> drain(Receiver r, String requestId) {
        List<Receiver.Delivery> out = new ArrayList<>();
        Receiver.Delivery d;
        while ((d = r.received.poll()) != null) if (d.text().contains(requestId)) out.add(d);
        return out;
    }

    // ---- forged transitions

    @Test
    void aForgedAcknowledgementPushedOverHttpsIsRefusedAndNeverStoredWhileTheReceiversOwnIs() throws Exception {
        String caseId = caseWithAll("forged transition", Tlp.AMBER, List.of());
        String id = n(FI).response().sendRequest(new NewRequest(LV.node(), caseId, Kind.INFORMATION, Priority.NORMAL, null,
                "what did the loader take?", null, null, null, null)).summary().id();
        await(() -> n(LV).response().request(id).isPresent(), "the request at bank-lv");
        // isac-fi, the requester, signs an acknowledgement only bank-lv may make, and its sync pushes it
        ObjectNode prior = (ObjectNode) tree(latest(n(FI), id));
        Instant at = Instant.now();
        StixObject forged = StixObject.of(TransitionSamples.next(prior, "acknowledge", "acknowledged", identity(FI), at));
        n(FI).node().store().write(n(FI).node().collectionId(Node.CASES), List.of(forged));
        String after = n(FI).response().addNote(caseId, "written after the forgery", null).id();
        await(() -> n(LV).node().store().latest(after).isPresent(), "what isac-fi wrote after the forgery, at bank-lv");
        assertThat(versions(n(LV), id)).as("the forged version is not stored").noneMatch(v -> v.object().modified().equals(forged.modified()));
        assertThat(n(EE).node().store().latest(id)).as("a request goes to its two parties only").isEmpty();
        assertThat(n(LV).response().request(id).orElseThrow().summary().state()).isEqualTo(State.SENT);
        n(LV).response().act(id, new Act(Transition.ACKNOWLEDGE, null, null));
        await(() -> n(FI).response().request(id).map(r -> r.summary().state() == State.ACKNOWLEDGED).orElse(false),
                "bank-lv's own acknowledgement at isac-fi");
        assertThat(versions(n(LV), id)).as("sent and bank-lv's acknowledgement").hasSize(2);
    }

    // ---- bad input

    @Test
    void badRequestsAndNotesFailWithTheirCodeAndWriteNothing() throws Exception {
        String caseId = caseWithAll("bad input", Tlp.AMBER, List.of());
        String id = n(EE).response().sendRequest(new NewRequest(LV.node(), caseId, Kind.INFORMATION, Priority.NORMAL, null,
                "the loader's hashes?", null, null, null, null)).summary().id();
        long before = versions(n(EE), List.of()).size();
        assertThatThrownBy(() -> n(EE).response().sendRequest(new NewRequest("cert-zz", caseId, Kind.INFORMATION, Priority.NORMAL, null,
                "to nobody", null, null, null, null))).isInstanceOfSatisfying(ConcordException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNKNOWN_MEMBER);
                    assertThat(e.getMessage()).contains("cert-zz").contains("bank-lv").contains("isac-fi");
                });
        assertThatThrownBy(() -> n(EE).response().act(id, new Act(Transition.ACKNOWLEDGE, null, null)))
                .isInstanceOfSatisfying(ConcordException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.REQUEST_TRANSITION_NOT_ALLOWED);
                    assertThat(e.getMessage()).as("the allowed ones named").containsIgnoringCase("withdraw");
                });
        assertThatThrownBy(() -> n(EE).response().sendRequest(new NewRequest(LV.node(), caseId, Kind.INFORMATION, Priority.NORMAL, null,
                "late already", null, null, Instant.now().minusSeconds(60), null)))
                .isInstanceOfSatisfying(ConcordException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.DEADLINE_IN_PAST));
        assertThatThrownBy(() -> n(EE).response().addNote(caseId, "x".repeat(64 * 1024), null))
                .isInstanceOfSatisfying(ConcordException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.LIMIT_EXCEEDED);
                    assertThat(e.getMessage()).contains("max_note_bytes");
                });
        assertThat(versions(n(EE), List.of())).as("nothing written").hasSize((int) before);
        assertThat(n(EE).response().request(id).orElseThrow().versions()).hasSize(1);
    }

    // ---- helpers

    /** A case opened at cert-ee, both others invited and accepted, seen so at every node. */
    private static String caseWithAll(String name, Tlp tlp, List<String> evidence) throws InterruptedException {
        String caseId = n(EE).response().openCase(new OpenCase(null, name, null, tlp, evidence)).summary().id();
        for (Member m : List.of(FI, LV)) n(EE).response().invite(caseId, m.node(), null);
        for (Member m : List.of(FI, LV)) {
            await(() -> invited(m, caseId), "the invitation at " + m.node());
            n(m).response().answer(caseId, Answer.ACCEPT, null);
        }
        await(() -> federation.nodes().stream().allMatch(x -> x.response().caseDetail(caseId)
                .map(c -> c.participants().stream().filter(p -> p.state().equals("accepted")).count() == 3).orElse(false)),
                "three accepted participants everywhere");
        return caseId;
    }

    /** {@code count} GREEN indicators written at cert-ee and held by every node: evidence a case may name. */
    private static List<String> evidence(int count) throws InterruptedException {
        List<StixObject> out = new ArrayList<>();
        String now = org.concord.stix.StixTimestamp.formatMillis(Instant.now());
        for (int i = 0; i < count; i++) {
            String id = "indicator--" + UUID.randomUUID();
            ObjectNode o = JSON.createObjectNode().put("type", "indicator").put("spec_version", "2.1").put("id", id)
                    .put("created", now).put("modified", now).put("name", "evidence " + i)
                    .put("pattern", "[domain-name:value = 'e" + i + "-" + id.substring(11, 19) + ".example']").put("pattern_type", "stix")
                    .put("valid_from", now).put("created_by_ref", identity(EE));
            o.putArray("object_marking_refs").add(Tlp.GREEN.markingId());
            out.add(StixObject.of(o));
        }
        n(EE).node().store().write(n(EE).node().collectionId(Node.INTELLIGENCE), out);
        await(() -> federation.nodes().stream().allMatch(x -> out.stream().allMatch(o -> x.has(o.id()))), "the evidence everywhere");
        return out.stream().map(StixObject::id).toList();
    }

    /** The member's node holds the case and the member's invitation to it. */
    private static boolean invited(Member m, String caseId) {
        return n(m).response().caseDetail(caseId).map(c -> c.participants().stream()
                .anyMatch(p -> identity(m).equals(p.member().identity()) && p.state().equals("invited"))).orElse(false);
    }

    private static String identity(Member m) {
        return n(m).node().config().member().identityId();
    }

    private static boolean allHold(String id) {
        return federation.nodes().stream().allMatch(x -> x.node().store().latest(id).isPresent());
    }

    /** Every node holds {@code id}, and its newest version is the same bytes everywhere. */
    private static boolean sameNewest(String id) {
        Set<String> newest = new HashSet<>();
        for (RunningNode x : federation.nodes()) {
            Optional<StoredVersion> v = x.node().store().latest(id);
            if (v.isEmpty()) return false;
            newest.add(new String(v.get().object().canonical(), StandardCharsets.UTF_8));
        }
        return newest.size() == 1;
    }

    private static StixObject latest(RunningNode n, String id) {
        return n.node().store().latest(id).orElseThrow(() -> new AssertionError(n + " holds no " + id)).object();
    }

    /** Every version of {@code id} the node's cases collection holds. */
    private static List<StoredVersion> versions(RunningNode n, String id) {
        return page(n, new ObjectFilter(null, List.of(id), List.of(), VersionMatch.ALL, List.of(), ObjectFilter.MAX_LIMIT));
    }

    /** Every version of the given types (none: all) the node's cases collection holds. */
    private static List<StoredVersion> versions(RunningNode n, List<String> types) {
        return page(n, new ObjectFilter(null, List.of(), types, VersionMatch.ALL, List.of(), ObjectFilter.MAX_LIMIT));
    }

    private static List<StoredVersion> page(RunningNode n, ObjectFilter f) {
        List<StoredVersion> out = new ArrayList<>();
        Page p;
        do {
            p = n.node().store().objects(n.node().collectionId(Node.CASES), f);
            out.addAll(p.items());
            if (!p.items().isEmpty()) f = f.after(p.items().getLast().dateAdded());
        } while (p.more());
        return out;
    }

    /** The text of every version of every collection the node holds (also {@link CaseSovereigntyProperties}'). */
    static String everything(RunningNode n) {
        StringBuilder sb = new StringBuilder();
        for (String alias : List.of(Node.INTELLIGENCE, Node.SIGHTINGS, Node.ALERTS, Node.CASES)) {
            ObjectFilter f = new ObjectFilter(null, List.of(), List.of(), VersionMatch.ALL, List.of(), ObjectFilter.MAX_LIMIT);
            Page p;
            do {
                p = n.node().store().objects(n.node().collectionId(alias), f);
                p.items().forEach(v -> sb.append(new String(v.object().canonical(), StandardCharsets.UTF_8)).append('\n'));
                if (!p.items().isEmpty()) f = f.after(p.items().getLast().dateAdded());
            } while (p.more());
        }
        return sb.toString();
    }

    static JsonNode tree(StixObject o) {
        return RunningNode.tree(o);
    }

    private static void await(BooleanSupplier ready, String what) throws InterruptedException {
        assertThat(DemoFederation.await(ready, LIMIT)).as(what + " within " + LIMIT.toSeconds() + " s").isNotNull();
    }

    private static HttpResponse<String> get(HttpClient c, String url) throws IOException, InterruptedException {
        return c.send(HttpRequest.newBuilder(URI.create(url)).header("Accept", TAXII).timeout(Duration.ofSeconds(10)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The mutual-TLS client of {@code who}'s node, trusting {@code server}'s certificate (as its sync does). */
    static HttpClient client(Member who, Member server) throws Exception {
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(NodeTls.trustStore(NodeTls.readCertificate(NodeTls.certificateFile(federation.dir(server)))));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        char[] pw = "test".toCharArray();
        KeyStore ks = NodeTls.load(federation.dir(who)).keyStore(pw);
        kmf.init(ks, pw);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(kmf.getKeyManagers(), tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(10)).build();
    }
}
