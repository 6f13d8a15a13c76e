package org.concord.taxii;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.concord.policy.Agreement;
import org.concord.policy.Decision;
import org.concord.policy.EgressGate;
import org.concord.policy.Provenance;
import org.concord.stix.StixObject;
import org.concord.store.CollectionInfo;
import org.concord.store.Origin;
import org.concord.store.StoredVersion;

/**
 * {@link PartnerEgress} by the node's egress policy: every version a partner reads is decided by
 * {@link EgressGate} under the partner's outbound agreement (none: nothing goes), signed where this
 * node signs it, and the decision is written to the disclosure audit log before the page is sent.
 * The policy sees each version's provenance as stored ({@link Origin}, docs/federation.md), or
 * this node's own for a version originated here, so the loop and re-sharing rules hold for
 * relayed versions.
 */
public final class PolicyEgress implements PartnerEgress {
    private final EgressGate gate;
    private final Provenance local;

    /**
     * @param gate  the node's egress gate
     * @param local the provenance of versions originated here ({@code Provenance.local(node, country)});
     *              its origin is this node's name, which ends every path sent
     */
    public PolicyEgress(EgressGate gate, Provenance local) {
        this.gate = Objects.requireNonNull(gate, "gate");
        this.local = Objects.requireNonNull(local, "local");
    }

    @Override
    public List<StoredVersion> filter(String partner, CollectionInfo collection, List<StoredVersion> versions) {
        return apply(partner, collection, versions, false, null);
    }

    @Override
    public String terms(String partner) {
        return gate.terms(partner);
    }

    @Override
    public Decided decide(String partner, CollectionInfo collection, List<StoredVersion> versions, boolean again) {
        String terms = gate.terms(partner); // first: the gate then decides under these terms or newer ones
        List<Withheld> withheld = new ArrayList<>();
        List<StoredVersion> released = apply(partner, collection, versions, again, withheld);
        return new Decided(released, withheld, terms);
    }

    /** What goes of {@code versions}; what does not is added to {@code withheld} (when not null). */
    private List<StoredVersion> apply(String partner, CollectionInfo collection, List<StoredVersion> versions, boolean again,
                                      List<Withheld> withheld) {
        List<EgressGate.Candidate> candidates = new ArrayList<>(versions.size());
        for (StoredVersion v : versions) candidates.add(new EgressGate.Candidate(v.object(), collection, provenance(v.origin())));
        List<Decision> decisions = gate.disclose(partner, candidates, again);
        boolean agreementReshares = gate.agreement(partner).map(Agreement::mayReshare).orElse(false);
        List<StoredVersion> out = new ArrayList<>(versions.size());
        for (int i = 0; i < versions.size(); i++) {
            StoredVersion v = versions.get(i);
            if (decisions.get(i) instanceof Decision.Release r) {
                out.add(new StoredVersion(r.object(), v.dateAdded(), sent(v.origin(), agreementReshares)));
                for (StixObject companion : r.companions()) out.add(new StoredVersion(companion, v.dateAdded()));
            } else if (withheld != null && decisions.get(i) instanceof Decision.Withhold w) {
                withheld.add(new Withheld(v, w.rule().id(), w.reason()));
            }
        }
        return out;
    }

    @Override
    public boolean releasedAsStored(String partner, String id, String versionKey) {
        return gate.releasedAsStored(partner, id, versionKey);
    }

    /** What the policy knows of a stored version's provenance. */
    private Provenance provenance(Origin origin) {
        return origin == null ? local : new Provenance(origin.node(), origin.country(), origin.path(), origin.mayReshare());
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
