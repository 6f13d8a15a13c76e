package org.concord.fanout;

import java.time.Duration;
import java.util.List;
import org.concord.Time;
import org.concord.store.Store;
import org.concord.store.StoredVersion;

/**
 * The node's {@code cases} collection as feeds (docs/response-design.md §4, §6): what coordinated
 * response tells people and programs. A version is an event by its type alone (every version of a
 * case or a request is a change someone made; an escalation notice's bytes are fixed, so it is
 * stored once):
 *
 * <ul>
 *   <li>{@code escalation}: an {@code x-concord-escalation} notice, written by a deadline sweep
 *       (this node's, or a partner's that reached it);</li>
 *   <li>{@code case}: a version of an {@code incident} (a case);</li>
 *   <li>{@code request}: a version of an {@code x-concord-request} (a transition).</li>
 * </ul>
 *
 * Tasks, notes, events and participations are not events of their own here: they show in the
 * case's next version or through the API.
 */
public final class ResponseEvents {
    /** The STIX type of an escalation notice. */
    public static final String ESCALATION_TYPE = "x-concord-escalation";
    /** The STIX type of a case. */
    public static final String CASE_TYPE = "incident";
    /** The STIX type of a request (each version a transition). */
    public static final String REQUEST_TYPE = "x-concord-request";
    /** The events. */
    public static final String ESCALATION = "escalation", CASE = "case", REQUEST = "request";

    private ResponseEvents() {
    }

    /**
     * The members' stream: cases, requests and escalation notices of the collection {@code casesId}.
     *
     * @param pollEvery how often to look for writes by other processes
     */
    public static Feed stream(Store store, String casesId, Duration pollEvery, Time time) {
        return new Feed(store, casesId, List.of(CASE_TYPE, REQUEST_TYPE, ESCALATION_TYPE), ResponseEvents::event, "cases", pollEvery,
                time);
    }

    /** The escalation notices of the collection {@code casesId} only: what the duty webhooks are sent ({@link Escalations}). */
    public static Feed escalations(Store store, String casesId, Duration pollEvery, Time time) {
        return new Feed(store, casesId, List.of(ESCALATION_TYPE), ResponseEvents::event, "escalations", pollEvery, time);
    }

    /** The event {@code v} is, by its type; null for a type that is none. */
    public static String event(StoredVersion v) {
        return switch (v.object().type()) {
            case ESCALATION_TYPE -> ESCALATION;
            case CASE_TYPE -> CASE;
            case REQUEST_TYPE -> REQUEST;
            default -> null;
        };
    }
}
