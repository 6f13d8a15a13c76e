package org.concord.partner;

import org.concord.stix.StixObject;

/**
 * A last check of a version a partner sends, after its signature was verified and before it is
 * stored (docs/response-design.md §3, forged transitions): the receive path asks it for every
 * version of every pull and push. Implemented by the coordinated-response capability; wired by the
 * runtime.
 */
@FunctionalInterface
public interface IngressCheck {

    /**
     * Null if {@code version} may be stored; else why not, one line naming what is wrong (the
     * version is refused, reported to the sender and in sync errors, and never stored).
     *
     * @param sender the partner that sent it (its pinned name)
     * @param signer the node whose pinned key made its valid origin signature (this node's name
     *               for its own key); null when it carries none or one this node cannot check
     */
    String problem(String sender, StixObject version, String signer);

    /** Accepts everything: a node without coordinated response. */
    IngressCheck NONE = (sender, version, signer) -> null;
}
