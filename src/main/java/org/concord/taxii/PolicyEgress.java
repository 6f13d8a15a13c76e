package org.concord.taxii;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.concord.policy.Decision;
import org.concord.policy.EgressGate;
import org.concord.policy.Provenance;
import org.concord.stix.StixObject;
import org.concord.store.CollectionInfo;
import org.concord.store.StoredVersion;

/**
 * {@link PartnerEgress} by the node's egress policy: every version a partner reads is decided by
 * {@link EgressGate} under the partner's outbound agreement (none: nothing goes) and the decision
 * is written to the disclosure audit log before the page is sent.
 */
public final class PolicyEgress implements PartnerEgress {
    private final EgressGate gate;
    private final Provenance local;

    /**
     * @param gate    the node's egress gate
     * @param local   the provenance of versions stored here (until sync records others per version)
     */
    public PolicyEgress(EgressGate gate, Provenance local) {
        this.gate = Objects.requireNonNull(gate, "gate");
        this.local = Objects.requireNonNull(local, "local");
    }

    @Override
    public List<StoredVersion> filter(String partner, CollectionInfo collection, List<StoredVersion> versions) {
        List<EgressGate.Candidate> candidates = new ArrayList<>(versions.size());
        for (StoredVersion v : versions) candidates.add(new EgressGate.Candidate(v.object(), collection, local));
        List<Decision> decisions = gate.disclose(partner, candidates);
        List<StoredVersion> out = new ArrayList<>(versions.size());
        for (int i = 0; i < versions.size(); i++) {
            if (decisions.get(i) instanceof Decision.Release r) {
                out.add(new StoredVersion(r.object(), versions.get(i).dateAdded()));
                for (StixObject companion : r.companions()) out.add(new StoredVersion(companion, versions.get(i).dateAdded()));
            }
        }
        return out;
    }
}
