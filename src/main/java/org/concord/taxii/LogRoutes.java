package org.concord.taxii;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.concord.ConcordException;
import org.concord.ErrorCode;
import org.concord.integrity.PublishedLog;
import org.concord.stix.StixTimestamp;

/**
 * Concord's transparency-log endpoints beside the TAXII ones, under {@code {api root}concord/log/}
 * (docs/integrity.md, "Serving the log"): {@code head}, {@code key}, {@code inclusion},
 * {@code consistency}. Thin: parse the query, ask {@link PublishedLog}, send its JSON. Any
 * authenticated principal may read them; without a published log they are 404.
 */
final class LogRoutes {
    static final String PREFIX = "concord/log/";

    private final PublishedLog log;

    LogRoutes(PublishedLog log) {
        this.log = log;
    }

    /** {@code GET …/head}: the current signed tree head. */
    byte[] head(Context ctx) {
        return bytes(published().head().toJson());
    }

    /** {@code GET …/key}: the Ed25519 key that signs the heads. */
    byte[] key(Context ctx) {
        return bytes(published().keyJson());
    }

    /** {@code GET …/inclusion?leaf_index=I[&tree_size=N]} or {@code ?id=ID&version=V[&tree_size=N]}. */
    byte[] inclusion(Context ctx) {
        PublishedLog l = published();
        Long treeSize = number(ctx, "tree_size", false);
        Long leaf = number(ctx, "leaf_index", false);
        String id = single(ctx, "id");
        if (leaf != null) {
            if (id != null) throw HttpProblem.badRequest("give leaf_index, or id and version, not both");
            return bytes(l.inclusion(leaf, treeSize));
        }
        if (id == null) throw HttpProblem.badRequest("give leaf_index, or id and version (the object's modified, or \"\" if unversioned)");
        if (!ObjectIds.valid(id)) throw HttpProblem.badRequest("not a STIX identifier (" + ObjectIds.FORM + "): " + Query.clip(id));
        String version = single(ctx, "version");
        if (version == null) throw HttpProblem.badRequest("id needs version: the object's modified (else created), empty if unversioned");
        String key;
        try {
            key = version.isEmpty() ? "" : StixTimestamp.sortKey(version);
        } catch (IllegalArgumentException e) {
            throw HttpProblem.badRequest("version is not a STIX timestamp: " + Query.clip(version));
        }
        return bytes(l.inclusion(id, key, treeSize));
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
