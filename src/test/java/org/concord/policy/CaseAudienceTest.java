package org.concord.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.concord.partner.Audiences;
import org.concord.stix.StixObject;
import org.concord.stix.Tlp;
import org.concord.store.CollectionInfo;
import org.concord.store.Database;
import org.concord.store.ObjectFilter;
import org.concord.store.Page;
import org.concord.store.Store;
import org.concord.store.StoreConfig;
import org.concord.store.Stores;
import org.concord.store.VersionMatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code not-in-case} rule (docs/response-design.md §5): a version of the {@code cases}
 * collection goes only to a partner in its audience, after the agreement and TLP said yes; a
 * reference to a case object withheld so is removed like any other; the audiences are asked once per
 * version and page, and only for the {@code cases} collection.
 */
class CaseAudienceTest {
    private static final CollectionInfo CASES = new CollectionInfo("1f7b1a52-0c55-4e0a-9d7e-3c1f5e8a2b61", "cases", "Cases", null);
    private static final Instant NOW = Instant.parse("2026-12-08T12:00:00Z");

    @TempDir
    Path dir;

    /** The test's audiences: which partners take part in which objects' cases; counts the questions. */
    private static final class Members implements Audiences {
        final Map<String, Set<String>> partnersOf; // object id -> partners in its audience
        final List<String> asked = new ArrayList<>();

        Members(Map<String, Set<String>> partnersOf) {
            this.partnersOf = partnersOf;
        }

        @Override
        public synchronized boolean admits(String partner, StixObject version) {
            asked.add(partner + " " + version.id() + " " + version.version());
            return partnersOf.getOrDefault(version.id(), Set.of()).contains(partner);
        }
    }

    @Test
    void aPartnerOutsideTheCaseGetsNothingOfItAndOneInsideGetsItAsStored() {
        try (Database db = Database.open(new StoreConfig.Embedded(dir.resolve("s.db")));
             Store store = Stores.open(db, InstantSource.system(), null)) {
            store.createCollection(CASES);
            ObjectNode incident = incident("case a", Tlp.AMBER);
            store.write(CASES.id(), List.of(StixObject.of(incident)));
            Members members = new Members(Map.of(id(incident), Set.of("cert-lv")));
            EgressGate gate = gate(store, db, members, Samples.open("cert-fi").build(), Samples.open("cert-lv").build());

            Decision fi = decide(gate, store, "cert-fi").getFirst();
            Decision lv = decide(gate, store, "cert-lv").getFirst();

            assertThat(fi).isInstanceOfSatisfying(Decision.Withhold.class, w -> {
                assertThat(w.rule()).isEqualTo(Rule.NOT_IN_CASE);
                assertThat(w.reason()).contains("cert-fi").contains(id(incident));
            });
            assertThat(lv).isInstanceOfSatisfying(Decision.Release.class, r -> {
                assertThat(r.altered()).isFalse();
                assertThat(r.rules()).containsExactly(Rule.TLP_AMBER);
            });
        }
    }

    @Test
    void theAgreementAndTlpAreCheckedFirstAndOtherCollectionsAreNeverAsked() {
        try (Database db = Database.open(new StoreConfig.Embedded(dir.resolve("s.db")));
             Store store = Stores.open(db, InstantSource.system(), null)) {
            store.createCollection(CASES);
            store.createCollection(Samples.INTELLIGENCE);
            ObjectNode red = incident("red case", Tlp.RED), green = incident("green case", Tlp.GREEN);
            store.write(CASES.id(), List.of(StixObject.of(red), StixObject.of(green)));
            ObjectNode elsewhere = incident("an incident of intelligence", Tlp.GREEN);
            store.write(Samples.INTELLIGENCE.id(), List.of(StixObject.of(elsewhere)));
            Members nobody = new Members(Map.of());
            EgressGate gate = gate(store, db, nobody, Samples.open("cert-fi").types("incident").build(),
                    Samples.open("cert-lv").collections("intelligence").build());

            assertThat(decide(gate, store, "cert-lv")).extracting(d -> ((Decision.Withhold) d).rule())
                    .containsExactly(Rule.TLP_RED, Rule.COLLECTION);
            Page intel = store.objects(Samples.INTELLIGENCE.id(), ObjectFilter.all(100));
            assertThat(gate.decide("cert-fi", Samples.INTELLIGENCE, intel)).singleElement().satisfies(d -> assertThat(d.released()).isTrue());
            assertThat(nobody.asked).as("asked only for versions of cases that passed the agreement and TLP").isEmpty();
            assertThat(decide(gate, store, "cert-fi")).extracting(d -> ((Decision.Withhold) d).rule())
                    .containsExactly(Rule.TLP_RED, Rule.NOT_IN_CASE);
            assertThat(nobody.asked).containsExactly("cert-fi " + id(green) + " 2026-12-08T09:00:00.000Z");
        }
    }

    @Test
    void aReferenceToACaseObjectOutsideThePartnersAudienceIsRemovedAndEachVersionIsAskedOncePerPage() {
        try (Database db = Database.open(new StoreConfig.Embedded(dir.resolve("s.db")));
             Store store = Stores.open(db, InstantSource.system(), null)) {
            store.createCollection(CASES);
            ObjectNode a = incident("case a", Tlp.GREEN), b = incident("case b", Tlp.GREEN);
            ObjectNode b2 = b.deepCopy().put("modified", "2026-12-08T10:00:00.000Z").put("name", "case b, edited");
            ObjectNode note = Samples.json("{'type':'note','spec_version':'2.1','id':'" + Samples.id("note", "n")
                    + "','created':'2026-12-08T11:00:00.000Z','modified':'2026-12-08T11:00:00.000Z','content':'both',"
                    + "'object_refs':['" + id(a) + "','" + id(b) + "'],'object_marking_refs':['" + Tlp.GREEN.markingId() + "']}");
            store.write(CASES.id(), List.of(StixObject.of(a), StixObject.of(b), StixObject.of(b2), StixObject.of(note)));
            Members members = new Members(Map.of(id(a), Set.of("cert-fi"), id(note), Set.of("cert-fi")));
            EgressGate gate = gate(store, db, members, Samples.open("cert-fi").build());

            List<Decision> ds = decide(gate, store, "cert-fi");

            assertThat(ds).extracting(Decision::released).containsExactly(true, false, false, true);
            assertThat(((Decision.Withhold) ds.get(1)).rule()).isEqualTo(Rule.NOT_IN_CASE);
            assertThat(((Decision.Withhold) ds.get(2)).rule()).isEqualTo(Rule.NOT_IN_CASE);
            assertThat(((Decision.Release) ds.get(3)).rules()).contains(Rule.REFERENCE_REMOVED);
            assertThat(Samples.released(ds.get(3)).path("object_refs")).extracting(n -> n.asText()).containsExactly(id(a));
            assertThat(members.asked).as("one question per version of the page").hasSize(4).doesNotHaveDuplicates();
        }
    }

    @Test
    void aWithholdingIsRecordedInTheDisclosureAuditUnderItsRule() {
        try (Database db = Database.open(new StoreConfig.Embedded(dir.resolve("s.db")));
             Store store = Stores.open(db, InstantSource.system(), null)) {
            store.createCollection(CASES);
            store.write(CASES.id(), List.of(StixObject.of(incident("case a", Tlp.GREEN))));
            AuditDatabase audit = new AuditDatabase(db);
            Agreements agreements = new Agreements(List.of(Samples.open("cert-fi").build()));
            EgressGate gate = new EgressGate(Samples.policy(), () -> agreements, audit.log(), InstantSource.fixed(NOW), null, store,
                    Samples.LOCAL, new Members(Map.of()));
            Page page = page(store);
            List<Decision> ds = gate.decide("cert-fi", CASES, page);
            gate.disclose("cert-fi", List.of(gate.candidate(page.items().getFirst(), CASES)), ds, false);

            assertThat(audit.log().find(AuditQuery.all())).singleElement().satisfies(line -> {
                assertThat(line.released()).isFalse();
                assertThat(line.rules()).containsExactly(Rule.NOT_IN_CASE);
                assertThat(Rule.NOT_IN_CASE.id()).isEqualTo("not-in-case");
            });
        }
    }

    private static EgressGate gate(Store store, Database db, Audiences audiences, Agreement... outbound) {
        Agreements agreements = new Agreements(List.of(outbound));
        return new EgressGate(Samples.policy(), () -> agreements, new AuditDatabase(db).log(), InstantSource.fixed(NOW), null,
                store, Samples.LOCAL, audiences);
    }

    private static List<Decision> decide(EgressGate gate, Store store, String partner) {
        return gate.decide(partner, CASES, page(store));
    }

    private static Page page(Store store) {
        return store.objects(CASES.id(), new ObjectFilter(null, List.of(), List.of(), VersionMatch.ALL, List.of(), 100));
    }

    private static String id(ObjectNode o) {
        return o.get("id").asText();
    }

    private static ObjectNode incident(String name, Tlp tlp) {
        return Samples.json("{'type':'incident','spec_version':'2.1','id':'" + Samples.id("incident", name)
                + "','created':'2026-12-08T09:00:00.000Z','modified':'2026-12-08T09:00:00.000Z','name':'" + name
                + "','object_marking_refs':['" + tlp.markingId() + "']}");
    }
}
