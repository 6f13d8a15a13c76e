package org.concord.store;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.concord.stix.StixObject;

/**
 * The versioned STIX store of one node. Two implementations behind one contract: the embedded
 * store (SQLite, a file in the node folder) and PostgreSQL; one contract test suite runs against
 * both.
 *
 * <p>Guarantees:
 * <ul>
 *   <li>A version is keyed by (id, {@link StixObject#versionKey()}). Writing a version that is
 *       already stored is a no-op reported as {@link WriteOutcome.Duplicate}; the first bytes win.</li>
 *   <li>An older version never hides a newer one: "last" always means the greatest version key.</li>
 *   <li>Revoked objects stay readable.</li>
 *   <li>Each entry of a collection has a server-assigned {@code date_added} that strictly increases
 *       within the collection <em>in commit order</em>: a reader that has seen date_added T will
 *       never later see a new entry at or before T (TAXII paging relies on it).</li>
 *   <li>{@link #write} is one transaction: on return every outcome is durable; on a crash nothing
 *       of an unfinished batch is visible.</li>
 * </ul>
 * Implementations are thread-safe.
 */
public interface Store extends AutoCloseable {

    /**
     * Stores {@code objects} into the collection in one transaction and returns one outcome per
     * object, in order. A version already stored but not yet in this collection is added to it
     * (and gets a date_added in it) without being stored twice. A version that appears twice in
     * {@code objects} is stored once; the second is a {@link WriteOutcome.Duplicate}.
     *
     * @param collectionId the collection's id (not its alias; see {@link #collection})
     * @throws org.concord.ConcordException NOT_FOUND if the collection does not exist
     */
    default List<WriteOutcome> write(String collectionId, List<StixObject> objects) {
        return write(collectionId, objects, Collections.nCopies(objects.size(), null));
    }

    /**
     * {@link #write(String, List)}, recording where each version came from: {@code origins.get(i)}
     * is the {@link Origin} of {@code objects.get(i)}, or null for a version originated here. An
     * origin is stored with its version, in the same transaction, only when the version is stored
     * for the first time: like the bytes, the first origin wins, and the origin of a version
     * already stored (or stored earlier in the same batch) is ignored. The origin signature kept
     * beside the version ({@link Origin#detached()}) goes with its origin: first write wins for it
     * too. Local versions cost nothing extra. Read back as {@link StoredVersion#origin()}.
     *
     * @param origins as many as {@code objects}; null elements (a list that permits them) for local versions
     * @throws IllegalArgumentException if the sizes differ
     * @throws org.concord.ConcordException NOT_FOUND if the collection does not exist
     */
    List<WriteOutcome> write(String collectionId, List<StixObject> objects, List<Origin> origins);

    /**
     * {@link #write(String, List, List)}, also recording the handling level of each version that
     * carries no TLP marking: {@code handlings.get(i)} is the level {@code objects.get(i)} is to be
     * handled at (docs/sovereignty.md), or null. Like the origin, it is stored with the version, in
     * the same transaction, only when the version is stored for the first time (first write wins),
     * and ignored for a version with a TLP marking of its own (its marking governs). Versions
     * without one cost nothing extra. Read back as {@link StoredVersion#handling()}.
     *
     * @param handlings as many as {@code objects}; null elements where none is given
     * @throws IllegalArgumentException if the sizes differ
     */
    default List<WriteOutcome> write(String collectionId, List<StixObject> objects, List<Origin> origins,
                                     List<org.concord.stix.Tlp> handlings) {
        if (origins.size() != objects.size() || handlings.size() != objects.size()) {
            throw new IllegalArgumentException("one origin and one handling (or null) per object: " + objects.size()
                    + " objects, " + origins.size() + " origins, " + handlings.size() + " handlings");
        }
        List<Prepared> items = new java.util.ArrayList<>(objects.size());
        for (int i = 0; i < objects.size(); i++) items.add(prepare(objects.get(i), origins.get(i), handlings.get(i)));
        return writePrepared(collectionId, items);
    }

    /**
     * {@code object}, with what writing it needs that no database does (its version key, the hash
     * it is looked up by, its transparency-log entry hash) worked out now, on the calling thread,
     * rather than by {@link #writePrepared} on the one thread that writes. For a pipeline that
     * prepares objects on several threads ahead of its writer, such as the importer.
     *
     * @param origin as for {@link #write(String, List, List)}; null for a version originated here
     */
    default Prepared prepare(StixObject object, Origin origin) {
        return prepare(object, origin, null);
    }

    /**
     * {@link #prepare(StixObject, Origin)} of a version to be handled at {@code handling} when it
     * carries no TLP marking (see {@link #write(String, List, List, List)}); null: none given.
     */
    Prepared prepare(StixObject object, Origin origin, org.concord.stix.Tlp handling);

    /** {@link #write(String, List, List)} of objects made ready by {@link #prepare}. */
    List<WriteOutcome> writePrepared(String collectionId, List<Prepared> objects);

    /**
     * An object made ready to write by {@link #prepare}; only the store that prepared it (or another
     * store of the same implementation) writes it.
     */
    interface Prepared {
        StixObject object();
    }

    /**
     * One page of a collection's entries in date_added order (TAXII Get Objects / Manifest), each
     * with its origin and handling level, and which of them are the newest version of their id in
     * the collection ({@link Page#newest}).
     *
     * @throws org.concord.ConcordException NOT_FOUND if the collection does not exist;
     *         INVALID_ARGUMENT if an explicit version is not a STIX timestamp
     */
    Page objects(String collectionId, ObjectFilter filter);

    /**
     * The page {@link #objects} returns for the same arguments, as each entry's date_added and
     * stored canonical bytes only: what a reader that sends versions as stored needs (TAXII Get
     * Objects for the node's own members), without reading or decoding anything else.
     *
     * @throws org.concord.ConcordException as {@link #objects}
     */
    CanonicalPage canonical(String collectionId, ObjectFilter filter);

    /**
     * Every stored version matching {@code filter}, in the order versions were first stored,
     * streamed to {@code sink} without materialising the result (export). Each comes with the time
     * it was first stored, its origin and handling level; versions since deleted from every collection are included. An exception
     * thrown by {@code sink} ends the scan and propagates unchanged.
     */
    void scan(ScanFilter filter, Consumer<StoredVersion> sink);

    /**
     * The newest version of {@code id} that some collection still holds, with the time it was first
     * stored, its origin and handling level; empty if no collection holds any version of it.
     */
    Optional<StoredVersion> latest(String id);

    /**
     * For each of {@code ids} that some collection holds, its newest version held in a collection
     * (as {@link #latest}) and the collections holding that version; ids held nowhere are absent.
     * A batched {@link #latest} for many ids at once (the egress policy looks up the targets of a
     * page's references with it): a few queries whatever the number of ids.
     */
    Map<String, Held> newest(java.util.Collection<String> ids);

    /**
     * The newest version of an id that a collection holds, and the ids of the collections holding
     * it, in collection order.
     */
    record Held(StoredVersion version, List<String> collections) {
        public Held {
            java.util.Objects.requireNonNull(version, "version");
            collections = List.copyOf(collections);
        }
    }

    /**
     * Removes the matching versions of {@code id} from the collection (TAXII Delete An Object);
     * returns how many entries were removed. The versions stay in the store's history and its
     * other collections; first and last are recomputed over the entries that remain.
     *
     * @throws org.concord.ConcordException NOT_FOUND if the collection does not exist
     */
    int delete(String collectionId, String id, VersionMatch versions);

    /** Creates a collection. @throws org.concord.ConcordException ALREADY_EXISTS on a taken id or alias */
    void createCollection(CollectionInfo collection);

    List<CollectionInfo> collections();

    /** The collection with this id, or with this alias. */
    Optional<CollectionInfo> collection(String idOrAlias);

    /** Number of stored versions by STIX type, in type order (history included: deletes do not lower it). */
    Map<String, Long> countByType();

    /**
     * Calls {@code listener} after each {@link #write} of this store object commits, on the
     * writing thread, with the versions the write added to the collection (new versions, and known
     * versions newly added to it), in order. Listeners wake other work (push, fan-out, correlation)
     * and must return at once; what they throw is logged and does not undo the write. Writes by
     * other processes on the same database are not seen: whoever needs them also polls.
     */
    void onStored(StoreListener listener);

    /** See {@link #onStored}. */
    @FunctionalInterface
    interface StoreListener {
        void stored(String collectionId, List<StixObject> added);
    }

    /**
     * The node's transparency log tables in this store's database ({@code org.concord.integrity}
     * builds the Merkle log on them). Each call runs on its own connection; appends take the
     * store's writer exclusion.
     */
    LogStorage log();

    /**
     * The node's cache of its own origin signatures in this store's database
     * ({@code org.concord.integrity.OriginSigner} signs; see {@link SignatureCache}).
     */
    SignatureCache signatures();

    @Override
    void close();
}
