package org.concord.taxii;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Partner nodes a node accepts in mutual TLS, each pinned by the SHA-256 of its certificate's
 * SubjectPublicKeyInfo (lower-case hex, as {@link org.concord.node.NodeTls#fingerprint()}).
 */
public interface Partners {

    /** Pins a partner. @throws org.concord.ConcordException ALREADY_EXISTS on a taken name or fingerprint */
    void add(Partner partner);

    Optional<Partner> byFingerprint(String fingerprint);

    List<Partner> pinned();

    /** Unpins a partner; false if there was none by that name. */
    boolean remove(String name);

    record Partner(String name, String fingerprint, Instant added) {
        public Partner {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(added, "added");
            fingerprint = fingerprint.toLowerCase(Locale.ROOT).replace(":", "");
            if (!fingerprint.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException("a partner fingerprint is a SHA-256 in hex (64 digits): " + fingerprint);
            }
        }
    }
}
