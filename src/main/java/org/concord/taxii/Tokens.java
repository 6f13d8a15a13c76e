package org.concord.taxii;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * API tokens: random secrets of 256 bits shown once, kept only as SHA-256 hashes. A token reads
 * {@code ct1.<id>.<secret>}: the id finds the row, the secret's hash is compared in constant time.
 */
public interface Tokens {

    /** Stores a new token for {@code member}; the returned secret is never stored nor shown again. */
    IssuedToken issue(String member, Instant now);

    /** The live (not revoked) token {@code presented} is, if any. */
    Optional<TokenInfo> verify(String presented);

    /** Every token, revoked ones included, oldest first; never a secret. */
    List<TokenInfo> list();

    /** Whether a token for {@code member} was ever issued. */
    boolean knows(String member);

    /** Revokes a token by id; false if there is no such live token. */
    boolean revoke(String tokenId, Instant now);

    /** What is known of a token: never its secret. */
    record TokenInfo(String id, String member, Instant created, Instant revoked) {
        public TokenInfo {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(member, "member");
            Objects.requireNonNull(created, "created");
        }

        public boolean live() {
            return revoked == null;
        }
    }

    /** A token just issued: its secret, to show once. */
    record IssuedToken(TokenInfo info, String secret) {
        @Override
        public String toString() { // never the secret
            return "IssuedToken[" + info + "]";
        }
    }
}
