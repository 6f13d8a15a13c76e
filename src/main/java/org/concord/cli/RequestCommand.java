package org.concord.cli;

import static org.concord.cli.ResponseNode.choice;
import static org.concord.cli.ResponseNode.id;
import static org.concord.cli.ResponseNode.orDash;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.concord.ConcordException;
import org.concord.ErrorCode;
import org.concord.response.Request;
import org.concord.response.Requests;
import org.concord.response.Requests.Transition;
import org.concord.response.ResponseApi;
import org.concord.response.ResponseApi.Escalation;
import org.concord.response.ResponseApi.RequestSummary;
import org.concord.response.ResponseApi.RequestView;
import org.concord.response.ResponseApi.Version;
import org.concord.runtime.NodeServices;
import org.concord.taxii.ResponseJson;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code concord request …}: formal requests between members, with deadlines (docs/response.md). */
@Command(name = "request", mixinStandardHelpOptions = true,
        subcommands = {RequestCommand.Open.class, RequestCommand.ListRequests.class, RequestCommand.Show.class,
                RequestCommand.Ack.class, RequestCommand.Progress.class, RequestCommand.Fulfil.class, RequestCommand.Refuse.class,
                RequestCommand.Extend.class, RequestCommand.Withdraw.class, RequestCommand.Release.class},
        description = {"Formal requests to a partner's 24/7 point of contact (Budapest Convention Arts. 29, 30, 35):"
                + " preservation, disclosure, information, assistance, takedown.",
                "Each has deadlines to acknowledge and to fulfil; a late one escalates to the duty contacts.",
                "States: sent -> acknowledged -> in_progress -> fulfilled | refused | expired | withdrawn (preservation: released)."})
final class RequestCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** {@code <id>  <kind>  <priority>  <state>  <requester> -> <receiver>  ack by <t>  fulfil by <t>}. */
    static String line(RequestSummary r) {
        return r.id() + "  " + r.kind().wire() + "  " + r.priority().wire() + "  " + r.state().wire() + "  "
                + ResponseJson.name(r.requester()) + " -> " + ResponseJson.name(r.receiver())
                + "  ack by " + orDash(ResponseJson.time(r.acknowledgeBy())) + "  fulfil by " + orDash(ResponseJson.time(r.fulfilBy()));
    }

    static String text(RequestView v) {
        RequestSummary s = v.summary();
        StringBuilder b = new StringBuilder("Request ").append(s.id()).append('\n');
        b.append("  kind          ").append(s.kind().wire()).append(", priority ").append(s.priority().wire()).append('\n');
        b.append("  state         ").append(s.state().wire()).append('\n');
        b.append("  from          ").append(ResponseJson.name(s.requester())).append(" to ").append(ResponseJson.name(s.receiver())).append('\n');
        b.append("  case          ").append(s.caseId()).append('\n');
        b.append("  sent          ").append(ResponseJson.time(s.sent())).append('\n');
        b.append("  deadlines     acknowledge by ").append(ResponseJson.time(s.acknowledgeBy())).append(", fulfil by ")
                .append(ResponseJson.time(s.fulfilBy())).append('\n');
        Request r = v.request();
        if (r != null) {
            b.append("  subject       ").append(r.ask().subject()).append('\n');
            if (r.ask().legalBasis() != null) {
                Request.LegalBasis l = r.ask().legalBasis();
                b.append("  legal basis   ").append(l.instrument().name().toLowerCase(java.util.Locale.ROOT))
                        .append(l.article() == null ? "" : " Art. " + l.article()).append(l.reference() == null ? "" : " (" + l.reference() + ")").append('\n');
            }
            if (r.preserveUntil() != null) b.append("  preserve to   ").append(ResponseJson.time(r.preserveUntil())).append('\n');
            if (r.reason() != null) b.append("  reason        ").append(r.reason()).append('\n');
            if (r.answer() != null) b.append("  answer        ").append(r.answer()).append('\n');
        }
        b.append("  versions\n");
        for (Version ver : v.versions()) {
            b.append("    ").append(ver.modified()).append("  ").append(ver.transition()).append(" by ").append(ResponseJson.name(ver.by()))
                    .append("  sha256 ").append(orDash(ver.sha256())).append(ver.superseded() ? "  (superseded)" : "").append('\n');
        }
        for (Escalation e : v.escalations()) {
            b.append("  escalation    ").append(e.deadline()).append(" level ").append(e.level()).append(" due ")
                    .append(ResponseJson.time(e.due())).append(" by ").append(ResponseJson.name(e.by())).append('\n');
        }
        b.append("  you may       ").append(v.allowed().isEmpty() ? "nothing (it has ended)"
                : String.join(", ", v.allowed().stream().map(Transition::wire).toList()));
        return b.toString();
    }

    @Command(name = "open", mixinStandardHelpOptions = true,
            description = {"Send a request from this node's member to a partner's, in a case.",
                    "A preservation needs --basis, --data, --custodian and --necessity (Budapest Art. 29(2)); it lasts"
                            + " --period-days (at least 60, Art. 29(7)), and states that a mutual-assistance request will follow.",
                    "Deadlines default to node.json's response.deadlines for the kind and priority."})
    static final class Open implements Callable<Integer> {
        @Mixin
        ResponseNode node;

        @Option(names = "--case", paramLabel = "ID", required = true, description = "The case (incident--…).")
        String caseId;

        @Option(names = "--to", paramLabel = "MEMBER", required = true, description = "The receiving partner, by its name on this node.")
        String to;

        @Option(names = "--kind", required = true, description = "preservation, disclosure, information, assistance, takedown.")
        String kind;

        @Option(names = "--priority", defaultValue = "normal", description = "critical, high, normal, low (default: ${DEFAULT-VALUE}).")
        String priority;

        @Option(names = "--subject", paramLabel = "TEXT", description = "What is asked (for a preservation, default: --data).")
        String subject;

        @Option(names = "--basis", paramLabel = "INSTRUMENT[:ARTICLE]",
                description = "The legal basis: budapest, un_cybercrime, domestic or other, and an article, e.g. budapest:29.")
        String basis;

        @Option(names = "--reference", paramLabel = "TEXT", description = "The basis's reference (a case number, a law).")
        String reference;

        @Option(names = "--data", paramLabel = "TEXT", description = "Preservation: the data to preserve.")
        String data;

        @Option(names = "--custodian", paramLabel = "TEXT", description = "Preservation: who holds it, or where the system is.")
        String custodian;

        @Option(names = "--identifier", paramLabel = "TEXT", description = "Preservation: an account, address, domain … (repeatable).")
        List<String> identifiers;

        @Option(names = "--necessity", paramLabel = "TEXT", description = "Preservation: why it must be preserved.")
        String necessity;

        @Option(names = "--period-days", defaultValue = "90", description = "Preservation: how long, at least 60 (default: ${DEFAULT-VALUE}).")
        int periodDays;

        @Option(names = "--acknowledge-by", paramLabel = "TIME", description = "Acknowledge deadline (default: from node.json).")
        String acknowledgeBy;

        @Option(names = "--fulfil-by", paramLabel = "TIME", description = "Fulfil deadline (default: from node.json).")
        String fulfilBy;

        @Override
        public Integer call() throws Exception {
            id("case", "incident", caseId);
            Requests.Kind k = choice(Requests.Kind.class, "--kind", kind);
            Requests.Priority p = choice(Requests.Priority.class, "--priority", priority);
            Request.LegalBasis legal = null;
            if (basis != null) {
                String[] parts = basis.split(":", 2);
                legal = new Request.LegalBasis(choice(Request.LegalBasis.Instrument.class, "--basis", parts[0]),
                        parts.length > 1 && !parts[1].isBlank() ? parts[1] : null, reference);
            }
            Request.Preservation preservation = null;
            if (k == Requests.Kind.PRESERVATION) {
                if (legal == null || data == null || custodian == null || necessity == null) {
                    throw invalid("a preservation request needs --basis, --data, --custodian and --necessity (Budapest Art. 29(2))");
                }
                if (periodDays < Requests.MIN_PRESERVATION_DAYS) {
                    throw invalid("--period-days must be at least " + Requests.MIN_PRESERVATION_DAYS + " (Budapest Art. 29(7)): " + periodDays);
                }
                preservation = new Request.Preservation(data, custodian, identifiers == null ? List.of() : identifiers, necessity, true, periodDays);
                if (subject == null) subject = data;
            } else if (data != null || custodian != null || identifiers != null || necessity != null) {
                throw invalid("--data, --custodian, --identifier and --necessity are for a preservation request, not " + k.wire());
            }
            if (subject == null || subject.isBlank()) throw invalid("--subject is required: what is asked");
            var request = new ResponseApi.NewRequest(to, caseId, k, p, legal, subject, preservation, null,
                    ResponseNode.time("--acknowledge-by", acknowledgeBy), ResponseNode.time("--fulfil-by", fulfilBy));
            try (ResponseNode.Opened n = node.open()) {
                RequestView v = n.api().sendRequest(request);
                node.print(ResponseJson.requestView(v), "Sent " + text(v));
            }
            return Main.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List requests this node holds: id, kind, priority, state, from -> to, deadlines.")
    static final class ListRequests implements Callable<Integer> {
        @Mixin
        ResponseNode node;

        @CommandLine.ArgGroup(exclusive = true)
        Role role;

        static final class Role {
            @Option(names = "--sent", description = "Only those this node's member sent.")
            boolean sent;

            @Option(names = "--received", description = "Only those sent to this node's member.")
            boolean received;
        }

        @Option(names = "--state", description = "Only in this state: sent, acknowledged, in_progress, fulfilled, refused, expired, withdrawn, released.")
        String state;

        @Option(names = "--due-before", paramLabel = "TIME", description = "Only those with an open deadline before TIME.")
        String dueBefore;

        @Option(names = "--limit", defaultValue = "100", description = "At most this many (default: ${DEFAULT-VALUE}).")
        int limit;

        @Option(names = "--next", paramLabel = "TOKEN", description = "The page after the one that printed this token.")
        String next;

        @Override
        public Integer call() throws Exception {
            if (limit < 1 || limit > 1000) throw invalid("--limit must be 1..1000: " + limit);
            String r = role == null ? null : role.sent ? "sent" : "received";
            var query = new ResponseApi.RequestQuery(r, state == null ? null : choice(Requests.State.class, "--state", state),
                    ResponseNode.time("--due-before", dueBefore), limit, next);
            try (ResponseNode.Opened n = node.open()) {
                ResponseApi.Listing<RequestSummary> page = n.api().requests(query);
                StringBuilder text = new StringBuilder();
                for (RequestSummary s : page.items()) text.append(line(s)).append('\n');
                if (page.items().isEmpty()) text.append("No requests.\n");
                if (page.next() != null) text.append("More: --next ").append(page.next()).append('\n');
                node.print(ResponseJson.listing(page, ResponseJson::requestSummary), text.toString().stripTrailing());
            }
            return Main.OK;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Show a request: what was asked, its deadlines, every signed version (who, when, SHA-256), its escalations.")
    static final class Show implements Callable<Integer> {
        @Mixin
        ResponseNode node;

        @Parameters(paramLabel = "ID", description = "The request (x-concord-request--…).")
        String requestId;

        @Option(names = "--proof", description = "Also print where each version is in the transparency logs: this node's, and"
                + " for the other party's versions, the other party's (asked over mutual TLS, checked against its audited head).")
        boolean proof;

        @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
                description = "With --proof: how long to wait for the other party's log (default: ${DEFAULT-VALUE}).")
        int timeoutSeconds;

        @Override
        public Integer call() throws Exception {
            id("request", "x-concord-request", requestId);
            try (ResponseNode.Opened n = node.open()) {
                RequestView v = n.api().request(requestId).orElseThrow(() -> new ConcordException(ErrorCode.NOT_FOUND,
                        "no request " + requestId + " on this node"));
                if (!proof) {
                    node.print(ResponseJson.requestView(v), text(v).stripTrailing());
                } else if (!(n.node() instanceof NodeServices services)) {
                    throw new ConcordException(ErrorCode.NOT_FOUND, "--proof needs the node's logs, which this node does not have");
                } else {
                    List<String> lines = RequestProof.lines(services, v, Duration.ofSeconds(Math.max(1, timeoutSeconds)));
                    if (node.json) {
                        var json = ResponseJson.requestView(v);
                        lines.forEach(((ObjectNode) json).putArray("proof")::add);
                        node.print(json, "");
                    } else {
                        System.out.println(text(v).stripTrailing());
                        System.out.println("proof:");
                        lines.forEach(System.out::println);
                    }
                }
            }
            return Main.OK;
        }
    }

    /** One transition by this node's member. */
    abstract static class Acting implements Callable<Integer> {
        @Mixin
        ResponseNode node;

        @Parameters(paramLabel = "ID", description = "The request (x-concord-request--…).")
        String requestId;

        abstract Transition transition();

        /** The reason or answer; null for none. */
        String text() {
            return null;
        }

        /** The new end of a preservation; null for none. */
        String until() {
            return null;
        }

        @Override
        public Integer call() throws Exception {
            id("request", "x-concord-request", requestId);
            var act = new ResponseApi.Act(transition(), text(), ResponseNode.time("--until", until()));
            try (ResponseNode.Opened n = node.open()) {
                RequestView v = n.api().act(requestId, act);
                node.print(ResponseJson.requestView(v), "Request " + requestId + " is " + v.summary().state().wire()
                        + (transition() == Transition.EXTEND && v.request() != null ? ", preserved until "
                        + ResponseJson.time(v.request().preserveUntil()) : ""));
            }
            return Main.OK;
        }
    }

    @Command(name = "ack", mixinStandardHelpOptions = true, description = "Acknowledge a request sent to this node's member.")
    static final class Ack extends Acting {
        @Override
        Transition transition() {
            return Transition.ACKNOWLEDGE;
        }
    }

    @Command(name = "progress", mixinStandardHelpOptions = true, description = "Say a request sent to this node's member is being worked on.")
    static final class Progress extends Acting {
        @Override
        Transition transition() {
            return Transition.START;
        }
    }

    @Command(name = "fulfil", mixinStandardHelpOptions = true, description = "Fulfil a request sent to this node's member.")
    static final class Fulfil extends Acting {
        @Option(names = "--answer", paramLabel = "TEXT", description = "The answer.")
        String answer;

        @Option(names = "--until", paramLabel = "TIME", description = "Preservation: preserved until (default: the requested period).")
        String until;

        @Override
        Transition transition() {
            return Transition.FULFIL;
        }

        @Override
        String text() {
            return answer;
        }

        @Override
        String until() {
            return until;
        }
    }

    @Command(name = "refuse", mixinStandardHelpOptions = true, description = "Refuse a request sent to this node's member, saying why.")
    static final class Refuse extends Acting {
        @Option(names = "--reason", paramLabel = "TEXT", required = true, description = "Why.")
        String reason;

        @Override
        Transition transition() {
            return Transition.REFUSE;
        }

        @Override
        String text() {
            return reason;
        }
    }

    @Command(name = "extend", mixinStandardHelpOptions = true, description = "Extend a preservation this node's member asked for.")
    static final class Extend extends Acting {
        @Option(names = "--until", paramLabel = "TIME", required = true, description = "The new end, later than the current one.")
        String until;

        @Override
        Transition transition() {
            return Transition.EXTEND;
        }

        @Override
        String until() {
            return until;
        }
    }

    @Command(name = "withdraw", mixinStandardHelpOptions = true, description = "Withdraw a request this node's member sent.")
    static final class Withdraw extends Acting {
        @Option(names = "--reason", paramLabel = "TEXT", description = "Why (optional).")
        String reason;

        @Override
        Transition transition() {
            return Transition.WITHDRAW;
        }

        @Override
        String text() {
            return reason;
        }
    }

    @Command(name = "release", mixinStandardHelpOptions = true,
            description = "Release a preservation held for a partner (at its end, or once the requester withdrew it).")
    static final class Release extends Acting {
        @Override
        Transition transition() {
            return Transition.RELEASE;
        }
    }

    private static ConcordException invalid(String message) {
        return new ConcordException(ErrorCode.INVALID_ARGUMENT, message);
    }
}
