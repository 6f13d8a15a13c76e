package org.concord.policy;

import java.util.List;
import org.concord.stix.StixObject;

/**
 * Signs what the node discloses, before it is recorded and sent ({@link EgressGate}); the node
 * wires {@code org.concord.integrity.OriginSigner::sign}. Which objects are signed is the gate's
 * rule (docs/federation.md, signatures on egress): versions originated here, copies the policy
 * altered, and companions the policy made; a relayed version the policy left alone goes with its
 * origin's signature, untouched.
 */
@FunctionalInterface
public interface EgressSigner {

    /** Copies of {@code objects}, in order, signed by this node (any earlier origin signature replaced). */
    List<StixObject> sign(List<StixObject> objects);
}
