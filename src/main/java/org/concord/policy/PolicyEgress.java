package org.concord.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.concord.partner.PartnerEgress;
import org.concord.policy.Agreement;
import org.concord.policy.Decision;
import org.concord.policy.EgressGate;
import org.concord.policy.Provenance;
import org.concord.policy.Rule;
import org.concord.stix.StixObject;
import org.concord.stix.Tlp;
import org.concord.store.CollectionInfo;
import org.concord.store.DetachedSignature;
import org.concord.store.Origin;
import org.concord.store.Page;
import org.concord.store.StoredVersion;

/**
 * {@link PartnerEgress} by the node's egress policy: every version a partner reads is decided by
 * {@link EgressGate} under the partner's outbound agreement (none: nothing goes) with the one
 * visibility function (newer versions, references' targets), signed where this node signs it, and
 * the decision is written to the disclosure audit log before the page is sent. The policy sees each
 * version's provenance as stored ({@link Origin}, docs/federation.md), or this node's own for a
 * version originated here, so the loop and re-sharing rules hold for relayed versions.
 */
public final class PolicyEgress implements PartnerEgress {
    private final EgressGate gate;
    private final Provenance local;
    private final Tlp defaultTlp;

    /**
     * @param gate       the node's egress gate, built with the store ({@link EgressGate#decide})
     * @param local      the provenance of versions originated here ({@code Provenance.local(node, country)});
     *                   its origin is this node's name, which ends every path sent
     * @param defaultTlp the node's {@code default_tlp}: the level a version without TLP marking or
     *                   handling level travels at
     */
    public PolicyEgress(EgressGate gate, Provenance local, Tlp defaultTlp) {
        this.gate = Objects.requireNonNull(gate, "gate");
        this.local = Objects.requireNonNull(local, "local");
        this.defaultTlp = Objects.requireNonNull(defaultTlp, "defaultTlp");
    }

    /** A decided page; {@code recorded} entries of it were signed and recorded already. */
    private static final class Decisions implements Decided {
        final String partner;
        final CollectionInfo collection;
        final List<StoredVersion> entries;
        final List<Decision> decisions;
        final boolean again; // decided again because the terms changed: the audit log says so
        int recorded;

        Decisions(String partner, CollectionInfo collection, List<StoredVersion> entries, List<Decision> decisions, boolean again) {
            this.partner = partner;
            this.collection = collection;
            this.entries = entries;
            this.decisions = decisions;
            this.again = again;
        }

        @Override
        public int size() {
            return decisions.size();
        }

        @Override
        public boolean released(int i) {
            return decisions.get(i).released();
        }
    }

    @Override
    public Decided decide(String partner, CollectionInfo collection, Page page) {
        return new Decisions(partner, collection, page.items(), gate.decide(partner, collection, page), false);
    }

    @Override
    public Disclosed disclose(String partner, CollectionInfo collection, Page page, boolean again) {
        String terms = gate.terms(partner); // first: the gate then decides under these terms or newer ones
        Decisions d = new Decisions(partner, collection, page.items(), gate.decide(partner, collection, page), again);
        List<StoredVersion> released = release(d, d.size());
        List<Withheld> withheld = new ArrayList<>();
        for (int i = 0; i < d.size(); i++) {
            if (d.decisions.get(i) instanceof Decision.Withhold w) withheld.add(new Withheld(d.entries.get(i), w.rule().id(), w.reason()));
        }
        return new Disclosed(released, withheld, terms);
    }

    @Override
    public boolean receives(String partner) {
        return gate.agreement(partner).isPresent();
    }

    @Override
    public String terms(String partner) {
        return gate.terms(partner);
    }

    @Override
    public boolean releasedAsStored(String partner, String id, String versionKey) {
        return gate.releasedAsStored(partner, id, versionKey);
    }

    /** Signs and records the entries from the last recorded one up to {@code count}; returns what goes of them. */
    @Override
    public List<StoredVersion> release(Decided decided, int count) {
        Decisions d = (Decisions) decided;
        synchronized (d) {
            if (count < 0 || count > d.size()) throw new IllegalArgumentException("count must be 0.." + d.size() + ": " + count);
            int from = d.recorded;
            if (count <= from) return List.of();
            List<EgressGate.Candidate> candidates = new ArrayList<>(count - from);
            for (int i = from; i < count; i++) candidates.add(gate.candidate(d.entries.get(i), d.collection));
            List<Decision> decisions = gate.disclose(d.partner, candidates, d.decisions.subList(from, count), d.again);
            d.recorded = count;
            boolean agreementReshares = gate.agreement(d.partner).map(Agreement::mayReshare).orElse(false);
            List<StoredVersion> out = new ArrayList<>(count - from);
            for (int i = 0; i < decisions.size(); i++) {
                if (decisions.get(i) instanceof Decision.Release r) {
                    StoredVersion v = d.entries.get(from + i);
                    out.add(new StoredVersion(r.object(), v.dateAdded(), sent(v.origin(), agreementReshares), level(r.object(), v),
                            signature(r, v)));
                    for (int k = 0; k < r.companions().size(); k++) {
                        out.add(new StoredVersion(r.companions().get(k), v.dateAdded(), null, null,
                                r.companionSignatures().isEmpty() ? null : r.companionSignatures().get(k)));
                    }
                }
            }
            return out;
        }
    }

    /**
     * The origin signature that goes beside a released object (docs/federation.md, signatures on
     * egress): this node's when the gate signed it; none for a standard TLP definition or a copy
     * the policy altered unsigned; else the one kept with the stored version (a relayed version's
     * origin's, as received; none when it is inside the object's bytes or there was none).
     */
    private static DetachedSignature signature(Decision.Release r, StoredVersion stored) {
        if (r.signature() != null) return r.signature();
        if (r.altered() || r.rules().contains(Rule.TLP_DEFINITION)) return null;
        return stored.signature();
    }

    /**
     * The level a released object travels at beside it (docs/federation.md, {@code x_concord_handling}):
     * none when it carries a TLP marking or is a standard TLP definition; else its handling level, or
     * the node's default.
     */
    private Tlp level(StixObject sent, StoredVersion stored) {
        if (Tlp.strictestOf(sent.markingRefs()).isPresent() || Tlp.ofMarkingId(sent.id()).isPresent()) return null;
        return stored.handling() != null ? stored.handling() : defaultTlp;
    }

    /**
     * The provenance the partner receives (docs/federation.md, wire additions): the path extended
     * by this node, and leave to pass it on only where both the version and the agreement give it.
     * A version originated here goes without, unless the agreement does not let the partner pass
     * it on: then it says so (origin and path this node, {@code may_reshare} false).
     */
    private Origin sent(Origin stored, boolean agreementReshares) {
        if (stored == null) {
            if (agreementReshares) return null;
            return new Origin(local.originNode(), local.originCountry(), List.of(local.originNode()), false, local.originNode(),
                    Origin.Signature.VALID);
        }
        List<String> path = new ArrayList<>(stored.path());
        path.add(local.originNode());
        return new Origin(stored.node(), stored.country(), path, stored.mayReshare() && agreementReshares,
                local.originNode(), stored.signature());
    }
}
