package org.concord.policy;

import java.util.List;
import org.concord.stix.StixObject;
import org.concord.store.DetachedSignature;

/**
 * Signs what the node discloses, before it is recorded and sent ({@link EgressGate}); the node
 * wires {@code org.concord.integrity.OriginSigner::sign}. Which objects are signed is the gate's
 * rule (docs/federation.md, signatures on egress): versions originated here, copies the policy
 * altered, and companions the policy made; a relayed version the policy left alone goes with its
 * origin's signature as received. A signature goes beside its object, which is sent as it is.
 */
@FunctionalInterface
public interface EgressSigner {

    /** This node's signatures of {@code objects}, in order, over each without the origin-signature extension. */
    List<DetachedSignature> sign(List<StixObject> objects);
}
