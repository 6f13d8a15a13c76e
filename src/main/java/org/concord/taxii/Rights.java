package org.concord.taxii;

/** Per-collection read and write rights of members and partners, by {@link Principal#key()}. */
public interface Rights {

    /** The rights of {@code principalKey}; {@link Permissions#NONE} when it has none. */
    Permissions of(String principalKey);

    /** Replaces the rights of {@code principalKey}. */
    void set(String principalKey, Permissions permissions);
}
