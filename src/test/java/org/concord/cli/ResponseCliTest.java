package org.concord.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.concord.response.MemoryResponseApi;
import org.concord.response.Requests;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code concord case …} and {@code concord request …} over an in-memory {@code ResponseApi}: every
 * command's help, what each prints (text and {@code --json}), and a clear one-line message with the
 * right exit status for bad input, never a stack trace.
 */
class ResponseCliTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> MEMBERS = Map.of(
            "cert-ee", "identity--" + UUID.randomUUID(), "isac-fi", "identity--" + UUID.randomUUID(),
            "bank-lv", "identity--" + UUID.randomUUID());

    @TempDir
    Path tmp;

    private final MemoryResponseApi api = new MemoryResponseApi("cert-ee", MEMBERS, InstantSource.system(), 1024);

    /** The launcher in this JVM, its case and request commands calling {@link #api}. */
    private CliTest.Run concord(String... args) {
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> cls) throws Exception {
                if (cls == ResponseNode.class) {
                    return cls.cast(new ResponseNode() {
                        @Override
                        Opened open() {
                            return new Opened(() -> { }, api);
                        }
                    });
                }
                return CommandLine.defaultFactory().create(cls);
            }
        };
        synchronized (CliTest.class) { // as CliTest.concord: one run at a time swaps System.out and err
            PrintStream oldOut = System.out, oldErr = System.err;
            ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
            try {
                System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
                System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
                int status = Main.run(factory, args);
                return new CliTest.Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
            } finally {
                System.setOut(oldOut);
                System.setErr(oldErr);
            }
        }
    }

    private CliTest.Run ok(String... args) {
        CliTest.Run r = concord(args);
        assertThat(r.status()).as(r.err()).isZero();
        return r;
    }

    private static JsonNode json(CliTest.Run r) {
        try {
            return JSON.readTree(r.out());
        } catch (java.io.IOException e) {
            throw new AssertionError("not JSON: " + r.out(), e);
        }
    }

    /** One line on stderr naming the command and containing {@code words}; the exit status of its kind. */
    private void refused(int status, String words, String... args) {
        CliTest.Run r = concord(args);
        assertThat(r.status()).as(r.out() + r.err()).isEqualTo(status);
        assertThat(r.err()).contains(words).doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void everyCommandHasHelpWithDirAndJson() {
        for (String c : List.of("open", "list", "show", "invite", "accept", "decline", "leave", "task", "note")) {
            CliTest.Run r = ok("case", c, "--help");
            assertThat(r.out()).as(c).contains("Usage: concord case " + c).contains("--dir").contains("--json");
        }
        for (String c : List.of("open", "list", "show", "ack", "progress", "fulfil", "refuse", "extend", "withdraw", "release")) {
            CliTest.Run r = ok("request", c, "--help");
            assertThat(r.out()).as(c).contains("Usage: concord request " + c).contains("--dir").contains("--json");
        }
        assertThat(ok("case", "--help").out()).contains("open").contains("invite").contains("note");
        assertThat(ok("request").out()).contains("preservation").contains("withdraw");
    }

    @Test
    void aCaseIsOpenedWorkedOnAndShown() {
        String alert = "x-concord-alert--" + UUID.randomUUID();
        CliTest.Run opened = ok("case", "open", "--from-alert", alert, "--name", "Phishing wave", "--tlp", "amber", "--json");
        String id = json(opened).path("id").asText();
        assertThat(id).startsWith("incident--");
        assertThat(json(opened).path("evidence").get(0).asText()).isEqualTo(alert);

        assertThat(ok("case", "list").out()).contains(id).contains("Phishing wave").contains("lead cert-ee");
        assertThat(ok("case", "invite", id, "isac-fi").out()).contains("Invited isac-fi to case " + id + " as participant (invited)");
        String task = ok("case", "task", id, "--name", "Block the domain", "--owner", "isac-fi", "--due", "2030-01-01T12:00:00Z").out();
        assertThat(task).contains("Added task task--").contains("owner isac-fi").contains("due 2030-01-01T12:00:00Z");
        String taskId = task.substring(task.indexOf("task--"), task.indexOf("task--") + 42);
        assertThat(ok("case", "task", id, "--task", taskId, "--outcome", "successful").out()).contains("Changed task").contains("outcome successful");
        assertThat(ok("case", "note", id, "Only for us", "--tlp", "red").out()).contains("(red)").contains("stays on this node");

        String shown = ok("case", "show", id).out();
        assertThat(shown).contains("Case " + id).contains("tlp           amber").contains("isac-fi  participant  invited")
                .contains("Block the domain").contains("Only for us").contains(alert);
        assertThat(json(ok("case", "show", id, "--json")).path("participants")).hasSize(2);

        String invitedTo = api.invitedTo("Port ransomware", "isac-fi");
        assertThat(ok("case", "accept", invitedTo).out()).contains("cert-ee accepted");
        assertThat(ok("case", "leave", invitedTo, "--reason", "not ours").out()).contains("cert-ee left");
    }

    @Test
    void requestsAreSentAndActedOn() {
        String caseId = json(ok("case", "open", "--name", "Phishing wave", "--json")).path("id").asText();
        CliTest.Run sent = ok("request", "open", "--case", caseId, "--to", "bank-lv", "--kind", "preservation", "--priority", "high",
                "--basis", "budapest:29", "--data", "mail-server logs of the phishing domain's MX", "--custodian", "bank-lv mail",
                "--identifier", "mx.evil.example", "--necessity", "evidence of the campaign");
        assertThat(sent.out()).contains("Sent Request x-concord-request--").contains("preservation, priority high")
                .contains("from          cert-ee to bank-lv").contains("budapest Art. 29").contains("you may       ");
        String id = sent.out().substring(sent.out().indexOf("x-concord-request--"), sent.out().indexOf("x-concord-request--") + 55);
        assertThat(ok("request", "list", "--sent").out()).contains(id).contains("preservation  high  sent  cert-ee -> bank-lv");
        assertThat(ok("request", "list", "--received").out()).contains("No requests.");
        JsonNode shown = json(ok("request", "show", id, "--json"));
        assertThat(shown.path("preservation").path("period_days").asInt()).isEqualTo(90);
        assertThat(shown.path("versions")).hasSize(1);

        String received = api.received("isac-fi", caseId, Requests.Kind.INFORMATION);
        assertThat(ok("request", "ack", received).out()).contains("is acknowledged");
        refused(Main.USAGE, "may: in_progress", "request", "ack", received);
        refused(Main.USAGE, "Missing required option: '--reason", "request", "refuse", received);
        assertThat(ok("request", "fulfil", received, "--answer", "the MX is at AS64500").out()).contains("is fulfilled");
        assertThat(ok("request", "withdraw", id, "--reason", "found elsewhere").out()).contains("is withdrawn");
    }

    @Test
    void badInputGetsOneClearLineAndTheExitStatusOfItsKind() {
        String caseId = json(ok("case", "open", "--name", "Phishing wave", "--json")).path("id").asText();
        refused(Main.USAGE, "concord case show: not a case id (incident--uuid", "case", "show", "not-a-case");
        refused(Main.REFUSED, "no case incident--", "case", "show", "incident--" + UUID.randomUUID());
        refused(Main.USAGE, "give --name, or --from-alert", "case", "open");
        refused(Main.USAGE, "--tlp:", "case", "open", "--name", "x", "--tlp", "purple");
        refused(Main.USAGE, "unknown member nobody; the members known: bank-lv, isac-fi", "case", "invite", caseId, "nobody");
        refused(Main.USAGE, "a new task needs --name", "case", "task", caseId);
        refused(Main.USAGE, "--due: not a STIX timestamp", "case", "task", caseId, "--name", "x", "--due", "tomorrow");
        refused(Main.USAGE, "max_note_bytes", "case", "note", caseId, "x".repeat(2000));
        refused(Main.REFUSED, "may not decline", "case", "decline", caseId);
        refused(Main.USAGE, "--kind must be one of preservation, disclosure, information, assistance, takedown: rumour",
                "request", "open", "--case", caseId, "--to", "bank-lv", "--kind", "rumour");
        refused(Main.USAGE, "a preservation request needs --basis, --data, --custodian and --necessity",
                "request", "open", "--case", caseId, "--to", "bank-lv", "--kind", "preservation");
        refused(Main.USAGE, "--period-days must be at least 60", "request", "open", "--case", caseId, "--to", "bank-lv", "--kind",
                "preservation", "--basis", "budapest:29", "--data", "d", "--custodian", "c", "--necessity", "n", "--period-days", "30");
        refused(Main.USAGE, "is not after now", "request", "open", "--case", caseId, "--to", "bank-lv", "--kind", "information",
                "--subject", "who runs it", "--acknowledge-by", "2020-01-01T00:00:00Z");
        refused(Main.USAGE, "unknown member nobody", "request", "open", "--case", caseId, "--to", "nobody", "--kind", "information",
                "--subject", "who");
        refused(Main.USAGE, "Missing required options", "request", "open", "--kind", "information");
        refused(Main.REFUSED, "no request x-concord-request--", "request", "ack", "x-concord-request--" + UUID.randomUUID());
        refused(Main.USAGE, "not a request id", "request", "ack", "req-1");
        refused(Main.USAGE, "mutually exclusive", "request", "list", "--sent", "--received");
        refused(Main.USAGE, "--state must be one of sent, acknowledged", "request", "list", "--state", "lost");
    }

    @Test
    void aNewNodeOpensACaseAndRefusesARequestToAMemberItDoesNotKnow() {
        Path dir = tmp.resolve("cert-ee");
        CliTest.Run init = CliTest.concord("init", "--dir", dir.toString(), "--name", "cert-ee", "--country", "EE", "--sector", "energy");
        assertThat(init.status()).as(init.err()).isZero();
        CliTest.Run opened = CliTest.concord("case", "open", "--dir", dir.toString(), "--name", "Amber Lantern", "--json");
        assertThat(opened.status()).as(opened.err()).isZero();
        String caseId = opened.out().replaceAll("(?s).*\"id\"\\s*:\\s*\"(incident--[0-9a-f-]+)\".*", "$1");
        assertThat(caseId).startsWith("incident--");
        CliTest.Run list = CliTest.concord("case", "list", "--dir", dir.toString());
        assertThat(list.status()).as(list.err()).isZero();
        assertThat(list.out()).contains(caseId).contains("Amber Lantern");
        CliTest.Run r = CliTest.concord("request", "open", "--dir", dir.toString(), "--case", caseId, "--to", "bank-lv",
                "--kind", "information", "--subject", "who runs it");
        assertThat(r.status()).isEqualTo(Main.USAGE);
        assertThat(r.err().strip()).startsWith("concord request open: ").contains("bank-lv").doesNotContain("Exception").hasLineCount(1);
    }
}
