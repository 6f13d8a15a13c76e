package org.concord.taxii;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.concord.stix.StixTimestamp;
import org.concord.store.ObjectFilter;
import org.concord.store.VersionMatch;

/**
 * The filter parameters of a TAXII request (§3.4): {@code added_after}, {@code limit}, {@code next}
 * and {@code match[id|type|version|spec_version]}, parsed strictly: a malformed or repeated
 * parameter is a 400 (§3.4 "If any of the URL query parameters are malformed, the TAXII Server MUST
 * return an HTTP 400"). Unknown parameters and match fields are ignored (§3.4 MAY).
 */
record Query(Instant addedAfter, Integer limit, String next, List<String> ids, List<String> types,
             VersionMatch versions, List<String> specVersions) {
    /** At most this many values in one match field. */
    static final int MAX_VALUES = 1_000;

    /** Which match fields an endpoint takes (§5.3, §5.4, §5.6, §5.8). */
    enum Fields {
        ALL(Set.of("id", "type", "version", "spec_version")),
        OBJECT(Set.of("version", "spec_version")),
        VERSIONS(Set.of("spec_version"));

        final Set<String> names;

        Fields(Set<String> names) {
            this.names = names;
        }
    }

    static Query parse(Map<String, List<String>> params, Fields fields) {
        Instant addedAfter = null;
        String a = single(params, "added_after");
        if (a != null) {
            if (!StixTimestamp.isValid(a)) {
                throw HttpProblem.badRequest("added_after must be a timestamp such as 2024-01-31T12:00:00.000000Z: " + a);
            }
            addedAfter = StixTimestamp.parse(a);
        }
        Integer limit = null;
        String l = single(params, "limit");
        if (l != null) {
            if (!l.matches("[0-9]{1,18}") || Long.parseLong(l) < 1) {
                throw HttpProblem.badRequest("limit must be a positive integer: " + l);
            }
            // §3.4: a server MAY return fewer than asked; beyond its maximum it returns its maximum
            limit = (int) Math.min(Long.parseLong(l), ObjectFilter.MAX_LIMIT);
        }
        String next = single(params, "next");
        if (next != null && (next.isEmpty() || next.length() > 200)) throw HttpProblem.badRequest("next is not a value this server issued");
        List<String> ids = match(params, fields, "id");
        for (String id : ids) {
            if (!ObjectIds.valid(id)) throw HttpProblem.badRequest("match[id] must be STIX identifiers (" + ObjectIds.FORM + "): " + clip(id));
        }
        List<String> types = match(params, fields, "type");
        for (String t : types) {
            if (!t.matches("[a-z0-9][a-z0-9-]{0,249}")) throw HttpProblem.badRequest("match[type] must be STIX type names: " + clip(t));
        }
        VersionMatch versions = versions(match(params, fields, "version"));
        List<String> specVersions = match(params, fields, "spec_version");
        for (String s : specVersions) {
            if (!s.matches("[0-9]{1,3}\\.[0-9]{1,3}")) throw HttpProblem.badRequest("match[spec_version] values look like 2.1: " + clip(s));
        }
        return new Query(addedAfter, limit, next, ids, types, versions, specVersions);
    }

    /**
     * What binds a {@code next} token to its query: the match filters (sorted), not the cursor or
     * the limit, which a client may change between pages.
     */
    String binding(String collectionId, String objectId) {
        return collectionId + "\n" + (objectId == null ? "" : objectId) + "\n" + new TreeSet<>(ids) + "\n"
                + new TreeSet<>(types) + "\n" + (versions == null ? "" : versions.first() + "," + versions.last() + ","
                + versions.all() + "," + new TreeSet<>(versions.versions())) + "\n" + new TreeSet<>(specVersions);
    }

    /**
     * The store filter for this query: the later of {@code added_after} and the {@code next} cursor,
     * the requested limit or {@code defaultLimit}, and {@code defaultVersions} when no
     * {@code match[version]} was given.
     */
    ObjectFilter filter(String binding, int defaultLimit, VersionMatch defaultVersions, List<String> forcedIds) {
        Instant cursor = addedAfter;
        if (next != null) {
            Instant n = PageToken.decode(next, binding);
            if (cursor == null || n.isAfter(cursor)) cursor = n;
        }
        return new ObjectFilter(cursor, forcedIds != null ? forcedIds : ids, types,
                versions != null ? versions : defaultVersions, specVersions, limit != null ? limit : defaultLimit);
    }

    private static String single(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        if (values == null || values.isEmpty()) return null;
        if (values.size() > 1) throw HttpProblem.badRequest(name + " must be given at most once");
        return values.getFirst();
    }

    private static List<String> match(Map<String, List<String>> params, Fields fields, String field) {
        if (!fields.names.contains(field)) return List.of();
        String v = single(params, "match[" + field + "]");
        if (v == null) return List.of();
        String[] parts = v.split(",", -1);
        if (parts.length > MAX_VALUES) throw HttpProblem.badRequest("match[" + field + "] takes at most " + MAX_VALUES + " values");
        List<String> out = new ArrayList<>(parts.length);
        for (String p : parts) {
            if (p.isEmpty()) throw HttpProblem.badRequest("match[" + field + "] has an empty value");
            out.add(p);
        }
        return out;
    }

    /** §3.4.1 version: first, last, all (alone) or timestamps; no keyword or version twice. */
    private static VersionMatch versions(List<String> values) {
        if (values.isEmpty()) return null;
        boolean first = false, last = false, all = false;
        Set<String> seen = new HashSet<>();
        List<String> timestamps = new ArrayList<>();
        for (String v : values) {
            if (!seen.add(v)) throw HttpProblem.badRequest("match[version] names " + clip(v) + " twice");
            switch (v) {
                case "first" -> first = true;
                case "last" -> last = true;
                case "all" -> all = true;
                default -> {
                    if (!StixTimestamp.isValid(v)) {
                        throw HttpProblem.badRequest("match[version] values are first, last, all or timestamps: " + clip(v));
                    }
                    timestamps.add(v);
                }
            }
        }
        if (all && values.size() > 1) throw HttpProblem.badRequest("match[version]=all cannot be combined with other versions");
        return new VersionMatch(first, last, all, timestamps);
    }

    static String clip(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }
}
