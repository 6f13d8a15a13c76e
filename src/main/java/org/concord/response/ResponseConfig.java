package org.concord.response;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.concord.config.Section;
import org.concord.response.Deadlines.Clock;
import org.concord.response.Request.Contact;
import org.concord.response.Requests.Kind;
import org.concord.response.Requests.Priority;

/**
 * The node's coordinated-response settings: the {@code "response"} object of {@code node.json}
 * (docs/response-design.md §4 and §10.1), parsed once ({@link #parse}) with every problem said at
 * its JSON pointer. Every field is optional:
 *
 * <pre>{@code
 * "response": {
 *   "duty": {"name": "CERT-EE 24/7", "email": "duty@cert.example", "phone": "+372 …",
 *            "webhooks": ["duty-pager"], "second_webhooks": ["duty-manager"]},
 *   "members": {"bank-lv": {"identity": "identity--…", "point_of_contact": {"name": "…", "email": "…"}}},
 *   "deadlines": {"default": {"acknowledge": "PT24H", "fulfil": "P7D"},
 *                 "preservation": {"critical": {"acknowledge": "PT1H", "fulfil": "PT24H"}, "high": {"acknowledge": "PT4H"}}},
 *   "escalate": {"first": 1.0, "second": 1.5},
 *   "sweep_seconds": 30, "max_note_bytes": 16384, "max_skew": "PT5M"
 * }
 * }</pre>
 *
 * @param duty         this node's 24/7 duty contacts and the webhooks escalations go to; null: none configured
 * @param members      per pinned peer's name, its member identity and point of contact (§10.1)
 * @param deadlines    the acknowledge and fulfil spans per kind and priority
 * @param first        the first escalation, as a fraction of a deadline's span after {@code sent_at}
 * @param second       the second escalation, a fraction greater than {@code first}
 * @param sweep        how often the deadline sweep runs
 * @param maxNoteBytes the largest journal entry, in UTF-8 bytes
 * @param maxSkew      how far ahead of this node's clock a received transition may be
 */
public record ResponseConfig(Duty duty, Map<String, MemberEntry> members, Deadlines deadlines, double first, double second,
                             Duration sweep, int maxNoteBytes, Duration maxSkew) {

    /** Its member of node.json. */
    public static final String SECTION = "response";
    private static final Set<String> FIELDS = Set.of("duty", "members", "deadlines", "escalate", "sweep_seconds",
            "max_note_bytes", "max_skew", "comment");

    /**
     * This node's 24/7 duty: who is called, and the webhooks (by name, of node.json's {@code
     * webhooks}) level-1 escalations go to ({@code webhooks}) and level-2 ones too ({@code secondWebhooks}).
     */
    public record Duty(String name, String email, String phone, List<String> webhooks, List<String> secondWebhooks) {
        public Duty {
            Objects.requireNonNull(name, "name");
            webhooks = List.copyOf(webhooks);
            secondWebhooks = List.copyOf(secondWebhooks);
        }
    }

    /**
     * A pinned peer as a response member.
     *
     * @param identity       its member's identity id; null when not given (it cannot be invited or asked then)
     * @param pointOfContact its 24/7 point of contact as this node knows it; may be null
     */
    public record MemberEntry(String identity, Contact pointOfContact) {
        public MemberEntry {
            if (identity != null && idProblem(identity) != null) throw new IllegalArgumentException(idProblem(identity));
        }
    }

    public ResponseConfig {
        members = Map.copyOf(new TreeMap<>(members));
        Objects.requireNonNull(deadlines, "deadlines");
        if (!(first > 0) || !(second > first) || second > 100) {
            throw new IllegalArgumentException("escalate: first must be above 0 and second above first (at most 100): first "
                    + first + ", second " + second);
        }
        if (sweep.isNegative() || sweep.isZero()) throw new IllegalArgumentException("sweep_seconds must be positive: " + sweep);
        if (maxNoteBytes < 1) throw new IllegalArgumentException("max_note_bytes must be positive: " + maxNoteBytes);
        if (maxSkew.isNegative()) throw new IllegalArgumentException("max_skew must not be negative: " + maxSkew);
    }

    /** No duty, no members, the default deadlines, escalations at 1.0 and 1.5, a sweep every 30 s, notes up to 16 KiB, 5 min skew. */
    public static ResponseConfig defaults() {
        return new ResponseConfig(null, Map.of(), Deadlines.DEFAULT, 1.0, 1.5, Duration.ofSeconds(30), 16_384, Duration.ofMinutes(5));
    }

    /** A copy with other members. */
    public ResponseConfig withMembers(Map<String, MemberEntry> m) {
        return new ResponseConfig(duty, m, deadlines, first, second, sweep, maxNoteBytes, maxSkew);
    }

    /** A copy with other deadlines. */
    public ResponseConfig withDeadlines(Deadlines d) {
        return new ResponseConfig(duty, members, d, first, second, sweep, maxNoteBytes, maxSkew);
    }

    /** Parses the {@code "response"} section of node.json (absent: the defaults). */
    public static ResponseConfig parse(Section r) {
        ResponseConfig d = defaults();
        r.known(FIELDS);
        Duty duty = duty(r.get("duty"));
        Map<String, MemberEntry> members = new HashMap<>();
        Section m = r.get("members");
        for (String peer : m.fields()) {
            Section e = m.get(peer);
            e.known(Set.of("identity", "point_of_contact", "comment"));
            String identity = e.text("identity", null);
            if (identity != null && idProblem(identity) != null) e.get("identity").problem(idProblem(identity));
            Contact contact = contact(e.get("point_of_contact"));
            MemberEntry entry = e.build(() -> new MemberEntry(identity, contact));
            if (entry != null) members.put(peer, entry);
        }
        Deadlines deadlines = deadlines(r.get("deadlines"));
        Section esc = r.get("escalate");
        esc.known(Set.of("first", "second"));
        double first = esc.positive("first", d.first()), second = esc.positive("second", d.second());
        if (esc.ok() && !(second > first)) esc.problem("second (" + second + ") must be greater than first (" + first + ")");
        Duration sweep = r.seconds("sweep_seconds", d.sweep(), 1, 86_400);
        int maxNote = r.integer("max_note_bytes", d.maxNoteBytes(), 1, 1 << 20);
        Duration skew = r.duration("max_skew", d.maxSkew());
        if (skew.isNegative()) r.get("max_skew").problem("must not be negative: " + skew);
        ResponseConfig out = r.build(() -> new ResponseConfig(duty, members, deadlines == null ? d.deadlines() : deadlines,
                first, second, sweep, maxNote, skew));
        return out != null ? out : d;
    }

    private static Duty duty(Section s) {
        if (!s.present()) return null;
        s.known(Set.of("name", "email", "phone", "webhooks", "second_webhooks", "comment"));
        s.require("name", "who is on duty");
        String name = s.text("name", null), email = s.text("email", null), phone = s.text("phone", null);
        List<String> hooks = s.strings("webhooks"), second = s.strings("second_webhooks");
        return s.build(() -> new Duty(name, email, phone, hooks == null ? List.of() : hooks, second == null ? List.of() : second));
    }

    private static Contact contact(Section s) {
        if (!s.present()) return null;
        s.known(Set.of("name", "email", "phone"));
        String name = s.text("name", null), email = s.text("email", null), phone = s.text("phone", null);
        return s.build(() -> new Contact(name, email, phone));
    }

    /** {@code default}, then per kind its spans and per priority theirs; null when absent. */
    private static Deadlines deadlines(Section s) {
        if (!s.present()) return null;
        List<String> known = new ArrayList<>(List.of("default", "comment"));
        for (Kind k : Kind.values()) known.add(k.wire());
        s.known(known);
        Section def = s.get("default");
        def.known(Set.of("acknowledge", "fulfil"));
        Duration ack = def.duration("acknowledge", Deadlines.DEFAULT.acknowledge());
        Duration ful = def.duration("fulfil", Deadlines.DEFAULT.fulfil());
        Map<Deadlines.Scope, Duration> overrides = new HashMap<>();
        for (Kind k : Kind.values()) {
            Section ks = s.get(k.wire());
            List<String> keys = new ArrayList<>(List.of("acknowledge", "fulfil"));
            for (Priority p : Priority.values()) keys.add(p.wire());
            ks.known(keys);
            spans(ks, new Deadlines.Scope(k, null, Clock.ACKNOWLEDGE), overrides);
            for (Priority p : Priority.values()) {
                Section ps = ks.get(p.wire());
                ps.known(Set.of("acknowledge", "fulfil"));
                spans(ps, new Deadlines.Scope(k, p, Clock.ACKNOWLEDGE), overrides);
            }
        }
        return s.build(() -> new Deadlines(ack, ful, overrides));
    }

    private static void spans(Section s, Deadlines.Scope scope, Map<Deadlines.Scope, Duration> into) {
        for (Clock c : Clock.values()) {
            Duration span = s.duration(c.wire(), null);
            if (span != null) into.put(new Deadlines.Scope(scope.kind(), scope.priority(), c), span);
        }
    }

    private static String idProblem(String id) {
        return org.concord.response.Kind.Value.idProblem(id, "identity");
    }
}
