package org.concord.federation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.concord.ConcordException;
import org.concord.integrity.OriginSignature;
import org.concord.partner.IngressCheck;
import org.concord.policy.Agreement;
import org.concord.policy.Agreements;
import org.concord.policy.Decision;
import org.concord.policy.IngressPolicy;
import org.concord.stix.StixObject;
import org.concord.stix.StixValidator;
import org.concord.stix.Tlp;
import org.concord.stix.TlpDefinitions;
import org.concord.store.CollectionInfo;
import org.concord.store.DetachedSignature;
import org.concord.store.Origin;
import org.concord.store.Store;
import org.concord.store.WriteOutcome;

/**
 * The one way objects from other parties enter the store: pulled from a peer or a feed, or pushed
 * by a peer (docs/federation.md). For each object, in order:
 * <ol>
 *   <li>it must be valid STIX 2.1 ({@link StixValidator});</li>
 *   <li>from a peer, its inbound agreement must accept it ({@link IngressPolicy}); a peer without
 *       an inbound agreement has nothing accepted;</li>
 *   <li>its origin signature — the one a peer sent beside it ({@code x_concord_signatures}), else one
 *       embedded in the object — is checked with the key this node holds for the signer (its own, or
 *       a peer's log key): an invalid signature is refused, never stored; a signer this node does not
 *       know is stored as {@link Origin.Signature#UNKNOWN_SIGNER}, no signature as
 *       {@link Origin.Signature#UNSIGNED}; a version a peer originated must be signed by that peer.
 *       A signature that came beside the object is kept with its origin, to be sent on with it; the
 *       object's bytes are stored as they came;</li>
 *   <li>its {@link Origin} is built from the sender's {@code x_concord_provenance} claim (believed
 *       from pinned peers only; no claim: the sender originated it), and a feed's objects have
 *       origin {@code feed:NAME};</li>
 *   <li>the {@link IngressCheck} has the last word, knowing which node's key signed it (a request's
 *       transition must be signed by the party that may make it: docs/response-design.md §3); what
 *       it refuses after looking at the store (a prior version not held) is asked again once the
 *       objects before it in the batch are written, so a version and its prior may come together;</li>
 *   <li>the accepted objects are written with their origins, in transactions of {@link #BATCH}.</li>
 * </ol>
 * A refused object is reported with its reason; the rest of the batch is kept.
 */
public final class Receiver {
    /** Objects per store transaction. */
    static final int BATCH = 2_000;

    private final String self;
    private final Store store;
    private final StixValidator validator;
    private final IngressPolicy ingress;
    private final Supplier<Agreements> agreements;
    private final SignerKeys keys;
    private final IngressCheck last;

    /**
     * A receive path without a last check ({@link IngressCheck#NONE}).
     *
     * @param self       this node's name
     * @param agreements the node's agreements (read at each batch, so a reloaded node.json counts)
     */
    public Receiver(String self, Store store, StixValidator validator, IngressPolicy ingress, Supplier<Agreements> agreements,
                    SignerKeys keys) {
        this(self, store, validator, ingress, agreements, keys, IngressCheck.NONE);
    }

    /**
     * @param self       this node's name
     * @param agreements the node's agreements (read at each batch, so a reloaded node.json counts)
     * @param last       asked of every version whose signature was checked, knowing the node that signed it
     */
    public Receiver(String self, Store store, StixValidator validator, IngressPolicy ingress, Supplier<Agreements> agreements,
                    SignerKeys keys, IngressCheck last) {
        this.last = Objects.requireNonNull(last, "last");
        this.self = Objects.requireNonNull(self, "self");
        this.store = Objects.requireNonNull(store, "store");
        this.validator = Objects.requireNonNull(validator, "validator");
        this.ingress = Objects.requireNonNull(ingress, "ingress");
        this.agreements = Objects.requireNonNull(agreements, "agreements");
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    /** Who sent a batch. */
    public sealed interface Sender {
        /** How the party is named in checkpoints, states and origins. */
        String party();

        /** A pinned peer node. */
        record Peer(String name) implements Sender {
            public Peer {
                Objects.requireNonNull(name, "name");
            }

            @Override
            public String party() {
                return name;
            }
        }

        /** A feed: its objects have origin {@code feed:NAME}, passed on only if it {@code mayReshare}. */
        record FromFeed(Feed feed) implements Sender {
            public FromFeed {
                Objects.requireNonNull(feed, "feed");
            }

            @Override
            public String party() {
                return feed.party();
            }
        }
    }

    /** An object taken: stored, or already in the collection. */
    public record Accepted(String id, String version, boolean stored, Origin.Signature signature) {}

    /** An object refused, and why. */
    public record Refused(String id, String version, String reason) {}

    /** What became of a batch, object by object. */
    public record Receipt(List<Accepted> accepted, List<Refused> refused) {
        public Receipt {
            accepted = List.copyOf(accepted);
            refused = List.copyOf(refused);
        }

        public long stored() {
            return accepted.stream().filter(Accepted::stored).count();
        }

        public long duplicates() {
            return accepted.size() - stored();
        }
    }

    /**
     * Receives {@code objects} (as parsed, each should be a STIX object) sent by {@code sender} for
     * {@code into}, with the envelope's {@code x_concord_provenance} member (null: none) and neither
     * handling levels nor signatures beside the objects
     * ({@link #receive(Sender, CollectionInfo, List, JsonNode, JsonNode, JsonNode)}).
     */
    public Receipt receive(Sender sender, CollectionInfo into, List<JsonNode> objects, JsonNode provenance) {
        return receive(sender, into, objects, provenance, null, null);
    }

    /**
     * Receives {@code objects} (as parsed, each should be a STIX object) sent by {@code sender} for
     * {@code into}, with the envelope's {@code x_concord_provenance}, {@code x_concord_handling} and
     * {@code x_concord_signatures} members (null: none). They are believed from pinned peers only: a
     * feed's are ignored. The handling level a peer gives a version without a TLP marking is the
     * level the inbound agreement checks, and is recorded beside the version
     * ({@link org.concord.store.StoredVersion#handling()}); the signature a peer sends beside a
     * version is verified as an embedded one would be, and kept with its origin
     * ({@link Origin#detached()}).
     *
     * @throws ConcordException UNAVAILABLE when a peer's log key is not known and cannot be learnt
     *         now (nothing is stored: try again later); STORE_FAILURE when the store fails
     */
    public Receipt receive(Sender sender, CollectionInfo into, List<JsonNode> objects, JsonNode provenance, JsonNode handling,
                           JsonNode signatures) {
        Objects.requireNonNull(into, "into");
        Agreement inbound = switch (sender) {
            case Sender.Peer p -> agreements.get().inbound(p.name()).orElse(null);
            case Sender.FromFeed f -> null;
        };
        PublicKey senderKey = sender instanceof Sender.Peer p && inbound != null && !objects.isEmpty() ? keys.peer(p.name()) : null;
        EnvelopeClaims<ProvenanceClaim> claims = sender instanceof Sender.Peer ? ProvenanceClaim.parse(provenance) : EnvelopeClaims.none();
        EnvelopeClaims<Tlp> levels = sender instanceof Sender.Peer ? HandlingClaim.parse(handling) : EnvelopeClaims.none();
        EnvelopeClaims<DetachedSignature> beside = sender instanceof Sender.Peer ? SignatureClaim.parse(signatures) : EnvelopeClaims.none();
        List<Accepted> accepted = new ArrayList<>(objects.size());
        List<Refused> refused = new ArrayList<>();
        List<StixObject> batch = new ArrayList<>(Math.min(BATCH, objects.size()));
        List<Origin> origins = new ArrayList<>(Math.min(BATCH, objects.size()));
        List<Tlp> handlings = new ArrayList<>(Math.min(BATCH, objects.size()));
        for (JsonNode node : objects) {
            Checked c = check(sender, into, inbound, senderKey, claims, levels, beside, node);
            if (c.refused != null && c.lastCheck && !batch.isEmpty()) {
                // the check may have looked for a version before it in this batch: write those, ask again
                write(into, batch, origins, handlings, accepted);
                c = check(sender, into, inbound, senderKey, claims, levels, beside, node);
            }
            if (c.refused != null) {
                refused.add(c.refused);
                continue;
            }
            batch.add(c.object);
            origins.add(c.origin);
            handlings.add(c.handling);
            if (batch.size() == BATCH) write(into, batch, origins, handlings, accepted);
        }
        write(into, batch, origins, handlings, accepted);
        return new Receipt(accepted, refused);
    }

    /** A version checked: accepted (object, origin, handling) or refused, and whether the last check refused it. */
    private record Checked(StixObject object, Origin origin, Tlp handling, Refused refused, boolean lastCheck) {
        static Checked refuse(String id, String version, String reason) {
            return new Checked(null, null, null, new Refused(id, version, reason), false);
        }
    }

    /** What a valid origin signature is worth, and the node whose key made it (null: unsigned or an unknown signer). */
    private record Signed(Origin.Signature status, String signer) {}

    private Checked check(Sender sender, CollectionInfo into, Agreement inbound, PublicKey senderKey,
                          EnvelopeClaims<ProvenanceClaim> claims, EnvelopeClaims<Tlp> levels, EnvelopeClaims<DetachedSignature> beside,
                          JsonNode node) {
        if (!(node instanceof ObjectNode o)) return Checked.refuse("", "", "not a JSON object: " + node.getNodeType());
        String id = o.path("id").isTextual() ? o.get("id").textValue() : "";
        String version = o.path("modified").isTextual() ? o.get("modified").textValue()
                : o.path("created").isTextual() ? o.get("created").textValue() : "";
        List<StixValidator.Violation> violations = validator.validate(o);
        if (!violations.isEmpty()) {
            return Checked.refuse(id, version, "not valid STIX 2.1: " + String.join("; ", violations.stream().limit(5)
                    .map(Object::toString).toList()) + (violations.size() > 5 ? "; and " + (violations.size() - 5) + " more" : ""));
        }
        String forged = TlpDefinitions.problem(o);
        if (forged != null) return Checked.refuse(id, version, forged);
        Tlp handling = null;
        if (sender instanceof Sender.Peer peer) {
            if (inbound == null) return Checked.refuse(id, version, "no inbound agreement with " + peer.name() + ": nothing is accepted from it");
            String unreadable = levels.problem(id, version);
            if (unreadable != null) return Checked.refuse(id, version, "its handling level cannot be read: " + unreadable);
            handling = levels.of(id, version);
            if (handling != null && Tlp.strictestOf(markingRefs(o)).isPresent()) handling = null; // its own marking governs
            if (ingress.accept(o, into, inbound, handling) instanceof Decision.Withhold w) {
                return Checked.refuse(id, version, "refused by the inbound agreement (" + w.rule().id() + "): " + w.reason());
            }
        }
        Object where = whereFrom(sender, inbound, claims, id, version);
        if (where instanceof String refusal) return Checked.refuse(id, version, refusal);
        Where w = (Where) where;
        String unreadable = beside.problem(id, version);
        if (unreadable != null) return Checked.refuse(id, version, "its origin signature cannot be read: " + unreadable);
        StixObject object;
        try {
            object = StixObject.of(o);
        } catch (ConcordException | IllegalArgumentException e) {
            return Checked.refuse(id, version, e.getMessage());
        }
        DetachedSignature sent = beside.of(id, version);
        Object signature = signature(sender, senderKey, w.origin, w.path, o, object, sent);
        if (signature instanceof String refusal) return Checked.refuse(id, version, refusal);
        Signed signed = (Signed) signature;
        Origin.Signature status = signed.status();
        Origin origin;
        try {
            origin = new Origin(w.origin, w.country, w.path, w.mayReshare, sender.party(), status,
                    status == Origin.Signature.UNSIGNED ? null : sent);
        } catch (IllegalArgumentException e) {
            return Checked.refuse(id, version, e.getMessage());
        }
        String problem = last.problem(sender.party(), object, signed.signer());
        if (problem != null) return new Checked(null, null, null, new Refused(id, version, problem), true);
        return new Checked(object, origin, handling, null, false);
    }

    /** Where a version comes from, as the sender says. */
    private record Where(String origin, String country, List<String> path, boolean mayReshare) {}

    /** The version's origin: a peer's claim, else the sender itself; or why the claim cannot be believed. */
    private Object whereFrom(Sender sender, Agreement inbound, EnvelopeClaims<ProvenanceClaim> claims, String id, String version) {
        return switch (sender) {
            case Sender.FromFeed f -> new Where(f.party(), null, List.of(f.party()), f.feed().mayReshare());
            case Sender.Peer peer -> {
                String problem = claims.problem(id, version);
                if (problem != null) yield "its provenance cannot be read: " + problem;
                ProvenanceClaim claim = claims.of(id, version);
                if (claim == null) yield new Where(peer.name(), null, List.of(peer.name()), inbound.mayReshare());
                if (!claim.path().getLast().equals(peer.name())) {
                    yield "its provenance path " + claim.path() + " does not end with the sender " + peer.name();
                }
                if (claim.path().contains(self)) {
                    yield "its provenance path " + claim.path() + " already passes through this node " + self + ": the sender echoed it back";
                }
                yield new Where(claim.origin(), claim.country(), claim.path(), inbound.mayReshare() && claim.mayReshare());
            }
        };
    }

    /**
     * What the origin signature of {@code o} is worth ({@link Signed}), or why it is refused: the signature sent
     * beside it ({@code sent}), else the one embedded in it. A version the sending peer originated
     * must be signed with that peer's key; any other is verified with the key this node holds for
     * its signer, if any.
     */
    private Object signature(Sender sender, PublicKey senderKey, String origin, List<String> path, ObjectNode o, StixObject object,
                             DetachedSignature sent) {
        Optional<String> fingerprint = sent != null ? Optional.of(sent.keyFingerprint()) : OriginSignature.keyFingerprint(o);
        if (sender instanceof Sender.Peer && origin.equals(sender.party())) {
            if (fingerprint.isEmpty()) return sender.party() + " originated it but did not sign it";
            return switch (verify(o, object, sent, senderKey)) {
                case OriginSignature.Verification.Valid v -> new Signed(Origin.Signature.VALID, sender.party());
                case OriginSignature.Verification.Invalid i -> "bad origin signature (it must be " + sender.party() + "'s): " + i.reason();
                case OriginSignature.Verification.Unsigned u -> sender.party() + " originated it but did not sign it";
            };
        }
        if (fingerprint.isEmpty()) return new Signed(Origin.Signature.UNSIGNED, null);
        Optional<SignerKeys.Signer> signer = keys.byFingerprint(fingerprint.get());
        if (signer.isEmpty()) return new Signed(Origin.Signature.UNKNOWN_SIGNER, null);
        if (verify(o, object, sent, signer.get().key()) instanceof OriginSignature.Verification.Invalid i) {
            return "bad origin signature (key of " + signer.get().node() + "): " + i.reason();
        }
        // from a peer, the signer is its origin, or a node on its path that altered the copy: another
        // peer's signature means the claimed origin or path is not where it came from (a feed's
        // objects have the feed as origin whoever signed them)
        String by = signer.get().node();
        if (sender instanceof Sender.Peer && !by.equals(self) && !by.equals(origin) && !path.contains(by)) {
            return "signed by " + by + ", which is neither its claimed origin " + origin + " nor on its path " + path
                    + ": a forged provenance";
        }
        return new Signed(Origin.Signature.VALID, by);
    }

    /** The signature sent beside the object checked with {@code key}, else the one embedded in it. */
    private static OriginSignature.Verification verify(ObjectNode o, StixObject object, DetachedSignature sent, PublicKey key) {
        return sent != null ? OriginSignature.verify(object, sent, key) : OriginSignature.verify(o, key);
    }

    /** The ids in {@code object_marking_refs}, as far as they are strings. */
    private static List<String> markingRefs(ObjectNode o) {
        JsonNode refs = o.get("object_marking_refs");
        if (refs == null || !refs.isArray()) return List.of();
        List<String> out = new ArrayList<>(refs.size());
        for (JsonNode r : refs) if (r.isTextual()) out.add(r.textValue());
        return out;
    }

    private void write(CollectionInfo into, List<StixObject> batch, List<Origin> origins, List<Tlp> handlings,
                       List<Accepted> accepted) {
        if (batch.isEmpty()) return;
        List<WriteOutcome> outcomes = store.write(into.id(), List.copyOf(batch), List.copyOf(origins),
                java.util.Collections.unmodifiableList(new ArrayList<>(handlings)));
        for (int i = 0; i < outcomes.size(); i++) {
            StixObject o = batch.get(i);
            accepted.add(new Accepted(o.id(), o.version() == null ? "" : o.version(), outcomes.get(i) instanceof WriteOutcome.Stored,
                    origins.get(i).signature()));
        }
        batch.clear();
        origins.clear();
        handlings.clear();
    }

    @Override
    public String toString() {
        return "Receiver[" + self + "]";
    }
}
