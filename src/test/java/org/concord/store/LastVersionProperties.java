package org.concord.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.concord.stix.StixObject;
import org.concord.stix.StixTimestamp;

/**
 * For any versions of a few ids, written in any order and any batching: "last" in a collection is
 * the greatest version of each id and "first" the least, whatever arrived when. One embedded store
 * serves every try; each try writes to a fresh collection, so later tries also meet versions the
 * store already holds from other collections.
 */
class LastVersionProperties {
    private static final Instant BASE = Instant.parse("2024-05-01T00:00:00Z");
    private static Path dir;
    private static Store store;

    /** One object version to write: which id, and which of a few instants (written in two forms). */
    record Version(int id, int instant, boolean shortForm) {
        StixObject object() {
            String t = StixTimestamp.formatMillis(BASE.plusMillis(instant * 250L));
            if (shortForm) t = t.replaceAll("0+Z$", "Z").replace(".Z", "Z"); // same instant, fewer digits
            return Fixtures.indicator(Fixtures.id("indicator", "property-" + id), t);
        }
    }

    @BeforeContainer
    static void open() throws IOException {
        dir = Files.createTempDirectory("concord-store-property");
        store = Stores.open(new StoreConfig.Embedded(dir.resolve("store.db")));
    }

    @AfterContainer
    static void close() throws IOException {
        store.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Property(tries = 150)
    void lastIsTheGreatestVersionAndFirstTheLeastPerId(@ForAll("versions") List<Version> versions,
                                                       @ForAll @IntRange(min = 1, max = 6) int batchSize) {
        String collection = UUID.randomUUID().toString();
        store.createCollection(new CollectionInfo(collection, null, "property", null));
        List<StixObject> objects = versions.stream().map(Version::object).toList();
        for (int from = 0; from < objects.size(); from += batchSize) {
            store.write(collection, objects.subList(from, Math.min(objects.size(), from + batchSize)));
        }

        Map<String, String> greatest = new HashMap<>();
        Map<String, String> least = new HashMap<>();
        for (StixObject o : objects) {
            greatest.merge(o.id(), o.versionKey(), (a, b) -> a.compareTo(b) >= 0 ? a : b);
            least.merge(o.id(), o.versionKey(), (a, b) -> a.compareTo(b) <= 0 ? a : b);
        }
        assertThat(keys(collection, VersionMatch.LAST)).isEqualTo(greatest);
        assertThat(keys(collection, new VersionMatch(true, false, false, List.of()))).isEqualTo(least);
    }

    @Provide
    Arbitrary<List<Version>> versions() {
        return Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 7),
                Arbitraries.of(true, false)).as(Version::new).list().ofMinSize(1).ofMaxSize(24);
    }

    /** Id to version key of the entries that match, failing if an id appears twice. */
    private static Map<String, String> keys(String collection, VersionMatch match) {
        List<StoredVersion> items = store.objects(collection,
                new ObjectFilter(null, List.of(), List.of(), match, List.of(), 100)).items();
        Map<String, String> keys = new HashMap<>();
        List<String> ids = new ArrayList<>();
        for (StoredVersion v : items) {
            ids.add(v.object().id());
            keys.put(v.object().id(), v.object().versionKey());
        }
        assertThat(ids).doesNotHaveDuplicates();
        return keys;
    }
}
