package org.concord.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.concord.store.StoreConfig;
import org.concord.store.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's PostgreSQL set-up, as an operator types it, against a real PostgreSQL. */
class CliPostgresTest {
    @TempDir
    Path tmp;

    @Test
    void aNodeOnPostgresqlImportsExportsAndCountsWithThePasswordReadFromAFile() throws Exception {
        StoreConfig.Postgres db = TestDatabases.newPostgres();
        Path node = tmp.resolve("node");
        Files.createDirectories(node);
        Files.writeString(node.resolve("pg.pass"), "not-needed-by-trust-auth\n");
        CliTest.Run init = CliTest.concord("init", "--dir", node.toString(), "--name", "pg-node", "--country", "LV",
                "--postgres-url", db.jdbcUrl(), "--postgres-user", db.user(), "--postgres-password-file", "pg.pass");
        assertThat(init.status()).as(init.err()).isZero();
        assertThat(init.out()).contains("Postgres[" + db.jdbcUrl()).doesNotContain("not-needed-by-trust-auth");
        assertThat(Files.readString(node.resolve("node.json"))).contains("\"kind\" : \"postgresql\"").doesNotContain("not-needed");

        Path bundle = CliTest.SHARED.resolve("data/ics-attack-18.1.json");
        CliTest.Run imported = CliTest.concord("import", "--dir", node.toString(), bundle.toString());
        assertThat(imported.status()).as(imported.out()).isZero();
        assertThat(imported.out()).contains("rejected 0");
        CliTest.Run stats = CliTest.concord("stats", "--dir", node.toString());
        assertThat(stats.out()).containsPattern("attack-pattern\\s+\\d+");
        Path out = tmp.resolve("export.json");
        assertThat(CliTest.concord("export", "--dir", node.toString(), "--type", "x-mitre-tactic", "-o", out.toString()).status()).isZero();
        assertThat(Files.readString(out)).contains("\"type\":\"x-mitre-tactic\"");
        assertThat(Files.exists(node.resolve("concord.db"))).isFalse();
    }
}
