package org.concord.response;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.concord.response.Participations.Version;
import org.concord.stix.StixObject;
import org.concord.stix.Tlp;
import org.junit.jupiter.api.Test;

/** The participations of a case folded together: who may bring whom into a case's audience (design §1, §5). */
class ParticipationsTest {
    static final String CASE = "incident--6b0c5e0e-3f7a-4c55-9a3b-0d1f2e3c4b5a";
    static final String LEAD = "identity--11111111-1111-4111-8111-111111111111";
    static final String LV = "identity--22222222-2222-4222-8222-222222222222";
    static final String FI = "identity--33333333-3333-4333-8333-333333333333";
    static final String STRANGER = "identity--44444444-4444-4444-8444-444444444444";
    static final Instant T0 = Instant.parse("2026-12-08T10:00:00Z");

    static StixObject lead() {
        return Participations.first(CASE, LEAD, "lead", LEAD, T0, Tlp.AMBER);
    }

    static StixObject invite(String member, String by, int seconds) {
        return Participations.first(CASE, member, "participant", by, T0.plusSeconds(seconds), Tlp.AMBER);
    }

    static StixObject answer(StixObject version, String to, String by, int seconds) {
        return Participations.next(Participations.read(version).participation(), version, to, by, null, T0.plusSeconds(seconds), Tlp.AMBER);
    }

    static Map<String, String> states(List<StixObject> versions) {
        Map<String, String> out = new java.util.TreeMap<>();
        Participations.foldCase(CASE, LEAD, versions).forEach((m, v) -> out.put(m, v.participation().state()));
        return out;
    }

    @Test
    void anInvitationByAMemberTakingNoPartInTheCaseIsLeftOutOfTheAudience() {
        // well formed and signed by its inviter's node, but the stranger was never invited
        List<StixObject> all = List.of(lead(), invite(FI, STRANGER, 10));
        assertThat(states(all)).containsExactly(Map.entry(LEAD, "accepted"));
    }

    @Test
    void anInvitationByAnAcceptedParticipantCountsWhateverOrderTheVersionsArriveIn() {
        StixObject lv = invite(LV, LEAD, 1);
        StixObject lvAccepts = answer(lv, "accepted", LV, 2);
        StixObject fi = invite(FI, LV, 3);
        List<StixObject> all = new ArrayList<>(List.of(lead(), lv, lvAccepts, fi));
        Random random = new Random(14);
        for (int i = 0; i < 20; i++) {
            Collections.shuffle(all, random);
            assertThat(states(all)).containsExactly(Map.entry(LEAD, "accepted"), Map.entry(LV, "accepted"), Map.entry(FI, "invited"));
        }
        // held before its inviter's acceptance arrived: it counts once the acceptance is there
        assertThat(states(List.of(lead(), lv, fi))).doesNotContainKey(FI);
    }

    @Test
    void anInvitationMadeBeforeItsInviterAcceptedOrAfterItLeftDoesNotCount() {
        StixObject lv = invite(LV, LEAD, 1);
        StixObject lvAccepts = answer(lv, "accepted", LV, 5);
        StixObject lvLeaves = answer(lvAccepts, "left", LV, 9);
        assertThat(states(List.of(lead(), lv, lvAccepts, invite(FI, LV, 3)))).doesNotContainKey(FI);
        assertThat(states(List.of(lead(), lv, lvAccepts, lvLeaves, invite(FI, LV, 10)))).doesNotContainKey(FI);
        assertThat(states(List.of(lead(), lv, lvAccepts, lvLeaves, invite(FI, LV, 7)))).containsEntry(FI, "invited");
    }

    @Test
    void onlyTheCasesLeadMayBeginItsParticipationAccepted() {
        StixObject selfMade = Participations.first(CASE, STRANGER, "lead", STRANGER, T0.plusSeconds(1), Tlp.AMBER);
        assertThat(states(List.of(lead(), selfMade))).containsOnlyKeys(LEAD);
        // nor may a member invited by such a self-made lead
        assertThat(states(List.of(lead(), selfMade, invite(FI, STRANGER, 2)))).containsOnlyKeys(LEAD);
    }

    @Test
    void anEarlierInvitationThatDoesNotCountGivesWayToALaterOneThatDoes() {
        StixObject forged = invite(FI, STRANGER, 1);
        StixObject real = invite(FI, LEAD, 5);
        Version head = Participations.foldCase(CASE, LEAD, List.of(lead(), forged, real)).get(FI);
        assertThat(head.participation().invitedByRef()).isEqualTo(LEAD);
        // the invitee's acceptance of the forged one does not count either
        StixObject acceptsForged = answer(forged, "accepted", FI, 6);
        assertThat(states(List.of(lead(), forged, real, acceptsForged))).containsEntry(FI, "invited");
    }

    @Test
    void nothingCountsWhileTheCaseIsNotHeld() {
        assertThat(Participations.foldCase(CASE, null, List.of(lead(), invite(LV, LEAD, 1)))).isEmpty();
    }

    @Test
    void aTransitionStampedBeforeItsPriorDoesNotFollowIt() {
        StixObject lv = invite(LV, LEAD, 1);
        StixObject accepts = answer(lv, "accepted", LV, 10);
        // made by hand with an at before its prior's (the writer's Participations.next would not)
        Participations.Participation p = Participations.read(accepts).participation();
        StixObject early = Participations.next(new Participations.Participation(p.id(), p.caseRef(), p.memberRef(), p.role(), p.state(),
                p.invitedByRef(), null, p.by(), p.created(), T0.plusSeconds(6), p.prior()), accepts, "left", LV, null, T0.plusSeconds(7), Tlp.AMBER);
        assertThat(Participations.read(early).participation().at()).isBefore(p.at());
        assertThat(states(List.of(lead(), lv, accepts, early))).containsEntry(LV, "accepted");
    }
}
