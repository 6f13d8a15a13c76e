package org.concord.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.concord.bench.IndicatorGenerator;
import org.concord.stix.StixValidator;
import org.concord.stix.Tlp;
import org.concord.store.CollectionInfo;
import org.concord.store.ObjectFilter;
import org.concord.store.Store;
import org.concord.store.StoreConfig;
import org.concord.store.Stores;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImporterTest {
    private static final String COLLECTION = "2f5c8a7e-6d1b-4c3a-9e8f-7a6b5c4d3e2f";

    @TempDir
    Path tmp;

    /** Collects what the importer reports, from whichever thread. */
    private static final class Heard implements Importer.Listener {
        final List<Importer.Rejection> rejections = new ArrayList<>();
        final List<Importer.Batch> batches = new ArrayList<>();

        @Override
        public synchronized void rejected(Importer.Rejection r) {
            rejections.add(r);
        }

        @Override
        public synchronized void committed(Importer.Batch b) {
            batches.add(b);
        }
    }

    private Store store() {
        Store store = Stores.open(new StoreConfig.Embedded(tmp.resolve("store.db")));
        store.createCollection(new CollectionInfo(COLLECTION, null, "intelligence", null));
        return store;
    }

    @Test
    void aRepeatedMemberNameAtAnyDepthRejectsItsObjectAndKeepsTheOthers() throws IOException {
        String good = "{\"type\":\"malware\",\"spec_version\":\"2.1\",\"id\":\"malware--31b940d4-6f7f-459a-80ea-9c1f17b5891b\","
                + "\"created\":\"2016-04-06T20:07:09.000Z\",\"modified\":\"2016-04-06T20:07:09.000Z\",\"name\":\"Poison Ivy\",\"is_family\":true}";
        String topLevel = "{\"type\":\"tool\",\"spec_version\":\"2.1\",\"id\":\"tool--8e2e2d2b-17d4-4cbf-938f-98ee46b3cd3f\","
                + "\"created\":\"2016-04-06T20:03:48.000Z\",\"modified\":\"2016-04-06T20:03:48.000Z\",\"name\":\"x\",\"name\":null}";
        String nested = "{\"type\":\"tool\",\"spec_version\":\"2.1\",\"id\":\"tool--7e33a43e-e34b-40ec-89da-36c9bb2cacd5\","
                + "\"created\":\"2016-04-06T20:03:48.000Z\",\"modified\":\"2016-04-06T20:03:48.000Z\",\"name\":\"y\","
                + "\"x_custom\":{\"k\":[{\"a\":1,\"b\":2,\"a\":3}]}}";
        String bundle = "{\"type\":\"bundle\",\"id\":\"bundle--6b8e9b1c-1c3b-4f8e-9a57-0d7d9f1b2c3d\",\"objects\":["
                + topLevel + "," + good + "," + nested + "]}";
        Heard heard = new Heard();
        try (Store store = store()) {
            Importer.Report r = new Importer(store, new StixValidator()).run(
                    new ByteArrayInputStream(bundle.getBytes(StandardCharsets.UTF_8)), "b.json",
                    Importer.Options.into(COLLECTION, Tlp.AMBER), heard);
            assertThat(r.stored()).isEqualTo(1);
            assertThat(r.rejected()).isEqualTo(2);
            assertThat(store.objects(COLLECTION, ObjectFilter.all(100)).items()).hasSize(1);
        }
        assertThat(heard.rejections).extracting(Importer.Rejection::index).containsExactlyInAnyOrder(0, 2);
        assertThat(heard.rejections).allSatisfy(x -> assertThat(x.reason()).startsWith("malformed JSON at byte"));
        assertThat(heard.rejections).extracting(Importer.Rejection::reason)
                .anySatisfy(x -> assertThat(x).contains("duplicate member name 'name'"))
                .anySatisfy(x -> assertThat(x).contains("duplicate member name 'a'"));
    }

    @Test
    void everyObjectIsStoredOnceInBatchesThatFollowTheInputAndStayWithinTheBatchSize() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        IndicatorGenerator.write(12_345, bytes, 3);
        Heard heard = new Heard();
        try (Store store = store()) {
            Importer.Report r = new Importer(store, new StixValidator()).run(new ByteArrayInputStream(bytes.toByteArray()),
                    "gen.json", new Importer.Options(COLLECTION, Tlp.AMBER, 2_000, BundleReader.Limits.DEFAULT), heard);
            assertThat(r.clean()).isTrue();
            assertThat(r.stored()).isEqualTo(12_345);
            assertThat(store.countByType().get("indicator")).isEqualTo(12_345L);
        }
        assertThat(heard.batches).extracting(Importer.Batch::number).isSorted().doesNotHaveDuplicates();
        assertThat(heard.batches).extracting(Importer.Batch::endOffset).isSorted();
        assertThat(heard.batches).allSatisfy(b -> assertThat(b.stored()).isBetween(1, 2_000));
        assertThat(heard.batches.stream().mapToLong(Importer.Batch::stored).sum()).isEqualTo(12_345);
    }

    // ---- lossless storage (issue 12 §3)

    private static final String ATTACK_LIKE = "{\"type\":\"attack-pattern\",\"spec_version\":\"2.1\","
            + "\"id\":\"attack-pattern--0042a9f5-f053-4769-b3ef-9ad018dfa298\",\"created\":\"2020-01-01T00:00:00.000Z\","
            + "\"modified\":\"2021-01-01T00:00:00.000Z\",\"name\":\"Some technique\","
            + "\"object_marking_refs\":[\"marking-definition--fa42a846-8d90-4e51-bc29-71d5b4802168\"]}";
    private static final String UNMARKED = "{\"type\":\"malware\",\"spec_version\":\"2.1\","
            + "\"id\":\"malware--31b940d4-6f7f-459a-80ea-9c1f17b5891b\",\"created\":\"2016-04-06T20:07:09.000Z\","
            + "\"modified\":\"2016-04-06T20:07:09.000Z\",\"name\":\"Poison Ivy\",\"is_family\":true}";

    private Importer.Report importBundle(Store store, Heard heard, Tlp handling, String... objects) throws IOException {
        String bundle = "{\"type\":\"bundle\",\"id\":\"bundle--6b8e9b1c-1c3b-4f8e-9a57-0d7d9f1b2c3d\",\"objects\":["
                + String.join(",", objects) + "]}";
        return new Importer(store, new StixValidator()).run(new ByteArrayInputStream(bundle.getBytes(StandardCharsets.UTF_8)),
                "b.json", Importer.Options.into(COLLECTION, handling), heard);
    }

    private static byte[] canonical(String json) throws IOException {
        return org.concord.stix.StixObject.of((com.fasterxml.jackson.databind.node.ObjectNode)
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(json)).canonical();
    }

    @Test
    void importStoresTheProducersBytesWithoutAddingTheDefaultMarking() throws IOException {
        try (Store store = store()) {
            assertThat(importBundle(store, new Heard(), null, ATTACK_LIKE, UNMARKED).stored()).isEqualTo(2);
            List<org.concord.store.StoredVersion> stored = store.objects(COLLECTION, ObjectFilter.all(10)).items();
            assertThat(stored).extracting(v -> v.object().canonical()).containsExactly(canonical(ATTACK_LIKE), canonical(UNMARKED));
            assertThat(stored).extracting(v -> v.object().markingRefs())
                    .containsExactly(List.of("marking-definition--fa42a846-8d90-4e51-bc29-71d5b4802168"), List.of());
            assertThat(stored).extracting(org.concord.store.StoredVersion::handling).containsOnlyNulls();
        }
    }

    @Test
    void importTlpIsRecordedAsTheHandlingLevelOfUnmarkedVersionsOnly() throws IOException {
        String green = UNMARKED.replace("Poison Ivy", "Marked").replace("31b940d4", "41b940d4")
                .replace("\"is_family\":true", "\"is_family\":true,\"object_marking_refs\":[\"" + Tlp.GREEN.markingId() + "\"]");
        try (Store store = store()) {
            importBundle(store, new Heard(), Tlp.RED, UNMARKED, green);
            List<org.concord.store.StoredVersion> stored = store.objects(COLLECTION, ObjectFilter.all(10)).items();
            assertThat(stored.get(0).object().canonical()).isEqualTo(canonical(UNMARKED));
            assertThat(stored).extracting(org.concord.store.StoredVersion::handling).containsExactly(Tlp.RED, null);
            assertThat(stored).extracting(v -> v.effectiveTlp(Tlp.CLEAR)).containsExactly(Tlp.RED, Tlp.GREEN);
        }
    }

    @Test
    void aMarkingDefinitionUnderATlpIdIsTakenOnlyAsTheExactStandardObject() throws IOException {
        String standard = new String(org.concord.stix.TlpDefinitions.of(Tlp.AMBER.markingId()).orElseThrow().canonical(),
                StandardCharsets.UTF_8);
        String forged = standard.replace("\"name\":\"TLP:AMBER\"", "\"name\":\"TLP:AMBER\",\"x_note\":\"secret 10.1.2.3\"");
        String legacy = "{\"type\":\"marking-definition\",\"spec_version\":\"2.1\",\"id\":\"marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed\","
                + "\"created\":\"2017-01-20T00:00:00.000Z\",\"definition_type\":\"tlp\",\"name\":\"TLP:RED\",\"definition\":{\"tlp\":\"red\"}}";
        String legacyForged = legacy.replace("\"name\":\"TLP:RED\"", "\"name\":\"TLP:RED\",\"description\":\"about 192.0.2.1\"");
        Heard heard = new Heard();
        try (Store store = store()) {
            Importer.Report r = importBundle(store, heard, null, forged, standard, legacy, legacyForged);
            assertThat(r.stored()).isEqualTo(2);
            assertThat(store.objects(COLLECTION, ObjectFilter.all(10)).items()).extracting(v -> v.object().canonical())
                    .containsExactlyInAnyOrder(canonical(standard), canonical(legacy));
        }
        assertThat(heard.rejections).extracting(Importer.Rejection::index).containsExactlyInAnyOrder(0, 3);
        assertThat(heard.rejections).filteredOn(x -> x.index() == 0).singleElement()
                .satisfies(x -> assertThat(x.reason()).contains("is not that definition"));
    }

    @Test
    void anExportHoldsTheTlpDefinitionsItsObjectsReferenceAndNoOther() throws IOException {
        String amber = UNMARKED.replace("\"is_family\":true", "\"is_family\":true,\"object_marking_refs\":[\"" + Tlp.AMBER.markingId() + "\"]");
        try (Store store = store()) {
            importBundle(store, new Heard(), null, amber, ATTACK_LIKE);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            long n = new Exporter(store).export(org.concord.store.ScanFilter.ALL, out);
            com.fasterxml.jackson.databind.JsonNode bundle = new com.fasterxml.jackson.databind.ObjectMapper().readTree(out.toByteArray());
            List<String> ids = new ArrayList<>();
            bundle.path("objects").forEach(o -> ids.add(o.path("id").asText()));
            assertThat(n).isEqualTo(3);
            assertThat(ids).containsExactly("malware--31b940d4-6f7f-459a-80ea-9c1f17b5891b",
                    "attack-pattern--0042a9f5-f053-4769-b3ef-9ad018dfa298", Tlp.AMBER.markingId());
            assertThat(new StixValidator().validate(bundle.path("objects").get(2))).isEmpty();
        }
    }
}
