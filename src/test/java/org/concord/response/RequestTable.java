package org.concord.response;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.concord.response.Requests.Kind;
import org.concord.response.Requests.Party;
import org.concord.response.Requests.Priority;
import org.concord.response.Requests.State;

/** docs/response-design.md §3's table written out as data: the reference the machine is tested against. */
final class RequestTable {
    /** kinds (all | preservation), from states, transition (wire), by, to (same: the from state). */
    private static final List<String> ROWS = List.of(
            "all sent acknowledged receiver acknowledged",
            "all sent,acknowledged in_progress receiver in_progress",
            "all sent,acknowledged,in_progress fulfilled receiver fulfilled",
            "all sent,acknowledged,in_progress refused receiver refused",
            "all sent,acknowledged,in_progress withdrawn requester withdrawn",
            "all sent,acknowledged,in_progress expired requester expired",
            "preservation acknowledged,in_progress,fulfilled extended requester same",
            "preservation fulfilled released receiver released",
            // the notes of the released row: "or after the requester's withdrawn"
            "preservation withdrawn released receiver released",
            "preservation fulfilled withdrawn requester withdrawn");

    private static final Map<String, String> TARGET = new HashMap<>();

    static {
        for (String row : ROWS) {
            String[] f = row.split(" ");
            for (Kind k : Kind.values()) {
                if (f[0].equals("preservation") && k != Kind.PRESERVATION) continue;
                for (String from : f[1].split(",")) {
                    TARGET.put(key(k, from, f[2], f[3]), f[4].equals("same") ? from : f[4]);
                }
            }
        }
    }

    private RequestTable() {
    }

    private static String key(Kind kind, String from, String transition, String by) {
        return kind.wire() + " " + from + " " + transition + " " + by;
    }

    /** The state after {@code transition} by {@code by}, or null when the table has no such row. */
    static State target(Kind kind, State from, Requests.Transition transition, Party by) {
        String to = TARGET.get(key(kind, from.wire(), transition.wire(), by.wire()));
        return to == null ? null : State.valueOf(to.toUpperCase(java.util.Locale.ROOT));
    }

    /** The wire names {@code by} may make from {@code from}, per the table. */
    static Set<String> allowed(Kind kind, State from, Party by) {
        Set<String> out = new LinkedHashSet<>();
        for (Requests.Transition t : Requests.Transition.values()) {
            if (target(kind, from, t, by) != null) out.add(t.wire());
        }
        return out;
    }

    /** The set a refusal message names for {@code party}. */
    static Set<String> named(String message, Party party) {
        Matcher m = Pattern.compile("the " + party.wire() + " \\([^)]*\\) may: ([a-z_, ]+)").matcher(message);
        if (!m.find()) throw new AssertionError("no list for the " + party.wire() + " in: " + message);
        Set<String> out = new LinkedHashSet<>(List.of(m.group(1).split(", ")));
        out.remove("nothing");
        return out;
    }

    static final Instant SENT = Instant.parse("2026-03-14T10:00:00Z");

    static Request.Ask ask(Kind kind) {
        boolean p = kind == Kind.PRESERVATION;
        return new Request.Ask("x-concord-request--6f1c2a5e-3b1d-4c1e-9a0b-1c2d3e4f5a6b", kind, Priority.NORMAL,
                "identity--aaaaaaaa-0000-4000-8000-000000000001", "identity--bbbbbbbb-0000-4000-8000-000000000002",
                new Request.Contact("bank-lv 24/7", "duty@bank.example", null),
                "incident--cccccccc-0000-4000-8000-000000000003",
                p ? new Request.LegalBasis(Request.LegalBasis.Instrument.BUDAPEST, "29", null) : null,
                "logs of 203.0.113.7, 2026-03-01..14",
                p ? new Request.Preservation("access logs", "bank-lv web front", List.of("203.0.113.7"),
                        "evidence of the intrusion", true, 60) : null);
    }

    static Request sent(Kind kind) {
        return Requests.send(ask(kind), SENT, Deadlines.DEFAULT);
    }

    /** A request of {@code kind} put straight in {@code state} (the constructor checks it). */
    static Request in(Kind kind, State state) {
        Request r = sent(kind);
        return new Request(r.ask(), r.sentAt(), r.acknowledgeBy(), r.fulfilBy(), state, r.preserveUntil(),
                state == State.REFUSED ? "not our data" : null, null, r.sentAt().plus(Duration.ofMinutes(5)));
    }
}
