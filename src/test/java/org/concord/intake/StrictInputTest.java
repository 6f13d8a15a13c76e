package org.concord.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.concord.store.CollectionInfo;
import org.concord.store.Store;
import org.concord.store.StoreConfig;
import org.concord.store.Stores;
import org.concord.stix.StixValidator;
import org.concord.stix.Tlp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Import refuses what TAXII POST refuses, each with a message saying what and where: bytes that
 * are not UTF-8 (an overlong '/', a stray byte), a bundle with two "objects" arrays, a string past
 * the 8 MiB bound — and keeps the good objects around them.
 */
class StrictInputTest {
    @TempDir
    java.nio.file.Path tmp;

    static final String GOOD = "{\"type\":\"attack-pattern\",\"spec_version\":\"2.1\",\"id\":\"attack-pattern--0c7b5b88-8ff7-4a4d-aa9d-feb398cd0061\","
            + "\"created\":\"2016-05-12T08:17:27.000Z\",\"modified\":\"2016-05-12T08:17:27.000Z\",\"name\":\"x\"}";

    static String tool(String uuidTail, String name) {
        return "{\"type\":\"tool\",\"spec_version\":\"2.1\",\"id\":\"tool--0c7b5b88-8ff7-4a4d-aa9d-feb398cd" + uuidTail + "\","
                + "\"created\":\"2016-05-12T08:17:27.000Z\",\"modified\":\"2016-05-12T08:17:27.000Z\",\"name\":\"" + name + "\"}";
    }

    private static byte[] bytes(String... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String p : parts) out.writeBytes(p.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /** {@code s} with its first '\u0001' replaced by the given raw bytes. */
    private static byte[] withRaw(String s, int... raw) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        int at = s.indexOf('\u0001');
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(b, 0, at);
        for (int r : raw) out.write(r);
        out.write(b, at + 1, b.length - at - 1);
        return out.toByteArray();
    }

    @Test
    void anObjectWithAnOverlongSlashIsRefusedAtItsByteAndItsNeighboursAreKept() throws IOException {
        String bundle = "{\"type\":\"bundle\",\"id\":\"bundle--6b8e9b1c-1c3b-4f8e-9a57-0d7d9f1b2c3d\",\"objects\":["
                + GOOD + "," + tool("0062", "a\u0001b") + "," + tool("0063", "caf\u00e9") + "]}";
        byte[] input = withRaw(bundle, 0xC0, 0xAF);
        BundleReaderTest.Result r = BundleReaderTest.read(new ByteArrayInputStream(input), BundleReader.Limits.DEFAULT);
        assertThat(r.problem()).isNull();
        assertThat(r.elements()).hasSize(3);
        assertThat(r.elements().get(0).ok()).isTrue();
        assertThat(r.elements().get(1).problem()).isEqualTo("not valid UTF-8 at byte " + bundle.indexOf('\u0001')
                + " (an invalid, overlong or truncated byte sequence)");
        assertThat(r.elements().get(2).ok()).as("a real é is UTF-8").isTrue();
    }

    @Test
    void aBundleWhoseIdIsNotUtf8IsBroken() throws IOException {
        byte[] input = withRaw("{\"type\":\"bundle\",\"id\":\"bundle--\u0001\",\"objects\":[" + GOOD + "]}", 0xFF);
        BundleReaderTest.Result r = BundleReaderTest.read(new ByteArrayInputStream(input), BundleReader.Limits.DEFAULT);
        assertThat(r.problem()).contains("not valid UTF-8");
        assertThat(r.elements()).isEmpty();
    }

    @Test
    void aSecondObjectsArrayEndsTheBundleAsTaxiiPostRefusesIt() throws IOException {
        BundleReaderTest.Result r = BundleReaderTest.read(new ByteArrayInputStream(bytes(
                "{\"type\":\"bundle\",\"objects\":[", GOOD, "],\"objects\":[", tool("0062", "x"), "]}")), BundleReader.Limits.DEFAULT);
        assertThat(r.elements()).hasSize(1);
        assertThat(r.problem()).contains("a second member named \"objects\"").contains("nothing after it was read");
        r = BundleReaderTest.read(new ByteArrayInputStream(bytes("{\"type\":\"bundle\",\"type\":\"bundle\",\"objects\":[]}")),
                BundleReader.Limits.DEFAULT);
        assertThat(r.problem()).contains("a second member named \"type\"");
    }

    @Test
    void anImportedStringPastTheBoundIsRefusedNamingTheBound() throws IOException {
        try (Store store = Stores.open(new StoreConfig.Embedded(tmp.resolve("s.db")))) {
            String id = "11111111-1111-4111-8111-111111111111";
            store.createCollection(new CollectionInfo(id, "intelligence", "I", ""));
            String huge = "a".repeat(8 * 1024 * 1024 + 1);
            byte[] input = bytes("{\"type\":\"bundle\",\"objects\":[", GOOD, ",", tool("0062", huge), ",", tool("0063", "ok"), "]}");
            List<Importer.Rejection> rejections = new CopyOnWriteArrayList<>();
            Importer.Report report = new Importer(store, new StixValidator()).run(new ByteArrayInputStream(input), "big.json",
                    Importer.Options.into(id, Tlp.GREEN), new Importer.Listener() {
                        @Override
                        public void rejected(Importer.Rejection rejection) {
                            rejections.add(rejection);
                        }

                        @Override
                        public void committed(Importer.Batch batch) {}
                    });
            assertThat(report.stored()).isEqualTo(2);
            assertThat(rejections).singleElement().satisfies(x -> {
                assertThat(x.index()).isEqualTo(1);
                assertThat(x.reason()).isEqualTo("the object holds a string longer than 8388608 characters (the limit of one string: 8 MiB)");
            });
        }
    }
}
