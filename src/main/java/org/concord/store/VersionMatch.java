package org.concord.store;

import java.util.List;

/**
 * TAXII {@code match[version]}: any combination of {@code first}, {@code last}, {@code all} and
 * explicit versions (STIX timestamps). The TAXII default is {@link #LAST}.
 */
public record VersionMatch(boolean first, boolean last, boolean all, List<String> versions) {
    public static final VersionMatch LAST = new VersionMatch(false, true, false, List.of());
    public static final VersionMatch ALL = new VersionMatch(false, false, true, List.of());

    public VersionMatch {
        versions = List.copyOf(versions);
        if (!first && !last && !all && versions.isEmpty()) {
            throw new IllegalArgumentException("a version match must name first, last, all or a version");
        }
    }
}
