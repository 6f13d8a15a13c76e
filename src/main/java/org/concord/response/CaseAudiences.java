package org.concord.response;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;
import java.util.Optional;
import org.concord.partner.Audiences;
import org.concord.stix.StixObject;

/**
 * Who may receive the objects of a case (docs/response-design.md §5, the {@code not-in-case}
 * rule), answered from the read side: a case, its tasks, events, notes and participations go to a
 * partner whose member is {@code invited} or {@code accepted} in the case; a request and its
 * escalation notices go to its requester and receiver only. A partner is mapped to its member by
 * node.json's {@code response.members} (§10.1); one without an identity there receives none of it.
 * Objects no case scopes (the extension definition, identities) go to everyone.
 */
public final class CaseAudiences implements Audiences {
    private final ResponseDatabase db;
    private final ResponseConfig config;

    public CaseAudiences(ResponseDatabase db, ResponseConfig config) {
        this.db = Objects.requireNonNull(db, "db");
        this.config = Objects.requireNonNull(config, "config");
    }

    @Override
    public boolean admits(String partner, StixObject version) {
        String type = version.type();
        boolean scoped = switch (type) {
            case "incident", "task", "note", "event", ResponseObjects.PARTICIPATION, ResponseObjects.REQUEST,
                 ResponseObjects.ESCALATION -> true;
            default -> false;
        };
        if (!scoped) return true;
        ResponseConfig.MemberEntry entry = config.members().get(partner);
        if (entry == null || entry.identity() == null) return false;
        String member = entry.identity();
        JsonNode json = CaseJson.tree(version);
        return switch (type) {
            case ResponseObjects.REQUEST -> member.equals(json.path("requester_ref").asText()) || member.equals(json.path("receiver_ref").asText());
            case ResponseObjects.ESCALATION -> db.requestRow(json.path("request_ref").asText())
                    .map(r -> member.equals(r.requester()) || member.equals(r.receiver())).orElse(false);
            default -> caseOf(version, json).map(c -> inAudience(c, member)).orElse(false);
        };
    }

    /** The count and the latest change of the cases the partner's member is invited to or takes part in. */
    @Override
    public String terms(String partner) {
        ResponseConfig.MemberEntry entry = config.members().get(partner);
        return entry == null || entry.identity() == null ? "" : db.audienceTerms(entry.identity());
    }

    private Optional<String> caseOf(StixObject version, JsonNode json) {
        return switch (version.type()) {
            case "incident" -> Optional.of(version.id());
            case "task" -> Optional.ofNullable(json.path("extensions").path(Kind.CONCORD_EXTENSION).path("case_ref").textValue());
            case ResponseObjects.PARTICIPATION -> Optional.ofNullable(json.path("case_ref").textValue());
            case "note" -> {
                for (JsonNode ref : json.path("object_refs")) if (ref.asText().startsWith("incident--")) yield Optional.of(ref.asText());
                yield Optional.empty();
            }
            default -> db.caseOf(version.id());
        };
    }

    private boolean inAudience(String caseId, String member) {
        return db.participation(caseId, member).map(s -> s.equals("invited") || s.equals("accepted")).orElse(false);
    }
}
