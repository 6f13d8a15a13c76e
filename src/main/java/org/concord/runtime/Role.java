package org.concord.runtime;

import java.util.Locale;

/**
 * What a node process runs ({@code concord serve --roles}); docs/architecture.md, "Runtime and
 * roles", says what each needs of the others.
 */
public enum Role {
    /** The TAXII 2.1 server: members' tokens, partners' reads and pushes, the log endpoints, the alert stream. */
    API,
    /** Push to pinned peers on every write, pull from feeds and pulled peers, with retries and backoff. */
    SYNC,
    /** Early warning: the correlator that folds sightings into alerts. */
    WARNING,
    /** Alert fan-out: signed webhooks, each endpoint fed from the alerts collection. */
    FANOUT,
    /** Coordinated response: the read side of cases and requests, the merge follower, the deadline sweep. */
    RESPONSE;

    /** Its name on the command line: {@code api}, {@code sync}, {@code warning}, {@code fanout}, {@code response}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return label();
    }
}
