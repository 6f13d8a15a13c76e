package org.concord.taxii;

import java.util.List;
import org.concord.store.CollectionInfo;
import org.concord.store.StoredVersion;

/**
 * What a partner node may receive: applied at the edge to every TAXII read by a partner (objects,
 * one object, versions, manifest), so that nothing leaves the node that its sharing agreement with
 * that partner does not allow (TLP:RED never). Reads by the member's own people and programs
 * (bearer tokens) are not filtered.
 */
public interface PartnerEgress {

    /**
     * The versions the partner may receive, as it may receive them (possibly transformed, signed,
     * possibly with companion objects), in order. Each released version keeps the date_added of
     * the stored one, so paging stays exact, and carries as {@link StoredVersion#origin()} its
     * provenance as the partner receives it (the path ending with this node; docs/federation.md,
     * wire additions), or null for what this node originated or made (but an origin naming this
     * node with {@code may_reshare} false when the partner may not pass its versions on).
     */
    List<StoredVersion> filter(String partner, CollectionInfo collection, List<StoredVersion> versions);

    /**
     * Whether the version ({@code id}, {@code versionKey}) was released to the partner as stored
     * (not a copy the policy altered): the versions of which it may have inclusion proofs from the
     * node's transparency log (docs/integrity.md). By default none.
     */
    default boolean releasedAsStored(String partner, String id, String versionKey) {
        return false;
    }

    /**
     * The terms the partner's versions are decided under now (a fingerprint of its outbound
     * agreement and of what else decides, {@link org.concord.policy.EgressGate#terms}); null when
     * nothing goes to it. A push keeps them with what it withheld, and decides those versions again
     * when the terms change.
     */
    default String terms(String partner) {
        return null;
    }

    /**
     * As {@link #filter}, for a push: also what was withheld and by which rule (for this node's
     * operator, never the partner), and the terms decided under (those of {@link #terms} when the
     * page began: a decision is made under them or newer ones). With {@code again}, the versions
     * had been withheld from the partner before and are decided again because the terms changed;
     * the audit log says so.
     */
    default Decided decide(String partner, CollectionInfo collection, List<StoredVersion> versions, boolean again) {
        return new Decided(filter(partner, collection, versions), List.of(), terms(partner));
    }

    /**
     * What a push may send of a page ({@link #filter}'s answer), what was withheld, and the terms.
     *
     * @param terms null when the partner has no agreement
     */
    record Decided(List<StoredVersion> released, List<Withheld> withheld, String terms) {
        public Decided {
            released = List.copyOf(released);
            withheld = List.copyOf(withheld);
        }
    }

    /** A version withheld from the partner: the stored version, the rule's id ({@code tlp-red}) and the reason. */
    record Withheld(StoredVersion version, String rule, String reason) {}

    /** Nothing goes: the default when no policy is wired. */
    PartnerEgress NOTHING = (partner, collection, versions) -> List.of();
}
