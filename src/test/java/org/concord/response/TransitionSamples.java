package org.concord.response;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.HexFormat;
import org.concord.stix.StixObject;
import org.concord.stix.Tlp;

/** Versions of requests and participations as docs/response-design.md §1 writes them, for tests of the border checks. */
public final class TransitionSamples {
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final String CASE = "incident--6a3b0c1d-2e4f-4a5b-8c6d-7e8f9a0b1c2d";

    private TransitionSamples() {
    }

    /** The first version of a request of {@code kind} from {@code requester} to {@code receiver}, sent at {@code at}. */
    public static ObjectNode sent(String id, Requests.Kind kind, String requester, String receiver, Instant at) {
        ObjectNode o = envelope("x-concord-request", id, at);
        o.put("kind", kind.wire()).put("priority", "high").put("requester_ref", requester).put("receiver_ref", receiver)
                .put("case_ref", CASE).put("subject", "logs of the phishing domain's MX").put("state", "sent");
        o.putObject("transition").put("to", "sent").put("by_ref", requester).put("at", stamp(at));
        return o;
    }

    /**
     * The next version of {@code prior}: {@code to} (a transition's wire name) by {@code by} at
     * {@code at}, in state {@code state}, naming {@code prior}'s hash.
     */
    public static ObjectNode next(ObjectNode prior, String to, String state, String by, Instant at) {
        ObjectNode o = prior.deepCopy();
        o.put("modified", stamp(at)).put("state", state);
        o.putObject("transition").put("from", prior.get("state").asText()).put("to", to).put("by_ref", by).put("at", stamp(at))
                .put("prior", hash(prior));
        return o;
    }

    /** The first version of {@code member}'s participation in the case, invited by {@code inviter}. */
    public static ObjectNode invited(String id, String member, String inviter, Instant at) {
        ObjectNode o = envelope("x-concord-participation", id, at);
        o.put("case_ref", CASE).put("member_ref", member).put("role", "participant").put("invited_by_ref", inviter)
                .put("state", "invited");
        o.putObject("transition").put("to", "invited").put("by_ref", inviter).put("at", stamp(at));
        return o;
    }

    /** Hex SHA-256 of the canonical bytes of {@code o} (what {@code transition.prior} names). */
    public static String hash(ObjectNode o) {
        return HexFormat.of().formatHex(StixObject.of(o).sha256());
    }

    private static ObjectNode envelope(String type, String id, Instant at) {
        ObjectNode o = JSON.createObjectNode();
        o.put("type", type).put("spec_version", "2.1").put("id", id).put("created", stamp(at)).put("modified", stamp(at));
        o.putArray("object_marking_refs").add(Tlp.GREEN.markingId());
        return o;
    }

    private static String stamp(Instant t) {
        return org.concord.stix.StixTimestamp.formatMillis(t);
    }
}
