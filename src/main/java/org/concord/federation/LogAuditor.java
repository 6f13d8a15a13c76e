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
import org.concord.integrity.PublishedLog;
import org.concord.integrity.SignedTreeHead;
import org.concord.node.NodeKeys;
import org.concord.taxii.Partners;

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
