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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditCommandTest {
    private static final Instant T0 = Instant.parse("2025-06-01T12:00:00Z");

    @Test
    void printsTheDisclosuresAskedFor(@TempDir Path tmp) {
        Path dir = tmp.resolve("here");
        assertThat(concord("init", "--dir", dir.toString(), "--name", "here", "--country", "EE").status()).isZero();
        try (AuditDatabase db = AuditDatabase.open(NodeConfig.load(dir).storeConfig(dir))) {
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
        assertThat(all.out().lines()).hasSize(6).first().asString()
                .isEqualTo("2025-06-01T12:00:00Z  b  withheld  indicator--00000000-0000-4000-8000-000000000000"
                        + " @ 2024-01-01T00:00:00.000Z  tlp-red  reason 0");
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
}
