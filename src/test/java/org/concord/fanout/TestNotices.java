package org.concord.fanout;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import org.concord.stix.StixObject;
import org.concord.stix.StixTimestamp;

/** Escalation notices as a deadline sweep writes them (docs/response-design.md §4): every byte fixed by (request, deadline, level, member). */
public final class TestNotices {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The member identity of the node under test (its notices carry it in {@code node}). */
    public static final String SELF = "identity--0f4e4c4a-4d43-4f4e-9d59-7ad1f4b3d0a1";
    /** A partner's member identity. */
    public static final String PARTNER = "identity--5b1d7c1e-9e2a-4c58-8f0b-3b8f7e2a6c44";

    private TestNotices() {
    }

    /** A new request id. */
    public static String request() {
        return "x-concord-request--" + UUID.randomUUID();
    }

    /** The notice {@code member}'s sweep writes for the request's {@code deadline} at {@code level}, due at {@code due}. */
    public static StixObject notice(String request, String deadline, int level, Instant due, String member) {
        String id = "x-concord-escalation--" + UUID.nameUUIDFromBytes((request + "\n" + deadline + "\n" + level + "\n" + member)
                .getBytes(StandardCharsets.UTF_8));
        String at = StixTimestamp.formatMillis(due);
        ObjectNode o = JSON.createObjectNode().put("type", ResponseEvents.ESCALATION_TYPE).put("spec_version", "2.1").put("id", id)
                .put("created", at).put("modified", at).put("created_by_ref", member)
                .put("request_ref", request).put("case_ref", "incident--6a0f1bde-1c7c-4f0e-8d2f-3a1f1b0c9e77")
                .put("deadline", deadline).put("level", level).put("due_at", at).put("member_ref", member).put("state_at_due", "sent");
        return StixObject.of(o);
    }

    /** This node's notice. */
    public static StixObject notice(String request, String deadline, int level, Instant due) {
        return notice(request, deadline, level, due, SELF);
    }
}
