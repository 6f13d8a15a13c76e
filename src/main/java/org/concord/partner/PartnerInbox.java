package org.concord.partner;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;
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
    /** The envelope member that carries the handling level of unmarked versions (docs/federation.md). */
    String HANDLING_MEMBER = "x_concord_handling";
    /** The envelope member that carries origin signatures beside the objects (docs/federation.md). */
    String SIGNATURES_MEMBER = "x_concord_signatures";

    /** Whether {@code partner} may add objects to {@code collection}. */
    boolean accepts(String partner, CollectionInfo collection);

    /**
     * Receives the objects {@code partner} posted to {@code collection}, in order, with the
     * envelope's {@code x_concord_provenance}, {@code x_concord_handling} and
     * {@code x_concord_signatures} members (null when absent); one detail per object, a success or a
     * failure with its reason. A success says nothing of whether this node held the version before
     * (docs/sovereignty.md: a version held but withheld from the poster must read like a new one).
     *
     * <p>The objects are the JSON values as posted, not yet {@link org.concord.stix.StixObject}s: the
     * receive path is the one pulled objects take too, and it checks each value (STIX validation, a
     * forged TLP definition, the inbound agreement, an embedded origin signature) before making its
     * canonical form, reporting an invalid one by the id and version it names. The server parses the
     * body once, and no object is parsed or copied again on the way.
     */
    Outcome receive(String partner, CollectionInfo collection, List<JsonNode> objects, JsonNode provenance, JsonNode handling,
                    JsonNode signatures);

    /** The per-object outcome of a post. */
    record Outcome(List<Detail> successes, List<Detail> failures) {
        public Outcome {
            successes = List.copyOf(successes);
            failures = List.copyOf(failures);
        }
    }

    /**
     * The outcome of one posted object: its id and version (as it names them; "" when it names none)
     * and, for a failure, the reason.
     */
    record Detail(String id, String version, String message) {
        public Detail {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(version, "version");
        }
    }

    /** Partners post nothing: the default when sync is not wired. */
    PartnerInbox NONE = new PartnerInbox() {
        @Override
        public boolean accepts(String partner, CollectionInfo collection) {
            return false;
        }

        @Override
        public Outcome receive(String partner, CollectionInfo collection, List<JsonNode> objects, JsonNode provenance,
                               JsonNode handling, JsonNode signatures) {
            throw new IllegalStateException("no partner inbox");
        }
    };
}
