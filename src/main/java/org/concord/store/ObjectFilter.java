package org.concord.store;

import java.time.Instant;
import java.util.List;

/**
 * A query over one collection, TAXII's filters (TAXII 2.1 §3.4): entries added strictly after
 * {@code addedAfter} (null: from the start), matching every non-empty list, at most {@code limit}.
 * A page's last date_added used as the next {@code addedAfter} continues the walk without gaps or
 * repeats.
 */
public record ObjectFilter(Instant addedAfter, List<String> ids, List<String> types, VersionMatch versions,
                           List<String> specVersions, int limit) {
    public static final int MAX_LIMIT = 10_000;

    public ObjectFilter {
        ids = List.copyOf(ids);
        types = List.copyOf(types);
        specVersions = List.copyOf(specVersions);
        if (versions == null) versions = VersionMatch.LAST;
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT + ": " + limit);
        }
    }

    /** Everything, latest versions, first {@code limit}. */
    public static ObjectFilter all(int limit) {
        return new ObjectFilter(null, List.of(), List.of(), VersionMatch.LAST, List.of(), limit);
    }

    public ObjectFilter after(Instant t) {
        return new ObjectFilter(t, ids, types, versions, specVersions, limit);
    }
}
