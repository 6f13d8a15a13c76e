package org.concord.federation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.concord.TestClock;
import org.concord.store.CollectionInfo;
import org.concord.store.Database;
import org.concord.store.StoreConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a pull does when a server's paging goes wrong, against {@link PullerProperties.Model}: a
 * {@code next} the server forgot, a page served again, objects sharing one instant on a server
 * that gives no {@code next}. (Everything arriving whatever the paging: PullerProperties; the
 * real medallion: MedallionFeedTest.)
 */
class PullerTest {
    private static final URI ROOT = URI.create("https://model.example/api1/");
    private static final CollectionInfo INTO = new CollectionInfo("into", "intelligence", "Intelligence", null);
    private static final Receiver.Sender SENDER = new Receiver.Sender.Peer("model");

    @TempDir
    Path dir;
    Database database;
    SyncDatabase db;
    final Set<String> here = new HashSet<>();

    @BeforeEach
    void open() {
        database = Database.open(new StoreConfig.Embedded(dir.resolve("sync.db")));
        db = new SyncDatabase(database);
    }

    @AfterEach
    void close() {
        database.close();
    }

    private Puller puller(int pageSize) {
        return new Puller(db.ledger(), (sender, into, objects, provenance, handling, signatures) -> {
            List<Receiver.Accepted> accepted = new ArrayList<>();
            for (JsonNode o : objects) accepted.add(new Receiver.Accepted(o.get("id").asText(), "", here.add(o.get("id").asText()), null));
            return new Receiver.Receipt(accepted, List.of());
        }, new TestClock(Instant.parse("2026-03-02T00:00:00Z")), pageSize);
    }

    @Test
    void aNextTheServerForgetsInTheMiddleOfARoundIsAskedAgainFromTheCheckpoint() throws TaxiiException {
        PullerProperties.Model medallion = new PullerProperties.Model(PullerProperties.Paging.MEDALLION);
        medallion.post(3);
        medallion.post(3);
        medallion.post(3);
        medallion.faults(0, 4); // pages of 2: the 4th request's next is forgotten (medallion: 30 s after the query)
        Puller.Pulled p = puller(2).pull(SENDER, medallion, ROOT, "c", INTO);
        assertThat(here).isEqualTo(medallion.ids());
        assertThat(p.duplicates()).isPositive(); // the new query re-read what followed the checkpoint
        assertThat(db.ledger().checkpoint("model", "c").map(Checkpoint::addedAfter)).isEqualTo(medallion.lastDateAdded());
    }

    @Test
    void aNextForgottenBeforeTheCheckpointMovedFailsTheRoundSayingWhatIsMissing() {
        PullerProperties.Model medallion = new PullerProperties.Model(PullerProperties.Paging.MEDALLION);
        medallion.post(7);
        medallion.faults(0, 2); // seven objects of one instant: nothing is complete before the last page
        assertThatThrownBy(() -> puller(2).pull(SENDER, medallion, ROOT, "c", INTO)).isInstanceOf(TaxiiException.class)
                .hasMessageContaining("answered 400").hasMessageContaining("received 2 objects (stored 2")
                .hasMessageContaining("nothing of the collection is known complete here yet: the next round starts again from its beginning");
        assertThat(db.ledger().checkpoint("model", "c")).isEmpty();
    }

    @Test
    void aServerThatAnswersTheSamePageAgainFailsTheRound() {
        PullerProperties.Model concord = new PullerProperties.Model(PullerProperties.Paging.CONCORD) {
            @Override
            public Page objects(URI apiRoot, String collectionId, PageRequest r) throws TaxiiException {
                return super.objects(apiRoot, collectionId, new PageRequest(null, null, r.limit())); // ignores next
            }
        };
        concord.post(5);
        assertThatThrownBy(() -> puller(2).pull(SENDER, concord, ROOT, "c", INTO)).isInstanceOf(TaxiiException.class)
                .hasMessageContaining("answers the same page again (2 objects").hasMessageContaining("its paging does not advance");
        assertThat(concord.requests()).isEqualTo(2);
    }

    @Test
    void withoutNextAFullPageOfOneInstantFailsTheRoundRatherThanSkipTheRest() throws TaxiiException {
        PullerProperties.Model noNext = new PullerProperties.Model(PullerProperties.Paging.ADDED_AFTER, true);
        noNext.post(5); // one instant; pages of 3; added_after = that instant would skip the last 2
        assertThatThrownBy(() -> puller(3).pull(SENDER, noNext, ROOT, "c", INTO)).isInstanceOf(TaxiiException.class)
                .hasMessageContaining("gives no next, and every object of its page was added at")
                .hasMessageContaining("sync.page_size");
        assertThat(here).hasSize(3);
        assertThat(db.ledger().checkpoint("model", "c")).isEmpty();
        assertThat(puller(5).pull(SENDER, noNext, ROOT, "c", INTO).stored()).isEqualTo(2);
    }
}
