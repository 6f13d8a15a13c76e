package org.concord.taxii;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.concord.ConcordException;
import org.concord.ErrorCode;
import org.concord.integrity.PublishedLog;
import org.concord.partner.PartnerEgress;
import org.concord.stix.StixTimestamp;

/**
 * Concord's transparency-log endpoints beside the TAXII ones, under {@code {api root}concord/log/}
 * (docs/integrity.md, "Serving the log"): {@code head}, {@code key}, {@code inclusion},
 * {@code consistency}. Thin: parse the query, ask {@link PublishedLog}, send its JSON. Any
 * authenticated principal may read the head, the key and consistency proofs; an inclusion proof
 * only of a version given to it — to a partner node, released as stored (the disclosure audit log,
 * through {@link PartnerEgress#releasedAsStored}); to a member's token, held by a collection it may
 * read — asked by id and version, never by leaf index. Without a published log they are 404.
 */
final class LogRoutes {
    static final String PREFIX = "concord/log/";

    private final PublishedLog log;
    private final PartnerEgress egress;

    LogRoutes(PublishedLog log, PartnerEgress egress) {
        this.log = log;
        this.egress = egress;
    }

    /** {@code GET …/head}: the current signed tree head. */
    byte[] head(Context ctx) {
        return bytes(published().head().toJson());
    }

    /** {@code GET …/key}: the Ed25519 key that signs the heads. */
    byte[] key(Context ctx) {
        return bytes(published().keyJson());
    }

    /**
     * {@code GET …/inclusion?id=ID&version=V[&tree_size=N]}, for {@code who} with {@code permissions}.
     * A version not given to the asker, unknown, or not logged: one 404, the same bytes.
     */
    byte[] inclusion(Context ctx, Principal who, Permissions permissions) {
        PublishedLog l = published();
        if (!ctx.queryParams("leaf_index").isEmpty()) {
            throw HttpProblem.badRequest("leaf_index is not served: a log is not listed by position; ask for the proof of a"
                    + " version you hold, by id and version");
        }
        Long treeSize = number(ctx, "tree_size", false);
        String id = single(ctx, "id");
        if (id == null) throw HttpProblem.badRequest("give id and version (the object's modified, else created; \"\" if neither)");
        if (!ObjectIds.valid(id)) throw HttpProblem.badRequest("not a STIX identifier (" + ObjectIds.FORM + "): " + Query.clip(id));
        String version = single(ctx, "version");
        if (version == null) throw HttpProblem.badRequest("id needs version: the object's modified (else created), empty if unversioned");
        String key;
        try {
            key = version.isEmpty() ? "" : StixTimestamp.sortKey(version);
        } catch (IllegalArgumentException e) {
            throw HttpProblem.badRequest("version is not a STIX timestamp: " + Query.clip(version));
        }
        PublishedLog.Audience audience = switch (who) {
            case Principal.Partner p -> new PublishedLog.Audience.Partner((i, k) -> egress.releasedAsStored(p.name(), i, k));
            case Principal.Member m -> new PublishedLog.Audience.Reader(permissions.read());
        };
        return bytes(l.inclusion(id, key, treeSize, audience));
    }

    /** {@code GET …/consistency?first=M[&second=N]}. */
    byte[] consistency(Context ctx) {
        PublishedLog l = published();
        Long first = number(ctx, "first", true);
        return bytes(l.consistency(first, number(ctx, "second", false)).toJson());
    }

    private PublishedLog published() {
        if (log == null) throw new ConcordException(ErrorCode.NOT_FOUND, "this server does not publish a transparency log");
        return log;
    }

    private static String single(Context ctx, String name) {
        List<String> values = ctx.queryParams(name);
        if (values.isEmpty()) return null;
        if (values.size() > 1) throw HttpProblem.badRequest(name + " is given " + values.size() + " times");
        return values.getFirst();
    }

    private static Long number(Context ctx, String name, boolean required) {
        String v = single(ctx, name);
        if (v == null) {
            if (required) throw HttpProblem.badRequest(name + " is required (a number of leaves)");
            return null;
        }
        if (!v.matches("[0-9]{1,18}")) throw HttpProblem.badRequest(name + " must be a non-negative integer: " + Query.clip(v));
        return Long.parseLong(v);
    }

    private static byte[] bytes(JsonNode json) {
        return json.toString().getBytes(StandardCharsets.UTF_8);
    }
}
