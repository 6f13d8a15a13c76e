package org.concord.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.concord.ConcordException;
import org.concord.config.ConfigFile;
import org.concord.config.Section;
import org.concord.node.NodeConfig;
import org.concord.stix.Tlp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgreementsTest {
    private static final String EXAMPLE = """
            [
              {
                "partner": "cert-ee",
                "direction": "outbound",
                "comment": "national CERT: indicators and sightings by country",
                "collections": ["intelligence", "sightings"],
                "tlp": ["clear", "green", "amber"],
                "types": ["indicator", "malware", "sighting", "relationship", "identity"],
                "sectors": ["energy", "financial-services"],
                "sightings": "country",
                "pii": { "pseudonymise": ["email-addr:value", "user-account:account_login"],
                         "strip": ["contact_information"] },
                "markings": ["marking-definition--3b1c6a1e-4d8f-4f0b-9c53-6d1f0a2b7c11"],
                "may_reshare": false
              },
              { "partner": "cert-ee", "direction": "inbound", "collections": ["intelligence"],
                "tlp": ["clear", "green", "amber"], "types": ["*"], "may_reshare": true },
              { "partner": "acme-soc", "direction": "outbound", "same_organisation": true, "collections": ["*"],
                "tlp": ["white", "green", "amber", "amber+strict"], "types": ["*"], "sightings": "identity" }
            ]
            """;

    /** The agreements of a node.json holding {@code json} as its "agreements". */
    private static Agreements parse(String json) {
        return ConfigFile.of(Path.of("node.json"), "{\"agreements\": " + json + "}").parse(AgreementsTest::agreements);
    }

    private static Agreements agreements(Section root) {
        return Agreements.parse(root.get(Agreements.SECTION));
    }

    /** As a running node reads them: the "agreements" of the whole file (the same parser at start and at every reload). */
    private static Agreements load(Path dir) {
        return NodeConfig.read(dir).parse(AgreementsTest::agreements);
    }

    @Test
    void theDocumentedExampleParses() {
        Agreements all = parse(EXAMPLE);
        Agreement out = all.outbound("cert-ee").orElseThrow();
        assertThat(out.tlp()).containsExactlyInAnyOrder(Tlp.CLEAR, Tlp.GREEN, Tlp.AMBER);
        assertThat(out.sightings()).isEqualTo(Agreement.Sightings.COUNTRY);
        assertThat(out.pseudonymise()).extracting(PiiPath::text).containsExactly("email-addr:value", "user-account:account_login");
        assertThat(out.mayReshare()).isFalse();
        assertThat(all.inbound("cert-ee").orElseThrow().mayReshare()).isTrue();
        assertThat(all.outbound("acme-soc").orElseThrow().allows(Tlp.AMBER_STRICT)).isTrue();
        assertThat(all.outbound("nobody")).isEmpty();
    }

    @Test
    void defaultsAreRestrictive() {
        Agreement a = parse("[{'partner':'b','direction':'outbound','collections':['intelligence'],'tlp':['clear'],'types':['indicator']}]"
                .replace('\'', '"')).outbound("b").orElseThrow();
        assertThat(a.sightings()).isEqualTo(Agreement.Sightings.COUNTS);
        assertThat(a.mayReshare()).isFalse();
        assertThat(a.sameOrganisation()).isFalse();
        assertThat(a.hasPii()).isFalse();
        assertThat(a.markings()).isEmpty();
        assertThat(ConfigFile.of(Path.of("node.json"), "{}").parse(AgreementsTest::agreements).all()).isEmpty();
        assertThat(parse("null").all()).isEmpty();
    }

    private static void refused(String agreement, String... messageParts) {
        assertThatThrownBy(() -> parse("[" + agreement.replace('\'', '"') + "]"))
                .isInstanceOf(ConcordException.class)
                .hasMessageStartingWith("node.json /agreements/0")
                .hasMessageContainingAll(messageParts);
    }

    @Test
    void redIsRefusedWithAClearMessage() {
        refused("{'partner':'b','direction':'outbound','collections':['*'],'tlp':['green','red'],'types':['*']}",
                "/agreements/0/tlp (b, outbound): ", "TLP:RED never leaves", "remove");
    }

    @Test
    void amberStrictNeedsTheOwnOrganisation() {
        refused("{'partner':'b','direction':'outbound','collections':['*'],'tlp':['amber+strict'],'types':['*']}",
                "same_organisation", "amber+strict");
    }

    @Test
    void mistakesSayWhatToFix() {
        refused("{'partner':'b','direction':'outbound','collections':['*'],'tlp':['green'],'types':['*'],'may_reshar':true}",
                "unknown field \"may_reshar\"");
        refused("{'partner':'b','direction':'outbound','tlp':['green'],'types':['*']}", "\"collections\"", "is required");
        refused("{'partner':'b','direction':'sideways','collections':['*'],'tlp':['green'],'types':['*']}", "outbound\" or \"inbound");
        refused("{'partner':'b','direction':'inbound','collections':['*'],'tlp':['green'],'types':['*'],'sightings':'counts'}",
                "outbound agreements only");
        refused("{'partner':'b','direction':'outbound','collections':['*'],'tlp':['green'],'types':['*'],'sectors':['banking']}",
                "industry-sector", "banking");
        refused("{'partner':'b','direction':'outbound','collections':['*'],'tlp':['grey'],'types':['*']}", "not a TLP level");
        refused("{'partner':'b','direction':'outbound','collections':['*'],'tlp':['green'],'types':['*'],"
                + "'pii':{'strip':['where_sighted_refs']}}", "cannot name a reference");
        refused("{'partner':'b','direction':'outbound','collections':['*'],'tlp':['green'],'types':['*'],"
                + "'pii':{'pseudonymise':['id']}}", "cannot name id");
        refused("{'partner':'b','direction':'outbound','collections':['*'],'tlp':['green'],'types':['*'],"
                + "'markings':['" + Tlp.AMBER.markingId() + "']}", "granted by \"tlp\"");
        refused("{'partner':'b','direction':'outbound','collections':['*','intelligence'],'tlp':['green'],'types':['*']}",
                "\"*\" already means all");
        refused("{'partner':'b','direction':'outbound','collections':['*'],'tlp':['green'],'types':['*'],'may_reshare':'yes'}",
                "true or false");
    }

    @Test
    void onePerPartnerAndDirection() {
        String one = "{'partner':'b','direction':'outbound','collections':['*'],'tlp':['green'],'types':['*']}";
        assertThatThrownBy(() -> parse(("[" + one + "," + one + "]").replace('\'', '"')))
                .hasMessageContaining("one agreement per partner and direction");
    }

    @Test
    void agreementsLiveInNodeJsonBesideTheNodeConfiguration(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve(NodeConfig.FILE), """
                { "name": "here", "member": { "name": "Acme", "country": "DE", "sectors": ["energy"],
                    "identity_id": "identity--0c7b5b88-8ff7-4a4d-aa9c-feb398cd0061" },
                  "store": { "kind": "embedded", "file": "store.db" }, "default_tlp": "amber",
                  "agreements": %s }
                """.formatted(EXAMPLE));
        assertThat(NodeConfig.load(dir).name()).isEqualTo("here");
        assertThat(load(dir).all()).hasSize(3);
        Files.writeString(dir.resolve(NodeConfig.FILE), "{\"agreements\": [{\"partner\": \"b\"}]}");
        assertThatThrownBy(() -> load(dir)).isInstanceOf(ConcordException.class)
                .hasMessageContaining("node.json").hasMessageContaining("/agreements/0 (b, ?)");
    }

    @Test
    void aFingerprintChangesWithWhatAnAgreementGrantsNotWithItsCommentOrTheOrderOfItsLists() {
        Agreement a = parse("""
                [{"partner": "cert-ee", "direction": "outbound", "comment": "one", "collections": ["intelligence", "sightings"],
                  "tlp": ["green", "clear"], "types": ["indicator", "malware"]}]""").outbound("cert-ee").orElseThrow();
        Agreement sameInOtherWords = parse("""
                [{"partner": "cert-ee", "direction": "outbound", "comment": "two", "collections": ["sightings", "intelligence"],
                  "tlp": ["white", "green"], "types": ["malware", "indicator"], "sectors": ["*"], "may_reshare": false}]""")
                .outbound("cert-ee").orElseThrow();
        Agreement withMitre = parse("""
                [{"partner": "cert-ee", "direction": "outbound", "collections": ["intelligence", "sightings"],
                  "tlp": ["green", "clear"], "types": ["indicator", "malware"],
                  "markings": ["marking-definition--fa42a846-8d90-4e51-bc29-71d5b4802168"]}]""").outbound("cert-ee").orElseThrow();
        assertThat(a.fingerprint()).matches("[0-9a-f]{64}").isEqualTo(sameInOtherWords.fingerprint()).isNotEqualTo(withMitre.fingerprint());
        assertThat(Agreement.outbound("cert-ee").collections("*").types("*").tlp(Tlp.GREEN).build().fingerprint())
                .isNotEqualTo(Agreement.outbound("cert-ee").collections("*").types("*").tlp(Tlp.GREEN, Tlp.AMBER).build().fingerprint())
                .isNotEqualTo(Agreement.outbound("cert-lv").collections("*").types("*").tlp(Tlp.GREEN).build().fingerprint());
    }
}
