package org.concord.response;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.concord.ConcordException;
import org.concord.ErrorCode;
import org.concord.response.CaseState.Change;
import org.concord.stix.Canonical;
import org.concord.stix.StixTimestamp;
import org.concord.stix.Tlp;
import org.junit.jupiter.api.Test;

class CaseStateTest {
    static final String EE = "identity--00000000-0000-4000-8000-0000000000ee";
    static final String FI = "identity--00000000-0000-4000-8000-0000000000f1";
    static final String CASE = "incident--00000000-0000-4000-8000-000000000001";
    static final String ALERT = "x-concord-alert--00000000-0000-4000-8000-000000000002";
    static final String TASK = "task--00000000-0000-4000-8000-000000000003";
    static final Instant T0 = Instant.parse("2026-03-14T10:00:00.000Z");

    static CaseState opened() {
        return CaseState.open(Kind.CASE, CASE, EE, null, Tlp.AMBER, Map.of("name", TextNode.valueOf("phishing wave")), T0);
    }

    @Test
    void openWritesTheDefaultsAndTheOpenerOwnsTheFirstWrite() {
        CaseState s = opened();
        assertThat(s.created()).isEqualTo("2026-03-14T10:00:00.000Z");
        assertThat(s.value("determination").asText()).isEqualTo("suspected");
        assertThat(s.value("investigation_status").asText()).isEqualTo("new");
        assertThat(s.writes()).isEqualTo(Map.of(EE, 1L));
    }

    @Test
    void aWriterWhoseClockIsBehindStampsAfterEverythingItSaw() {
        CaseState s = opened().edit(FI, T0.minusSeconds(7200), List.of(new Change.Set("criticality", IntNode.valueOf(80))));
        assertThat(s.fields().get("criticality").stamp()).isEqualTo(new Stamp(T0.toEpochMilli() + 1, FI));
        assertThat(s.writes()).isEqualTo(Map.of(EE, 1L, FI, 1L));
    }

    @Test
    void theBytesReadBackIntoTheSameStateAndModifiedFollowsTheRule() throws Exception {
        CaseState s = opened().edit(FI, T0.plusSeconds(5), List.of(new Change.Add("evidence", ALERT, null),
                new Change.Add("tasks", TASK, null), new Change.Set("incident_types", com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode().add("phishing"))))
                .edit(EE, T0.plusSeconds(6), List.of(new Change.Remove("tasks", TASK), new Change.Raise(Tlp.RED)));
        ObjectNode json = s.json();
        assertThat(CaseState.parse(json)).isEqualTo(s);
        assertThat(CaseState.parse(s.version())).isEqualTo(s);
        ObjectNode concord = (ObjectNode) json.get("extensions").get(Kind.CONCORD_EXTENSION);
        assertThat(concord.get("evidence").get(0).get("object_ref").asText()).isEqualTo(ALERT);
        assertThat(concord.get("entries").get("tasks").get(0).get("removed").asBoolean()).isTrue();
        assertThat(json.get("extensions").get(Kind.INCIDENT_CORE).has("tasks")).isFalse();
        assertThat(json.get("object_marking_refs").get(0).asText()).isEqualTo(Tlp.RED.markingId());

        ObjectNode without = json.deepCopy();
        without.remove("modified");
        long residue = new BigInteger(1, sha256(Canonical.bytes(without))).mod(BigInteger.valueOf(1_000_000)).longValue();
        long a = T0.plusSeconds(6).toEpochMilli(), n = 3 + 2; // three writes, two set entries (the task a tombstone)
        Instant modified = StixTimestamp.parse(json.get("modified").asText());
        assertThat(modified).isEqualTo(Instant.ofEpochMilli(a + n).plusNanos(residue));
        assertThat(json.get("modified").asText()).hasSize(30);
    }

    @Test
    void aCopyWithEvidenceWithheldLosesNothingInAMerge() {
        CaseState s = opened().edit(FI, T0.plusSeconds(1), List.of(new Change.Add("evidence", ALERT, null)));
        ObjectNode thinned = s.json();
        ((ObjectNode) thinned.get("extensions").get(Kind.CONCORD_EXTENSION)).remove("evidence");
        CaseState copy = CaseState.parse(thinned);
        assertThat(copy.live("evidence")).isEmpty();
        assertThat(CaseState.merge(opened(), copy).live("evidence")).isEmpty();
        assertThat(CaseState.merge(s, copy)).isEqualTo(s);
    }

    @Test
    void aCaseNeverBecomesLooser() {
        assertThatThrownBy(() -> opened().edit(FI, T0, List.of(new Change.Raise(Tlp.GREEN))))
                .isInstanceOf(ConcordException.class).hasMessageContaining("TLP:AMBER").hasMessageContaining("never becomes looser");
    }

    @Test
    void badEditsAndBadVersionsSayWhatAndWhere() {
        assertThatThrownBy(() -> opened().edit(FI, T0, List.of(new Change.Set("criticality", IntNode.valueOf(101)))))
                .isInstanceOfSatisfying(ConcordException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("criticality must be an integer 0..100");
        assertThatThrownBy(() -> opened().edit(FI, T0, List.of(new Change.Set("determination", TextNode.valueOf("low-value")))))
                .hasMessageContaining("determination must be one of");
        assertThatThrownBy(() -> opened().edit(FI, T0, List.of(new Change.Set("investigation_status", null))))
                .hasMessageContaining("investigation_status is required");
        assertThatThrownBy(() -> opened().edit(FI, T0, List.of(new Change.Add("tasks", ALERT, null))))
                .hasMessageContaining("must be a task id");
        ObjectNode json = opened().json();
        ((ObjectNode) json.get("extensions").get(Kind.INCIDENT_CORE)).put("criticality", 7);
        assertThatThrownBy(() -> CaseState.parse(json))
                .isInstanceOfSatisfying(ConcordException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_STIX))
                .hasMessage(CASE + " /criticality: has no stamp in /extensions/" + Kind.CONCORD_EXTENSION + "/fields");
        ObjectNode json2 = opened().json();
        ((ObjectNode) json2.get("extensions").get(Kind.CONCORD_EXTENSION).get("writes")).put(EE, -1);
        assertThatThrownBy(() -> CaseState.parse(json2)).hasMessageContaining("/writes/" + EE + ": must be a positive integer");
    }

    @Test
    void readingAcceptsTheOlderDeterminationsButWritingRefusesThem() {
        ObjectNode json = opened().json();
        ((ObjectNode) json.get("extensions").get(Kind.INCIDENT_CORE)).put("determination", "successful-attempt");
        assertThat(CaseState.parse(json).value("determination").asText()).isEqualTo("successful-attempt");
    }

    @Test
    void aTaskKeepsItsCaseAndOwnerInConcordsExtension() {
        CaseState t = CaseState.open(Kind.TASK, TASK, EE, CASE, Tlp.GREEN, Map.of("name", TextNode.valueOf("block domain")), T0)
                .edit(FI, T0.plusSeconds(1), List.of(new Change.Set("owner_ref", TextNode.valueOf(FI)),
                        new Change.Set("due", TextNode.valueOf("2026-03-15T00:00:00Z"))));
        ObjectNode json = t.json();
        assertThat(json.get("outcome").asText()).isEqualTo("pending");
        assertThat(json.get("extensions").get(Kind.TASK_EXTENSION).get("extension_type").asText()).isEqualTo("new-sdo");
        assertThat(json.get("extensions").get(Kind.CONCORD_EXTENSION).get("owner_ref").asText()).isEqualTo(FI);
        assertThat(CaseState.parse(json)).isEqualTo(t);
    }

    @Test
    void theExtensionIdIsTheUuidV5OfTheProjectIdentityAndItsName() throws Exception {
        UUID ns = UUID.fromString("2df29754-e424-4b35-819a-d781604ddb45");
        MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
        sha1.update(ByteBuffer.allocate(16).putLong(ns.getMostSignificantBits()).putLong(ns.getLeastSignificantBits()).array());
        byte[] h = sha1.digest("extension-definition/response".getBytes(StandardCharsets.UTF_8));
        h[6] = (byte) ((h[6] & 0x0f) | 0x50);
        h[8] = (byte) ((h[8] & 0x3f) | 0x80);
        ByteBuffer b = ByteBuffer.wrap(h);
        assertThat(Kind.CONCORD_EXTENSION).isEqualTo("extension-definition--" + new UUID(b.getLong(), b.getLong()));
    }

    private static byte[] sha256(byte[] b) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(b);
    }

    @Test
    void aStateHoldingAnElementAThinnedCopyLackedIsNewer() throws Exception {
        CaseState full = opened().edit(FI, T0.plusSeconds(5), List.of(new Change.Add("evidence", ALERT, null)));
        ObjectNode thinnedJson = full.json();
        ((com.fasterxml.jackson.databind.node.ArrayNode) thinnedJson.get("extensions").get(Kind.CONCORD_EXTENSION).get("evidence")).removeAll();
        CaseState thinned = CaseState.parse(thinnedJson);
        assertThat(full.contains(thinned)).isTrue();
        // same greatest stamp and writes: only the entry count tells them apart (design §10.2)
        assertThat(full.modified()).isGreaterThan(CaseState.merge(opened(), thinned).modified());
    }
}
