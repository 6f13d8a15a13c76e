package org.concord.federation;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import org.concord.stix.StixObject;

/**
 * The TAXII 2.1 endpoints sync uses, on another server: discovery (§4.1), API root (§4.2),
 * collections (§5.1), get objects with {@code added_after}/{@code limit}/{@code next} paging (§5.4,
 * §3.4), add objects (§5.5) and their status (§4.3). The seam between sync and its transport;
 * {@link HttpTaxiiClient} speaks HTTPS. Every URL is absolute; API roots end with a slash.
 */
public interface TaxiiRemote extends AutoCloseable {

    /** §4.1 Server Discovery at {@code url}; a URL that answers with an API root resource gives that one root. */
    Discovery discover(URI url) throws TaxiiException;

    /** §4.2 Get API Root Information. */
    ApiRoot apiRoot(URI apiRoot) throws TaxiiException;

    /** §5.1 Get Collections (the ones this client may see). */
    List<Collection> collections(URI apiRoot) throws TaxiiException;

    /** §5.4 Get Objects: one page, every version ({@code match[version]=all}). */
    Page objects(URI apiRoot, String collectionId, PageRequest request) throws TaxiiException;

    /** §5.5 Add Objects: posts {@code envelope}; the status as the server first answers it. */
    Status add(URI apiRoot, String collectionId, Outgoing envelope) throws TaxiiException;

    /** §4.3 Get Status. */
    Status status(URI apiRoot, String statusId) throws TaxiiException;

    @Override
    void close();

    /** §4.1.1 discovery: the API roots the server names, {@code defaultRoot} among them or null. */
    record Discovery(String title, URI defaultRoot, List<URI> apiRoots) {
        public Discovery {
            apiRoots = List.copyOf(apiRoots);
        }
    }

    /** §4.2.1 API root: what it is and the largest body it accepts. */
    record ApiRoot(String title, List<String> versions, long maxContentLength) {
        public ApiRoot {
            versions = List.copyOf(versions);
        }
    }

    /** §5.2.1 a collection as this client sees it. */
    record Collection(String id, String title, String alias, boolean canRead, boolean canWrite) {
        public Collection {
            Objects.requireNonNull(id, "id");
        }
    }

    /**
     * Which page to get: of the query for everything added after {@code addedAfter} (null: from the
     * start), the first page, or the one the server's {@code next} token names (sent with the same
     * {@code addedAfter}, §3.4); at most {@code limit} objects.
     */
    record PageRequest(String addedAfter, String next, int limit) {
        public PageRequest {
            if (limit < 1 || limit > 10_000) throw new IllegalArgumentException("limit must be 1..10000: " + limit);
        }
    }

    /**
     * One page of objects (§3.7 envelope). {@code objects} are as received, each a JSON value that
     * should be a STIX object; {@code dateAddedLast} is the {@code X-TAXII-Date-Added-Last} header
     * verbatim (null when absent or the page is empty); {@code provenance} is the
     * {@code x_concord_provenance} member, if any, {@code handling} the {@code x_concord_handling}
     * member, if any, and {@code signatures} the {@code x_concord_signatures} member, if any
     * (docs/federation.md).
     */
    record Page(List<JsonNode> objects, boolean more, String next, String dateAddedFirst, String dateAddedLast,
                JsonNode provenance, JsonNode handling, JsonNode signatures) {
        public Page {
            objects = List.copyOf(objects);
        }

        /** A page without handling or signatures members. */
        public Page(List<JsonNode> objects, boolean more, String next, String dateAddedFirst, String dateAddedLast,
                    JsonNode provenance) {
            this(objects, more, next, dateAddedFirst, dateAddedLast, provenance, null, null);
        }
    }

    /**
     * What to post: canonical objects (their bytes as stored) and, to a Concord peer, the provenance
     * of the relayed ones, the handling level of those that carry no TLP marking, and the origin
     * signatures that go beside them.
     */
    record Outgoing(List<StixObject> objects, List<ProvenanceClaim> provenance, List<HandlingClaim> handling,
                    List<SignatureClaim> signatures) {
        public Outgoing {
            objects = List.copyOf(objects);
            provenance = List.copyOf(provenance);
            handling = List.copyOf(handling);
            signatures = List.copyOf(signatures);
        }

        /** Objects without handling levels or signatures beside them. */
        public Outgoing(List<StixObject> objects, List<ProvenanceClaim> provenance) {
            this(objects, provenance, List.of(), List.of());
        }
    }

    /** §4.3.1 status: complete or pending, with the per-object details. */
    record Status(String id, boolean complete, int total, List<Detail> successes, List<Detail> failures, List<Detail> pendings) {
        public Status {
            Objects.requireNonNull(id, "id");
            successes = List.copyOf(successes);
            failures = List.copyOf(failures);
            pendings = List.copyOf(pendings);
        }
    }

    /** §4.3.1 status-details: object id, version, and the server's message. */
    record Detail(String id, String version, String message) {}
}
