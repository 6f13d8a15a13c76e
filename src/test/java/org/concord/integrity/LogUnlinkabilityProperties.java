package org.concord.integrity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.StatisticsReport;
import org.concord.node.NodeKeys;
import org.concord.stix.ObservableIds;
import org.concord.stix.StixObject;
import org.concord.store.CollectionInfo;
import org.concord.store.LoggedVersion;
import org.concord.store.Store;
import org.concord.store.StoreConfig;
import org.concord.store.Stores;

/**
 * The log's leaves of TLP:RED versions are unlinkable to guessed values. Each try stores a random
 * set of RED {@code ipv4-addr} objects of a random /24 (in a random one of the forms a producer may
 * write: TLP 2.0 or 1.0 marking, with or without {@code spec_version}), among GREEN addresses and
 * indicators, in a real store logging as a node does. Then it plays the attacker of issue 12, who
 * hashed the 256 addresses of a /24 and found a RED address among the leaves: for every address
 * and every form, with every salt it could know (none, as the old unsalted entries; zeros; the
 * node's key fingerprint; the current root; the id's and the content's own hashes; every leaf
 * hash, as proofs show them), the leaf it computes is none of the log's leaves. Positive controls
 * keep this from being vacuous: the attacker's guesses include each stored RED version's exact
 * content hash, and with the salt the store keeps for it (which only a proof to whom the version
 * was given carries) the same guess does find its leaf.
 */
@StatisticsReport(StatisticsReport.StatisticsReportMode.OFF)
class LogUnlinkabilityProperties {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();
    private static final String RED_2 = "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1";
    private static final String RED_1 = "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed";
    private static final String GREEN_2 = "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb";

    private static Path dir;
    private static Store store;
    private static final String COLLECTION = UUID.randomUUID().toString();
    private static final NodeKeys KEYS = NodeKeys.generate();

    /** How a producer may have written an address: which RED marking id, and whether spec_version is there. */
    record Form(String marking, boolean specVersion) {
        static final List<Form> ALL = List.of(new Form(RED_2, true), new Form(RED_2, false), new Form(RED_1, true),
                new Form(RED_1, false), new Form(null, true), new Form(null, false));

        StixObject address(String value) {
            ObjectNode o = JSON.createObjectNode().put("type", "ipv4-addr");
            if (specVersion) o.put("spec_version", "2.1");
            o.put("id", ObservableIds.id("ipv4-addr", JSON.createObjectNode().put("value", value))).put("value", value);
            if (marking != null) o.putArray("object_marking_refs").add(marking);
            return StixObject.of(o);
        }
    }

    @BeforeContainer
    static void open() throws IOException {
        dir = Files.createTempDirectory("concord-log-unlinkability");
        store = Stores.open(new StoreConfig.Embedded(dir.resolve("store.db")), InstantSource.system(), MerkleLog.writer());
        store.createCollection(new CollectionInfo(COLLECTION, null, "property", null));
    }

    @AfterContainer
    static void close() throws IOException {
        store.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Provide
    Arbitrary<Set<Integer>> lastOctets() {
        return Arbitraries.integers().between(0, 255).set().ofMinSize(1).ofMaxSize(6);
    }

    @Provide
    Arbitrary<Form> redForms() {
        return Arbitraries.of(Form.ALL.subList(0, 4));
    }

    @Property(tries = 50)
    void noLeafOpensToAnAddressOfTheRedSlash24WithAnySaltButItsOwn(
            @ForAll @IntRange(min = 1, max = 223) int a, @ForAll @IntRange(min = 0, max = 255) int b,
            @ForAll @IntRange(min = 0, max = 255) int c, @ForAll("lastOctets") Set<Integer> red,
            @ForAll("redForms") Form form, @ForAll @IntRange(min = 0, max = 4) int noise) {
        String prefix = a + "." + b + "." + c + ".";
        long sizeBefore = store.log().size();
        List<StixObject> objects = new ArrayList<>();
        List<StixObject> stored = new ArrayList<>();
        for (int d : red) {
            StixObject o = form.address(prefix + d);
            objects.add(o);
            stored.add(o);
        }
        for (int i = 0; i < noise; i++) { // public neighbours: GREEN addresses of the same /24, indicators
            ObjectNode g = JSON.createObjectNode().put("type", "ipv4-addr").put("spec_version", "2.1");
            String value = prefix + i + "/32";
            g.put("id", ObservableIds.id("ipv4-addr", JSON.createObjectNode().put("value", value))).put("value", value);
            g.putArray("object_marking_refs").add(GREEN_2);
            objects.add(StixObject.of(g));
            objects.add(StixObject.of(org.concord.TestObjects.randomIndicator()));
        }
        store.write(COLLECTION, objects);

        MerkleLog log = new MerkleLog(store.log());
        long size = log.size();
        Set<String> leaves = leaves(size);
        List<byte[]> publicSalts = new ArrayList<>(List.of(new byte[32], log.root(), HEX.parseHex(KEYS.fingerprint())));
        for (String h : leaves(sizeBefore, size)) publicSalts.add(HEX.parseHex(h)); // this try's leaves

        Set<String> guessedContent = new HashSet<>();
        List<String> linked = new ArrayList<>();
        long guesses = 0;
        for (int d = 0; d < 256; d++) {
            for (Form guess : Form.ALL) {
                StixObject o = guess.address(prefix + d);
                guessedContent.add(HEX.formatHex(o.sha256()));
                List<byte[]> salts = new ArrayList<>(publicSalts);
                salts.add(Merkle.sha256().digest(o.id().getBytes(StandardCharsets.UTF_8)));
                salts.add(o.sha256());
                if (leaves.contains(HEX.formatHex(Merkle.leafHash(unsalted(o))))) linked.add(prefix + d + " " + guess + " unsalted");
                for (byte[] salt : salts) {
                    if (leaves.contains(HEX.formatHex(LogEntry.leafHash(o, salt)))) linked.add(prefix + d + " " + guess + " " + HEX.formatHex(salt));
                }
                guesses += 1 + salts.size();
            }
        }
        assertThat(linked).as("leaves linked to a guess, of %d guesses", guesses).isEmpty();
        // the controls: the guesses are exact, and the kept salt (what a proof to a receiver carries) opens the leaf
        for (StixObject o : stored) {
            assertThat(guessedContent).contains(HEX.formatHex(o.sha256()));
            LoggedVersion v = store.log().version(o.id(), o.versionKey()).orElseThrow();
            assertThat(leaves).contains(HEX.formatHex(LogEntry.leafHash(o, v.salt())));
        }
    }

    /** Every leaf hash of the log's first {@code size} leaves (hex): more than any proof serves. */
    private static Set<String> leaves(long size) {
        return leaves(0, size);
    }

    private static Set<String> leaves(long from, long to) {
        List<Long> positions = new ArrayList<>();
        for (long i = from; i < to; i++) positions.add(Tree.position(0, i));
        Set<String> out = new HashSet<>();
        for (byte[] h : store.log().hashes(positions).values()) out.add(HEX.formatHex(h));
        assertThat(out).hasSize((int) (to - from));
        return out;
    }

    /** The entry without a salt, as the log had it before migration V12. */
    private static byte[] unsalted(StixObject o) {
        byte[] id = o.id().getBytes(StandardCharsets.UTF_8);
        byte[] key = o.versionKey().getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(2 + id.length + 1 + key.length + 32).putShort((short) id.length).put(id)
                .put((byte) key.length).put(key).put(o.sha256()).array();
    }
}
