package org.concord.fanout;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.concord.ConcordException;
import org.concord.ErrorCode;
import org.concord.stix.Tlp;
import org.concord.store.StoredVersion;

/**
 * Who is told of escalation notices (docs/response-design.md §4): a level-1 notice goes to the duty
 * webhooks ({@code response.duty.webhooks} of node.json), a level-2 notice to those and to the
 * second list ({@code response.duty.second_webhooks}). The routing of a {@link WebhookDispatcher}
 * on the {@link ResponseEvents#escalations escalations feed}.
 *
 * <ul>
 *   <li>Queues: an endpoint's escalations have their own queue, {@code escalations/<name>}, apart
 *       from its alerts (a webhook may take both); the delivery id is
 *       {@link WebhookDispatcher#deliveryId}(name, notice), the same after a crash, so a receiver
 *       recognises a repeat.</li>
 *   <li>Which notices: only those this node escalated ({@code member_ref} or {@code created_by_ref} among
 *       {@code self}, or naming neither): a partner's notice about the same request reaches this node
 *       by sync and is shown on the stream, but pages the partner's own duty contacts, not ours. A
 *       notice above an endpoint's {@code max_tlp} is not sent to it ({@code min_severity} is about
 *       alerts and does not apply).</li>
 *   <li>Body: a JSON object with the {@link EscalationSummary} (its fields and a one-line
 *       {@code summary}) and the notice itself under {@code notice}; the same bytes on every attempt.</li>
 * </ul>
 */
public final class Escalations implements WebhookDispatcher.Routing {
    /** The prefix of an endpoint's escalation queue in {@link WebhookDatabase}. */
    public static final String QUEUE_PREFIX = "escalations/";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Webhook> endpoints;
    /** Per endpoint name, the least level it is sent: 1 (duty) or 2 (second list only). */
    private final Map<String, Integer> leastLevel;
    private final Set<String> self;

    private Escalations(List<Webhook> endpoints, Map<String, Integer> leastLevel, Set<String> self) {
        this.endpoints = List.copyOf(endpoints);
        this.leastLevel = Map.copyOf(leastLevel);
        this.self = Set.copyOf(self);
    }

    /**
     * The routing for the duty lists {@code duty} (level 1 and 2) and {@code second} (level 2), each
     * a list of names of {@code webhooks} (node.json's). A name in both lists is sent both levels.
     *
     * @param self the names this node's notices carry in {@code member_ref} or {@code created_by_ref} (its
     *             member identity, its response identity); empty: every notice is this node's
     * @throws ConcordException INVALID_CONFIGURATION naming a list entry that is no webhook, and the
     *         webhooks there are
     */
    public static Escalations of(List<Webhook> webhooks, List<String> duty, List<String> second, Set<String> self) {
        Map<String, Webhook> byName = new LinkedHashMap<>();
        for (Webhook w : webhooks) byName.put(w.name(), w);
        List<String> problems = new ArrayList<>();
        check(byName, duty, "response.duty.webhooks", problems);
        check(byName, second, "response.duty.second_webhooks", problems);
        if (!problems.isEmpty()) {
            String defined = byName.isEmpty() ? "node.json defines no webhooks" : "the webhooks are: " + String.join(", ", byName.keySet());
            throw new ConcordException(ErrorCode.INVALID_CONFIGURATION, String.join("; ", problems) + " (" + defined
                    + "; name a webhook of node.json's \"webhooks\")");
        }
        Map<String, Integer> least = new LinkedHashMap<>();
        for (String name : second) least.put(name, 2);
        for (String name : duty) least.put(name, 1);
        List<Webhook> endpoints = new ArrayList<>();
        for (Webhook w : webhooks) if (least.containsKey(w.name())) endpoints.add(w);
        return new Escalations(endpoints, least, self);
    }

    private static void check(Map<String, Webhook> byName, List<String> names, String where, List<String> problems) {
        for (int i = 0; i < names.size(); i++) {
            if (!byName.containsKey(names.get(i))) problems.add(where + "[" + i + "]: no webhook is named \"" + names.get(i) + "\"");
        }
    }

    /** The endpoints named in either list, in node.json's order: the dispatcher's lanes. */
    public List<Webhook> endpoints() {
        return endpoints;
    }

    /** The least level sent to the endpoint {@code name}: 1, 2, or 0 when it is in neither list. */
    public int leastLevel(String name) {
        return leastLevel.getOrDefault(name, 0);
    }

    @Override
    public String queue(Webhook hook) {
        return QUEUE_PREFIX + hook.name();
    }

    @Override
    public String event(Webhook hook, StoredVersion v, Tlp level) {
        if (!v.object().type().equals(ResponseEvents.ESCALATION_TYPE)) return null;
        int least = leastLevel(hook.name());
        if (least == 0 || level.isStricterThan(hook.maxTlp())) return null;
        EscalationSummary notice = EscalationSummary.of(v);
        if (!ours(notice)) return null;
        int noticeLevel = notice.level() == null ? 1 : notice.level(); // an unreadable level: told to the duty contacts, not lost
        return noticeLevel >= least ? ResponseEvents.ESCALATION : null;
    }

    @Override
    public byte[] body(StoredVersion v) {
        EscalationSummary s = EscalationSummary.of(v);
        ObjectNode o = JSON.createObjectNode().put("event", ResponseEvents.ESCALATION).put("summary", s.text())
                .put("request_ref", s.requestRef()).put("case_ref", s.caseRef()).put("deadline", s.deadline());
        if (s.level() == null) o.putNull("level");
        else o.put("level", s.level());
        o.put("due_at", s.dueAt()).put("state_at_due", s.stateAtDue());
        if (s.late() == null) o.putNull("late_seconds");
        else o.put("late_seconds", s.late().toSeconds());
        o.set("notice", EscalationSummary.tree(v.object()));
        return o.toString().getBytes(StandardCharsets.UTF_8);
    }

    private boolean ours(EscalationSummary notice) {
        if (self.isEmpty() || notice.node() == null && notice.author() == null) return true;
        return notice.node() != null && self.contains(notice.node()) || notice.author() != null && self.contains(notice.author());
    }

    @Override
    public String toString() {
        return "escalations to " + endpoints.stream().map(w -> w.name() + " (level " + leastLevel(w.name()) + "+)")
                .collect(Collectors.joining(", "));
    }
}
