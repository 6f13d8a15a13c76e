package org.concord.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.concord.cli.FederatedEarlyWarningTest.LIMIT;
import static org.concord.cli.FederatedEarlyWarningTest.WARNINGLISTS;
import static org.concord.cli.FederatedEarlyWarningTest.freePorts;

import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.concord.cli.DemoFederation.RunningNode;
import org.concord.response.Request.LegalBasis;
import org.concord.response.Request.Preservation;
import org.concord.response.Requests.Kind;
import org.concord.response.Requests.Priority;
import org.concord.response.Requests.State;
import org.concord.response.Requests.Transition;
import org.concord.response.ResponseApi.Act;
import org.concord.response.ResponseApi.Answer;
import org.concord.response.ResponseApi.NewRequest;
import org.concord.response.ResponseApi.OpenCase;
import org.concord.response.ResponseApi.RequestView;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code concord request show --proof} on the demo's three nodes: both parties prove each version
 * in their own log, and the other party's versions in the other party's log, asked over mutual TLS
 * and checked against its audited head.
 */
class RequestProofTest {
    @TempDir
    Path tmp;

    @Test
    void eachPartyProvesWhatWasAskedAndAnsweredInBothLogs() throws Exception {
        try (DemoFederation f = DemoFederation.create(tmp, freePorts(3), WARNINGLISTS, DemoFederation.Timing.DEMO,
                InstantSource.system()).start()) {
            RunningNode ee = f.nodes().get(0), fi = f.nodes().get(1), lv = f.nodes().get(2);
            String caseId = ee.response().openCase(new OpenCase(null, "Amber Lantern", null, null, List.of())).summary().id();
            for (RunningNode n : List.of(fi, lv)) {
                ee.response().invite(caseId, n.member.node(), "participant");
                assertThat(await(() -> n.response().caseDetail(caseId).filter(c -> c.participants().stream()
                        .anyMatch(p -> n.member.node().equals(p.member().name()) && p.state().equals("invited"))))).as(n + " invited").isPresent();
                n.response().answer(caseId, Answer.ACCEPT, null);
            }
            String id = fi.response().sendRequest(new NewRequest(lv.member.node(), caseId, Kind.PRESERVATION, Priority.HIGH,
                    new LegalBasis(LegalBasis.Instrument.BUDAPEST, "29", null), "mail logs",
                    new Preservation("mail logs", "the gateway", List.of("mx.example"), "they rotate", true, 90), null, null, null))
                    .summary().id();
            assertThat(await(() -> lv.response().request(id))).as("received").isPresent();
            lv.response().act(id, new Act(Transition.ACKNOWLEDGE, null, null));
            Optional<RequestView> acked = await(() -> fi.response().request(id).filter(r -> r.summary().state() == State.ACKNOWLEDGED));
            assertThat(acked).as("the acknowledgement back at the requester").isPresent();

            List<String> requester = RequestProof.lines(fi.services, acked.get(), Duration.ofSeconds(30));
            assertThat(String.join("\n", requester))
                    .contains("sent by isac-fi").contains("acknowledged by bank-lv")
                    .containsPattern("in isac-fi's log: leaf \\d+ of \\d+")
                    .containsPattern("in bank-lv's log: leaf \\d+ of its audited head of \\d+ leaves, signed .+ \\(proof verified\\)")
                    .doesNotContain("NOT PROVEN").doesNotContain("not asked");
            List<String> receiver = RequestProof.lines(lv.services, lv.response().request(id).orElseThrow(), Duration.ofSeconds(30));
            assertThat(String.join("\n", receiver))
                    .containsPattern("in bank-lv's log: leaf \\d+ of \\d+")
                    .containsPattern("in isac-fi's log: leaf \\d+ of its audited head .+ \\(proof verified\\)")
                    .doesNotContain("NOT PROVEN");
        }
    }

    private static <T> Optional<T> await(Supplier<Optional<T>> found) throws InterruptedException {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<T> f = found.get();
            if (f.isPresent()) return f;
            Thread.sleep(50);
        }
        return Optional.empty();
    }
}
