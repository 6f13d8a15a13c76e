package org.concord.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.concord.cli.CliTest.concord;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.concord.node.NodeConfig;
import org.concord.policy.AuditDatabase;
import org.concord.policy.Decision;
import org.concord.policy.Disclosure;
import org.concord.policy.Rule;
import org.concord.store.Database;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditCommandTest {
    private static final Instant T0 = Instant.parse("2025-06-01T12:00:00Z");

    @Test
    void printsTheDisclosuresAskedFor(@TempDir Path tmp) {
        Path dir = tmp.resolve("here");
        assertThat(concord("init", "--dir", dir.toString(), "--name", "here", "--country", "EE").status()).isZero();
        try (Database database = Database.open(NodeConfig.load(dir).storeConfig(dir))) {
            AuditDatabase db = new AuditDatabase(database);
            List<Disclosure> lines = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                Decision d = new Decision.Withhold(i % 2 == 0 ? Rule.TLP_RED : Rule.LOOP, "reason " + i);
                lines.add(Disclosure.of(T0.plusSeconds(86_400L * i), i % 3 == 0 ? "b" : "c", "indicator--0000000" + i
                        + "-0000-4000-8000-000000000000", "2024-01-01T00:00:00.000Z", d));
            }
            db.log().record(lines);
        }
        CliTest.Run all = concord("audit", "--dir", dir.toString());
        assertThat(all.status()).as(all.err()).isZero();
        assertThat(all.out().lines()).hasSize(6).last().asString()
                .isEqualTo("2025-06-01T12:00:00Z  b  withheld  indicator--00000000-0000-4000-8000-000000000000"
                        + " @ 2024-01-01T00:00:00.000Z  tlp-red  reason 0");
        assertThat(all.err()).as("nothing more to page to").isEmpty();
        assertThat(concord("audit", "--dir", dir.toString(), "--partner", "b").out().lines()).hasSize(2);
        assertThat(concord("audit", "--dir", dir.toString(), "--object", "indicator--00000003-0000-4000-8000-000000000000")
                .out().lines()).hasSize(1);
        assertThat(concord("audit", "--dir", dir.toString(), "--since", "2025-06-04").out().lines()).hasSize(3);
        assertThat(concord("audit", "--dir", dir.toString(), "--since", "2025-06-02T12:00:00Z", "--limit", "2")
                .out().lines()).hasSize(2);
        CliTest.Run bad = concord("audit", "--dir", dir.toString(), "--since", "yesterday");
        assertThat(bad.status()).isEqualTo(Main.USAGE);
        assertThat(bad.err()).contains("--since must be an instant");
    }

    @Test
    void auditShowsTheNewestDecisionsFirstNotTheOldestAndSaysHowToPage(@TempDir Path tmp) {
        Path dir = tmp.resolve("here");
        assertThat(concord("init", "--dir", dir.toString(), "--name", "here", "--country", "EE").status()).isZero();
        try (Database database = Database.open(NodeConfig.load(dir).storeConfig(dir))) {
            AuditDatabase db = new AuditDatabase(database);
            List<Disclosure> lines = new ArrayList<>();
            for (int i = 0; i < 2_500; i++) {
                lines.add(Disclosure.of(T0.plusSeconds(i), "b", String.format("indicator--%08d-0000-4000-8000-000000000000", i),
                        "2024-01-01T00:00:00.000Z", new Decision.Withhold(Rule.TLP_RED, "reason " + i)));
            }
            db.log().record(lines);
        }
        CliTest.Run newest = concord("audit", "--dir", dir.toString());
        assertThat(newest.status()).as(newest.err()).isZero();
        assertThat(newest.out().lines()).hasSize(1_000);
        assertThat(newest.out().lines().findFirst().orElseThrow()).contains("indicator--00002499-").contains("reason 2499");
        assertThat(newest.out().lines().reduce((x, y) -> y).orElseThrow()).contains("indicator--00001500-");
        assertThat(newest.err()).contains("the newest 1000 matching decisions shown").contains("--before 1501")
                .contains("--oldest");

        CliTest.Run older = concord("audit", "--dir", dir.toString(), "--before", "1501", "--limit", "2000");
        assertThat(older.out().lines()).hasSize(1_500);
        assertThat(older.out().lines().findFirst().orElseThrow()).contains("indicator--00001499-");
        assertThat(older.err()).as("the first decision was reached").isEmpty();

        CliTest.Run oldest = concord("audit", "--dir", dir.toString(), "--oldest", "--limit", "3");
        assertThat(oldest.out().lines()).hasSize(3).first().asString().contains("indicator--00000000-");
        assertThat(oldest.err()).contains("--after 3");
        assertThat(concord("audit", "--dir", dir.toString(), "--oldest", "--after", "3", "--limit", "1").out())
                .contains("indicator--00000003-");
        assertThat(concord("audit", "--help").out()).contains("newest first").contains("--before");
    }
}
