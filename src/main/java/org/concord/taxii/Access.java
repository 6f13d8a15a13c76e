package org.concord.taxii;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.InstantSource;
import java.util.HexFormat;
import java.util.Optional;
import org.concord.Time;
import org.concord.node.NodeTls;
import org.concord.partner.Partners;

/**
 * Who may do what: authenticates bearer tokens and partner certificates, and answers rights. Answers
 * are cached for a short while ({@code cacheFor}), so a revoked token or changed right takes effect
 * within that time even when changed by another process (the CLI).
 */
public final class Access {
    private static final int MAX_CACHED = 10_000;

    private final Tokens tokens;
    private final Rights rights;
    private final Partners partners;
    private final InstantSource clock;
    private final Cache<String, Optional<Principal>> byToken;
    private final Cache<String, Optional<Principal>> byKey;
    private final Cache<String, Permissions> permissions;

    /** Answers kept {@code cacheFor} of {@code clock}'s ticker ({@link Time#of}); zero keeps none. */
    public Access(Tokens tokens, Rights rights, Partners partners, InstantSource clock, Duration cacheFor) {
        this.tokens = tokens;
        this.rights = rights;
        this.partners = partners;
        this.clock = clock;
        this.byToken = cache(clock, cacheFor);
        this.byKey = cache(clock, cacheFor);
        this.permissions = cache(clock, cacheFor);
    }

    private static <T> Cache<String, T> cache(InstantSource clock, Duration cacheFor) {
        return Caffeine.newBuilder().maximumSize(MAX_CACHED).expireAfterWrite(cacheFor).ticker(Time.of(clock)::nanoTime)
                .executor(Runnable::run).build();
    }

    /** The member holding the live token {@code presented}, if any. */
    public Optional<Principal> byToken(String presented) {
        // cached under the token's hash: the secret itself is not kept in memory
        String key = HexFormat.of().formatHex(JdbcTaxiiState.sha256(presented));
        return byToken.get(key, k -> tokens.verify(presented)
                .map(t -> (Principal) new Principal.Member(t.member(), t.id())));
    }

    /** The partner whose certificate's public key is pinned, if any. */
    public Optional<Principal> byCertificate(X509Certificate cert) {
        String fingerprint = NodeTls.fingerprint(cert.getPublicKey());
        return byKey.get(fingerprint, k -> partners.byFingerprint(fingerprint)
                .map(p -> (Principal) new Principal.Partner(p.name(), p.fingerprint())));
    }

    public Permissions permissions(Principal principal) {
        return permissions.get(principal.key(), rights::of);
    }

    /**
     * Issues a token to {@code member}. Rights: {@code given} when not null (replacing the member's);
     * otherwise, for a member never seen before, {@code defaultsForNew}; otherwise unchanged.
     */
    public Tokens.IssuedToken issueToken(String member, Permissions given, Permissions defaultsForNew) {
        String key = Principal.memberKey(member);
        if (given != null) {
            rights.set(key, given);
        } else if (!tokens.knows(member) && rights.of(key).isEmpty()) {
            rights.set(key, defaultsForNew);
        }
        permissions.invalidate(key);
        return tokens.issue(member, clock.instant());
    }
}
