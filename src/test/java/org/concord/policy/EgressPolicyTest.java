package org.concord.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.concord.policy.Samples.INTELLIGENCE;
import static org.concord.policy.Samples.LOCAL;
import static org.concord.policy.Samples.indicator;
import static org.concord.policy.Samples.json;
import static org.concord.policy.Samples.open;
import static org.concord.policy.Samples.policy;
import static org.concord.policy.Samples.released;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.concord.stix.StixObject;
import org.concord.stix.Tlp;
import org.concord.store.CollectionInfo;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** One rule at a time. */
class EgressPolicyTest {
    private static final Agreement ALL = open("b").build();
    private static final Agreement SAME_ORG = open("b").sameOrganisation(true)
            .tlp(Tlp.CLEAR, Tlp.GREEN, Tlp.AMBER, Tlp.AMBER_STRICT).build();

    private static Decision decide(ObjectNode o, Agreement a) {
        return policy().decide(o, INTELLIGENCE, a, LOCAL);
    }

    private static Decision.Withhold withheld(Decision d) {
        assertThat(d).isInstanceOf(Decision.Withhold.class);
        return (Decision.Withhold) d;
    }

    @Nested
    class Tlp20 {
        @Test
        void redNeverLeavesEvenToTheOwnOrganisation() {
            Decision d = decide(indicator("a", Tlp.RED), SAME_ORG);
            assertThat(withheld(d).rule()).isEqualTo(Rule.TLP_RED);
            assertThat(withheld(d).reason()).contains("TLP:RED never leaves");
        }

        @Test
        void tlp10RedIdIsRed() {
            ObjectNode o = indicator("a", null);
            o.putArray("object_marking_refs").add("marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed");
            assertThat(withheld(decide(o, SAME_ORG)).rule()).isEqualTo(Rule.TLP_RED);
        }

        @Test
        void tlp10WhiteIsClear() {
            ObjectNode o = indicator("a", null);
            o.putArray("object_marking_refs").add("marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9");
            Decision d = decide(o, Agreement.outbound("b").collections("*").types("*").tlp(Tlp.CLEAR).build());
            assertThat(((Decision.Release) d).rules()).containsExactly(Rule.TLP_CLEAR);
        }

        @Test
        void theStrictestOfSeveralTlpMarkingsGoverns() {
            ObjectNode o = indicator("a", Tlp.GREEN);
            ((com.fasterxml.jackson.databind.node.ArrayNode) o.get("object_marking_refs")).add(Tlp.RED.markingId());
            assertThat(withheld(decide(o, SAME_ORG)).rule()).isEqualTo(Rule.TLP_RED);
        }

        @Test
        void everyTlpMarkingOfTheObjectMustBeGranted() {
            ObjectNode o = indicator("a", Tlp.AMBER_STRICT);
            ((com.fasterxml.jackson.databind.node.ArrayNode) o.get("object_marking_refs")).add(Tlp.AMBER.markingId());
            Agreement strictOnly = open("b").sameOrganisation(true).tlp(Tlp.AMBER_STRICT).build();
            assertThat(withheld(decide(o, strictOnly)).rule()).isEqualTo(Rule.TLP_AMBER);
            assertThat(((Decision.Release) decide(o, SAME_ORG)).rules()).containsExactly(Rule.TLP_AMBER_STRICT);
        }

        @Test
        void amberStrictGoesOnlyToTheOwnOrganisation() {
            assertThat(withheld(decide(indicator("a", Tlp.AMBER_STRICT), ALL)).rule()).isEqualTo(Rule.TLP_AMBER_STRICT);
            assertThat(withheld(decide(indicator("a", Tlp.AMBER_STRICT), ALL)).reason()).contains("own organisation");
            assertThat(decide(indicator("a", Tlp.AMBER_STRICT), SAME_ORG).released()).isTrue();
        }

        @Test
        void amberStrictNeedsNamingEvenWithinTheOrganisation() {
            Agreement a = open("b").sameOrganisation(true).build();
            assertThat(withheld(decide(indicator("a", Tlp.AMBER_STRICT), a)).rule()).isEqualTo(Rule.TLP_AMBER_STRICT);
        }

        @Test
        void amberOnlyWhereTheAgreementNamesIt() {
            Agreement green = open("b").tlp(Tlp.CLEAR, Tlp.GREEN).build();
            assertThat(withheld(decide(indicator("a", Tlp.AMBER), green)).rule()).isEqualTo(Rule.TLP_AMBER);
            Decision d = decide(indicator("a", Tlp.AMBER), ALL);
            assertThat(((Decision.Release) d).rules()).containsExactly(Rule.TLP_AMBER);
        }

        @Test
        void greenAndClearOnlyWhereAgreed() {
            Agreement clearOnly = Agreement.outbound("b").collections("*").types("*").build();
            assertThat(withheld(decide(indicator("a", Tlp.GREEN), clearOnly)).rule()).isEqualTo(Rule.TLP_GREEN);
            assertThat(decide(indicator("a", Tlp.CLEAR), clearOnly).released()).isTrue();
            Agreement greenOnly = open("b").tlp(Tlp.GREEN).build();
            assertThat(withheld(decide(indicator("a", Tlp.CLEAR), greenOnly)).rule()).isEqualTo(Rule.TLP_CLEAR);
        }

        @Test
        void anUnmarkedObjectIsAtTheDefaultLevelAndGoesAsStoredWithNoMarkingAdded() {
            org.concord.stix.StixObject stored = org.concord.stix.StixObject.of(indicator("a", null));
            Decision d = policy(Tlp.GREEN).decide(stored, INTELLIGENCE, ALL, LOCAL);
            assertThat(((Decision.Release) d).rules()).containsExactly(Rule.TLP_DEFAULT, Rule.TLP_GREEN);
            assertThat(((Decision.Release) d).object()).isSameAs(stored);
            assertThat(((Decision.Release) d).altered()).isFalse();
        }

        @Test
        void anUnmarkedObjectIsAtItsHandlingLevelRatherThanTheDefault() {
            org.concord.stix.StixObject stored = org.concord.stix.StixObject.of(indicator("a", null));
            Decision red = policy(Tlp.GREEN).decide(stored, INTELLIGENCE, ALL, LOCAL, EgressPolicy.Context.handled(Tlp.RED));
            assertThat(withheld(red).rule()).isEqualTo(Rule.TLP_RED);
            assertThat(withheld(red).reason()).contains("handles it at TLP:RED");
            Decision clear = policy(Tlp.RED).decide(stored, INTELLIGENCE, SAME_ORG, LOCAL, EgressPolicy.Context.handled(Tlp.CLEAR));
            assertThat(((Decision.Release) clear).rules()).containsExactly(Rule.TLP_HANDLING, Rule.TLP_CLEAR);
            assertThat(((Decision.Release) clear).object()).isSameAs(stored);
            // a marking of its own governs, whatever the handling level
            org.concord.stix.StixObject marked = org.concord.stix.StixObject.of(indicator("b", Tlp.RED));
            assertThat(policy(Tlp.GREEN).decide(marked, INTELLIGENCE, SAME_ORG, LOCAL, EgressPolicy.Context.handled(Tlp.CLEAR))
                    .released()).isFalse();
        }

        @Test
        void aForgedDefinitionUnderATlpIdGoesAsTheBuiltInStandardObject() {
            ObjectNode forged = Samples.json("{'type':'marking-definition','spec_version':'2.1','id':'" + Tlp.RED.markingId()
                    + "','created':'2022-10-01T00:00:00.000Z','name':'TLP:RED secret 10.0.0.1','extensions':{'" + Tlp.EXTENSION_ID
                    + "':{'extension_type':'property-extension','tlp_2_0':'red'}}}");
            Decision d = policy(Tlp.GREEN).decide(forged, INTELLIGENCE, ALL, LOCAL);
            assertThat(((Decision.Release) d).object()).isEqualTo(org.concord.stix.TlpDefinitions.of(Tlp.RED.markingId()).orElseThrow());
        }

        @Test
        void anUnmarkedObjectUnderADefaultOfRedNeverLeaves() {
            Decision d = policy(Tlp.RED).decide(indicator("a", null), INTELLIGENCE, SAME_ORG, LOCAL);
            assertThat(withheld(d).rule()).isEqualTo(Rule.TLP_RED);
            assertThat(withheld(d).reason()).contains("default");
        }

        @Test
        void anUnmarkedObjectWithOnlyAStatementMarkingStillTakesTheDefault() {
            ObjectNode o = indicator("a", null);
            o.putArray("object_marking_refs").add(Samples.STATEMENT);
            Agreement a = open("b").markings(Samples.STATEMENT).tlp(Tlp.CLEAR).build();
            assertThat(withheld(decide(o, a)).rule()).isEqualTo(Rule.TLP_AMBER);
        }
    }

    @Nested
    class OtherMarkings {
        @Test
        void aMarkingThatIsNotTlpNorListedIsWithheld() {
            ObjectNode o = indicator("a", Tlp.GREEN);
            ((com.fasterxml.jackson.databind.node.ArrayNode) o.get("object_marking_refs")).add(Samples.STATEMENT);
            assertThat(withheld(decide(o, ALL)).rule()).isEqualTo(Rule.UNKNOWN_MARKING);
            assertThat(decide(o, open("b").markings(Samples.STATEMENT).build()).released()).isTrue();
        }

        @Test
        void theStandardTlpDefinitionsGoToAnyPartnerWithAnAgreement() {
            ObjectNode red = json("{'type':'marking-definition','spec_version':'2.1','id':'" + Tlp.RED.markingId()
                    + "','created':'2022-10-01T00:00:00.000Z','name':'TLP:RED','extensions':{'" + Tlp.EXTENSION_ID
                    + "':{'extension_type':'property-extension','tlp_2_0':'red'}}}");
            Agreement clearIndicators = Agreement.outbound("b").collections("*").types("indicator").build();
            Decision d = decide(red, clearIndicators);
            assertThat(((Decision.Release) d).rules()).containsExactly(Rule.TLP_DEFINITION);
        }

        @Test
        void anotherMarkingDefinitionGoesOnlyWhenListed() {
            ObjectNode statement = json("{'type':'marking-definition','spec_version':'2.1','id':'" + Samples.STATEMENT
                    + "','created':'2022-10-01T00:00:00.000Z','definition_type':'statement',"
                    + "'definition':{'statement':'Copyright Acme'},'object_marking_refs':['" + Tlp.CLEAR.markingId() + "']}");
            Agreement indicators = open("b").types("indicator").build();
            assertThat(withheld(decide(statement, indicators)).rule()).isEqualTo(Rule.OBJECT_TYPE);
            Decision d = decide(statement, open("b").types("indicator").markings(Samples.STATEMENT).build());
            assertThat(((Decision.Release) d).rules()).containsExactly(Rule.TLP_CLEAR, Rule.MARKING_ALLOWED);
        }

        @Test
        void malformedMarkingsAreWithheld() {
            ObjectNode o = indicator("a", null);
            o.put("object_marking_refs", Tlp.GREEN.markingId());
            assertThat(withheld(decide(o, ALL)).rule()).isEqualTo(Rule.INVALID_INPUT);
        }
    }

    @Nested
    class Filters {
        @Test
        void objectTypesNotListedAreWithheld() {
            Agreement a = open("b").types("malware").build();
            assertThat(withheld(decide(indicator("a", Tlp.GREEN), a)).rule()).isEqualTo(Rule.OBJECT_TYPE);
        }

        @Test
        void collectionsAreNamedByAliasOrId() {
            CollectionInfo other = new CollectionInfo("7a0c2d0e-0000-4000-8000-000000000001", "private", "Private", "");
            Agreement byAlias = open("b").collections("intelligence").build();
            Agreement byId = open("b").collections(INTELLIGENCE.id()).build();
            assertThat(decide(indicator("a", Tlp.GREEN), byAlias).released()).isTrue();
            assertThat(decide(indicator("a", Tlp.GREEN), byId).released()).isTrue();
            Decision d = policy().decide(indicator("a", Tlp.GREEN), other, byAlias, LOCAL);
            assertThat(withheld(d).rule()).isEqualTo(Rule.COLLECTION);
        }

        @Test
        void anObjectPassesTheSectorFilterWhenItNamesNoSectorOrOneListed() {
            Agreement energy = open("b").sectors("energy").build();
            assertThat(decide(indicator("a", Tlp.GREEN), energy).released()).isTrue();
            ObjectNode finance = indicator("a", Tlp.GREEN);
            finance.putArray("x_concord_sectors").add("financial-services");
            assertThat(withheld(decide(finance, energy)).rule()).isEqualTo(Rule.SECTOR);
            ((com.fasterxml.jackson.databind.node.ArrayNode) finance.get("x_concord_sectors")).add("energy");
            assertThat(decide(finance, energy).released()).isTrue();
            ObjectNode identity = json("{'type':'identity','spec_version':'2.1','id':'" + Samples.id("identity", "bank")
                    + "','created':'2024-01-01T00:00:00.000Z','modified':'2024-01-01T00:00:00.000Z','name':'Bank',"
                    + "'identity_class':'organization','sectors':['financial-services'],'object_marking_refs':['"
                    + Tlp.GREEN.markingId() + "']}");
            assertThat(withheld(decide(identity, energy)).rule()).isEqualTo(Rule.SECTOR);
        }
    }

    @Nested
    class ProvenanceRules {
        @Test
        void neverBackToANodeOnThePath() {
            Provenance p = new Provenance("a", "FR", List.of("a", "b", "c"), true);
            Decision d = policy().decide(indicator("x", Tlp.GREEN), INTELLIGENCE, open("b").build(), p);
            assertThat(withheld(d).rule()).isEqualTo(Rule.LOOP);
            Decision toOrigin = policy().decide(indicator("x", Tlp.GREEN), INTELLIGENCE, open("a").build(), p);
            assertThat(withheld(toOrigin).rule()).isEqualTo(Rule.LOOP);
            Decision onward = policy().decide(indicator("x", Tlp.GREEN), INTELLIGENCE, open("d").build(), p);
            assertThat(onward.released()).isTrue();
        }

        @Test
        void notPassedOnWithoutLeave() {
            Provenance p = new Provenance("a", "FR", List.of("a"), false);
            Decision d = policy().decide(indicator("x", Tlp.GREEN), INTELLIGENCE, open("d").build(), p);
            assertThat(withheld(d).rule()).isEqualTo(Rule.RESHARE);
        }

        @Test
        void whatThisNodeOriginatedIsItsToShare() {
            Provenance p = new Provenance(Samples.NODE, "DE", List.of(Samples.NODE), false);
            assertThat(policy().decide(indicator("x", Tlp.GREEN), INTELLIGENCE, open("d").build(), p).released()).isTrue();
        }
    }

    @Nested
    class Granular {
        private ObjectNode marked(String selectorsJson, Tlp level) {
            ObjectNode o = indicator("a", Tlp.GREEN);
            o.putArray("labels").add("one").add("two").add("three");
            o.set("external_references", json("{'r':[{'source_name':'acme','external_id':'A-1','url':'https://example.com/1'},"
                    + "{'source_name':'other','external_id':'O-2','url':'https://example.com/2'}]}").get("r"));
            o.set("granular_markings", json("{'g':[{'selectors':" + selectorsJson + ",'marking_ref':'" + level.markingId()
                    + "'},{'selectors':['labels.[2]','external_references.[1].url','name'],'marking_ref':'"
                    + Tlp.GREEN.markingId() + "'}]}").get("g"));
            return o;
        }

        @Test
        void aPropertyUnderRedIsRemoved() {
            Decision d = decide(marked("['description']", Tlp.RED), ALL);
            JsonNode out = released(d);
            assertThat(out.has("description")).isFalse();
            assertThat(((Decision.Release) d).rules()).contains(Rule.GRANULAR_REMOVED);
            assertThat(out.get("granular_markings")).hasSize(1);
            assertThat(Samples.VALIDATOR.validate(out)).isEmpty();
        }

        @Test
        void aListItemIsRemovedAndLaterSelectorsRenumbered() {
            JsonNode out = released(decide(marked("['labels.[0]']", Tlp.RED), ALL));
            assertThat(out.get("labels")).extracting(JsonNode::asText).containsExactly("two", "three");
            assertThat(out.get("granular_markings").get(0).get("selectors")).extracting(JsonNode::asText)
                    .containsExactly("labels.[1]", "external_references.[1].url", "name");
            assertThat(Samples.VALIDATOR.validate(out)).isEmpty();
        }

        @Test
        void aNestedPropertyIsRemoved() {
            JsonNode out = released(decide(marked("['external_references.[0].url']", Tlp.AMBER_STRICT), ALL));
            assertThat(out.get("external_references").get(0).has("url")).isFalse();
            assertThat(out.get("external_references").get(1).get("url").asText()).isEqualTo("https://example.com/2");
            assertThat(out.toString()).doesNotContain("https://example.com/1");
        }

        @Test
        void aMarkingOnAListCoversEveryItem() {
            JsonNode out = released(decide(marked("['external_references']", Tlp.RED), ALL));
            assertThat(out.has("external_references")).isFalse();
            assertThat(out.get("granular_markings").get(0).get("selectors")).extracting(JsonNode::asText)
                    .containsExactly("labels.[2]", "name");
        }

        @Test
        void aListEmptiedByRemovalIsRemoved() {
            JsonNode out = released(decide(marked("['labels.[0]','labels.[1]','labels.[2]']", Tlp.RED), ALL));
            assertThat(out.has("labels")).isFalse();
            assertThat(Samples.VALIDATOR.validate(out)).isEmpty();
        }

        @Test
        void aMarkedEnvelopePropertyWithholdsTheObject() {
            Decision d = decide(marked("['modified']", Tlp.RED), ALL);
            assertThat(withheld(d).rule()).isEqualTo(Rule.GRANULAR_REQUIRED);
            Decision markings = decide(marked("['object_marking_refs.[0]']", Tlp.RED), ALL);
            assertThat(withheld(markings).rule()).isEqualTo(Rule.GRANULAR_REQUIRED);
        }

        @Test
        void aRequiredPropertyUnderRedWithholdsTheObject() {
            Decision d = decide(marked("['pattern']", Tlp.RED), ALL);
            assertThat(withheld(d).rule()).isEqualTo(Rule.INVALID_RESULT);
            assertThat(withheld(d).reason()).contains("pattern");
        }

        @Test
        void aRequiredNestedPropertyUnderRedWithholdsTheObject() {
            Decision d = decide(marked("['external_references.[0].source_name']", Tlp.RED), ALL);
            assertThat(withheld(d).rule()).isEqualTo(Rule.INVALID_RESULT);
            d = decide(marked("['external_references.[0].url','external_references.[0].external_id']", Tlp.RED), ALL);
            assertThat(withheld(d).rule()).isEqualTo(Rule.INVALID_RESULT);
        }

        @Test
        void anUnknownGranularMarkingRemovesItsContent() {
            ObjectNode o = marked("['description']", Tlp.GREEN);
            ((ObjectNode) o.get("granular_markings").get(0)).put("marking_ref", Samples.STATEMENT);
            assertThat(released(decide(o, ALL)).has("description")).isFalse();
            assertThat(released(decide(o, open("b").markings(Samples.STATEMENT).build())).has("description")).isTrue();
        }

        @Test
        void aSelectorThatCannotBeReadWithholds() {
            ObjectNode o = marked("['description..x']", Tlp.RED);
            assertThat(withheld(decide(o, ALL)).rule()).isEqualTo(Rule.INVALID_INPUT);
        }

        @Test
        void aForbiddenMarkingWhoseSelectorSelectsNothingWithholds() {
            ObjectNode o = marked("['x_absent']", Tlp.RED);
            assertThat(withheld(decide(o, ALL)).rule()).isEqualTo(Rule.INVALID_INPUT);
        }

        @Test
        void releasableGranularMarkingsLeaveTheObjectAsStored() {
            ObjectNode o = marked("['description']", Tlp.CLEAR);
            StixObject stored = StixObject.of(o);
            Decision d = policy().decide(stored, INTELLIGENCE, ALL, LOCAL);
            assertThat(((Decision.Release) d).object()).isSameAs(stored);
            assertThat(((Decision.Release) d).altered()).isFalse();
        }

        @Test
        void langMarkingsRestrictNothing() {
            ObjectNode o = indicator("a", Tlp.GREEN);
            o.set("granular_markings", json("{'g':[{'selectors':['description'],'lang':'de'}]}").get("g"));
            assertThat(released(decide(o, ALL)).has("description")).isTrue();
        }
    }

    @Test
    void theInputIsNeverModified() {
        ObjectNode o = indicator("a", null);
        o.set("granular_markings", json("{'g':[{'selectors':['description'],'marking_ref':'" + Tlp.RED.markingId() + "'}]}").get("g"));
        ObjectNode before = o.deepCopy();
        assertThat(decide(o, open("b").pseudonymise("name").build()).released()).isTrue();
        assertThat(o).isEqualTo(before);
    }

    @Test
    void inboundAgreementsAreNotForEgress() {
        Agreement in = Agreement.inbound("b").collections("*").types("*").build();
        assertThatThrownBy(() -> decide(indicator("a", Tlp.CLEAR), in)).isInstanceOf(IllegalArgumentException.class);
    }
}
