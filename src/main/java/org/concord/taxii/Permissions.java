package org.concord.taxii;

import java.util.Set;

/**
 * Which collections (by id) a principal may read and write. A collection it may neither read nor
 * write is invisible to it: every endpoint answers as if the collection did not exist.
 */
public record Permissions(Set<String> read, Set<String> write) {
    public static final Permissions NONE = new Permissions(Set.of(), Set.of());

    public Permissions {
        read = Set.copyOf(read);
        write = Set.copyOf(write);
    }

    public boolean canRead(String collectionId) {
        return read.contains(collectionId);
    }

    public boolean canWrite(String collectionId) {
        return write.contains(collectionId);
    }

    /** Whether the collection exists for this principal at all. */
    public boolean sees(String collectionId) {
        return canRead(collectionId) || canWrite(collectionId);
    }

    public boolean isEmpty() {
        return read.isEmpty() && write.isEmpty();
    }
}
