package org.concord.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.concord.policy.Samples.LOCAL;
import static org.concord.policy.Samples.SIGHTINGS;
import static org.concord.policy.Samples.INTELLIGENCE;
import static org.concord.policy.Samples.json;
import static org.concord.policy.Samples.open;
import static org.concord.policy.Samples.policy;
import static org.concord.policy.Samples.released;
import static org.concord.policy.Samples.sighting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.concord.stix.StixObject;
import org.concord.stix.Tlp;
import org.junit.jupiter.api.Test;

/** Sighting disclosure modes and PII. */
class TransformTest {
    private static final String REPORTER = Samples.id("identity", "reporter");

    private static Decision decide(ObjectNode o, Agreement a) {
        return policy().decide(o, SIGHTINGS, a, LOCAL);
    }

    @Test
    void sightingsByIdentityGoAsStored() {
        Decision d = decide(sighting(REPORTER), open("b").sightings(Agreement.Sightings.IDENTITY).build());
        assertThat(((Decision.Release) d).altered()).isFalse();
        assertThat(released(d).get("where_sighted_refs").get(0).asText()).isEqualTo(REPORTER);
    }

    @Test
    void sightingsByCountryNameOnlyTheReportersCountry() {
        Decision d = decide(sighting(REPORTER), open("b").sightings(Agreement.Sightings.COUNTRY).build());
        Decision.Release r = (Decision.Release) d;
        JsonNode out = released(d);
        assertThat(r.rules()).contains(Rule.SIGHTING_COUNTRY);
        assertThat(out.toString()).doesNotContain(REPORTER);
        assertThat(out.get("where_sighted_refs")).hasSize(1);
        StixObject location = r.companions().get(0);
        assertThat(out.get("where_sighted_refs").get(0).asText()).isEqualTo(location.id());
        JsonNode l = Samples.parse(location);
        assertThat(l.get("country").asText()).isEqualTo("DE");
        assertThat(Samples.VALIDATOR.validate(out)).isEmpty();
        assertThat(Samples.VALIDATOR.validate(l)).isEmpty();
        assertThat(out.get("description").asText()).isEqualTo("seen on the mail gateway");
    }

    @Test
    void anAlertsEvidenceNamesReportersOnlyAsFarAsSightingsMayGo() {
        ObjectNode alert = org.concord.fanout.TestAlerts.json(org.concord.fanout.TestAlerts.newId(), "domain:evil.example",
                java.time.Instant.parse("2026-11-24T10:00:00Z"), "high", List.of("DE", "EE", "FI"), Tlp.GREEN);
        for (JsonNode e : alert.get("evidence")) ((ObjectNode) e).put("member", REPORTER);

        Decision asIs = decide(alert.deepCopy(), open("b").sightings(Agreement.Sightings.IDENTITY).build());
        assertThat(((Decision.Release) asIs).altered()).isFalse();

        JsonNode byCountry = released(decide(alert.deepCopy(), open("b").sightings(Agreement.Sightings.COUNTRY).build()));
        assertThat(byCountry.get("evidence")).allSatisfy(e -> {
            assertThat(e.has("member")).isFalse();
            assertThat(e.has("country")).isTrue();
        });
        JsonNode byCounts = released(decide(alert.deepCopy(), open("b").sightings(Agreement.Sightings.COUNTS).build()));
        assertThat(byCounts.get("evidence")).allSatisfy(e -> {
            assertThat(e.has("member") || e.has("country") || e.has("sectors")).isFalse();
            assertThat(e.get("count").asInt()).isEqualTo(3);
        });
        assertThat(byCounts.get("groups")).hasSize(3); // that the threshold was reached is the alert itself
        assertThat(Samples.VALIDATOR.validate(byCountry)).isEmpty();
        assertThat(Samples.VALIDATOR.validate(byCounts)).isEmpty();
    }

    @Test
    void anAlertGroupedByMemberNamesItsMembersOnlyToPartnersThatMayKnowReporters() {
        List<String> members = List.of(Samples.id("identity", "m1"), Samples.id("identity", "m2"), Samples.id("identity", "m3"));
        ObjectNode alert = org.concord.fanout.TestAlerts.json(org.concord.fanout.TestAlerts.newId(), "domain:evil.example",
                java.time.Instant.parse("2026-11-24T10:00:00Z"), "high", List.of("DE", "EE", "FI"), Tlp.GREEN);
        ((ObjectNode) alert.get("rule")).put("group_by", "member");
        com.fasterxml.jackson.databind.node.ArrayNode groups = alert.putArray("groups");
        members.forEach(groups::add);
        int i = 0;
        for (JsonNode e : alert.get("evidence")) ((ObjectNode) e).put("member", members.get(i++ % members.size()));

        JsonNode asIs = released(decide(alert.deepCopy(), open("b").sightings(Agreement.Sightings.IDENTITY).build()));
        assertThat(asIs.get("groups")).extracting(JsonNode::asText).containsExactlyElementsOf(members);
        for (Agreement.Sightings mode : List.of(Agreement.Sightings.COUNTRY, Agreement.Sightings.COUNTS)) {
            JsonNode out = released(decide(alert.deepCopy(), open("b").sightings(mode).build()));
            List<String> pseudonyms = new java.util.ArrayList<>();
            out.get("groups").forEach(g -> pseudonyms.add(g.asText()));
            assertThat(pseudonyms).as(mode.name()).hasSize(3).doesNotHaveDuplicates().doesNotContainAnyElementsOf(members)
                    .allSatisfy(g -> assertThat(g).startsWith("identity--")).isSorted();
            assertThat(out.toString()).as(mode.name()).doesNotContain(members.get(0), members.get(1), members.get(2));
            assertThat(Samples.VALIDATOR.validate(out)).isEmpty();
            JsonNode again = released(decide(alert.deepCopy(), open("b").sightings(mode).build()));
            assertThat(again.get("groups")).as("the same pseudonyms for the same partner").isEqualTo(out.get("groups"));
        }
    }

    @Test
    void theCountryLocationIsTheSameObjectEverywhere() {
        StixObject a = Sightings.country(sighting(REPORTER), "DE", Tlp.GREEN);
        StixObject b = Sightings.country(sighting(Samples.id("identity", "other")), "DE", Tlp.GREEN);
        assertThat(a).isEqualTo(b);
        assertThat(a.markingRefs()).containsExactly(Tlp.GREEN.markingId());
        assertThat(Sightings.locationId("DE", Tlp.GREEN)).isNotEqualTo(Sightings.locationId("FR", Tlp.GREEN))
                .isNotEqualTo(Sightings.locationId("DE", Tlp.AMBER));
        assertThat(Sightings.locationId("DE", Tlp.GREEN)).matches("location--[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    }

    @Test
    void aSightingFromAnUnknownCountryIsWithheldWhenOnlyTheCountryMayGo() {
        Provenance p = new Provenance("a", null, List.of("a"), true);
        Decision d = policy().decide(sighting(REPORTER), SIGHTINGS, open("b").sightings(Agreement.Sightings.COUNTRY).build(), p);
        assertThat(((Decision.Withhold) d).rule()).isEqualTo(Rule.SIGHTING_COUNTRY_UNKNOWN);
    }

    @Test
    void sightingsAsCountsKeepWhatWhenAndHowOften() {
        ObjectNode s = sighting(REPORTER);
        s.set("granular_markings", json("{'g':[{'selectors':['description','count'],'marking_ref':'"
                + Tlp.GREEN.markingId() + "'}]}").get("g"));
        JsonNode out = released(decide(s, open("b").build()));
        List<String> names = new java.util.ArrayList<>();
        out.fieldNames().forEachRemaining(names::add);
        assertThat(names).containsExactlyInAnyOrder("type", "spec_version", "id", "created", "modified", "sighting_of_ref",
                "count", "first_seen", "last_seen", "object_marking_refs", "granular_markings");
        assertThat(out.get("granular_markings").get(0).get("selectors")).extracting(JsonNode::asText).containsExactly("count");
        assertThat(Samples.VALIDATOR.validate(out)).isEmpty();
    }

    @Test
    void countsIsTheDefault() {
        Agreement a = Agreement.outbound("b").collections("*").types("*").tlp(Tlp.GREEN).build();
        assertThat(((Decision.Release) decide(sighting(REPORTER), a)).rules()).contains(Rule.SIGHTING_COUNTS);
    }

    private static ObjectNode identity(String name, String email) {
        return json("{'type':'identity','spec_version':'2.1','id':'" + Samples.id("identity", name) + "',"
                + "'created':'2024-01-01T00:00:00.000Z','modified':'2024-01-01T00:00:00.000Z','name':'" + name + "',"
                + "'contact_information':'" + email + "','x_staff':{'analyst':{'email':'" + email + "','phone':'+49 30 1'}},"
                + "'object_marking_refs':['" + Tlp.GREEN.markingId() + "']}");
    }

    @Test
    void pseudonymsAreStablePerPartnerAndDifferBetweenPartners() {
        Agreement b = open("b").pseudonymise("contact_information").build();
        Agreement c = open("c").pseudonymise("contact_information").build();
        String once = released(decide(identity("A", "ann@example.org"), b)).get("contact_information").asText();
        String again = released(decide(identity("B", "ann@example.org"), b)).get("contact_information").asText();
        String forC = released(decide(identity("A", "ann@example.org"), c)).get("contact_information").asText();
        assertThat(once).isEqualTo(again).isNotEqualTo(forC).doesNotContain("ann").endsWith("@pseudonym.invalid");
    }

    @Test
    void aDottedPathStartsAtTheTopAndAPlainNameMatchesAnywhere() {
        Agreement a = open("b").pseudonymise("x_staff.analyst.phone").strip("email").build();
        Decision d = decide(identity("A", "ann@example.org"), a);
        JsonNode out = released(d);
        assertThat(out.get("x_staff").get("analyst").has("email")).isFalse();
        assertThat(out.get("x_staff").get("analyst").get("phone").asText()).startsWith("pii-");
        assertThat(out.get("contact_information").asText()).isEqualTo("ann@example.org");
        assertThat(((Decision.Release) d).rules()).contains(Rule.PII_STRIPPED, Rule.PII_PSEUDONYMISED);
    }

    @Test
    void aTypePrefixLimitsThePath() {
        Agreement a = open("b").strip("malware:contact_information").build();
        assertThat(((Decision.Release) decide(identity("A", "x@example.org"), a)).altered()).isFalse();
    }

    @Test
    void stripBeatsPseudonymise() {
        Agreement a = open("b").strip("contact_information").pseudonymise("contact_information").build();
        assertThat(released(decide(identity("A", "ann@example.org"), a)).has("contact_information")).isFalse();
    }

    @Test
    void strippingARequiredPropertyWithholds() {
        Agreement a = open("b").strip("identity:name").build();
        Decision d = decide(identity("A", "ann@example.org"), a);
        assertThat(((Decision.Withhold) d).rule()).isEqualTo(Rule.INVALID_RESULT);
    }

    @Test
    void observableIdsArePseudonymisedWithTheirValuesAndEveryReferenceFollows() {
        String emailId = Samples.id("email-addr", "ann");
        ObjectNode email = json("{'type':'email-addr','spec_version':'2.1','id':'" + emailId + "','value':'ann@example.org',"
                + "'object_marking_refs':['" + Tlp.GREEN.markingId() + "']}");
        ObjectNode message = json("{'type':'email-message','spec_version':'2.1','id':'" + Samples.id("email-message", "m")
                + "','is_multipart':false,'from_ref':'" + emailId + "','to_refs':['" + emailId + "'],"
                + "'object_marking_refs':['" + Tlp.GREEN.markingId() + "']}");
        Agreement a = open("b").pseudonymise("email-addr:value").build();
        JsonNode e = released(policy().decide(email, INTELLIGENCE, a, LOCAL));
        JsonNode m = released(policy().decide(message, INTELLIGENCE, a, LOCAL));
        assertThat(e.get("value").asText()).endsWith("@pseudonym.invalid");
        assertThat(e.get("id").asText()).startsWith("email-addr--").isNotEqualTo(emailId);
        assertThat(m.get("from_ref").asText()).isEqualTo(e.get("id").asText());
        assertThat(m.get("to_refs").get(0).asText()).isEqualTo(e.get("id").asText());
        assertThat(Samples.VALIDATOR.validate(e)).isEmpty();
        assertThat(Samples.VALIDATOR.validate(m)).isEmpty();
    }
}
