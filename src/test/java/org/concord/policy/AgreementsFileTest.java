package org.concord.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.concord.TestClock;
import org.concord.config.ConfigFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A running node's agreements follow node.json, read again through the same parser as at start,
 * and a file that does not parse, or an agreement refused, leaves the last good ones in force.
 */
class AgreementsFileTest {
    private static final String TO_LV = "{\"partner\": \"cert-lv\", \"direction\": \"outbound\", \"collections\": [\"*\"],"
            + " \"tlp\": [\"green\"], \"types\": [\"*\"]}";
    private static final String TO_FI = TO_LV.replace("cert-lv", "cert-fi");

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(Instant.parse("2026-03-14T12:00:00Z"));

    private Path write(String json) throws IOException {
        Path file = dir.resolve("node.json");
        Path next = dir.resolve("node.json.next");
        Files.writeString(next, json);
        Files.move(next, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return file;
    }

    private AgreementsFile start(Path file) {
        ConfigFile read = ConfigFile.read(file);
        return new AgreementsFile(read, read.parse(root -> Agreements.parse(root.get(Agreements.SECTION))), clock);
    }

    @Test
    void aReloadWithABrokenFileOrARefusedAgreementKeepsTheLastGoodAgreements() throws IOException {
        AgreementsFile agreements = start(write("{\"agreements\": [" + TO_LV + "]}"));
        assertThat(agreements.get().outbound("cert-lv")).isPresent();

        write("{\"agreements\": [" + TO_LV + ", " + TO_FI + "]}");
        assertThat(agreements.get().outbound("cert-fi")).as("looked at once a second of the node's clock").isEmpty();
        clock.advance(Duration.ofSeconds(1));
        assertThat(agreements.get().outbound("cert-fi")).as("an added agreement applies").isPresent();

        write("{\"agreements\": [" + TO_LV + ", " + TO_FI + "]");
        clock.advance(Duration.ofSeconds(1));
        assertThat(agreements.get().all()).as("a file that is not JSON changes nothing").hasSize(2);

        write("{\"agreements\": [" + TO_LV + ", " + TO_FI.replace("outbound", "sideways") + "]}");
        clock.advance(Duration.ofSeconds(1));
        assertThat(agreements.get().all()).as("nor does an agreement refused").hasSize(2);

        write("{\"agreements\": [" + TO_LV + ", " + TO_FI.replace("\"green\"", "\"red\"") + "]}");
        clock.advance(Duration.ofSeconds(1));
        assertThat(agreements.get().outbound("cert-fi")).as("nor one naming red: it is not dropped alone").isPresent();

        write("{\"agreements\": [" + TO_FI + "], \"sync\": {\"poll_seconds\": -1}}");
        clock.advance(Duration.ofSeconds(1));
        assertThat(agreements.get().outbound("cert-lv")).as("an ended agreement ends; another section is not the agreements' to judge")
                .isEmpty();
        assertThat(agreements.get().outbound("cert-fi")).isPresent();

        write("{}");
        clock.set(clock.instant().minus(Duration.ofHours(1)));
        assertThat(agreements.get().all()).as("a clock set back does not stop the looks").isEmpty();
    }

    @Test
    void startingDoesNoIoAndAnUnchangedFileIsNotParsedAgain() throws IOException {
        Path missing = dir.resolve("elsewhere/node.json");
        ConfigFile given = ConfigFile.of(missing, "{\"agreements\": [" + TO_LV + "]}");
        AgreementsFile agreements = new AgreementsFile(given, given.parse(root -> Agreements.parse(root.get(Agreements.SECTION))), clock);
        clock.advance(Duration.ofSeconds(5));
        assertThat(agreements.get().outbound("cert-lv")).as("a file that cannot be looked at leaves them as they were").isPresent();

        Path file = write("{\"agreements\": [" + TO_LV + "]}");
        AgreementsFile same = start(file);
        Agreements first = same.get();
        clock.advance(Duration.ofSeconds(1));
        assertThat(same.get()).as("the file did not change: the same agreements, not parsed again").isSameAs(first);
    }
}
