package org.concord.partner;

import java.util.List;
import org.concord.store.CollectionInfo;
import org.concord.store.Page;
import org.concord.store.StoredVersion;

/**
 * What a partner node may receive: applied at the edge to every TAXII read by a partner (objects,
 * one object, versions, manifest), every push and the alert stream, so that nothing leaves the node
 * that its sharing agreement with that partner does not allow (TLP:RED never), and nothing withheld
 * shows (docs/sovereignty.md). Reads by the member's own people and programs (bearer tokens) are
 * not filtered.
 *
 * <p>Two steps, so that a reader can look ahead without disclosing: {@link #decide} says which
 * entries of a page would go (nothing is signed or recorded), {@link #release} signs, records and
 * hands out the first entries of a decided page, those the reader sends or passes.
 */
public interface PartnerEgress {

    /** The decisions on the entries of a page, for {@link #release}. */
    interface Decided {
        /** The number of entries decided. */
        int size();

        /** Whether entry {@code i} goes. */
        boolean released(int i);
    }

    /**
     * Decides on every entry of {@code page} (of {@code collection}) for {@code partner}, by the
     * one visibility function; nothing is signed or recorded yet.
     */
    Decided decide(String partner, CollectionInfo collection, Page page);

    /**
     * Signs and records the decisions on the first {@code count} entries of {@code decided} (the
     * withheld ones too) that were not released before (a page may be released in steps: the
     * entries up to the last one sent, then, when a later page is sent, the rest) and returns what goes, as the partner may receive it (possibly
     * transformed, signed, with companion objects), in order. Each released version keeps the
     * date_added of the stored one, so paging stays exact, and carries as
     * {@link StoredVersion#origin()} its provenance as the partner receives it (the path ending with
     * this node; docs/federation.md, wire additions), or null for what this node originated or made
     * (but an origin naming this node with {@code may_reshare} false when the partner may not pass
     * its versions on); and as {@link StoredVersion#handling()} the level it travels at when it
     * carries no TLP marking of its own (its handling level, else the node's default), null otherwise;
     * and as {@link StoredVersion#signature()} the origin signature that goes beside it (this node's
     * for what it originated or altered, the origin's as kept for a relayed version), if any. The
     * object itself is the stored version's bytes, or the policy's altered copy: never re-signed.
     */
    List<StoredVersion> release(Decided decided, int count);

    /** {@link #decide} then {@link #release} of every entry. */
    default List<StoredVersion> filter(String partner, CollectionInfo collection, Page page) {
        Decided d = decide(partner, collection, page);
        return release(d, d.size());
    }

    /** {@link #filter(String, CollectionInfo, Page)} of versions not known to be the newest of their ids (each is looked up). */
    default List<StoredVersion> filter(String partner, CollectionInfo collection, List<StoredVersion> versions) {
        return filter(partner, collection, new Page(versions, false));
    }

    /**
     * Whether anything may go to the partner at all (it has an outbound agreement): when not, a
     * read answers as an empty collection at once, rather than deciding every entry to withhold it.
     */
    default boolean receives(String partner) {
        return true;
    }

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
     * agreement and of what else decides: the policy's {@code EgressGate.terms}); null when
     * nothing goes to it. A push keeps them with what it withheld, and decides those versions again
     * when the terms change.
     */
    default String terms(String partner) {
        return null;
    }

    /**
     * For a push: {@link #filter(String, CollectionInfo, Page)} of the whole page, also saying what was
     * withheld and by which rule (for this node's operator, never the partner), and the terms decided
     * under (those of {@link #terms} when the page began: a decision is made under them or newer
     * ones). With {@code again}, the versions had been withheld from the partner before and are
     * decided again because the terms changed; the audit log says so.
     */
    default Disclosed disclose(String partner, CollectionInfo collection, Page page, boolean again) {
        return new Disclosed(filter(partner, collection, page), List.of(), terms(partner));
    }

    /**
     * What a push may send of a page ({@link #filter}'s answer), what was withheld, and the terms.
     *
     * @param terms null when the partner has no agreement
     */
    record Disclosed(List<StoredVersion> released, List<Withheld> withheld, String terms) {
        public Disclosed {
            released = List.copyOf(released);
            withheld = List.copyOf(withheld);
        }
    }

    /** A version withheld from the partner: the stored version, the rule's id ({@code tlp-red}) and the reason. */
    record Withheld(StoredVersion version, String rule, String reason) {}

    /** Nothing goes: the default when no policy is wired. */
    PartnerEgress NOTHING = new PartnerEgress() {
        @Override
        public boolean receives(String partner) {
            return false;
        }

        @Override
        public Decided decide(String partner, CollectionInfo collection, Page page) {
            int n = page.items().size();
            return new Decided() {
                @Override
                public int size() {
                    return n;
                }

                @Override
                public boolean released(int i) {
                    return false;
                }
            };
        }

        @Override
        public List<StoredVersion> release(Decided decided, int count) {
            return List.of();
        }
    };
}
