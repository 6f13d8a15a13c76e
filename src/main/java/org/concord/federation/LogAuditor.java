package org.concord.federation;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.security.PublicKey;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.concord.ConcordException;
import org.concord.integrity.ConsistencyProof;
import org.concord.integrity.HeadCheck;
import org.concord.integrity.HeadHistory;
import org.concord.integrity.LeafProof;
import org.concord.integrity.PublishedLog;
import org.concord.integrity.SignedTreeHead;
import org.concord.node.NodeKeys;
import org.concord.partner.Partners;
import org.concord.stix.StixObject;

/**
 * Audits one pinned partner's transparency log, as {@code concord verify} does:
 * <ol>
 *   <li>read the partner's log key; the first time, trust it (it came over the pinned mutual-TLS
 *       channel) — afterwards it must be the key recorded, else {@link Verdict.KeyChanged};</li>
 *   <li>read its current signed tree head: it must be of the log that key names and carry its
 *       signature;</li>
 *   <li>when a head was recorded before, fetch the consistency proof between the two and run
 *       {@link HeadHistory#check}: a log that rewrote or withdrew history is
 *       {@link Verdict.Rewritten}, with the two signed heads and the proof as evidence;</li>
 *   <li>record the key and the new head only when all of that passed.</li>
 * </ol>
 */
public final class LogAuditor {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Partners partners;
    private final InstantSource clock;

    public LogAuditor(Partners partners, InstantSource clock) {
        this.partners = Objects.requireNonNull(partners, "partners");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** What the audit found. */
    public sealed interface Verdict {
        /** The head is genuine and consistent with the one recorded before ({@code previous}, null the first time). */
        record Consistent(SignedTreeHead head, SignedTreeHead previous, boolean keyFirstSeen) implements Verdict {}

        /** The partner's log key is not the one recorded: nothing is checked or recorded further. */
        record KeyChanged(String recordedFingerprint, String offeredFingerprint) implements Verdict {}

        /** The head (or its proof) cannot be trusted: bad signature, another log, no usable proof. */
        record BadHead(String reason, SignedTreeHead head) implements Verdict {}

        /** The log rewrote or withdrew history: signed evidence. */
        record Rewritten(HeadCheck.HistoryRewritten evidence) implements Verdict {}

        /** The partner could not be reached, or refused us. */
        record Unreachable(String reason) implements Verdict {}
    }

    /** Audits {@code partner} through {@code log}, recording the head when it is consistent. */
    public Verdict audit(Partners.Partner partner, PeerLog log) {
        Optional<Partners.LogAudit> before = partners.audit(partner.name());
        PublicKey key;
        SignedTreeHead offered;
        try {
            key = log.key();
            offered = log.head();
        } catch (IOException e) {
            return new Verdict.Unreachable(e.getMessage() != null ? e.getMessage() : HttpTaxiiClient.rootMessage(e));
        }
        String fingerprint = NodeKeys.fingerprint(key);
        PublicKey recordedKey = null;
        SignedTreeHead recordedHead = null;
        if (before.isPresent()) {
            recordedKey = PublishedLog.decodeKey(before.get().logKey());
            if (!recordedKey.equals(key)) return new Verdict.KeyChanged(NodeKeys.fingerprint(recordedKey), fingerprint);
            recordedHead = readHead(before.get().lastHead());
        }
        if (!offered.head().logId().equals(fingerprint)) {
            return new Verdict.BadHead("the head is of log " + offered.head().logId() + ", not of the peer's key " + fingerprint, offered);
        }
        HeadHistory history = recordedHead == null ? new HeadHistory(fingerprint, key)
                : new HeadHistory(fingerprint, key, List.of(recordedHead));
        ConsistencyProof proof = null;
        if (recordedHead != null && recordedHead.head().treeSize() < offered.head().treeSize()) {
            try {
                proof = log.consistency(recordedHead.head().treeSize(), offered.head().treeSize());
            } catch (IOException e) {
                return new Verdict.BadHead("no consistency proof from " + recordedHead.head().treeSize() + " to "
                        + offered.head().treeSize() + " leaves: " + e.getMessage(), offered);
            }
        }
        return switch (history.check(offered, proof)) {
            case HeadCheck.Accepted a -> {
                partners.recordAudit(partner.name(), new Partners.LogAudit(PublishedLog.encodeKey(key),
                        a.head().toJson().toString(), clock.instant()));
                yield new Verdict.Consistent(a.head(), recordedHead, before.isEmpty());
            }
            case HeadCheck.Rejected r -> new Verdict.BadHead(r.reason(), offered);
            case HeadCheck.HistoryRewritten h -> new Verdict.Rewritten(h);
        };
    }

    /**
     * Takes the head that rewrote {@code partner}'s history as the new start of it: records
     * {@code rewritten}'s offered head (signed by the recorded key, of the recorded log), so that later
     * audits check consistency from there. For an operator who confirmed with the partner's operator,
     * out of band, that its log was rebuilt — as migration V12 rebuilt every node's log once, before
     * 1.0 (docs/integrity.md) — never on the head's word alone. The evidence is the caller's to keep.
     *
     * @return the head now recorded
     */
    public SignedTreeHead acceptRewritten(Partners.Partner partner, Verdict.Rewritten rewritten) {
        Partners.LogAudit before = partners.audit(partner.name()).orElseThrow(
                () -> new IllegalStateException("no head was recorded for " + partner.name() + ": nothing was rewritten"));
        SignedTreeHead offered = rewritten.evidence().offered();
        partners.recordAudit(partner.name(), new Partners.LogAudit(before.logKey(), offered.toJson().toString(), clock.instant()));
        return offered;
    }

    /** Whether a version received from a partner is in its log. */
    public sealed interface Inclusion {
        /** It is leaf {@code leafIndex} of the partner's log at {@code head}, a head that passed the audit. */
        record Included(SignedTreeHead head, long leafIndex) implements Inclusion {}

        /** The partner's log, audited up to {@code head}, gave no proof that leads from the object to it. */
        record NotIncluded(String reason, SignedTreeHead head) implements Inclusion {}

        /** The partner's head did not pass the audit ({@link #audit}), so nothing was asked. */
        record NotAudited(Verdict verdict) implements Inclusion {}
    }

    /**
     * Checks that {@code object}, a version {@code partner} released to this node (as it holds it:
     * its producer's bytes, with or without a signature inside them), is in the partner's transparency log: audits the log first ({@link #audit}: the
     * head must be signed and consistent with the one recorded, and is then recorded), asks for the
     * version's inclusion proof in that head's tree, recomputes the leaf from the object and the salt
     * the answer carries, and verifies the proof up to the head's root.
     */
    public Inclusion inclusion(Partners.Partner partner, PeerLog log, StixObject object) {
        Verdict v = audit(partner, log);
        if (!(v instanceof Verdict.Consistent c)) return new Inclusion.NotAudited(v);
        SignedTreeHead head = c.head();
        long size = head.head().treeSize();
        LeafProof proof;
        try {
            proof = log.inclusion(object.id(), object.version() == null ? "" : object.version(), size);
        } catch (IOException e) {
            return new Inclusion.NotIncluded("no inclusion proof: " + e.getMessage(), head);
        }
        if (proof.proof().treeSize() != size) {
            return new Inclusion.NotIncluded("the proof is for a tree of " + proof.proof().treeSize() + " leaves, not "
                    + size, head);
        }
        if (!proof.verify(object, head.head().rootHash())) {
            return new Inclusion.NotIncluded("the proof does not lead from this object and its salt to the signed root", head);
        }
        return new Inclusion.Included(head, proof.proof().leafIndex());
    }

    /** The head recorded for {@code partner}, if any. */
    public Optional<SignedTreeHead> recordedHead(String partner) {
        return partners.audit(partner).map(a -> readHead(a.lastHead()));
    }

    /** Reads a head recorded as {@link SignedTreeHead#toJson()}. @throws IllegalStateException if unreadable */
    public static SignedTreeHead readHead(String json) {
        try {
            return SignedTreeHead.fromJson(JSON.readTree(json));
        } catch (IOException | ConcordException e) {
            throw new IllegalStateException("the recorded head is unreadable: " + e.getMessage(), e);
        }
    }
}
