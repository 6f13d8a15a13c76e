package org.concord.partner;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Partner nodes a node accepts in mutual TLS, each pinned by the SHA-256 of its certificate's
 * SubjectPublicKeyInfo (lower-case hex, as {@code node.NodeTls.fingerprint()} gives it).
 */
public interface Partners {

    /** Pins a partner. @throws org.concord.ConcordException ALREADY_EXISTS on a taken name or fingerprint */
    void add(Partner partner);

    Optional<Partner> byFingerprint(String fingerprint);

    List<Partner> pinned();

    Optional<Partner> byName(String name);

    /** Unpins a partner (and forgets its log audit); false if there was none by that name. */
    boolean remove(String name);

    /** What {@code concord verify} last accepted of the partner's transparency log, if anything. */
    Optional<LogAudit> audit(String name);

    /**
     * Records {@code audit} for the partner. @throws org.concord.ConcordException NOT_FOUND if no
     * partner has that name
     */
    void recordAudit(String name, LogAudit audit);

    /**
     * A pinned partner node.
     *
     * @param url the partner's API root URL ({@code https://host:port/root/}); null when pinned
     *            only to be recognised, not to be contacted
     */
    record Partner(String name, String fingerprint, Instant added, String url) {
        public Partner {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(added, "added");
            fingerprint = fingerprint.toLowerCase(Locale.ROOT).replace(":", "");
            if (!fingerprint.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("a partner fingerprint is a SHA-256 in hex (64 digits): " + fingerprint);
            }
        }

        /** A partner without a URL. */
        public Partner(String name, String fingerprint, Instant added) {
            this(name, fingerprint, added, null);
        }
    }

    /**
     * The partner's log as last audited: its Ed25519 log key (X.509 SubjectPublicKeyInfo, base64),
     * trusted on first use over the pinned channel, and the last signed tree head accepted (its JSON,
     * docs/integrity.md) with when it was accepted.
     */
    record LogAudit(String logKey, String lastHead, Instant seen) {
        public LogAudit {
            Objects.requireNonNull(logKey, "logKey");
            Objects.requireNonNull(lastHead, "lastHead");
            Objects.requireNonNull(seen, "seen");
        }
    }
}
