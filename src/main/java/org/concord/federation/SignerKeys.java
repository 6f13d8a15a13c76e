package org.concord.federation;

import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.concord.ConcordException;
import org.concord.ErrorCode;
import org.concord.integrity.PublishedLog;
import org.concord.node.NodeKeys;
import org.concord.partner.Partners;

/**
 * The Ed25519 keys origin signatures are verified with (docs/integrity.md): this node's own, and
 * each pinned peer's log key as recorded by {@code concord verify} or learnt at first contact over
 * the pinned channel ({@link Learner}, trust on first use as {@link LogAuditor} does). Never a key
 * an object names: {@code key_fingerprint} only says which of these to use.
 */
public final class SignerKeys {
    private static final Duration RELOAD_AT_MOST_EVERY = Duration.ofSeconds(1);

    /** Learns a peer's log key over the pinned channel and records it; returns null when done, else why not. */
    @FunctionalInterface
    public interface Learner {
        String learn(String peer);

        /** Learns nothing (keys come from {@code concord verify} only). */
        Learner NONE = peer -> "no key was recorded for it (run concord verify " + peer + ")";
    }

    /** A key and the node it is of. */
    public record Signer(String node, PublicKey key) {}

    private final Signer own;
    private final Partners partners;
    private final Learner learner;
    private final InstantSource clock;
    private volatile Map<String, Signer> byFingerprint = Map.of();
    private volatile Map<String, Signer> byNode = Map.of();
    private volatile Instant loaded = Instant.MIN;

    /**
     * @param self     this node's name
     * @param ownKey   this node's public signing key
     * @param partners where peers' log keys are recorded
     * @param learner  how a peer's key is learnt at first contact
     */
    public SignerKeys(String self, PublicKey ownKey, Partners partners, Learner learner, InstantSource clock) {
        this.own = new Signer(Objects.requireNonNull(self, "self"), Objects.requireNonNull(ownKey, "ownKey"));
        this.partners = Objects.requireNonNull(partners, "partners");
        this.learner = Objects.requireNonNull(learner, "learner");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The node whose key has {@code fingerprint}: this node, or a pinned peer whose log key is known. */
    public Optional<Signer> byFingerprint(String fingerprint) {
        if (fingerprint.equals(NodeKeys.fingerprint(own.key()))) return Optional.of(own);
        Signer s = byFingerprint.get(fingerprint);
        if (s == null && reload(false)) s = byFingerprint.get(fingerprint);
        return Optional.ofNullable(s);
    }

    /**
     * The log key of pinned {@code peer}, learnt over the pinned channel if not yet known.
     *
     * @throws ConcordException UNAVAILABLE when it is not known and cannot be learnt now
     */
    public PublicKey peer(String peer) {
        Signer s = byNode.get(peer);
        if (s == null && reload(false)) s = byNode.get(peer);
        if (s != null) return s.key();
        String why = learner.learn(peer);
        reload(true);
        s = byNode.get(peer);
        if (s != null) return s.key();
        throw new ConcordException(ErrorCode.UNAVAILABLE, "the log key of peer " + peer + " is not known here, so what it"
                + " originated cannot be verified (nothing was stored): " + (why == null ? "it was not recorded; try again later" : why));
    }

    private synchronized boolean reload(boolean force) {
        Instant now = clock.instant();
        if (!force && now.isBefore(loaded.plus(RELOAD_AT_MOST_EVERY))) return false;
        Map<String, Signer> fp = new HashMap<>(), node = new HashMap<>();
        for (Partners.Partner p : partners.pinned()) {
            partners.audit(p.name()).ifPresent(a -> {
                PublicKey k = PublishedLog.decodeKey(a.logKey());
                Signer s = new Signer(p.name(), k);
                fp.put(NodeKeys.fingerprint(k), s);
                node.put(p.name(), s);
            });
        }
        byFingerprint = Map.copyOf(fp);
        byNode = Map.copyOf(node);
        loaded = now;
        return true;
    }
}
