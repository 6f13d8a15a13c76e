package org.concord.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.concord.bench.IndicatorGenerator;
import org.concord.intake.BundleReader;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A `concord import` killed with SIGKILL keeps every batch it reported committed, in a consistent store. */
@Tag("process")
class ImportCrashTest {
    private static final Pattern COMMITTED = Pattern.compile("committed batch (\\d+): .*\\(([\\d,]+) stored so far\\)");

    @TempDir
    Path tmp;

    @Test
    void killedImportKeepsEveryReportedBatchAndAConsistentStore() throws Exception {
        Path bundle = tmp.resolve("indicators.json");
        IndicatorGenerator.write(200_000, bundle, 7);
        Path node = tmp.resolve("node");
        assertThat(CliTest.concord("init", "--dir", node.toString(), "--name", "crash", "--country", "DE").status()).isZero();

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx256m", "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "import", "--dir", node.toString(), "--progress", "--batch", "1000", bundle.toString())
                .redirectErrorStream(true).start();
        long reported = 0;
        int batches = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                Matcher m = COMMITTED.matcher(line);
                if (m.find()) {
                    batches++;
                    reported = Long.parseLong(m.group(2).replace(",", ""));
                    if (batches == 8) {
                        p.destroyForcibly(); // SIGKILL, mid-import
                        break;
                    }
                }
            }
        }
        p.waitFor();
        assertThat(batches).as("the import reported commits before it was killed").isEqualTo(8);

        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + node.resolve("concord.db"));
             Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("ok");
            }
        }
        CliTest.Run stats = CliTest.concord("stats", "--dir", node.toString());
        Matcher m = Pattern.compile("indicator\\s+([\\d,]+)").matcher(stats.out());
        assertThat(m.find()).as(stats.out()).isTrue();
        long stored = Long.parseLong(m.group(1).replace(",", ""));
        assertThat(stored).isGreaterThanOrEqualTo(reported).isLessThan(200_000);
        // whole transactions only, in input order: they hold whole chunks of 500 objects (as many as
        // were parsed, up to --batch 1000), and the store holds exactly the first `stored` objects
        assertThat(stored % 500).as("whole chunks only: %d", stored).isZero();
        List<String> edge = idsAt(bundle, stored - 1, stored);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + node.resolve("concord.db"));
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM object_version WHERE id = ?")) {
            for (int i = 0; i < 2; i++) {
                ps.setString(1, edge.get(i));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    assertThat(rs.getInt(1)).as("objects[%d] stored", stored - 1 + i).isEqualTo(i == 0 ? 1 : 0);
                }
            }
        }

        // and the import can simply be run again to finish the job
        CliTest.Run rerun = CliTest.concord("import", "--dir", node.toString(), bundle.toString());
        assertThat(rerun.status()).isZero();
        assertThat(rerun.out()).contains("stored " + String.format("%,d", 200_000 - stored)).contains("duplicate " + String.format("%,d", stored));
    }

    /** The ids of the bundle's objects at the given indexes. */
    private static List<String> idsAt(Path bundle, long... indexes) throws Exception {
        List<String> ids = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        try (BundleReader r = new BundleReader(Files.newInputStream(bundle), BundleReader.Limits.DEFAULT)) {
            for (BundleReader.Element e; (e = r.next()) != null && ids.size() < indexes.length; ) {
                if (e.index() == indexes[ids.size()]) ids.add(json.readTree(e.json()).get("id").asText());
            }
        }
        return ids;
    }
}
