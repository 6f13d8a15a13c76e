package org.concord.federation;

/**
 * Which ways sync runs with a pinned peer: push (send it what its outbound agreement releases) is
 * on unless {@code peer add --no-push}; pull (read its collections) only with {@code peer add --pull}.
 */
public record PeerFlags(boolean pull, boolean push) {
    /** A peer added without flags: pushed to, not pulled from. */
    public static final PeerFlags DEFAULT = new PeerFlags(false, true);
}
