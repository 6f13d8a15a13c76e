package org.concord.taxii;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** Status resources of Add Objects requests (TAXII 2.1 §4.3), kept so they can be read afterwards. */
public interface Statuses {

    void save(Status status);

    Optional<Status> find(String id);

    /** Deletes statuses requested before {@code before}; returns how many. */
    int prune(Instant before);

    /**
     * One status (§4.3.1): counts and the per-object details.
     *
     * @param owner the {@link Principal#key()} of the requester; only it may read the status
     */
    record Status(String id, String collectionId, String owner, Instant requested, boolean complete,
                  List<Detail> successes, List<Detail> failures, List<Detail> pendings) {
        public Status {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(collectionId, "collectionId");
            Objects.requireNonNull(owner, "owner");
            Objects.requireNonNull(requested, "requested");
            successes = List.copyOf(successes);
            failures = List.copyOf(failures);
            pendings = List.copyOf(pendings);
        }

        public int total() {
            return successes.size() + failures.size() + pendings.size();
        }
    }

    /** A status-details entry: the object's id and version and an optional message. */
    record Detail(String id, String version, String message) {
        public Detail {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(version, "version");
        }
    }
}
