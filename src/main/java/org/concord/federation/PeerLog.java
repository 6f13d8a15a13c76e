package org.concord.federation;

import java.io.IOException;
import java.security.PublicKey;
import org.concord.integrity.ConsistencyProof;
import org.concord.integrity.LeafProof;
import org.concord.integrity.SignedTreeHead;

/**
 * A partner's published transparency log (docs/integrity.md, "Serving the log"), as the auditor
 * needs it. Answers are parsed, not checked: checking is {@link LogAuditor}'s.
 */
public interface PeerLog {

    /** The key that signs the partner's heads. @throws IOException if it cannot be had */
    PublicKey key() throws IOException;

    /** The partner's current signed tree head. @throws IOException if it cannot be had */
    SignedTreeHead head() throws IOException;

    /** The consistency proof between {@code first} and {@code second} leaves. @throws IOException if refused */
    ConsistencyProof consistency(long first, long second) throws IOException;

    /**
     * The inclusion proof of the version ({@code id}, {@code version}: its modified, else created, "" if
     * neither) in the tree of {@code treeSize} leaves, with the salt of its leaf. The partner gives it only
     * for a version it released to this node as stored.
     *
     * @throws IOException if refused (404: not released to us, or not in its log) or unreachable
     */
    LeafProof inclusion(String id, String version, long treeSize) throws IOException;
}
