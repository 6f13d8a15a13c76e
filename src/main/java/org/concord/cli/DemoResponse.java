package org.concord.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import org.concord.Time;
import org.concord.cli.DemoFederation.RunningNode;
import org.concord.fanout.WebhookSecret;
import org.concord.response.Request.LegalBasis;
import org.concord.response.Request.Preservation;
import org.concord.response.Requests.Kind;
import org.concord.response.Requests.Priority;
import org.concord.response.Requests.State;
import org.concord.response.Requests.Transition;
import org.concord.response.ResponseApi;
import org.concord.response.ResponseApi.Act;
import org.concord.response.ResponseApi.Answer;
import org.concord.response.ResponseApi.CaseDetail;
import org.concord.response.ResponseApi.Escalation;
import org.concord.response.ResponseApi.NewRequest;
import org.concord.response.ResponseApi.OpenCase;
import org.concord.response.ResponseApi.Participant;
import org.concord.response.ResponseApi.RequestView;
import org.concord.response.ResponseApi.Version;

/**
 * The demo after the alert (issue 14): cert-ee opens a case from it and invites the other two,
 * who accept; isac-fi asks bank-lv to preserve data, bank-lv acknowledges; cert-ee asks bank-lv
 * for information with a 10-second acknowledgement deadline (the demo's node.json), which passes
 * unanswered and escalates at both ends, to cert-ee's duty pager (a webhook receiver on
 * 127.0.0.1 this class runs) first at level 1, then at level 2. Every step is done through a node's
 * {@link ResponseApi}, as the CLI and the REST API do, and every line is what a node sees.
 */
final class DemoResponse {
    private static final Duration STEP_LIMIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RunningNode ee, fi, lv;
    private final CountDownLatch stopped;

    DemoResponse(List<RunningNode> nodes, CountDownLatch stopped) {
        this.ee = nodes.get(0);
        this.fi = nodes.get(1);
        this.lv = nodes.get(2);
        this.stopped = stopped;
    }

    /** Runs the steps; {@link Main#OK}, or {@link Main#REJECTED} saying which step did not happen in time. */
    int run(String alertId) throws InterruptedException {
        System.out.println();
        System.out.println("Coordinated response (cases and 24/7 requests, docs/response.md):");
        CaseDetail opened = ee.response().openCase(new OpenCase(alertId, null, null, null, List.of()));
        String caseId = opened.summary().id();
        System.out.printf("  %-8s opens case %s from the alert: \"%s\", %s, %d evidence objects, %d event%n", ee.member.node(),
                caseId, opened.summary().name(), opened.summary().tlp().label(), opened.evidence().size(), opened.events().size());
        for (RunningNode n : List.of(fi, lv)) {
            ee.response().invite(caseId, n.member.node(), "participant");
            System.out.printf("  %-8s invites %s%n", ee.member.node(), n.member.node());
        }
        for (RunningNode n : List.of(fi, lv)) {
            Optional<CaseDetail> seen = await(() -> invited(n, caseId));
            if (seen == null) return failed(n.member.node() + " did not receive the invitation to " + caseId);
            CaseDetail c = seen.orElseThrow();
            System.out.printf("  %-8s is invited to \"%s\" by %s; it may see %d of the evidence objects; accepts%n", n.member.node(),
                    c.summary().name(), ee.member.node(), c.evidence().size());
            n.response().answer(caseId, Answer.ACCEPT, null);
        }
        if (await(() -> accepted(ee, caseId, 3)) == null) return failed(ee.member.node() + " did not see both acceptances");
        System.out.printf("  %-8s sees 3 participants: %s (lead), %s, %s%n", ee.member.node(), ee.member.node(), fi.member.node(),
                lv.member.node());

        System.out.println();
        RequestView sent = fi.response().sendRequest(new NewRequest(lv.member.node(), caseId, Kind.PRESERVATION, Priority.HIGH,
                new LegalBasis(LegalBasis.Instrument.BUDAPEST, "29", "Budapest Convention Art. 29, expedited preservation"),
                "Preserve the mail-server logs of the phishing domain's MX", new Preservation(
                        "SMTP and IMAP logs, 2026 onwards, for the phishing domain's MX", "Daugava Bank mail gateway",
                        List.of("mx of the phishing domain"), "the logs rotate after 30 days", true, 90), null, null, null));
        String preservation = sent.summary().id();
        System.out.printf("  %-8s asks %s to preserve data (Budapest Art. 29, 90 days, priority high): %s, acknowledge by %s%n",
                fi.member.node(), lv.member.node(), preservation, sent.summary().acknowledgeBy());
        if (await(() -> lv.response().request(preservation)) == null) return failed(lv.member.node() + " did not receive " + preservation);
        System.out.printf("  %-8s receives it from %s; acknowledges%n", lv.member.node(), fi.member.node());
        lv.response().act(preservation, new Act(Transition.ACKNOWLEDGE, null, null));
        Optional<RequestView> acked = await(() -> fi.response().request(preservation).filter(r -> r.summary().state() == State.ACKNOWLEDGED));
        if (acked == null) return failed(fi.member.node() + " did not see the acknowledgement of " + preservation);
        for (RunningNode n : List.of(fi, lv)) {
            RequestView r = n.response().request(preservation).orElseThrow();
            StringBuilder line = new StringBuilder();
            for (Version v : r.versions()) line.append(" ").append(v.transition()).append(" by ").append(v.by().name())
                    .append(" sha256 ").append(v.sha256(), 0, 16).append("…");
            System.out.printf("  %-8s holds %d signed versions:%s%n", n.member.node(), r.versions().size(), line);
        }

        System.out.println();
        RequestView info = ee.response().sendRequest(new NewRequest(lv.member.node(), caseId, Kind.INFORMATION, Priority.CRITICAL,
                null, "Which accounts logged in from the loader's infrastructure?", null, null, null, null));
        String late = info.summary().id();
        System.out.printf("  %-8s asks %s for information (priority critical): %s, acknowledge by %s (10 s: the demo's deadline)%n",
                ee.member.node(), lv.member.node(), late, info.summary().acknowledgeBy());
        System.out.printf("  %-8s does not answer...%n", lv.member.node());
        for (int level = 1; level <= 2; level++) {
            int wanted = level;
            for (RunningNode n : List.of(ee, lv)) {
                Optional<Escalation> e = await(() -> escalation(n, late, wanted));
                if (e == null) return failed(n.member.node() + " did not escalate the level-" + wanted + " deadline of " + late);
                System.out.printf("  %-8s escalates to its own duty contacts: the %s deadline unanswered, level %d at %s%n",
                        n.member.node(), e.get().deadline(), wanted, e.get().due());
            }
        }
        return Main.OK;
    }

    private static Optional<CaseDetail> invited(RunningNode n, String caseId) {
        return n.response().caseDetail(caseId).filter(c -> c.participants().stream()
                .anyMatch(p -> n.member.node().equals(p.member().name()) && p.state().equals("invited")));
    }

    private static Optional<CaseDetail> accepted(RunningNode n, String caseId, int count) {
        return n.response().caseDetail(caseId).filter(c -> c.participants().stream().map(Participant::state)
                .filter(s -> s.equals("accepted")).count() >= count);
    }

    private static Optional<Escalation> escalation(RunningNode n, String requestId, int level) {
        return n.response().request(requestId).flatMap(r -> r.escalations().stream()
                .filter(e -> e.level() == level && e.by() != null && n.member.node().equals(e.by().name())).findFirst());
    }

    /** Polls {@code found} until it is present; null if it is not within the step's limit, or the demo was stopped. */
    private <T> Optional<T> await(Supplier<Optional<T>> found) throws InterruptedException {
        Time time = Time.system();
        long start = time.nanoTime();
        while (stopped.getCount() > 0 && time.nanoTime() - start < STEP_LIMIT.toNanos()) {
            Optional<T> f = found.get();
            if (f.isPresent()) return f;
            time.sleep(Duration.ofMillis(50));
        }
        return null;
    }

    private static int failed(String why) {
        System.err.println("demo: " + why);
        return Main.REJECTED;
    }

    /**
     * cert-ee's duty pager: a webhook receiver on 127.0.0.1 that prints each escalation delivered
     * to it (the node signs every delivery; docs/warning.md says how a receiver verifies one).
     */
    static final class Pager implements AutoCloseable {
        private final HttpServer server;

        Pager(String owner, WebhookSecret secret) {
            try {
                server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.createContext("/", exchange -> {
                try (InputStream in = exchange.getRequestBody()) {
                    byte[] body = in.readNBytes(1 << 20);
                    var headers = exchange.getRequestHeaders();
                    String timestamp = headers.getFirst("X-Concord-Timestamp"), signature = headers.getFirst("X-Concord-Signature");
                    boolean genuine = timestamp != null && timestamp.matches("[0-9]{1,18}") && signature != null
                            && secret.verifies(signature, Long.parseLong(timestamp), body);
                    System.out.printf("  %-8s duty pager: %s %s %s: %s%n", owner, genuine ? "signed" : "UNVERIFIED",
                            headers.getFirst("X-Concord-Event"), headers.getFirst("X-Concord-Delivery"),
                            summary(new String(body, StandardCharsets.UTF_8)));
                    exchange.sendResponseHeaders(genuine ? 204 : 401, -1);
                } finally {
                    exchange.close();
                }
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/pager";
        }

        /** An escalation's one-line summary, or an alert's name. */
        private static String summary(String body) {
            try {
                JsonNode d = JSON.readTree(body);
                JsonNode line = d.has("summary") ? d.get("summary") : d.path("name");
                return line.isTextual() ? line.textValue() : "(" + body.length() + " bytes)";
            } catch (IOException e) {
                return "(not JSON: " + body.length() + " bytes)";
            }
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
