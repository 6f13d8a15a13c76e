package org.concord.federation;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import org.concord.partner.PartnerInbox;
import org.concord.policy.Agreements;
import org.concord.store.CollectionInfo;

/**
 * The TAXII server's {@link PartnerInbox}: a pinned peer may post into the collections its inbound
 * agreement covers, and what it posts goes through the {@link Receiver}; refused objects are
 * recorded as sync errors of the peer ({@link Direction#RECEIVED}) and answered as failures.
 */
public final class PeerInbox implements PartnerInbox {
    private final Receiver receiver;
    private final Supplier<Agreements> agreements;
    private final SyncLedger ledger;
    private final InstantSource clock;

    public PeerInbox(Receiver receiver, Supplier<Agreements> agreements, SyncLedger ledger, InstantSource clock) {
        this.receiver = Objects.requireNonNull(receiver, "receiver");
        this.agreements = Objects.requireNonNull(agreements, "agreements");
        this.ledger = Objects.requireNonNull(ledger, "ledger");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public boolean accepts(String partner, CollectionInfo collection) {
        return agreements.get().inbound(partner).map(a -> a.coversCollection(collection)).orElse(false);
    }

    @Override
    public Outcome receive(String partner, CollectionInfo collection, List<JsonNode> objects, JsonNode provenance,
                           JsonNode handling, JsonNode signatures) {
        Receiver.Receipt r = receiver.receive(new Receiver.Sender.Peer(partner), collection, objects, provenance, handling,
                signatures);
        // a success says nothing of what this node held before: "already in the collection" would
        // tell the peer that a version withheld from it is here (docs/sovereignty.md)
        List<Detail> ok = new ArrayList<>(r.accepted().size());
        for (Receiver.Accepted a : r.accepted()) ok.add(new Detail(a.id(), a.version(), null));
        List<Detail> failed = new ArrayList<>(r.refused().size());
        List<SyncError> errors = new ArrayList<>(r.refused().size());
        for (Receiver.Refused x : r.refused()) {
            failed.add(new Detail(x.id(), x.version(), x.reason()));
            errors.add(new SyncError(clock.instant(), partner, Direction.RECEIVED, x.id(), x.version(), x.reason()));
        }
        ledger.recordErrors(errors);
        ledger.succeeded(partner, Direction.RECEIVED, clock.instant());
        return new Outcome(ok, failed);
    }
}
