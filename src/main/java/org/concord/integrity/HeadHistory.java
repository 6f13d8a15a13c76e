package org.concord.integrity;

import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The tree heads a partner has seen of one node's log, and the check it runs on each new one
 * (the audit RFC 9162 builds on §2.1.4): a head must carry the node's signature, and a consistency
 * proof must show the log only appended since the largest head seen. A head smaller than one seen
 * must be older, too (the node's own clock stamps both). A node that rewrites or withdraws
 * history is then caught with signed evidence ({@link HeadCheck.HistoryRewritten}).
 *
 * <p>Only {@link HeadCheck.Accepted} heads are recorded. Keep {@link #heads()} across restarts and
 * pass them back to the constructor. Not thread-safe: one history per partner, checked by its sync.
 */
public final class HeadHistory {
    private final String logId;
    private final PublicKey key;
    private final List<SignedTreeHead> heads = new ArrayList<>();

    /** An empty history of the log {@code logId}, whose heads {@code key} signs. */
    public HeadHistory(String logId, PublicKey key) {
        this.logId = Objects.requireNonNull(logId, "logId");
        this.key = Objects.requireNonNull(key, "key");
    }

    /**
     * A history restored from the heads recorded earlier.
     *
     * @throws IllegalArgumentException if one is not of this log or not signed by {@code key}
     */
    public HeadHistory(String logId, PublicKey key, List<SignedTreeHead> seen) {
        this(logId, key);
        for (SignedTreeHead h : seen) {
            if (!h.head().logId().equals(logId) || !h.verify(key)) {
                throw new IllegalArgumentException("not a signed head of log " + logId + ": " + h);
            }
            heads.add(h);
        }
    }

    /** Every head recorded, in the order accepted. */
    public List<SignedTreeHead> heads() {
        return Collections.unmodifiableList(heads);
    }

    /** The largest head recorded (the latest of those of that size), if any. */
    public Optional<SignedTreeHead> latest() {
        return heads.stream().max(Comparator.comparingLong((SignedTreeHead h) -> h.head().treeSize())
                .thenComparing(h -> h.head().timestamp()));
    }

    /**
     * Checks {@code offered} against the history and records it when it passes. {@code proof} must
     * be the log's consistency proof between the smaller and the larger of {@code offered} and
     * {@link #latest()} (null when there is no latest yet or the sizes are equal).
     */
    public HeadCheck check(SignedTreeHead offered, ConsistencyProof proof) {
        Objects.requireNonNull(offered, "offered");
        TreeHead h = offered.head();
        if (!h.logId().equals(logId)) return new HeadCheck.Rejected("head of log " + h.logId() + ", not " + logId);
        if (!offered.verify(key)) return new HeadCheck.Rejected("the signature on " + h + " is not the log's");
        for (SignedTreeHead seen : heads) {
            TreeHead s = seen.head();
            if (s.treeSize() == h.treeSize() && !MessageDigest.isEqual(s.rootHash(), h.rootHash())) {
                return new HeadCheck.HistoryRewritten(seen, offered, proof,
                        "two signed heads of " + h.treeSize() + " leaves with different roots");
            }
            if (s.treeSize() > h.treeSize() && h.timestamp().isAfter(s.timestamp())) {
                return new HeadCheck.HistoryRewritten(seen, offered, proof, "the log shrank from " + s.treeSize()
                        + " to " + h.treeSize() + " leaves between " + s.timestamp() + " and " + h.timestamp());
            }
        }
        Optional<SignedTreeHead> latest = latest();
        if (latest.isEmpty() || latest.get().head().treeSize() == h.treeSize()) return record(offered);
        TreeHead l = latest.get().head();
        TreeHead older = l.treeSize() < h.treeSize() ? l : h;
        TreeHead newer = older == l ? h : l;
        if (proof == null || proof.oldSize() != older.treeSize() || proof.newSize() != newer.treeSize()) {
            return new HeadCheck.Rejected("need the consistency proof from " + older.treeSize() + " to "
                    + newer.treeSize() + " leaves, got " + (proof == null ? "none" : proof));
        }
        if (!proof.verify(older.rootHash(), newer.rootHash())) {
            return new HeadCheck.HistoryRewritten(latest.get(), offered, proof, "the log's consistency proof from "
                    + older.treeSize() + " to " + newer.treeSize() + " leaves does not verify (RFC 9162 §2.1.4.2)");
        }
        return record(offered);
    }

    private HeadCheck record(SignedTreeHead offered) {
        if (!heads.contains(offered)) heads.add(offered);
        return new HeadCheck.Accepted(offered);
    }
}
