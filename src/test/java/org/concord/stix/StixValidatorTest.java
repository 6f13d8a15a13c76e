package org.concord.stix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.concord.ConcordException;
import org.concord.ErrorCode;
import org.concord.stix.StixValidator.Violation;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** StixValidator, rule family by rule family; each test names the behaviour it pins. */
class StixValidatorTest {
    static final ObjectMapper MAPPER = new ObjectMapper();
    static final StixValidator VALIDATOR = new StixValidator();
    static final String IDENTITY = "identity--f431f809-377b-45e0-aa1c-6a4751cae5ff";
    static final String TLP_WHITE = "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9";

    /** JSON written with single quotes, for readability. */
    static ObjectNode json(String text) {
        try {
            return (ObjectNode) MAPPER.readTree(text.replace('\'', '"'));
        } catch (Exception e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    static ObjectNode indicator() {
        try {
            return (ObjectNode) MAPPER.readTree("""
                    {"type": "indicator", "spec_version": "2.1", "id": "indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f",
                     "created": "2024-01-01T00:00:00.000Z", "modified": "2024-01-02T00:00:00.000Z",
                     "created_by_ref": "identity--f431f809-377b-45e0-aa1c-6a4751cae5ff", "name": "bad IP",
                     "pattern": "[ipv4-addr:value = '198.51.100.1']", "pattern_type": "stix",
                     "valid_from": "2024-01-01T00:00:00Z"}""");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static ObjectNode sco(String type, String props) {
        return json("{'type': '" + type + "', 'id': '" + type + "--2568d22a-8998-58eb-99ec-3c8ca74f527d'" + props + "}");
    }

    static List<Violation> validate(JsonNode o) {
        return VALIDATOR.validate(o);
    }

    static ObjectNode with(ObjectNode o, Consumer<ObjectNode> change) {
        ObjectNode copy = o.deepCopy();
        change.accept(copy);
        return copy;
    }

    /** Asserts exactly one violation, of {@code rule} at {@code pointer}, and returns it. */
    static Violation only(JsonNode o, String rule, String pointer) {
        List<Violation> v = validate(o);
        assertThat(v).as("violations of " + o).hasSize(1);
        assertThat(v.get(0).rule()).as(v.toString()).isEqualTo(rule);
        assertThat(v.get(0).pointer()).as(v.toString()).isEqualTo(pointer);
        return v.get(0);
    }

    static void valid(JsonNode o) {
        assertThat(validate(o)).as("violations of " + o).isEmpty();
    }

    @Test
    void aWellFormedIndicatorHasNoViolations() {
        valid(indicator());
    }

    @Nested
    class CommonProperties {
        @Test
        void everyRequiredCommonPropertyIsReportedWhenMissing() {
            for (String p : List.of("spec_version", "id", "created", "modified")) {
                only(with(indicator(), o -> o.remove(p)), "required", "/" + p);
            }
            assertThat(validate(with(indicator(), o -> o.remove("type")))).extracting(Violation::rule).contains("required");
        }

        @Test
        void idMustBeTypeDashDashRfc4122Uuid() {
            only(with(indicator(), o -> o.put("id", "indicator--8e2e2d2b-17d4-0cbf-938f-98ee46b3cd3f")), "id-format", "/id");
            only(with(indicator(), o -> o.put("id", "indicator-8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f")), "id-format", "/id");
            only(with(indicator(), o -> o.put("id", "indicator--8e2e2d2b-17d4-4cbf-c8ee-98ee46b3cd3f")), "id-format", "/id");
        }

        @Test
        void idPrefixMustEqualTheType() {
            Violation v = only(with(indicator(), o -> o.put("id", "malware--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f")), "id-prefix", "/id");
            assertThat(v.message()).contains("indicator--");
        }

        @Test
        void typeNamesFollowTheSpecSyntaxAndActionIsReserved() {
            assertThat(validate(with(indicator(), o -> o.put("type", "Bad_Type")))).extracting(Violation::rule).contains("type-name");
            assertThat(validate(with(indicator(), o -> o.put("type", "action")))).extracting(Violation::rule).contains("type-name");
        }

        @Test
        void specVersionMustBe21AndTwoPointOhIsCalledOut() {
            only(with(indicator(), o -> o.put("spec_version", "2.0")), "spec-version", "/spec_version");
            only(with(indicator(), o -> o.put("spec_version", "2.2")), "enum", "/spec_version");
        }

        @Test
        void confidenceIsAnIntegerFromZeroToHundred() {
            valid(with(indicator(), o -> o.put("confidence", 0)));
            valid(with(indicator(), o -> o.put("confidence", 100)));
            valid(with(indicator(), o -> o.put("confidence", 50.0)));
            only(with(indicator(), o -> o.put("confidence", 101)), "range", "/confidence");
            only(with(indicator(), o -> o.put("confidence", -1)), "range", "/confidence");
            only(with(indicator(), o -> o.put("confidence", 2.5)), "type", "/confidence");
            only(with(indicator(), o -> o.put("confidence", "50")), "type", "/confidence");
        }

        @Test
        void labelsRevokedAndLangHaveTheirTypes() {
            only(with(indicator(), o -> o.putArray("labels")), "empty", "/labels");
            only(with(indicator(), o -> o.putArray("labels").add(1)), "type", "/labels/0");
            only(with(indicator(), o -> o.put("revoked", "false")), "type", "/revoked");
            only(with(indicator(), o -> o.put("lang", 7)), "type", "/lang");
        }

        @Test
        void customPropertiesAreAllowedButNamedLikeSpecProperties() {
            valid(with(indicator(), o -> o.put("x_acme_score", 3).putObject("x_acme_meta").put("a", 1)));
            only(with(indicator(), o -> o.put("Bad-Name", 1)), "property-name", "/Bad-Name");
            only(with(indicator(), o -> o.put("ab", 1)), "property-name", "/ab");
            only(with(indicator(), o -> o.put("severity", "high")), "reserved-property", "/severity");
        }

        @Test
        void nullValuesAndEmptyListsAreRefusedEvenOnCustomProperties() {
            only(with(indicator(), o -> o.putNull("x_acme_note")), "type", "/x_acme_note");
            only(with(indicator(), o -> o.putArray("x_acme_tags")), "empty", "/x_acme_tags");
            only(with(indicator(), o -> o.putNull("name")), "type", "/name");
        }

        @Test
        void customBinAndHexPropertiesHoldBase64AndHex() {
            valid(with(indicator(), o -> o.put("x_blob_bin", "aGVsbG8=").put("x_key_hex", "0a1B")));
            only(with(indicator(), o -> o.put("x_blob_bin", "not base64!")), "format", "/x_blob_bin");
            only(with(indicator(), o -> o.put("x_key_hex", "abc")), "format", "/x_key_hex");
        }

        @Test
        void customObjectTypesGetOnlyTheCommonRules() {
            valid(json("""
                    {'type': 'x-acme-thing', 'spec_version': '2.1', 'id': 'x-acme-thing--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061',
                     'created': '2024-01-01T00:00:00.000Z', 'modified': '2024-01-01T00:00:00.000Z', 'anything': [1, 'two']}"""));
            only(json("""
                    {'type': 'x-acme-thing', 'spec_version': '2.1', 'id': 'x-acme-thing--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061',
                     'created': '2024-01-01T00:00:00.000Z'}"""), "required", "/modified");
            valid(json("{'type': 'x-acme-gadget', 'id': 'x-acme-gadget--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061', 'serial': 'G1'}"));
        }

        @Test
        void aNonObjectOrABundleIsNotAStixObject() {
            assertThat(validate(MAPPER.getNodeFactory().arrayNode())).extracting(Violation::rule).containsExactly("type");
            assertThat(validate(json("{'type': 'bundle', 'id': 'bundle--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061', 'objects': []}")))
                    .extracting(Violation::rule).contains("type-name");
        }
    }

    @Nested
    class Timestamps {
        @Test
        void createdAndModifiedNeedAtLeastMillisecondPrecision() {
            only(with(indicator(), o -> o.put("created", "2024-01-01T00:00:00Z")), "timestamp-precision", "/created");
            valid(with(indicator(), o -> o.put("modified", "2024-01-02T00:00:00.123456Z")));
        }

        @Test
        void timestampsAreRfc3339InUtcWithRealDates() {
            only(with(indicator(), o -> o.put("valid_from", "2024-01-01 00:00:00Z")), "timestamp", "/valid_from");
            only(with(indicator(), o -> o.put("valid_from", "2024-01-01T00:00:00+01:00")), "timestamp", "/valid_from");
            only(with(indicator(), o -> o.put("valid_from", "2023-02-29T00:00:00Z")), "timestamp-date", "/valid_from");
            valid(with(indicator(), o -> o.put("valid_from", "2016-12-31T23:59:60Z")));
        }

        @Test
        void modifiedBeforeCreatedIsRefusedEqualIsFine() {
            Violation v = only(with(indicator(), o -> o.put("modified", "2023-12-31T23:59:59.999Z")), "modified-before-created", "/modified");
            assertThat(v.message()).contains("2023-12-31T23:59:59.999Z");
            valid(with(indicator(), o -> o.put("modified", "2024-01-01T00:00:00.000000Z")));
        }

        @Test
        void validUntilMustBeAfterValidFrom() {
            only(with(indicator(), o -> o.put("valid_until", "2024-01-01T00:00:00Z")), "time-order", "/valid_until");
            valid(with(indicator(), o -> o.put("valid_until", "2024-01-01T00:00:00.001Z")));
        }

        @Test
        void lastSeenMayEqualButNotPrecedeFirstSeen() {
            ObjectNode campaign = json("""
                    {'type': 'campaign', 'spec_version': '2.1', 'id': 'campaign--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061',
                     'created': '2024-01-01T00:00:00.000Z', 'modified': '2024-01-01T00:00:00.000Z', 'name': 'c',
                     'first_seen': '2020-01-01T00:00:00Z', 'last_seen': '2020-01-01T00:00:00Z'}""");
            valid(campaign);
            only(with(campaign, o -> o.put("last_seen", "2019-01-01T00:00:00Z")), "time-order", "/last_seen");
        }
    }

    @Nested
    class References {
        @Test
        void createdByRefMustNameAnIdentity() {
            only(with(indicator(), o -> o.put("created_by_ref", TLP_WHITE)), "ref-type", "/created_by_ref");
            only(with(indicator(), o -> o.put("created_by_ref", "ACME")), "ref-format", "/created_by_ref");
        }

        @Test
        void objectMarkingRefsMustNameMarkingDefinitions() {
            valid(with(indicator(), o -> o.putArray("object_marking_refs").add(TLP_WHITE)));
            only(with(indicator(), o -> o.putArray("object_marking_refs").add(TLP_WHITE).add(IDENTITY)),
                    "ref-type", "/object_marking_refs/1");
        }

        @Test
        void relationshipsLinkSdosOrScosButNotMarkingsOrSros() {
            ObjectNode rel = json("""
                    {'type': 'relationship', 'spec_version': '2.1', 'id': 'relationship--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061',
                     'created': '2024-01-01T00:00:00.000Z', 'modified': '2024-01-01T00:00:00.000Z', 'relationship_type': 'uses',
                     'source_ref': 'malware--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061',
                     'target_ref': 'ipv4-addr--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061'}""");
            valid(rel);
            only(with(rel, o -> o.put("target_ref", TLP_WHITE)), "ref-type", "/target_ref");
            only(with(rel, o -> o.put("source_ref", "sighting--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061")), "ref-type", "/source_ref");
            only(with(rel, o -> o.put("relationship_type", "Uses It")), "format", "/relationship_type");
        }

        @Test
        void sightingsReferToAnSdoSeenByIdentitiesOrLocationsInObservedData() {
            ObjectNode s = json("""
                    {'type': 'sighting', 'spec_version': '2.1', 'id': 'sighting--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061',
                     'created': '2024-01-01T00:00:00.000Z', 'modified': '2024-01-01T00:00:00.000Z',
                     'sighting_of_ref': 'indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f',
                     'where_sighted_refs': ['identity--f431f809-377b-45e0-aa1c-6a4751cae5ff',
                                            'location--f431f809-377b-45e0-aa1c-6a4751cae5ff'],
                     'observed_data_refs': ['observed-data--f431f809-377b-45e0-aa1c-6a4751cae5ff']}""");
            valid(s);
            only(with(s, o -> o.put("sighting_of_ref", "file--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061")), "ref-type", "/sighting_of_ref");
            only(with(s, o -> o.putArray("where_sighted_refs").add("malware--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061")),
                    "ref-type", "/where_sighted_refs/0");
            only(with(s, o -> o.putArray("observed_data_refs").add(IDENTITY)), "ref-type", "/observed_data_refs/0");
            only(with(s, o -> o.put("count", 1_000_000_000)), "range", "/count");
        }

        @Test
        void malwareSamplesAreArtifactsOrFiles() {
            ObjectNode m = json("""
                    {'type': 'malware', 'spec_version': '2.1', 'id': 'malware--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061',
                     'created': '2024-01-01T00:00:00.000Z', 'modified': '2024-01-01T00:00:00.000Z', 'is_family': false,
                     'sample_refs': ['file--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061']}""");
            valid(m);
            only(with(m, o -> o.putArray("sample_refs").add(IDENTITY)), "ref-type", "/sample_refs/0");
            only(with(m, o -> o.putArray("operating_system_refs").add(IDENTITY)), "ref-type", "/operating_system_refs/0");
        }
    }

    @Nested
    class ExternalReferencesAndMarkings {
        @Test
        void externalReferencesNeedASourceAndSomethingToFindIt() {
            only(with(indicator(), o -> o.putArray("external_references").addObject().put("url", "https://example.com")),
                    "required", "/external_references/0/source_name");
            only(with(indicator(), o -> o.putArray("external_references").addObject().put("source_name", "acme")),
                    "at-least-one", "/external_references/0");
            only(with(indicator(), o -> o.putArray("external_references").addObject().put("source_name", "acme").put("url", "not a url")),
                    "format", "/external_references/0/url");
        }

        @Test
        void cveAndCapecReferencesCarryMatchingIdentifiers() {
            valid(with(indicator(), o -> o.putArray("external_references").addObject().put("source_name", "cve").put("external_id", "CVE-2021-44228")));
            only(with(indicator(), o -> o.putArray("external_references").addObject().put("source_name", "cve").put("external_id", "CVE-21-1")),
                    "format", "/external_references/0/external_id");
            only(with(indicator(), o -> o.putArray("external_references").addObject().put("source_name", "capec").put("description", "x")),
                    "required", "/external_references/0/external_id");
        }

        @Test
        void externalReferenceHashesUseTheHashAlgorithmVocabulary() {
            ObjectNode ref = MAPPER.createObjectNode().put("source_name", "acme").put("url", "https://example.com/a");
            valid(with(indicator(), o -> o.putArray("external_references").add(ref.deepCopy().set("hashes",
                    MAPPER.createObjectNode().put("SHA-256", "ab".repeat(32))))));
            only(with(indicator(), o -> o.putArray("external_references").add(ref.deepCopy().set("hashes",
                    MAPPER.createObjectNode().put("sha256", "ab".repeat(32))))), "enum", "/external_references/0/hashes/sha256");
            only(with(indicator(), o -> o.putArray("external_references").add(ref.deepCopy().set("hashes",
                    MAPPER.createObjectNode().put("MD5", "abc")))), "format", "/external_references/0/hashes/MD5");
        }

        @Test
        void granularMarkingsCarryMarkingRefXorLangAndSelectorsThatResolve() {
            valid(with(indicator(), o -> o.putArray("granular_markings").addObject().put("marking_ref", TLP_WHITE).putArray("selectors").add("name")));
            valid(with(indicator(), o -> o.putArray("granular_markings").addObject().put("lang", "de").putArray("selectors").add("name")));
            only(with(indicator(), o -> o.putArray("granular_markings").addObject().putArray("selectors").add("name")),
                    "at-least-one", "/granular_markings/0");
            only(with(indicator(), o -> o.putArray("granular_markings").addObject().put("marking_ref", TLP_WHITE).put("lang", "de")
                    .putArray("selectors").add("name")), "exclusive", "/granular_markings/0/lang");
            only(with(indicator(), o -> o.putArray("granular_markings").addObject().put("marking_ref", TLP_WHITE)
                    .putArray("selectors").add("description")), "selector", "/granular_markings/0/selectors/0");
            only(with(indicator(), o -> o.putArray("granular_markings").addObject().put("marking_ref", TLP_WHITE)
                    .putArray("selectors").add("Name!")), "format", "/granular_markings/0/selectors/0");
        }

        @Test
        void listSelectorsResolveOnlyToExistingIndexes() {
            ObjectNode o = with(indicator(), x -> x.putArray("labels").add("a").add("b"));
            valid(with(o, x -> x.putArray("granular_markings").addObject().put("marking_ref", TLP_WHITE).putArray("selectors").add("labels.[1]")));
            only(with(o, x -> x.putArray("granular_markings").addObject().put("marking_ref", TLP_WHITE).putArray("selectors").add("labels.[2]")),
                    "selector", "/granular_markings/0/selectors/0");
        }

        @Test
        void tlpOneMarkingsMustBeExactlyTheFourDefinedOnes() {
            ObjectNode white = json("""
                    {'type': 'marking-definition', 'spec_version': '2.1', 'id': 'marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9',
                     'created': '2017-01-20T00:00:00.000Z', 'definition_type': 'tlp', 'name': 'TLP:WHITE', 'definition': {'tlp': 'white'}}""");
            valid(white);
            only(with(white, o -> ((ObjectNode) o.get("definition")).put("tlp", "red")), "tlp", "/definition/tlp");
            only(with(white, o -> o.put("created_by_ref", IDENTITY)), "tlp", "/created_by_ref");
            only(with(white, o -> o.put("id", "marking-definition--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061")), "tlp", "/id");
        }

        @Test
        void statementMarkingsNeedAStatementAndMustNotMarkThemselves() {
            ObjectNode st = json("""
                    {'type': 'marking-definition', 'spec_version': '2.1', 'id': 'marking-definition--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061',
                     'created': '2024-01-01T00:00:00.000Z', 'definition_type': 'statement', 'definition': {'statement': '(c) ACME'}}""");
            valid(st);
            only(with(st, o -> o.putObject("definition")), "required", "/definition/statement");
            only(with(st, o -> o.remove("definition")), "required", "/definition");
            only(with(st, o -> o.putArray("object_marking_refs").add(o.get("id").asText())), "circular-marking", "/object_marking_refs/0");
        }

        @Test
        void tlpTwoMarkingsAreExtensionsWithALevel() {
            ObjectNode clear = json("""
                    {'type': 'marking-definition', 'spec_version': '2.1', 'id': 'marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487',
                     'created': '2022-10-01T00:00:00.000Z', 'name': 'TLP:CLEAR', 'extensions': {
                       'extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d': {'extension_type': 'property-extension', 'tlp_2_0': 'clear'}}}""");
            valid(clear);
            String ext = "/extensions/extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d";
            only(with(clear, o -> ((ObjectNode) o.at(ext)).put("tlp_2_0", "white")), "enum", ext + "/tlp_2_0");
            only(with(clear, o -> ((ObjectNode) o.at(ext)).remove("extension_type")), "required", ext + "/extension_type");
            only(with(clear, o -> ((ObjectNode) o.get("extensions")).putObject("acme-ext").put("a", 1)), "extension", "/extensions/acme-ext");
        }
    }

    @Nested
    class DomainObjects {
        static ObjectNode sdo(String type, String props) {
            return json("{'type': '" + type + "', 'spec_version': '2.1', 'id': '" + type + "--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061',"
                    + " 'created': '2024-01-01T00:00:00.000Z', 'modified': '2024-01-01T00:00:00.000Z'" + props + "}");
        }

        @Test
        void locationsNeedRegionCountryOrBothCoordinates() {
            valid(sdo("location", ", 'region': 'europe'"));
            valid(sdo("location", ", 'latitude': 48.1, 'longitude': 11.5, 'precision': 10.0"));
            only(sdo("location", ", 'name': 'nowhere'"), "at-least-one", "");
            assertThat(validate(sdo("location", ", 'country': 'DE', 'latitude': 48.1"))).extracting(Violation::rule)
                    .containsExactly("dependency");
            assertThat(validate(sdo("location", ", 'country': 'DE', 'precision': 5.0"))).extracting(Violation::pointer)
                    .containsExactly("/latitude", "/longitude");
            only(sdo("location", ", 'latitude': 91, 'longitude': 0"), "range", "/latitude");
        }

        @Test
        void malwareFamiliesAreNamed() {
            valid(sdo("malware", ", 'is_family': false"));
            only(sdo("malware", ", 'is_family': true"), "required", "/name");
            only(sdo("malware", ", 'name': 'x'"), "required", "/is_family");
        }

        @Test
        void opinionsUseTheOpinionEnumeration() {
            valid(sdo("opinion", ", 'opinion': 'agree', 'object_refs': ['" + IDENTITY + "']"));
            only(sdo("opinion", ", 'opinion': 'maybe', 'object_refs': ['" + IDENTITY + "']"), "enum", "/opinion");
        }

        @Test
        void observedDataHasObjectRefsOrObjectsNotBoth() {
            String common = ", 'first_observed': '2024-01-01T00:00:00Z', 'last_observed': '2024-01-01T00:00:00Z', 'number_observed': 1";
            valid(sdo("observed-data", common + ", 'object_refs': ['file--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061']"));
            only(sdo("observed-data", common), "at-least-one", "");
            only(sdo("observed-data", common + ", 'object_refs': ['" + IDENTITY + "']"), "ref-type", "/object_refs/0");
            only(sdo("observed-data", common.replace("'number_observed': 1", "'number_observed': 0")
                    + ", 'object_refs': ['file--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061']"), "range", "/number_observed");
            only(sdo("observed-data", common + ", 'objects': {'0': {'type': 'ipv4-addr', "
                    + "'id': 'ipv4-addr--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061', 'value': '1.2.3.999'}}"), "format", "/objects/0/value");
        }

        @Test
        void malwareAnalysisNeedsAResultOrAnalysedObjects() {
            only(sdo("malware-analysis", ", 'product': 'av'"), "at-least-one", "");
            valid(sdo("malware-analysis", ", 'product': 'av', 'result': 'malicious'"));
        }

        @Test
        void reportsGroupingsAndNotesRequireTheirProperties() {
            assertThat(validate(sdo("report", ", 'name': 'r'"))).extracting(Violation::pointer)
                    .containsExactlyInAnyOrder("/published", "/object_refs");
            only(sdo("grouping", ", 'object_refs': ['" + IDENTITY + "']"), "required", "/context");
            only(sdo("note", ", 'content': 'c', 'object_refs': []"), "empty", "/object_refs");
        }

        @Test
        void extensionDefinitionsListToplevelPropertiesOnlyForToplevelExtensions() {
            String props = ", 'created_by_ref': '" + IDENTITY + "', 'name': 'x', 'schema': 's', 'version': '1'";
            valid(sdo("extension-definition", props + ", 'extension_types': ['toplevel-property-extension'], 'extension_properties': ['x_a']"));
            only(sdo("extension-definition", props + ", 'extension_types': ['new-sdo'], 'extension_properties': ['x_a']"),
                    "dependency", "/extension_properties");
            only(sdo("extension-definition", props + ", 'extension_types': ['new-thing']"), "enum", "/extension_types/0");
        }

        @Test
        void stixPatternsMustParseAndTheViolationSaysWhere() {
            Violation v = only(with(indicator(), o -> o.put("pattern", "[ipv4-addr:value = ]")), "pattern-syntax", "/pattern");
            assertThat(v.message()).contains("position 19");
            valid(with(indicator(), o -> o.put("pattern", "not stix at all").put("pattern_type", "sigma")));
        }

        @Test
        void aPatternCheckCanBeInjected() {
            StixValidator lenient = new StixValidator(PatternCheck.NOT_CHECKED);
            assertThat(lenient.validate(with(indicator(), o -> o.put("pattern", "garbage")))).isEmpty();
            StixValidator strict = new StixValidator(p -> new PatternCheck.Problem(3, "no"));
            assertThat(strict.validate(indicator())).extracting(Violation::rule).containsExactly("pattern-syntax");
        }
    }

    @Nested
    class CyberObservables {
        @Test
        void addressValuesHaveTheirTextForms() {
            valid(sco("ipv4-addr", ", 'value': '10.0.0.0/8'"));
            only(sco("ipv4-addr", ", 'value': '10.0.0.256'"), "format", "/value");
            valid(sco("ipv6-addr", ", 'value': 'fe80::1/64'"));
            only(sco("ipv6-addr", ", 'value': '1::2::3'"), "format", "/value");
            valid(sco("mac-addr", ", 'value': 'd2:fb:49:24:37:18'"));
            only(sco("mac-addr", ", 'value': 'D2-FB-49-24-37-18'"), "format", "/value");
            valid(sco("domain-name", ", 'value': 'xn--bcher-kva.example'"));
            only(sco("domain-name", ", 'value': 'bad_domain..com'"), "format", "/value");
            valid(sco("email-addr", ", 'value': 'jane.doe@example.com'"));
            only(sco("email-addr", ", 'value': 'jane.doe'"), "format", "/value");
        }

        @Test
        void scoIdsAndRequiredPropertiesAreChecked() {
            only(sco("mutex", ""), "required", "/name");
            only(json("{'type': 'url', 'id': 'file--2568d22a-8998-58eb-99ec-3c8ca74f527d', 'value': 'https://a.example'}"), "id-prefix", "/id");
            only(sco("file", ", 'size': 3"), "at-least-one", "");
        }

        @Test
        void networkTrafficNeedsAnEndpointAndActiveFlowsHaveNoEnd() {
            String src = ", 'src_ref': 'ipv4-addr--2568d22a-8998-58eb-99ec-3c8ca74f527d', 'protocols': ['tcp']";
            valid(sco("network-traffic", src));
            only(sco("network-traffic", ", 'protocols': ['tcp']"), "at-least-one", "");
            only(sco("network-traffic", src + ", 'is_active': true, 'end': '2024-01-01T00:00:00Z'"), "exclusive", "/end");
            only(sco("network-traffic", src + ", 'src_port': 70000"), "range", "/src_port");
            only(sco("network-traffic", ", 'src_ref': 'file--2568d22a-8998-58eb-99ec-3c8ca74f527d', 'protocols': ['tcp']"),
                    "ref-type", "/src_ref");
            only(sco("network-traffic", src + ", 'extensions': {'icmp-ext': {'icmp_type_hex': '8', 'icmp_code_hex': '00'}}"),
                    "format", "/extensions/icmp-ext/icmp_type_hex");
        }

        @Test
        void artifactsCarryPayloadOrUrlWithHashes() {
            valid(sco("artifact", ", 'payload_bin': 'aGVsbG8='"));
            only(sco("artifact", ", 'url': 'https://example.com/a'"), "dependency", "/hashes");
            only(sco("artifact", ", 'payload_bin': 'aGVsbG8=', 'url': 'https://example.com/a', 'hashes': {'MD5': '"
                    + "0".repeat(32) + "'}"), "exclusive", "/url");
            only(sco("artifact", ", 'payload_bin': 'aGVsbG8=', 'decryption_key': 'k'"), "dependency", "/encryption_algorithm");
        }

        @Test
        void hashesAreValidatedPerAlgorithmAndCustomNamesAllowed() {
            valid(sco("file", ", 'hashes': {'SHA-256': '" + "a".repeat(64) + "', 'x-custom': 'anything'}"));
            only(sco("file", ", 'hashes': {'SHA-1': 'abc'}"), "format", "/hashes/SHA-1");
            only(sco("file", ", 'hashes': {'a': 'x'}"), "property-name", "/hashes/a");
        }

        @Test
        void registryKeysSpellHivesInFullAndPeTimestampsHaveNoFraction() {
            only(sco("windows-registry-key", ", 'key': 'HKLM\\\\Software'"), "format", "/key");
            only(sco("file", ", 'name': 'a.exe', 'extensions': {'windows-pebinary-ext': {'pe_type': 'exe', "
                    + "'time_date_stamp': '2016-01-22T12:31:12.000Z'}}"), "timestamp-precision", "/extensions/windows-pebinary-ext/time_date_stamp");
        }

        @Test
        void emailMessagesKeepBodiesConsistentWithIsMultipart() {
            only(sco("email-message", ", 'is_multipart': true, 'body': 'x'"), "exclusive", "/body");
            only(sco("email-message", ", 'is_multipart': true, 'body_multipart': [{'content_type': 'text/plain'}]"),
                    "at-least-one", "/body_multipart/0");
        }
    }

    @Nested
    class Integers {
        @Test
        void integersBeyondIJsonRangeAreRefusedAnywhere() {
            only(with(indicator(), o -> o.put("x_big", new BigInteger("9007199254740992"))), "i-json", "/x_big");
            only(with(indicator(), o -> o.putObject("x_meta").putArray("list").add(new BigInteger("-9007199254740993"))),
                    "i-json", "/x_meta/list/0");
            valid(with(indicator(), o -> o.put("x_edge", 9007199254740991L)));
        }
    }

    @Nested
    class Api {
        @Test
        void checkThrowsInvalidStixSummarisingTheFirstViolations() {
            ObjectNode bad = with(indicator(), o -> {
                o.put("confidence", 500);
                o.put("lang", 1);
                o.put("revoked", "no");
                o.put("labels", "x");
            });
            assertThatThrownBy(() -> VALIDATOR.check(bad))
                    .isInstanceOf(ConcordException.class)
                    .satisfies(e -> assertThat(((ConcordException) e).code()).isEqualTo(ErrorCode.INVALID_STIX))
                    .hasMessageContaining("indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f")
                    .hasMessageContaining("/confidence")
                    .hasMessageContaining("and 1 more");
            VALIDATOR.check(indicator());
        }

        @Test
        void violationsCarryTheObjectIdAndEscapedPointers() {
            List<Violation> v = validate(with(indicator(), o -> o.putObject("x_map").putNull("a/b")));
            assertThat(v).isEmpty(); // nested nulls in custom values are allowed
            Violation w = only(with(indicator(), o -> ((ObjectNode) o).putObject("extensions").putObject("a/b-ext")), "extension",
                    "/extensions/a~1b-ext");
            assertThat(w.objectId()).isEqualTo("indicator--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f");
        }

        @Test
        void oneValidatorServesManyThreads() throws Exception {
            ObjectNode bad = with(indicator(), o -> o.put("confidence", 101));
            List<Violation> expected = validate(bad);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<Boolean>> results = new java.util.ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    results.add(pool.submit(() -> {
                        for (int i = 0; i < 2_000; i++) {
                            if (!validate(bad).equals(expected) || !validate(indicator()).isEmpty()) return false;
                        }
                        return true;
                    }));
                }
                for (Future<Boolean> r : results) assertThat(r.get()).isTrue();
            } finally {
                pool.shutdownNow();
            }
        }
    }
}
