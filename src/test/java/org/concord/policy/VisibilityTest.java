package org.concord.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import org.concord.stix.StixObject;
import org.concord.stix.Tlp;
import org.concord.store.CollectionInfo;
import org.concord.store.ObjectFilter;
import org.concord.store.Origin;
import org.concord.store.Page;
import org.concord.store.Store;
import org.concord.store.StoreConfig;
import org.concord.store.Stores;
import org.concord.store.VersionMatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The visibility function on small graphs where the reason a target is withheld matters. */
class VisibilityTest {
    private static final CollectionInfo INTEL = new CollectionInfo("7c1b2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d", "intelligence", "I", null);

    @TempDir
    Path dir;

    private List<Decision> decide(Store store, Agreement a) {
        EgressPolicy policy = new EgressPolicy(Samples.NODE, Tlp.AMBER, Samples.KEY, Samples.VALIDATOR);
        Page page = store.objects(INTEL.id(), new ObjectFilter(null, List.of(), List.of(), VersionMatch.ALL, List.of(), 100));
        return new Visibility(policy, store, Provenance.local(Samples.NODE, "DE"), org.concord.partner.Audiences.EVERYONE).decide(a, INTEL, page.items(), page.older());
    }

    @Test
    void aSightingOfAThirdNodesIndicatorKeepsItsReferenceOneOfARedIndicatorIsWithheld() {
        try (Store store = Stores.open(new StoreConfig.Embedded(dir.resolve("s.db")))) {
            store.createCollection(INTEL);
            StixObject fromFi = StixObject.of(Samples.indicator("from fi", Tlp.GREEN)); // may not be passed on
            StixObject red = StixObject.of(Samples.indicator("red", Tlp.RED));
            ObjectNode ofFi = Samples.sighting(Samples.id("identity", "ee"));
            ofFi.put("sighting_of_ref", fromFi.id()).put("id", Samples.id("sighting", "of fi"));
            ObjectNode ofRed = Samples.sighting(Samples.id("identity", "ee"));
            ofRed.put("sighting_of_ref", red.id()).put("id", Samples.id("sighting", "of red"));
            Origin fi = new Origin("cert-fi", "FI", List.of("cert-fi"), false, "cert-fi", Origin.Signature.VALID);
            store.write(INTEL.id(), List.of(fromFi, red, StixObject.of(ofFi), StixObject.of(ofRed)), java.util.Arrays.asList(fi, null, null, null));

            List<Decision> ds = decide(store, Samples.open("cert-lv").build());

            assertThat(((Decision.Withhold) ds.get(0)).rule()).isEqualTo(Rule.RESHARE);
            assertThat(((Decision.Withhold) ds.get(1)).rule()).isEqualTo(Rule.TLP_RED);
            Decision.Release sent = (Decision.Release) ds.get(2);
            assertThat(Samples.parse(sent.object()).path("sighting_of_ref").asText()).isEqualTo(fromFi.id()); // as it is
            assertThat(sent.rules()).doesNotContain(Rule.REFERENCE_REMOVED);
            assertThat(((Decision.Withhold) ds.get(3)).rule()).isEqualTo(Rule.REFERENCE_WITHHELD);
        }
    }

    @Test
    void anOlderVersionGoesOnlyWithTheNewestAndAReportLosesOnlyItsHiddenReference() {
        try (Store store = Stores.open(new StoreConfig.Embedded(dir.resolve("s.db")))) {
            store.createCollection(INTEL);
            ObjectNode v1 = Samples.indicator("x", Tlp.GREEN);
            ObjectNode v2 = Samples.indicator("x", Tlp.AMBER_STRICT).put("modified", "2025-01-01T00:00:00.000Z");
            StixObject green = StixObject.of(Samples.indicator("green", Tlp.GREEN));
            ObjectNode report = Samples.json("{'type':'report','spec_version':'2.1','id':'" + Samples.id("report", "r")
                    + "','created':'2024-01-01T00:00:00.000Z','modified':'2024-01-01T00:00:00.000Z','name':'r',"
                    + "'published':'2024-01-01T00:00:00Z','object_refs':['" + v1.get("id").asText() + "','" + green.id() + "'],"
                    + "'object_marking_refs':['" + Tlp.GREEN.markingId() + "']}");
            store.write(INTEL.id(), List.of(StixObject.of(v1), green, StixObject.of(report), StixObject.of(v2)));

            List<Decision> ds = decide(store, Samples.open("cert-lv").build());

            assertThat(((Decision.Withhold) ds.get(0)).rule()).isEqualTo(Rule.NEWER_VERSION_WITHHELD);
            assertThat(ds.get(1).released()).isTrue();
            Decision.Release r = (Decision.Release) ds.get(2);
            assertThat(r.rules()).contains(Rule.REFERENCE_REMOVED);
            assertThat(Samples.parse(r.object()).path("object_refs")).extracting(n -> n.asText()).containsExactly(green.id());
            assertThat(((Decision.Withhold) ds.get(3)).rule()).isEqualTo(Rule.TLP_AMBER_STRICT);
        }
    }
}
