package org.concord.response;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.concord.ConcordException;
import org.concord.ErrorCode;
import org.concord.TestClock;
import org.concord.integrity.MerkleLog;
import org.concord.node.Node;
import org.concord.node.NodeConfig;
import org.concord.response.Request.Contact;
import org.concord.response.Request.LegalBasis;
import org.concord.response.Request.Preservation;
import org.concord.response.ResponseApi.Act;
import org.concord.response.ResponseApi.Answer;
import org.concord.response.ResponseApi.CaseDetail;
import org.concord.response.ResponseApi.CaseEdit;
import org.concord.response.ResponseApi.CaseQuery;
import org.concord.response.ResponseApi.NewRequest;
import org.concord.response.ResponseApi.OpenCase;
import org.concord.response.ResponseApi.RequestQuery;
import org.concord.response.ResponseApi.RequestView;
import org.concord.response.ResponseApi.TaskEdit;
import org.concord.response.Requests.Kind;
import org.concord.response.Requests.Priority;
import org.concord.response.Requests.State;
import org.concord.response.Requests.Transition;
import org.concord.stix.StixObject;
import org.concord.stix.StixValidator;
import org.concord.stix.Tlp;
import org.concord.store.ObjectFilter;
import org.concord.store.StoredVersion;
import org.concord.store.VersionMatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link ResponseService} on real stores (SQLite and PostgreSQL subclasses): two nodes, cert-ee
 * and bank-lv, whose versions a test ships between their {@code cases} collections as sync would.
 */
abstract class ResponseServiceContract {
    static final Instant T0 = Instant.parse("2026-12-08T10:00:00Z");

    @TempDir
    Path dir;
    TestClock clock;
    Node ee, lv;
    ResponseService eeApi, lvApi;
    ResponseConfig eeConfig, lvConfig;

    abstract NodeConfig.StoreSettings store();

    @BeforeEach
    void nodes() throws Exception {
        clock = new TestClock(T0);
        ee = Node.init(dir.resolve("ee"), new Node.Setup("cert-ee", "CERT-EE", "EE", List.of(), store(), Tlp.AMBER), clock, MerkleLog.writer());
        lv = Node.init(dir.resolve("lv"), new Node.Setup("bank-lv", "Bank LV", "LV", List.of(), store(), Tlp.AMBER), clock, MerkleLog.writer());
        Contact soc = new Contact("Bank LV SOC", "soc@bank.example", null);
        eeConfig = ResponseConfig.defaults().withMembers(Map.of("bank-lv", new ResponseConfig.MemberEntry(lv.config().member().identityId(), soc),
                "isac-fi", new ResponseConfig.MemberEntry(null, null)));
        lvConfig = ResponseConfig.defaults().withMembers(Map.of("cert-ee", new ResponseConfig.MemberEntry(ee.config().member().identityId(), null)));
        eeApi = ResponseService.of(ee, eeConfig);
        lvApi = ResponseService.of(lv, lvConfig);
    }

    @AfterEach
    void close() {
        if (ee != null) ee.close();
        if (lv != null) lv.close();
    }

    /** Every version of {@code from}'s cases collection written to {@code to}'s, as sync would deliver them. */
    static void ship(Node from, Node to) {
        List<StixObject> all = versions(from);
        to.store().write(to.collectionId(Node.CASES), all);
    }

    static List<StixObject> versions(Node n) {
        List<StixObject> out = new ArrayList<>();
        Instant after = null;
        while (true) {
            var page = n.store().objects(n.collectionId(Node.CASES), new ObjectFilter(after, List.of(), List.of(), VersionMatch.ALL, List.of(), 1000));
            page.items().forEach(v -> out.add(v.object()));
            if (!page.more() || page.items().isEmpty()) return out;
            after = page.items().getLast().dateAdded();
        }
    }

    private String alert() {
        ObjectNode a = JsonNodeFactory.instance.objectNode().put("type", "x-concord-alert").put("spec_version", "2.1")
                .put("id", "x-concord-alert--0f3c9c2e-8a55-4f0e-8a0e-2f4b7f7c9d11").put("created", "2026-12-08T09:00:00.000Z")
                .put("modified", "2026-12-08T09:30:00.000Z").put("name", "phish.example sighted in 3 countries");
        a.putArray("object_marking_refs").add(Tlp.GREEN.markingId());
        a.putArray("indicator_refs").add("indicator--11111111-1111-4111-8111-111111111111");
        a.putArray("evidence").addObject().put("sighting_ref", "sighting--22222222-2222-4222-8222-222222222222");
        ee.store().write(ee.collectionId(Node.ALERTS), List.of(StixObject.of(a)));
        return a.get("id").asText();
    }

    private CaseDetail sharedCase() {
        CaseDetail c = eeApi.openCase(new OpenCase(null, "Phishing wave", null, null, List.of()));
        eeApi.invite(c.summary().id(), "bank-lv", null);
        ship(ee, lv);
        lvApi.answer(c.summary().id(), Answer.ACCEPT, null);
        ship(lv, ee);
        return c;
    }

    private NewRequest information(String caseId) {
        return new NewRequest("bank-lv", caseId, Kind.INFORMATION, Priority.CRITICAL, null, "who registered phish.example?", null, null,
                null, null);
    }

    static final String FI = "identity--33333333-3333-4333-8333-333333333333";

    private List<String> audienceOf(String caseId) {
        return eeApi.caseDetail(caseId).orElseThrow().participants().stream().map(p -> p.member().identity()).toList();
    }

    @Test
    void anInvitationByANodeTakingNoPartInTheCaseBringsNobodyIntoItsAudience() {
        String id = eeApi.openCase(new OpenCase(null, "Phishing wave", null, null, List.of())).summary().id();
        String eeMember = ee.config().member().identityId(), lvMember = lv.config().member().identityId();
        // bank-lv's node, never invited, invites isac-fi: well formed, made and signed by the party it names
        StixObject forged = Participations.first(id, FI, "participant", lvMember, clock.instant(), Tlp.AMBER);
        ee.store().write(ee.collectionId(Node.CASES), List.of(forged));
        assertThat(audienceOf(id)).containsExactly(eeMember);
        CaseAudiences audiences = new CaseAudiences(eeApi.database(), eeConfig.withMembers(Map.of(
                "bank-lv", new ResponseConfig.MemberEntry(lvMember, null), "isac-fi", new ResponseConfig.MemberEntry(FI, null))));
        assertThat(audiences.admits("isac-fi", ee.store().latest(id).orElseThrow().object())).isFalse();
        assertThat(audiences.admits("isac-fi", forged)).isFalse();
        assertThat(ee.store().latest(forged.id())).as("kept: it is signed evidence").isPresent();
        // nor does bank-lv's own service let it invite
        ship(ee, lv);
        assertThatThrownBy(() -> lvApi.invite(id, "cert-ee", null)).isInstanceOf(ConcordException.class)
                .satisfies(e -> assertThat(((ConcordException) e).code()).isEqualTo(ErrorCode.NOT_A_PARTICIPANT));
    }

    @Test
    void anInvitationArrivingBeforeItsInvitersAcceptanceCountsOnceTheAcceptanceIsHeld() {
        String id = eeApi.openCase(new OpenCase(null, "Phishing wave", null, null, List.of())).summary().id();
        eeApi.invite(id, "bank-lv", null);
        ship(ee, lv);
        lvApi.answer(id, Answer.ACCEPT, null);
        ResponseService lvWithFi = ResponseService.of(lv, lvConfig.withMembers(Map.of(
                "cert-ee", new ResponseConfig.MemberEntry(ee.config().member().identityId(), null), "isac-fi", new ResponseConfig.MemberEntry(FI, null))));
        lvWithFi.invite(id, "isac-fi", null);
        StixObject invitation = ee.store().latest(Participations.id(id, FI)).map(StoredVersion::object)
                .orElseGet(() -> lv.store().latest(Participations.id(id, FI)).orElseThrow().object());
        ee.store().write(ee.collectionId(Node.CASES), List.of(invitation));
        assertThat(audienceOf(id)).doesNotContain(FI);
        ship(lv, ee);
        assertThat(audienceOf(id)).contains(FI);
        assertThat(eeApi.caseDetail(id).orElseThrow().participants()).filteredOn(p -> p.member().identity().equals(FI))
                .singleElement().satisfies(p -> assertThat(p.state()).isEqualTo("invited"));
    }

    @Test
    void openingFromAnAlertAttachesItsEvidenceAndOneEvent() {
        String alert = alert();
        CaseDetail c = eeApi.openCase(new OpenCase(alert, null, null, null, List.of()));
        assertThat(c.summary().name()).isEqualTo("phish.example sighted in 3 countries");
        assertThat(c.summary().tlp()).isEqualTo(Tlp.GREEN);
        assertThat(c.evidence()).contains(alert, "indicator--11111111-1111-4111-8111-111111111111",
                "sighting--22222222-2222-4222-8222-222222222222");
        assertThat(c.events()).containsExactly(ResponseObjects.eventId(c.summary().id(), alert));
        assertThat(c.participants()).singleElement().satisfies(p -> {
            assertThat(p.role()).isEqualTo("lead");
            assertThat(p.state()).isEqualTo("accepted");
            assertThat(p.member().name()).isEqualTo("cert-ee");
        });
        // opening again from the same alert gives the same case
        assertThat(eeApi.openCase(new OpenCase(alert, null, null, null, List.of())).summary().id()).isEqualTo(c.summary().id());
        // every object written is valid STIX
        StixValidator validator = new StixValidator();
        for (StixObject v : versions(ee)) assertThat(validator.validate(CaseJson.tree(v))).as(v.id()).isEmpty();
    }

    @Test
    void casesEditTasksNotesAndListingPages() {
        CaseDetail c = eeApi.openCase(new OpenCase(null, "one", null, Tlp.AMBER, List.of()));
        clock.advance(Duration.ofSeconds(1));
        eeApi.editCase(c.summary().id(), new CaseEdit(null, "described", "confirmed", "open", 70, Tlp.RED, List.of(), List.of()));
        var task = eeApi.addTask(c.summary().id(), new TaskEdit("collect logs", null, "bank-lv", T0.plus(Duration.ofDays(1)), null, 50));
        eeApi.editTask(c.summary().id(), task.id(), new TaskEdit(null, null, null, null, "ongoing", null));
        eeApi.addNote(c.summary().id(), "called the registrar", null);
        CaseDetail d = eeApi.caseDetail(c.summary().id()).orElseThrow();
        assertThat(d.summary().determination()).isEqualTo("confirmed");
        assertThat(d.summary().investigationStatus()).isEqualTo("open");
        assertThat(d.summary().tlp()).isEqualTo(Tlp.RED);
        assertThat(d.description()).isEqualTo("described");
        assertThat(d.tasks()).singleElement().satisfies(t -> {
            assertThat(t.outcome()).isEqualTo("ongoing");
            assertThat(t.owner().name()).isEqualTo("bank-lv");
        });
        assertThat(d.notes()).singleElement().satisfies(n -> assertThat(n.tlp()).isEqualTo(Tlp.RED));

        for (int i = 0; i < 4; i++) {
            clock.advance(Duration.ofSeconds(1));
            eeApi.openCase(new OpenCase(null, "case " + i, null, null, List.of()));
        }
        var first = eeApi.cases(new CaseQuery(null, 2, null));
        assertThat(first.items()).extracting(ResponseApi.CaseSummary::name).containsExactly("case 3", "case 2");
        var second = eeApi.cases(new CaseQuery(null, 2, first.next()));
        assertThat(second.items()).extracting(ResponseApi.CaseSummary::name).containsExactly("case 1", "case 0");
        var third = eeApi.cases(new CaseQuery(null, 2, second.next()));
        assertThat(third.items()).extracting(ResponseApi.CaseSummary::name).containsExactly("one");
        assertThat(third.next()).isNull();
        assertThat(eeApi.cases(new CaseQuery("open", 10, null)).items()).extracting(ResponseApi.CaseSummary::name).containsExactly("one");
    }

    @Test
    void badInputGetsItsErrorCode() {
        CaseDetail c = eeApi.openCase(new OpenCase(null, "one", null, null, List.of()));
        String id = c.summary().id();
        assertThatThrownBy(() -> eeApi.invite(id, "nobody", null)).isInstanceOf(ConcordException.class)
                .hasMessageContaining("known members: cert-ee, bank-lv")
                .satisfies(e -> assertThat(((ConcordException) e).code()).isEqualTo(ErrorCode.UNKNOWN_MEMBER));
        assertThatThrownBy(() -> eeApi.invite(id, "isac-fi", null)).hasMessageContaining("has no identity")
                .satisfies(e -> assertThat(((ConcordException) e).code()).isEqualTo(ErrorCode.UNKNOWN_MEMBER));
        assertThatThrownBy(() -> eeApi.addNote(id, "x".repeat(16_385), null))
                .satisfies(e -> assertThat(((ConcordException) e).code()).isEqualTo(ErrorCode.LIMIT_EXCEEDED));
        assertThatThrownBy(() -> eeApi.sendRequest(new NewRequest("bank-lv", id, Kind.INFORMATION, Priority.HIGH, null, "x", null, null,
                T0.minusSeconds(1), null))).satisfies(e -> assertThat(((ConcordException) e).code()).isEqualTo(ErrorCode.DEADLINE_IN_PAST));
        assertThatThrownBy(() -> eeApi.cases(new CaseQuery(null, 10, "garbage!")))
                .satisfies(e -> assertThat(((ConcordException) e).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
        assertThatThrownBy(() -> lvApi.addNote(id, "x", null))
                .satisfies(e -> assertThat(((ConcordException) e).code()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    @Test
    void aMemberNamedInNodeJsonButNotPinnedIsUnknownUntilPinned() {
        org.concord.partner.Partners partners = new org.concord.taxii.TaxiiDatabase(ee.database()).partners();
        ResponseService pinnedOnly = ResponseService.of(ee, eeConfig, partners);
        String id = pinnedOnly.openCase(new OpenCase(null, "one", null, null, List.of())).summary().id();
        assertThatThrownBy(() -> pinnedOnly.invite(id, "bank-lv", null))
                .hasMessageContaining("bank-lv is not a pinned partner of this node")
                .satisfies(e -> assertThat(((ConcordException) e).code()).isEqualTo(ErrorCode.UNKNOWN_MEMBER));
        assertThatThrownBy(() -> pinnedOnly.sendRequest(information(id)))
                .satisfies(e -> assertThat(((ConcordException) e).code()).isEqualTo(ErrorCode.UNKNOWN_MEMBER));
        assertThatThrownBy(() -> pinnedOnly.invite(id, "nobody", null)).hasMessageEndingWith("known members: cert-ee");
        partners.add(new org.concord.partner.Partners.Partner("bank-lv", "ab".repeat(32), T0));
        assertThat(pinnedOnly.invite(id, "bank-lv", null).state()).isEqualTo("invited");
    }

    @Test
    void aReadOnceCaughtUpReadsNothingAgain() {
        CaseDetail c = sharedCase();
        String id = eeApi.sendRequest(information(c.summary().id())).summary().id();
        ship(ee, lv);
        lvApi.act(id, new Act(Transition.ACKNOWLEDGE, null, null));
        ship(lv, ee);
        for (ResponseService api : List.of(eeApi, lvApi)) {
            api.projection().catchUp();
            assertThat(api.projection().catchUp()).as("nothing new: nothing read, nothing written").isZero();
            assertThat(api.projection().catchUp()).isZero();
        }
    }

    @Test
    void aRequestTravelsAndEachSideMakesOnlyItsTransitions() {
        CaseDetail c = sharedCase();
        Preservation p = new Preservation("mail-server logs of phish.example's MX", "Bank LV mail", List.of("mx.phish.example"),
                "evidence of the campaign", true, 90);
        RequestView sent = eeApi.sendRequest(new NewRequest("bank-lv", c.summary().id(), Kind.PRESERVATION, Priority.HIGH,
                new LegalBasis(LegalBasis.Instrument.BUDAPEST, "29", null), "preserve the MX logs", p, null, null, null));
        assertThat(sent.summary().state()).isEqualTo(State.SENT);
        assertThat(sent.request().ask().pointOfContact().email()).isEqualTo("soc@bank.example");
        assertThat(sent.allowed()).containsExactlyInAnyOrder(Transition.WITHDRAW, Transition.EXPIRE);
        String id = sent.summary().id();

        assertThatThrownBy(() -> eeApi.act(id, new Act(Transition.ACKNOWLEDGE, null, null)))
                .hasMessageContaining("may: withdrawn")
                .satisfies(e -> assertThat(((ConcordException) e).code()).isEqualTo(ErrorCode.REQUEST_TRANSITION_NOT_ALLOWED));

        ship(ee, lv);
        assertThat(lvApi.requests(new RequestQuery("received", null, null, 10, null)).items()).singleElement()
                .satisfies(r -> assertThat(r.requester().name()).isEqualTo("cert-ee"));
        clock.advance(Duration.ofMinutes(5));
        RequestView acked = lvApi.act(id, new Act(Transition.ACKNOWLEDGE, null, null));
        assertThat(acked.summary().state()).isEqualTo(State.ACKNOWLEDGED);
        ship(lv, ee);
        RequestView seen = eeApi.request(id).orElseThrow();
        assertThat(seen.summary().state()).isEqualTo(State.ACKNOWLEDGED);
        assertThat(seen.versions()).hasSize(2);
        assertThat(seen.versions().get(1).by().name()).isEqualTo("bank-lv");
        assertThat(seen.versions().get(1).sha256()).isEqualTo(acked.versions().get(1).sha256());
        assertThat(eeApi.requests(new RequestQuery("sent", State.ACKNOWLEDGED, null, 10, null)).items()).hasSize(1);
        assertThat(eeApi.requests(new RequestQuery("received", null, null, 10, null)).items()).isEmpty();
        // the acknowledgement deadline is closed on both sides
        assertThat(eeApi.database().deadlines(id)).filteredOn(d -> d.deadline().equals("acknowledge")).allMatch(d -> d.done() != null);
    }

    @Test
    void concurrentSiblingsFoldToTheFirstMade() {
        CaseDetail c = sharedCase();
        String id = eeApi.sendRequest(information(c.summary().id())).summary().id();
        ship(ee, lv);
        clock.advance(Duration.ofSeconds(10));
        lvApi.act(id, new Act(Transition.ACKNOWLEDGE, null, null)); // made first
        clock.advance(Duration.ofSeconds(1));
        eeApi.act(id, new Act(Transition.WITHDRAW, "no longer needed", null)); // a sibling, made later
        ship(lv, ee);
        ship(ee, lv);
        for (ResponseService api : List.of(eeApi, lvApi)) {
            RequestView v = api.request(id).orElseThrow();
            assertThat(v.summary().state()).isEqualTo(State.ACKNOWLEDGED);
            assertThat(v.versions()).filteredOn(ResponseApi.Version::superseded).singleElement()
                    .satisfies(s -> assertThat(s.transition()).isEqualTo("withdrawn"));
        }
    }

    @Test
    void aLateAcknowledgementEscalatesOncePerLevelEvenAcrossACrashAndARestart() {
        CaseDetail c = sharedCase();
        String id = eeApi.sendRequest(information(c.summary().id())).summary().id();
        ship(ee, lv);
        DeadlineSweep sweep = DeadlineSweep.of(eeApi, ee.store(), ee.collectionId(Node.CASES), ee.config().member().identityId());
        assertThat(sweep.sweep(clock.instant())).isZero();
        clock.advance(Duration.ofHours(24).plusSeconds(1)); // level 1 of acknowledge (24 h) is due
        assertThat(sweep.sweep(clock.instant())).isEqualTo(1);
        assertThat(sweep.sweep(clock.instant())).isZero();
        // a crash between the write and the close: the row is open again
        reopen(id, "acknowledge", 1);
        assertThat(sweep.sweep(clock.instant())).isEqualTo(1); // the same bytes again: a no-op in the store
        assertThat(notices(ee, id)).hasSize(1);
        // restart the node mid-escalation: level 2 (36 h) is swept once, by the new process
        ee.close();
        ee = Node.open(dir.resolve("ee"), clock, MerkleLog.writer());
        eeApi = ResponseService.of(ee, eeConfig);
        sweep = DeadlineSweep.of(eeApi, ee.store(), ee.collectionId(Node.CASES), ee.config().member().identityId());
        clock.advance(Duration.ofHours(12));
        assertThat(sweep.sweep(clock.instant())).isEqualTo(1);
        assertThat(sweep.sweep(clock.instant())).isZero();
        assertThat(notices(ee, id)).extracting(n -> CaseJson.tree(n).get("level").asInt()).containsExactlyInAnyOrder(1, 2);
        assertThat(eeApi.request(id).orElseThrow().escalations()).hasSize(2);
        // the receiver's own sweep escalates to its duty too, with its own notices
        DeadlineSweep lvSweep = DeadlineSweep.of(lvApi, lv.store(), lv.collectionId(Node.CASES), lv.config().member().identityId());
        assertThat(lvSweep.sweep(clock.instant())).isEqualTo(2);
        ship(lv, ee);
        assertThat(eeApi.request(id).orElseThrow().escalations()).hasSize(4);
    }

    @Test
    void aHeldPreservationEscalatesAtItsPreserveUntilOnTheHoldersNodeAndAnExtensionMovesIt() {
        CaseDetail c = sharedCase();
        Preservation p = new Preservation("mail-server logs of phish.example's MX", "Bank LV mail", List.of("mx.phish.example"),
                "evidence of the campaign", true, 90);
        RequestView sent = eeApi.sendRequest(new NewRequest("bank-lv", c.summary().id(), Kind.PRESERVATION, Priority.HIGH,
                new LegalBasis(LegalBasis.Instrument.BUDAPEST, "29", null), "preserve the MX logs", p, null, null, null));
        String id = sent.summary().id();
        Instant sentAt = sent.summary().sent();
        ship(ee, lv);
        clock.advance(Duration.ofMinutes(5));
        lvApi.act(id, new Act(Transition.FULFIL, "preserved", null));
        ship(lv, ee);
        DeadlineSweep lvSweep = DeadlineSweep.of(lvApi, lv.store(), lv.collectionId(Node.CASES), lv.config().member().identityId());
        DeadlineSweep eeSweep = DeadlineSweep.of(eeApi, ee.store(), ee.collectionId(Node.CASES), ee.config().member().identityId());
        assertThat(lvApi.database().deadlines(id)).filteredOn(d -> d.deadline().equals("preserve_until"))
                .extracting(d -> d.level() + "@" + d.due()).containsExactly("1@" + sentAt.plus(Duration.ofDays(90)), "2@" + sentAt.plus(Duration.ofDays(135)));
        assertThat(eeApi.database().deadlines(id)).noneMatch(d -> d.deadline().equals("preserve_until"));

        // the requester extends it before it runs out: the holder's row moves with it
        clock.set(sentAt.plus(Duration.ofDays(80)));
        Instant until = sentAt.plus(Duration.ofDays(120));
        eeApi.act(id, new Act(Transition.EXTEND, null, until));
        ship(ee, lv);
        clock.set(sentAt.plus(Duration.ofDays(91)));
        assertThat(lvSweep.sweep(clock.instant())).isZero();
        clock.set(until.plusSeconds(1));
        assertThat(lvSweep.sweep(clock.instant())).isEqualTo(1);
        assertThat(lvSweep.sweep(clock.instant())).isZero();
        assertThat(eeSweep.sweep(clock.instant())).isZero(); // the requester holds no data: its node does not escalate this one
        assertThat(notices(lv, id)).singleElement().satisfies(n -> {
            assertThat(CaseJson.tree(n).get("deadline").asText()).isEqualTo("preserve_until");
            assertThat(CaseJson.tree(n).get("due_at").asText()).isEqualTo(org.concord.stix.StixTimestamp.formatMillis(until));
        });
        ship(lv, ee);
        assertThat(eeApi.request(id).orElseThrow().escalations()).singleElement()
                .satisfies(e -> assertThat(e.deadline()).isEqualTo("preserve_until"));

        // released: the second level is moot
        lvApi.act(id, new Act(Transition.RELEASE, null, null));
        clock.set(sentAt.plus(Duration.ofDays(200)));
        assertThat(lvSweep.sweep(clock.instant())).isZero();
        assertThat(lvApi.database().deadlines(id)).allMatch(d -> d.done() != null);
    }

    @Test
    void theRequesterExpiresARequestAtItsFulfilDeadline() {
        CaseDetail c = sharedCase();
        String id = eeApi.sendRequest(information(c.summary().id())).summary().id();
        ship(ee, lv);
        DeadlineSweep sweep = DeadlineSweep.of(eeApi, ee.store(), ee.collectionId(Node.CASES), ee.config().member().identityId());
        clock.advance(Duration.ofDays(8));
        sweep.sweep(clock.instant());
        RequestView v = eeApi.request(id).orElseThrow();
        assertThat(v.summary().state()).isEqualTo(State.EXPIRED);
        assertThat(v.versions().getLast().at()).isEqualTo(v.summary().fulfilBy());
        DeadlineSweep lvSweep = DeadlineSweep.of(lvApi, lv.store(), lv.collectionId(Node.CASES), lv.config().member().identityId());
        lvSweep.sweep(clock.instant());
        ship(lv, ee);
        assertThat(eeApi.request(id).orElseThrow().summary().state()).isEqualTo(State.EXPIRED); // only the requester expires it
    }

    @Test
    void twoNodesEditingOneCaseConvergeOnTheSameNewestBytes() {
        CaseDetail c = sharedCase();
        String id = c.summary().id();
        Random r = new Random(7);
        for (int i = 0; i < 6; i++) {
            clock.advance(Duration.ofMillis(r.nextInt(500)));
            ResponseService api = r.nextBoolean() ? eeApi : lvApi;
            api.editCase(id, new CaseEdit(r.nextBoolean() ? "name " + i : null, null, null, i % 2 == 0 ? "open" : null, r.nextInt(100),
                    null, List.of("indicator--00000000-0000-4000-8000-00000000000" + i), List.of()));
        }
        // exchange in random order, with duplicates
        List<StixObject> all = new ArrayList<>(versions(ee));
        all.addAll(versions(lv));
        all.addAll(versions(lv));
        Collections.shuffle(all, r);
        for (StixObject v : all) ee.store().write(ee.collectionId(Node.CASES), List.of(v));
        Collections.shuffle(all, r);
        for (StixObject v : all) lv.store().write(lv.collectionId(Node.CASES), List.of(v));
        eeApi.projection().catchUp();
        lvApi.projection().catchUp();
        ship(ee, lv); // merges each follower wrote
        ship(lv, ee);
        eeApi.projection().catchUp();
        lvApi.projection().catchUp();
        StoredVersion a = ee.store().latest(id).orElseThrow(), b = lv.store().latest(id).orElseThrow();
        assertThat(a.object().canonical()).isEqualTo(b.object().canonical());
        assertThat(eeApi.caseDetail(id).orElseThrow().evidence()).isEqualTo(lvApi.caseDetail(id).orElseThrow().evidence()).hasSize(6);
    }

    @Test
    void aListingPageCountsEachCasesOpenRequestsAndParticipants() {
        CaseDetail shared = sharedCase();
        clock.advance(Duration.ofSeconds(1));
        CaseDetail alone = eeApi.openCase(new OpenCase(null, "alone", null, null, List.of()));
        String kept = eeApi.sendRequest(information(shared.summary().id())).summary().id();
        String withdrawn = eeApi.sendRequest(information(shared.summary().id())).summary().id();
        clock.advance(Duration.ofSeconds(1));
        eeApi.act(withdrawn, new Act(Transition.WITHDRAW, null, null));
        ship(ee, lv); // every version of both requests in one write: lv's read side folds each once, at its last
        clock.advance(Duration.ofSeconds(1));
        lvApi.act(kept, new Act(Transition.ACKNOWLEDGE, null, null));
        ship(lv, ee);
        assertThat(lvApi.request(withdrawn).orElseThrow().summary().state()).isEqualTo(State.WITHDRAWN);
        assertThat(eeApi.request(kept).orElseThrow().summary().state()).isEqualTo(State.ACKNOWLEDGED);
        var page = eeApi.cases(new CaseQuery(null, 10, null)).items();
        assertThat(page).extracting(ResponseApi.CaseSummary::name, ResponseApi.CaseSummary::openRequests, ResponseApi.CaseSummary::participants)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("Phishing wave", 1, 2), org.assertj.core.groups.Tuple.tuple("alone", 0, 1));
        for (var s : page) assertThat(eeApi.caseDetail(s.id()).orElseThrow().summary()).isEqualTo(s);
        assertThat(alone.summary().participants()).isEqualTo(1);
    }

    @Test
    void manyDeadlinesDueAtOnceAreSweptInOneGoOncePerRow() {
        CaseDetail c = sharedCase();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3; i++) ids.add(eeApi.sendRequest(information(c.summary().id())).summary().id());
        DeadlineSweep sweep = DeadlineSweep.of(eeApi, ee.store(), ee.collectionId(Node.CASES), ee.config().member().identityId());
        clock.advance(Duration.ofHours(24).plusSeconds(1)); // level 1 of each acknowledge deadline
        assertThat(sweep.sweep(clock.instant())).isEqualTo(3);
        assertThat(sweep.sweep(clock.instant())).isZero();
        for (String id : ids) {
            assertThat(notices(ee, id)).hasSize(1);
            assertThat(ee.store().latest(id).orElseThrow().object().type()).isEqualTo(ResponseObjects.REQUEST);
            assertThat(eeApi.request(id).orElseThrow().escalations()).singleElement().satisfies(e -> assertThat(e.level()).isEqualTo(1));
        }
        reopen(ids.get(1), "acknowledge", 1); // a crash between the write and the close
        assertThat(sweep.sweep(clock.instant())).isEqualTo(1);
        assertThat(notices(ee, ids.get(1))).hasSize(1);
        assertThat(sweep.sweep(clock.instant())).isZero();
    }

    private void reopen(String requestId, String deadline, int level) {
        ee.database().update("reopening a row", "UPDATE response_deadline SET done_us = NULL WHERE request_id = ? AND deadline = ?"
                + " AND level = ?", requestId, deadline, level);
    }

    private static List<StixObject> notices(Node n, String requestId) {
        return versions(n).stream().filter(v -> v.type().equals(ResponseObjects.ESCALATION))
                .filter(v -> CaseJson.tree(v).get("request_ref").asText().equals(requestId))
                .filter(v -> CaseJson.tree(v).get("member_ref").asText().equals(n.config().member().identityId())).toList();
    }
}
