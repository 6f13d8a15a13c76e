package org.concord.response;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.concord.ConcordException;
import org.concord.config.ConfigFile;
import org.concord.response.Requests.Kind;
import org.concord.response.Requests.Priority;
import org.junit.jupiter.api.Test;

/** The "response" section of node.json: defaults when absent, every field read, each mistake at its JSON pointer. */
class ResponseConfigTest {
    private static final String BANK = "identity--8f1f4a35-1fd5-4b8e-9a55-4f0a1c6e2b10";

    private static ResponseConfig parse(String json) {
        return ConfigFile.of(Path.of("node.json"), "{\"response\": " + json + "}")
                .parse(root -> ResponseConfig.parse(root.get(ResponseConfig.SECTION)));
    }

    private static String error(String json) {
        try {
            parse(json);
        } catch (ConcordException e) {
            return e.getMessage();
        }
        throw new AssertionError("accepted: " + json);
    }

    @Test
    void absentSectionGivesTheDefaults() {
        ResponseConfig c = ConfigFile.of(Path.of("node.json"), "{}").parse(root -> ResponseConfig.parse(root.get(ResponseConfig.SECTION)));
        assertThat(c).isEqualTo(ResponseConfig.defaults());
        assertThat(c.deadlines().acknowledge(Kind.INFORMATION, Priority.NORMAL)).isEqualTo(Duration.ofHours(24));
        assertThat(c.sweep()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.maxNoteBytes()).isEqualTo(16_384);
    }

    @Test
    void readsEveryField() {
        ResponseConfig c = parse("""
                {"duty": {"name": "CERT-EE 24/7", "email": "duty@cert.example", "phone": "+372 1",
                          "webhooks": ["pager"], "second_webhooks": ["manager"]},
                 "members": {"bank-lv": {"identity": "%s", "point_of_contact": {"name": "Bank LV SOC", "email": "soc@bank.example"}},
                             "isac-fi": {}},
                 "deadlines": {"default": {"acknowledge": "PT12H", "fulfil": "P5D"},
                               "preservation": {"critical": {"acknowledge": "PT1H", "fulfil": "PT24H"}, "high": {"acknowledge": "PT4H"}},
                               "information": {"acknowledge": "PT2H", "critical": {"acknowledge": "PT10S"}}},
                 "escalate": {"first": 0.5, "second": 2},
                 "sweep_seconds": 1, "max_note_bytes": 1000, "max_skew": "PT1M"}
                """.formatted(BANK));
        assertThat(c.duty().webhooks()).containsExactly("pager");
        assertThat(c.duty().secondWebhooks()).containsExactly("manager");
        assertThat(c.members().get("bank-lv").identity()).isEqualTo(BANK);
        assertThat(c.members().get("bank-lv").pointOfContact().email()).isEqualTo("soc@bank.example");
        assertThat(c.members().get("isac-fi").identity()).isNull();
        assertThat(c.deadlines().acknowledge(Kind.PRESERVATION, Priority.CRITICAL)).isEqualTo(Duration.ofHours(1));
        assertThat(c.deadlines().acknowledge(Kind.PRESERVATION, Priority.HIGH)).isEqualTo(Duration.ofHours(4));
        assertThat(c.deadlines().fulfil(Kind.PRESERVATION, Priority.HIGH)).isEqualTo(Duration.ofDays(5));
        assertThat(c.deadlines().acknowledge(Kind.INFORMATION, Priority.CRITICAL)).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.deadlines().acknowledge(Kind.INFORMATION, Priority.LOW)).isEqualTo(Duration.ofHours(2));
        assertThat(c.deadlines().acknowledge(Kind.TAKEDOWN, Priority.LOW)).isEqualTo(Duration.ofHours(12));
        assertThat(c.first()).isEqualTo(0.5);
        assertThat(c.second()).isEqualTo(2.0);
        assertThat(c.sweep()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.maxNoteBytes()).isEqualTo(1000);
        assertThat(c.maxSkew()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void mistakesAreNamedAtTheirPointers() {
        assertThat(error("{\"sweep_seconds\": 0}")).contains("/response/sweep_seconds").contains("1..86400");
        assertThat(error("{\"deadlines\": {\"takedwon\": {}}}")).contains("/response/deadlines").contains("unknown field \"takedwon\"");
        assertThat(error("{\"deadlines\": {\"takedown\": {\"critical\": {\"acknowledge\": \"soon\"}}}}"))
                .contains("/response/deadlines/takedown/critical/acknowledge").contains("ISO-8601");
        assertThat(error("{\"deadlines\": {\"takedown\": {\"critical\": {\"acknowledge\": \"PT5H\", \"fulfil\": \"PT4H\"}}}}"))
                .contains("/response/deadlines").contains("acknowledge span must not exceed the fulfil span");
        assertThat(error("{\"members\": {\"bank-lv\": {\"identity\": \"bank\"}}}")).contains("/response/members/bank-lv/identity");
        assertThat(error("{\"members\": {\"bank-lv\": {\"point_of_contact\": {\"name\": \"x\"}}}}"))
                .contains("/response/members/bank-lv").contains("needs an email or a phone");
        assertThat(error("{\"escalate\": {\"first\": 2, \"second\": 1}}")).contains("/response/escalate").contains("greater than first");
        assertThat(error("{\"duty\": {\"email\": \"a@b\"}}")).contains("/response/duty").contains("\"name\"");
        assertThat(error("{\"colour\": 1}")).contains("unknown field \"colour\"");
    }

    @Test
    void recordRefusesWhatTheParserWould() {
        assertThatThrownBy(() -> ResponseConfig.defaults().withMembers(java.util.Map.of("x", new ResponseConfig.MemberEntry("nope", null))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
