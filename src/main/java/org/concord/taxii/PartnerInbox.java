package org.concord.taxii;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.concord.store.CollectionInfo;

/**
 * Where the objects a pinned partner node posts go (a peer's push, docs/federation.md): the
 * federation's receive path — inbound agreement, origin signatures, provenance — not the path of
 * the member's own tokens. A partner may post into a collection its inbound agreement covers,
 * whatever its rights say.
 */
public interface PartnerInbox {
    /** The envelope member that carries provenance (docs/federation.md). */
    String PROVENANCE_MEMBER = "x_concord_provenance";

    /** Whether {@code partner} may add objects to {@code collection}. */
    boolean accepts(String partner, CollectionInfo collection);

    /**
     * Receives the objects {@code partner} posted to {@code collection}, in order, with the
     * envelope's {@code x_concord_provenance} member (null when absent); one detail per object,
     * a success (duplicates included) or a failure with its reason.
     */
    Outcome receive(String partner, CollectionInfo collection, List<JsonNode> objects, JsonNode provenance);

    /** The per-object outcome of a post. */
    record Outcome(List<Statuses.Detail> successes, List<Statuses.Detail> failures) {
        public Outcome {
            successes = List.copyOf(successes);
            failures = List.copyOf(failures);
        }
    }

    /** Partners post nothing: the default when sync is not wired. */
    PartnerInbox NONE = new PartnerInbox() {
        @Override
        public boolean accepts(String partner, CollectionInfo collection) {
            return false;
        }

        @Override
        public Outcome receive(String partner, CollectionInfo collection, List<JsonNode> objects, JsonNode provenance) {
            throw new IllegalStateException("no partner inbox");
        }
    };
}
