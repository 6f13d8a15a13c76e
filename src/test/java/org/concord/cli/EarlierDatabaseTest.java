package org.concord.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.concord.TestObjects;
import org.concord.fanout.WebhookDatabase;
import org.concord.federation.PeerFlags;
import org.concord.federation.SyncDatabase;
import org.concord.federation.SyncLedger;
import org.concord.integrity.MerkleLog;
import org.concord.policy.AuditDatabase;
import org.concord.policy.AuditQuery;
import org.concord.policy.Disclosure;
import org.concord.stix.StixObject;
import org.concord.store.CollectionInfo;
import org.concord.store.Database;
import org.concord.store.Store;
import org.concord.store.StoreConfig;
import org.concord.store.Stores;
import org.concord.store.TestDatabases;
import org.concord.taxii.TaxiiDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Databases of nodes that ran before the database layer (main at 313f537, when every migration was
 * under {@code db/migration}) open unchanged now that each capability keeps its migrations beside
 * its code: the same versions, names and checksums (Flyway validates each applied migration against
 * them), nothing applied again, every capability's rows read back. The fixtures were made by that
 * release: {@code concord.db.gz} by {@code concord init}, {@code token create}, {@code peer add},
 * {@code feed add} and its audit, webhook and sync APIs; the history files from the
 * {@code flyway_schema_history} it left on SQLite and on PostgreSQL.
 */
class EarlierDatabaseTest {
    private static final String FIXTURES = "/compat/main-313f537/";
    /** The token {@code concord token create --member fixture} printed when the fixture was made. */
    private static final String TOKEN = "ct1.cd63081c1732a98c.HWBopSZcGfh2l7KBIXA-XWMOrMEb2x0ZizCcFA_CJmk";
    private static final String INTELLIGENCE = "03fb4d3d-769a-41f4-b0fe-ea785d33ae52";

    @TempDir
    Path dir;

    @Test
    void aFreshEmbeddedDatabaseIsMigratedByTheVersionsMainAppliedWithTheSameChecksums() throws Exception {
        StoreConfig config = new StoreConfig.Embedded(dir.resolve("fresh.db"));
        Database.open(config).close();
        assertThat(history(config)).containsExactlyElementsOf(withLater(fixtureHistory("history-sqlite.tsv"), SQLITE_LATER));
    }

    @Test
    void aFreshPostgresDatabaseIsMigratedByTheVersionsMainAppliedWithTheSameChecksums() throws Exception {
        StoreConfig config = TestDatabases.newPostgres();
        Database.open(config).close();
        assertThat(history(config)).containsExactlyElementsOf(withLater(fixtureHistory("history-postgresql.tsv"), POSTGRES_LATER));
    }

    @Test
    void anEmbeddedDatabaseMigratedByMainOpensUnchangedAndEveryCapabilityReadsItsRows() throws Exception {
        Path file = dir.resolve("concord.db");
        try (InputStream in = new GZIPInputStream(getClass().getResourceAsStream(FIXTURES + "concord.db.gz"))) {
            Files.copy(in, file);
        }
        StoreConfig config = new StoreConfig.Embedded(file);
        List<String> before = history(config);
        assertThat(before).containsExactlyElementsOf(fixtureHistory("history-sqlite.tsv"));

        try (Database db = Database.open(config); Store store = Stores.open(db, InstantSource.system(), MerkleLog.writer())) {
            assertThat(store.collections()).extracting(CollectionInfo::alias).containsExactly("intelligence", "sightings", "alerts");
            assertThat(store.countByType()).containsEntry("identity", 1L).containsEntry("location", 1L)
                    .containsEntry("relationship", 1L);
            assertThat(store.log().size()).isEqualTo(3);

            TaxiiDatabase taxii = new TaxiiDatabase(db);
            assertThat(taxii.tokens().verify(TOKEN)).hasValueSatisfying(t -> assertThat(t.member()).isEqualTo("fixture"));
            assertThat(taxii.partners().byName("cert-fi")).hasValueSatisfying(p -> assertThat(p.url()).isEqualTo("https://127.0.0.1:1/cert-fi/"));

            SyncLedger ledger = new SyncDatabase(db).ledger();
            assertThat(ledger.peerFlags("cert-fi")).isEqualTo(new PeerFlags(true, true));
            assertThat(ledger.feeds()).singleElement().satisfies(f -> assertThat(f.name()).isEqualTo("misp"));
            assertThat(ledger.checkpoints("cert-fi")).singleElement().satisfies(c -> assertThat(c.remoteCollection()).isEqualTo("r1"));
            assertThat(ledger.pushCursor("cert-fi", INTELLIGENCE)).hasValueSatisfying(c -> assertThat(c.terms()).isEqualTo("terms-1"));
            assertThat(ledger.heldBack("cert-fi", INTELLIGENCE, null, null, 10)).singleElement()
                    .satisfies(h -> assertThat(h.rule()).isEqualTo("tlp-red"));
            assertThat(ledger.recentErrors("cert-fi", 10)).singleElement().satisfies(e -> assertThat(e.reason()).isEqualTo("refused"));

            assertThat(new AuditDatabase(db).log().find(AuditQuery.all())).extracting(Disclosure::partner, Disclosure::released)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("cert-fi", false), org.assertj.core.groups.Tuple.tuple("cert-fi", false));
            assertThat(new WebhookDatabase(db).state("soc")).hasValueSatisfying(s -> assertThat(s.owner()).isEqualTo("fixture-owner"));

            // and it takes writes as before: a version in the store, a row in a capability's table
            StixObject indicator = StixObject.of(TestObjects.randomIndicator());
            store.write(INTELLIGENCE, List.of(indicator));
            assertThat(store.latest(indicator.id())).isPresent();
            assertThat(taxii.tokens().revoke("cd63081c1732a98c", Instant.now())).isTrue();
        }
        assertThat(history(config)).isEqualTo(withLater(before, SQLITE_LATER)); // nothing applied again, nothing rewritten
    }

    /** version, description, type, script and checksum of each applied migration, in the order applied. */
    /** Migrations added after the fixtures were made, as Flyway records them (version, description, type, script, checksum). */
    private static final List<String> SQLITE_LATER = List.of("17\tresponse\tSQL\tV17__response.sql\t-1706162887");
    private static final List<String> POSTGRES_LATER = List.of("17\tresponse\tSQL\tV17__response.sql\t340541492");

    private static List<String> withLater(List<String> history, List<String> later) {
        List<String> all = new java.util.ArrayList<>(history);
        all.addAll(later);
        return all;
    }

    private static List<String> history(StoreConfig config) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = TestDatabases.connect(config); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT version, description, type, script, checksum FROM flyway_schema_history"
                     + " WHERE version IS NOT NULL ORDER BY installed_rank")) {
            while (rs.next()) {
                rows.add(rs.getString(1) + "\t" + rs.getString(2) + "\t" + rs.getString(3) + "\t" + rs.getString(4) + "\t" + rs.getInt(5));
            }
        }
        return rows;
    }

    private List<String> fixtureHistory(String name) throws IOException {
        try (InputStream in = getClass().getResourceAsStream(FIXTURES + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().filter(l -> !l.startsWith("#")).toList();
        }
    }
}
