package org.concord.cli;

import static org.concord.cli.ResponseNode.id;
import static org.concord.cli.ResponseNode.orDash;

import java.util.List;
import java.util.concurrent.Callable;
import org.concord.ConcordException;
import org.concord.ErrorCode;
import org.concord.response.ResponseApi;
import org.concord.response.ResponseApi.Answer;
import org.concord.response.ResponseApi.CaseDetail;
import org.concord.response.ResponseApi.CaseSummary;
import org.concord.response.ResponseApi.NoteView;
import org.concord.response.ResponseApi.Participant;
import org.concord.response.ResponseApi.RequestSummary;
import org.concord.response.ResponseApi.TaskView;
import org.concord.stix.Tlp;
import org.concord.taxii.ResponseJson;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code concord case …}: cases this node's member works on with partners (docs/response.md). */
@Command(name = "case", mixinStandardHelpOptions = true,
        subcommands = {CaseCommand.Open.class, CaseCommand.ListCases.class, CaseCommand.Show.class, CaseCommand.Invite.class,
                CaseCommand.Accept.class, CaseCommand.Decline.class, CaseCommand.Leave.class, CaseCommand.Task.class,
                CaseCommand.Note.class},
        description = {"Work one incident with partners: a case (a STIX incident) with its evidence, participants, tasks and journal.",
                "Every change is a new version in the node's cases collection, signed and sent to the participants' nodes."})
final class CaseCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "open", mixinStandardHelpOptions = true,
            description = {"Open a case, this node's member its lead.",
                    "--from-alert attaches the alert's evidence, records an event, and takes the alert's name and TLP unless given."})
    static final class Open implements Callable<Integer> {
        @Mixin
        ResponseNode node;

        @Option(names = "--from-alert", paramLabel = "ID", description = "The alert to open the case from (x-concord-alert--…).")
        String fromAlert;

        @Option(names = "--name", description = "The case's name (required without --from-alert).")
        String name;

        @Option(names = "--description", paramLabel = "TEXT", description = "What the case is about.")
        String description;

        @Option(names = "--tlp", description = "clear, green, amber, amber+strict, red (default: the alert's, else the node's).")
        String tlp;

        @Option(names = "--evidence", paramLabel = "ID", split = ",", description = "Ids of indicators, sightings, reports, … to attach.")
        List<String> evidence;

        @Override
        public Integer call() throws Exception {
            if (fromAlert == null && (name == null || name.isBlank())) {
                throw invalid("give --name, or --from-alert to take the alert's");
            }
            if (fromAlert != null) id("alert", "x-concord-alert", fromAlert);
            Tlp level = ResponseNode.tlp(tlp);
            try (ResponseNode.Opened n = node.open()) {
                CaseDetail c = n.api().openCase(new ResponseApi.OpenCase(fromAlert, name, description, level, evidence));
                String red = c.summary().tlp() == Tlp.RED ? "\n  TLP:RED: this case stays on this node; partners invited will not receive it" : "";
                node.print(ResponseJson.caseDetail(c), "Opened case " + c.summary().id() + "  " + c.summary().name()
                        + "\n  tlp " + ResponseJson.tlp(c.summary().tlp()) + ", evidence " + c.evidence().size() + ", events " + c.events().size() + red);
            }
            return Main.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the cases this node holds, last edited first: id, status, TLP, lead, name.")
    static final class ListCases implements Callable<Integer> {
        @Mixin
        ResponseNode node;

        @Option(names = "--state", description = "Only cases of this investigation status: new, open, closed.")
        String state;

        @Option(names = "--limit", defaultValue = "100", description = "At most this many (default: ${DEFAULT-VALUE}).")
        int limit;

        @Option(names = "--next", paramLabel = "TOKEN", description = "The page after the one that printed this token.")
        String next;

        @Override
        public Integer call() throws Exception {
            if (limit < 1 || limit > 1000) throw invalid("--limit must be 1..1000: " + limit);
            try (ResponseNode.Opened n = node.open()) {
                ResponseApi.Listing<CaseSummary> page = n.api().cases(new ResponseApi.CaseQuery(state, limit, next));
                StringBuilder text = new StringBuilder();
                for (CaseSummary c : page.items()) {
                    text.append(c.id()).append("  ").append(orDash(c.investigationStatus())).append("  ").append(ResponseJson.tlp(c.tlp()))
                            .append("  lead ").append(ResponseJson.name(c.lead())).append("  requests ").append(c.openRequests())
                            .append("  ").append(c.name()).append('\n');
                }
                if (page.items().isEmpty()) text.append("No cases.\n");
                if (page.next() != null) text.append("More: --next ").append(page.next()).append('\n');
                node.print(ResponseJson.listing(page, ResponseJson::caseSummary), text.toString().stripTrailing());
            }
            return Main.OK;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Show a case: its fields, evidence, participants, tasks, journal and requests.")
    static final class Show implements Callable<Integer> {
        @Mixin
        ResponseNode node;

        @Parameters(paramLabel = "ID", description = "The case (incident--…).")
        String caseId;

        @Override
        public Integer call() throws Exception {
            id("case", "incident", caseId);
            try (ResponseNode.Opened n = node.open()) {
                CaseDetail c = n.api().caseDetail(caseId).orElseThrow(() -> new ConcordException(ErrorCode.NOT_FOUND,
                        "no case " + caseId + " on this node"));
                node.print(ResponseJson.caseDetail(c), text(c));
            }
            return Main.OK;
        }

        static String text(CaseDetail c) {
            CaseSummary s = c.summary();
            StringBuilder b = new StringBuilder("Case ").append(s.id()).append("  ").append(s.name()).append('\n');
            b.append("  status        ").append(orDash(s.investigationStatus())).append(", determination ").append(orDash(s.determination()))
                    .append(", criticality ").append(orDash(s.criticality())).append('\n');
            b.append("  tlp           ").append(ResponseJson.tlp(s.tlp())).append('\n');
            b.append("  lead          ").append(ResponseJson.name(s.lead())).append('\n');
            b.append("  opened        ").append(ResponseJson.time(s.opened())).append(", edited ").append(ResponseJson.time(s.edited())).append('\n');
            if (c.description() != null) b.append("  description   ").append(c.description()).append('\n');
            b.append("  evidence      ").append(c.evidence().isEmpty() ? "-" : String.join(", ", c.evidence())).append('\n');
            b.append("  participants\n");
            for (Participant p : c.participants()) {
                b.append("    ").append(ResponseJson.name(p.member())).append("  ").append(p.role()).append("  ").append(p.state()).append('\n');
            }
            b.append("  tasks").append(c.tasks().isEmpty() ? "         -" : "").append('\n');
            for (TaskView t : c.tasks()) {
                b.append("    ").append(t.id()).append("  ").append(orDash(t.outcome())).append("  owner ").append(t.owner() == null ? "-"
                        : ResponseJson.name(t.owner())).append("  due ").append(orDash(ResponseJson.time(t.due()))).append("  ").append(t.name()).append('\n');
            }
            b.append("  journal").append(c.notes().isEmpty() ? "       -" : "").append('\n');
            for (NoteView note : c.notes()) {
                b.append("    ").append(ResponseJson.time(note.created())).append("  ").append(ResponseJson.name(note.author())).append("  ")
                        .append(ResponseJson.tlp(note.tlp())).append("  ").append(note.content()).append('\n');
            }
            b.append("  requests").append(c.requests().isEmpty() ? "      -" : "").append('\n');
            for (RequestSummary r : c.requests()) b.append("    ").append(RequestCommand.line(r)).append('\n');
            return b.toString().stripTrailing();
        }
    }

    @Command(name = "invite", mixinStandardHelpOptions = true, description = "Invite a partner's member to a case.")
    static final class Invite implements Callable<Integer> {
        @Mixin
        ResponseNode node;

        @Parameters(index = "0", paramLabel = "ID", description = "The case (incident--…).")
        String caseId;

        @Parameters(index = "1", paramLabel = "MEMBER", description = "The partner, by its name on this node (as in concord peer list).")
        String member;

        @Option(names = "--role", description = "Its role in the case (default: participant).")
        String role;

        @Override
        public Integer call() throws Exception {
            id("case", "incident", caseId);
            try (ResponseNode.Opened n = node.open()) {
                Participant p = n.api().invite(caseId, member, role);
                node.print(ResponseJson.participant(p), "Invited " + ResponseJson.name(p.member()) + " to case " + caseId + " as " + p.role()
                        + " (" + p.state() + ")");
            }
            return Main.OK;
        }
    }

    /** accept, decline, leave: this node's member answers an invitation. */
    abstract static class Answering implements Callable<Integer> {
        @Mixin
        ResponseNode node;

        @Parameters(paramLabel = "ID", description = "The case (incident--…).")
        String caseId;

        @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the case's journal (optional).")
        String reason;

        abstract Answer answer();

        @Override
        public Integer call() throws Exception {
            id("case", "incident", caseId);
            try (ResponseNode.Opened n = node.open()) {
                Participant p = n.api().answer(caseId, answer(), reason);
                node.print(ResponseJson.participant(p), "Case " + caseId + ": " + ResponseJson.name(p.member()) + " " + p.state());
            }
            return Main.OK;
        }
    }

    @Command(name = "accept", mixinStandardHelpOptions = true, description = "Accept an invitation to a case.")
    static final class Accept extends Answering {
        @Override
        Answer answer() {
            return Answer.ACCEPT;
        }
    }

    @Command(name = "decline", mixinStandardHelpOptions = true, description = "Decline an invitation to a case.")
    static final class Decline extends Answering {
        @Override
        Answer answer() {
            return Answer.DECLINE;
        }
    }

    @Command(name = "leave", mixinStandardHelpOptions = true, description = "Leave a case this node's member accepted.")
    static final class Leave extends Answering {
        @Override
        Answer answer() {
            return Answer.LEAVE;
        }
    }

    @Command(name = "task", mixinStandardHelpOptions = true,
            description = {"Add a task to a case, or with --task change one (only the options given).",
                    "Outcomes (OASIS task): pending, ongoing, successful, failed, cancelled, unknown."})
    static final class Task implements Callable<Integer> {
        @Mixin
        ResponseNode node;

        @Parameters(paramLabel = "ID", description = "The case (incident--…).")
        String caseId;

        @Option(names = "--task", paramLabel = "TASK", description = "The task to change (task--…); without it, a new task.")
        String task;

        @Option(names = "--name", description = "What to do (required for a new task).")
        String name;

        @Option(names = "--description", paramLabel = "TEXT", description = "More about it.")
        String description;

        @Option(names = "--owner", paramLabel = "MEMBER", description = "Who has it: this node's name or a partner's.")
        String owner;

        @Option(names = "--due", paramLabel = "TIME", description = "When it is due, e.g. 2026-12-09T09:00:00Z.")
        String due;

        @Option(names = "--outcome", description = "pending (new tasks), ongoing, successful, failed, cancelled, unknown.")
        String outcome;

        @Option(names = "--priority", paramLabel = "0..100", description = "How urgent, 0 to 100.")
        Integer priority;

        @Override
        public Integer call() throws Exception {
            id("case", "incident", caseId);
            if (task != null) id("task", "task", task);
            if (task == null && (name == null || name.isBlank())) {
                throw invalid("a new task needs --name (or give --task TASK to change one)");
            }
            if (priority != null && (priority < 0 || priority > 100)) {
                throw invalid("--priority must be 0..100: " + priority);
            }
            ResponseApi.TaskEdit edit = new ResponseApi.TaskEdit(name, description, owner, ResponseNode.time("--due", due), outcome, priority);
            try (ResponseNode.Opened n = node.open()) {
                TaskView t = task == null ? n.api().addTask(caseId, edit) : n.api().editTask(caseId, task, edit);
                node.print(ResponseJson.task(t), (task == null ? "Added task " : "Changed task ") + t.id() + "  " + t.name()
                        + "\n  outcome " + orDash(t.outcome()) + ", owner " + (t.owner() == null ? "-" : ResponseJson.name(t.owner()))
                        + ", due " + orDash(ResponseJson.time(t.due())));
            }
            return Main.OK;
        }
    }

    @Command(name = "note", mixinStandardHelpOptions = true,
            description = {"Add an entry to a case's journal (a STIX note; it is never changed afterwards).",
                    "A TLP:RED entry stays on this node."})
    static final class Note implements Callable<Integer> {
        @Mixin
        ResponseNode node;

        @Parameters(index = "0", paramLabel = "ID", description = "The case (incident--…).")
        String caseId;

        @Parameters(index = "1", paramLabel = "TEXT", description = "The entry.")
        String text;

        @Option(names = "--tlp", description = "clear, green, amber, amber+strict, red (default: the case's).")
        String tlp;

        @Override
        public Integer call() throws Exception {
            id("case", "incident", caseId);
            if (text.isBlank()) throw invalid("the journal entry is empty");
            Tlp level = ResponseNode.tlp(tlp);
            try (ResponseNode.Opened n = node.open()) {
                NoteView note = n.api().addNote(caseId, text, level);
                node.print(ResponseJson.note(note), "Added journal entry " + note.id() + " (" + ResponseJson.tlp(note.tlp()) + ") to case " + caseId
                        + (note.tlp() == Tlp.RED ? "\n  TLP:RED: it stays on this node" : ""));
            }
            return Main.OK;
        }
    }

    private static ConcordException invalid(String message) {
        return new ConcordException(ErrorCode.INVALID_ARGUMENT, message);
    }
}
