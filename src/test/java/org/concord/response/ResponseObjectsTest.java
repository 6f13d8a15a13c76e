package org.concord.response;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.concord.ConcordException;
import org.concord.stix.ObservableIds;
import org.concord.stix.StixObject;
import org.concord.stix.StixValidator;
import org.concord.stix.Tlp;
import org.junit.jupiter.api.Test;

/** The fixed objects and STIX forms of coordinated response: ids recomputed, bytes fixed, every form valid STIX, bad forms named. */
class ResponseObjectsTest {
    static final UUID PROJECT = UUID.fromString("2df29754-e424-4b35-819a-d781604ddb45");
    static final String EE = "identity--00000000-0000-4000-8000-0000000000ee", LV = "identity--00000000-0000-4000-8000-00000000001f";
    static final String CASE = "incident--00000000-0000-4000-8000-000000000001";
    static final Instant T0 = Instant.parse("2026-12-08T10:00:00Z");

    @Test
    void theDefinitionAndIdentityIdsAreUuidV5OfTheProjectIdentity() {
        assertThat(Kind.CONCORD_EXTENSION).isEqualTo("extension-definition--" + ObservableIds.uuid5(PROJECT, "extension-definition/response"));
        assertThat(ResponseObjects.RESPONSE_IDENTITY).isEqualTo("identity--f1f60d53-1e0e-5160-bca9-d20f6f01fce9");
        List<StixObject> defs = ResponseObjects.definitions();
        assertThat(defs).extracting(StixObject::id).containsExactly("identity--2df29754-e424-4b35-819a-d781604ddb45",
                ResponseObjects.RESPONSE_IDENTITY, Kind.CONCORD_EXTENSION);
        assertThat(ResponseObjects.definitions().get(2).canonical()).isEqualTo(defs.get(2).canonical()); // fixed bytes
        for (StixObject d : defs) assertThat(new StixValidator().validate(CaseJson.tree(d))).isEmpty();
    }

    @Test
    void anEscalationNoticeIsAFunctionOfItsDeadlineRow() {
        StixObject a = ResponseObjects.escalation("x-concord-request--00000000-0000-4000-8000-000000000009", CASE, "acknowledge", 1, T0, EE, Tlp.AMBER);
        StixObject b = ResponseObjects.escalation("x-concord-request--00000000-0000-4000-8000-000000000009", CASE, "acknowledge", 1, T0, EE, Tlp.AMBER);
        assertThat(a.canonical()).isEqualTo(b.canonical());
        assertThat(ResponseObjects.escalation(CaseJson.tree(a)).level()).isEqualTo(1);
        assertThat(ResponseObjects.escalation("x-concord-request--00000000-0000-4000-8000-000000000009", CASE, "acknowledge", 2, T0, EE,
                Tlp.AMBER).id()).isNotEqualTo(a.id());
    }

    @Test
    void aRequestVersionReadsBackAndABrokenOneIsNamed() {
        Request.Ask ask = new Request.Ask("x-concord-request--00000000-0000-4000-8000-000000000009", Requests.Kind.INFORMATION,
                Requests.Priority.HIGH, EE, LV, new Request.Contact("SOC", "soc@example", null), CASE, null, "who?", null);
        Request r = Requests.send(ask, T0, Deadlines.DEFAULT);
        StixObject sent = RequestJson.sent(r, Tlp.AMBER);
        assertThat(RequestJson.read(sent).request()).isEqualTo(r);
        Request acked = Requests.apply(r, Requests.Step.of(Requests.Transition.ACKNOWLEDGE, Requests.Party.RECEIVER, T0.plusSeconds(60)));
        StixObject next = RequestJson.next(acked, Requests.Transition.ACKNOWLEDGE, Requests.State.SENT, LV, sent, Tlp.AMBER);
        assertThat(RequestJson.read(next).prior()).isEqualTo(ResponseObjects.sha256(sent));
        assertThat(RequestJson.fold(List.of(next, sent, next)).request()).isEqualTo(acked);

        ObjectNode bad = (ObjectNode) CaseJson.tree(sent);
        bad.put("kind", "gossip");
        assertThatThrownBy(() -> RequestJson.read(StixObject.of(bad))).isInstanceOf(ConcordException.class)
                .hasMessageContaining(ask.id() + " /kind").hasMessageContaining("gossip");
        ObjectNode forged = (ObjectNode) CaseJson.tree(next);
        ((ObjectNode) forged.get("transition")).put("by_ref", EE); // the requester may not acknowledge
        assertThat(RequestJson.fold(List.of(sent, StixObject.of(forged))).request().state()).isEqualTo(Requests.State.SENT);
    }
}
