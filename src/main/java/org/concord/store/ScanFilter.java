package org.concord.store;

import java.time.Instant;
import java.util.List;

/** Which stored versions an export scans: by type (empty: all) and first stored strictly after a time (null: all). */
public record ScanFilter(List<String> types, Instant addedAfter) {
    public static final ScanFilter ALL = new ScanFilter(List.of(), null);

    public ScanFilter {
        types = List.copyOf(types);
    }
}
