package org.concord.store;

import java.util.Objects;

/**
 * A collection (TAXII 2.1 §5.2): a UUID id, an optional short alias ("intelligence"), a title and
 * a description.
 */
public record CollectionInfo(String id, String alias, String title, String description) {
    public CollectionInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        if (description == null) description = "";
    }
}
