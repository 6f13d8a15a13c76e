package org.concord.warning;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.concord.config.ConfigFile;
import org.junit.jupiter.api.Test;

class WarningConfigTest {
    static final Path DIR = Path.of("/srv/concord/cert-ee");

    /** The early-warning settings of a node.json in DIR holding {@code json} as its "warning". */
    static WarningConfig parse(String json) {
        return ConfigFile.of(DIR.resolve("node.json"), "{\"warning\": " + json + "}")
                .parse(root -> WarningConfig.parse(root.get(WarningConfig.SECTION)));
    }

    @Test
    void absentMeansThreeCountriesInADay() throws Exception {
        WarningConfig c = parse("null");
        WarningConfig absent = ConfigFile.of(DIR.resolve("node.json"), "{}").parse(root -> WarningConfig.parse(root.get(WarningConfig.SECTION)));
        assertThat(absent).isEqualTo(c);
        assertThat(c.rule()).isEqualTo(new Rule(Rule.GroupBy.COUNTRY, 3, Duration.ofHours(24)));
        assertThat(c.rule().id()).isEqualTo("country:3:PT24H");
        assertThat(c.exclude()).contains("dynamic-dns");
        assertThat(c.publicSuffixList()).isNull();
        assertThat(c.horizon()).isEqualTo(Duration.ofHours(72).plusMinutes(5));
    }

    @Test
    void everySettingIsRead() throws Exception {
        WarningConfig c = parse("""
                {"rule": {"group_by": "sector", "threshold": 2, "window": "PT6H"}, "grace": "PT2H", "max_skew": "PT1M",
                 "flush_seconds": 30, "poll_seconds": 2, "public_suffix_list": "/usr/share/publicsuffix/public_suffix_list.dat",
                 "warninglists": {"folders": ["../shared/data/misp/warninglists", "lists"], "exclude": ["tranco10k"], "include": ["github"]},
                 "half_life": {"ip": "P7D"}, "default_confidence": 40, "max_live_keys": 100000}
                """);
        assertThat(c.rule().id()).isEqualTo("sector:2:PT6H");
        assertThat(c.grace()).isEqualTo(Duration.ofHours(2));
        assertThat(c.flush()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.warninglists()).containsExactly(DIR.resolve("../shared/data/misp/warninglists"), DIR.resolve("lists"));
        assertThat(c.exclude()).contains("tranco10k", "dynamic-dns");
        assertThat(c.include()).containsExactly("github");
        assertThat(c.halfLives()).containsEntry("ip", Duration.ofDays(7)).containsEntry("domain", Duration.ofDays(60));
        assertThat(c.publicSuffixList()).isEqualTo(Path.of("/usr/share/publicsuffix/public_suffix_list.dat"));
    }

    @Test
    void mistakesAreNamed() {
        assertThatThrownBy(() -> parse("{\"rules\": {}}")).hasMessageContaining("/warning: unknown field \"rules\"");
        assertThatThrownBy(() -> parse("{\"rule\": {\"group_by\": \"city\"}}"))
                .hasMessageContaining("/warning/rule/group_by: must be country, sector or member: city");
        assertThatThrownBy(() -> parse("{\"rule\": {\"window\": \"24h\"}}")).hasMessageContaining("/warning/rule/window: must be an ISO-8601 duration");
        assertThatThrownBy(() -> parse("{\"rule\": {\"window\": \"PT10S\"}}")).hasMessageContaining("/warning/rule: ").hasMessageContaining("from PT1M to P31D");
        assertThatThrownBy(() -> parse("{\"half_life\": {\"asn\": \"P1D\"}}")).hasMessageContaining("/warning/half_life: ").hasMessageContaining("\"asn\"");
        assertThatThrownBy(() -> parse("{\"warninglists\": {\"folders\": \"x\"}}"))
                .hasMessageContaining("/warning/warninglists/folders: must be a list of strings");
        assertThatThrownBy(() -> parse("{\"flush_seconds\": 0}")).hasMessageContaining("/warning/flush_seconds: must be a whole number, at least 1: 0");
    }
}
