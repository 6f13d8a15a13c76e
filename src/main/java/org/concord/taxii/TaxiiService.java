package org.concord.taxii;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.concord.ConcordException;
import org.concord.ErrorCode;
import org.concord.partner.PartnerEgress;
import org.concord.partner.PartnerInbox;
import org.concord.stix.StixObject;
import org.concord.stix.StixTimestamp;
import org.concord.stix.TlpDefinitions;
import org.concord.store.CanonicalPage;
import org.concord.store.CollectionInfo;
import org.concord.store.ObjectFilter;
import org.concord.store.Page;
import org.concord.store.Store;
import org.concord.store.StoredVersion;
import org.concord.store.VersionMatch;
import org.concord.store.WriteOutcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the TAXII endpoints do, free of HTTP: which collections a requester sees, reading pages,
 * deleting, adding objects with per-object outcomes, and statuses. Access policy: a collection the
 * requester may neither read nor write does not exist for it (404, exactly as an unknown one); a
 * visible collection refuses what the requester may not do with 403 (§5.4, §5.5, the table of §5.7).
 */
final class TaxiiService {
    private static final Logger LOG = LoggerFactory.getLogger(TaxiiService.class);
    /** Objects per store transaction for a posted envelope (bounded by max_content_length anyway). */
    static final int BATCH = 2_000;
    /**
     * Withheld entries a partner's page passes over are recorded in the audit log once a released
     * entry follows them (so that a collection's withheld tail is not recorded again at every pull),
     * or once this many are held decided but unrecorded (so that memory stays bounded).
     */
    static final int RECORD_WITHHELD_AFTER = 10_000;
    /** How long a status stays readable (§4.3: at least 24 hours). */
    static final Duration STATUS_RETENTION = Duration.ofDays(7);

    private final Store store;
    private final Statuses statuses;
    private final ObjectValidator validator;
    private final InstantSource clock;
    private final Duration cacheFor;
    private final PartnerEgress egress;
    private final AtomicReference<CachedCollections> collections = new AtomicReference<>();
    private volatile Instant lastPrune = Instant.EPOCH;

    TaxiiService(Store store, Statuses statuses, ObjectValidator validator, InstantSource clock, Duration cacheFor,
                 PartnerEgress egress) {
        this.store = store;
        this.egress = Objects.requireNonNull(egress, "egress");
        this.statuses = statuses;
        this.validator = validator;
        this.clock = clock;
        this.cacheFor = cacheFor;
    }

    /** A collection as one requester sees it (§5.2.1 can_read / can_write). */
    record View(CollectionInfo info, boolean canRead, boolean canWrite) {}

    /** The collections the requester sees, in a stable order (§3.3: consistent sort order). */
    List<View> collections(Permissions p) {
        List<View> out = new ArrayList<>();
        for (CollectionInfo c : all()) {
            if (p.sees(c.id())) out.add(new View(c, p.canRead(c.id()), p.canWrite(c.id())));
        }
        return out;
    }

    /** A visible collection by id or alias. @throws ConcordException NOT_FOUND, the same for unknown and invisible */
    View collection(Permissions p, String idOrAlias) {
        for (CollectionInfo c : all()) {
            if (c.id().equals(idOrAlias) || idOrAlias.equals(c.alias())) {
                if (p.sees(c.id())) return new View(c, p.canRead(c.id()), p.canWrite(c.id()));
                break;
            }
        }
        throw new ConcordException(ErrorCode.NOT_FOUND, "no collection \"" + Query.clip(idOrAlias) + "\" under this API root");
    }

    CollectionInfo readable(Permissions p, String idOrAlias) {
        View v = collection(p, idOrAlias);
        if (!v.canRead()) throw new ConcordException(ErrorCode.FORBIDDEN, "this credential may not read collection " + v.info().id());
        return v.info();
    }

    CollectionInfo writable(Permissions p, String idOrAlias) {
        View v = collection(p, idOrAlias);
        if (!v.canWrite()) throw new ConcordException(ErrorCode.FORBIDDEN, "this credential may not write collection " + v.info().id());
        return v.info();
    }

    /** §5.7: deleting needs both rights; neither is 404 (the collection is invisible), one is 403. */
    CollectionInfo deletable(Permissions p, String idOrAlias) {
        View v = collection(p, idOrAlias);
        if (!v.canRead() || !v.canWrite()) {
            throw new ConcordException(ErrorCode.FORBIDDEN, "deleting from collection " + v.info().id() + " needs read and write rights");
        }
        return v.info();
    }

    /**
     * A page as its reader may see it, and the date_added of its last entry (null when it has
     * none): the reader's next page starts after it.
     */
    record Scanned(Page page, Instant last) {}

    /**
     * One page of a collection as {@code who} may see it. A partner node gets only what its
     * agreement releases, exactly as if what is withheld from it were absent (docs/sovereignty.md):
     * the page holds the first {@code limit} released entries after the cursor, {@code more} says
     * whether another released entry follows (the entries after the page are decided, without
     * being disclosed, until one is found or the collection ends), and the page's last date_added is
     * that of its last released entry, so neither the headers, nor {@code next}, nor {@code more}
     * tell of a withheld entry. Withheld entries are recorded in the audit log when the page passes
     * them (a released entry follows them); those after the last released entry are decided again
     * at the next read.
     */
    Scanned page(Principal who, CollectionInfo c, ObjectFilter filter) {
        if (!(who instanceof Principal.Partner partner)) {
            Page page = store.objects(c.id(), filter);
            return new Scanned(page, page.items().isEmpty() ? null : page.items().getLast().dateAdded());
        }
        if (!egress.receives(partner.name())) return new Scanned(new Page(List.of(), false), null); // no agreement: nothing goes
        int limit = filter.limit();
        // one entry more than the page, so that when all are released the next one tells "more" in the same read
        ObjectFilter read = withLimit(filter, Math.min(limit + 1, ObjectFilter.MAX_LIMIT));
        Page page = store.objects(c.id(), read);
        List<StoredVersion> sent = new ArrayList<>();
        List<PartnerEgress.Decided> open = new ArrayList<>(); // decided pages with entries not yet recorded
        int released = 0, pending = 0;
        Instant last = null;
        while (true) {
            PartnerEgress.Decided d = egress.decide(partner.name(), c, page);
            int take = 0;
            boolean overflow = false;
            for (int i = 0; i < d.size(); i++) {
                if (!d.released(i)) continue;
                if (released == limit) {
                    overflow = true; // one more released entry follows the page: more, and nothing of it disclosed
                    break;
                }
                released++;
                take = i + 1;
                last = page.items().get(i).dateAdded();
            }
            if (take > 0) {
                for (PartnerEgress.Decided o : open) egress.release(o, o.size()); // withheld entries the page passes
                open.clear();
                sent.addAll(egress.release(d, take));
            }
            open.add(d);
            if (take == 0 && (pending += d.size()) >= RECORD_WITHHELD_AFTER) { // bounded memory: record what was passed so far
                for (PartnerEgress.Decided o : open) egress.release(o, o.size());
                open.clear();
                pending = 0;
            } else if (take > 0) {
                pending = d.size();
            }
            if (overflow) return new Scanned(new Page(sent, true), last);
            if (!page.more()) return new Scanned(new Page(sent, false), last);
            // the page is full and only whether another released entry follows is asked: look ahead a little at a time
            if (released == limit) read = withLimit(read, Math.min(ObjectFilter.MAX_LIMIT, read.limit() == limit + 1 ? 16 : read.limit() * 4));
            page = store.objects(c.id(), read.after(page.items().getLast().dateAdded()));
        }
    }

    /**
     * Get An Object of a standard TLP marking definition (docs/sovereignty.md): the built-in object,
     * whatever is stored under its id, in every collection its reader may read (objects that
     * reference it need it). When the collection holds it, with that entry's date_added; else with
     * none (a page without date headers). Never signed: it is the specification's object.
     */
    Scanned tlpDefinition(CollectionInfo c, String id, ObjectFilter filter) {
        StixObject builtIn = TlpDefinitions.of(id).orElseThrow();
        Page stored = store.objects(c.id(), new ObjectFilter(null, List.of(id), List.of(), VersionMatch.ALL, List.of(), 1));
        if (!stored.items().isEmpty()) {
            Instant added = stored.items().getFirst().dateAdded();
            if (filter.addedAfter() != null && !added.isAfter(filter.addedAfter())) return new Scanned(new Page(List.of(), false), null);
            return new Scanned(new Page(List.of(new StoredVersion(builtIn, added)), false), added);
        }
        if (filter.addedAfter() != null) return new Scanned(new Page(List.of(), false), null);
        return new Scanned(new Page(List.of(new StoredVersion(builtIn, Instant.EPOCH)), false), null);
    }

    private static ObjectFilter withLimit(ObjectFilter f, int limit) {
        return new ObjectFilter(f.addedAfter(), f.ids(), f.types(), f.versions(), f.specVersions(), limit);
    }

    /**
     * One page of a collection as stored, for a requester whose reads are not filtered (the node's
     * own members): each version's stored canonical bytes.
     */
    CanonicalPage stored(CollectionInfo c, ObjectFilter filter) {
        return store.canonical(c.id(), filter);
    }

    /** §5.7 Delete An Object. @throws ConcordException NOT_FOUND when nothing matched */
    void delete(CollectionInfo c, String objectId, VersionMatch versions) {
        if (store.delete(c.id(), objectId, versions) == 0) {
            throw new ConcordException(ErrorCode.NOT_FOUND, "no object " + objectId + " (of those versions) in collection " + c.id());
        }
    }

    /** One posted object, checked: ready to store, or refused with its reason. */
    sealed interface Prepared {
        record Ok(StixObject object) implements Prepared {}

        record Refused(Statuses.Detail detail) implements Prepared {}
    }

    /** Validates one element of a posted envelope's {@code objects}. */
    Prepared prepare(JsonNode node) {
        if (!(node instanceof ObjectNode json)) {
            return new Prepared.Refused(new Statuses.Detail("", "", "not a JSON object: " + node.getNodeType()));
        }
        String id = json.path("id").isTextual() ? json.get("id").textValue() : "";
        String version = json.path("modified").isTextual() ? json.get("modified").textValue()
                : json.path("created").isTextual() ? json.get("created").textValue() : "";
        List<String> problems = validator.problems(json);
        String forged = problems.isEmpty() ? TlpDefinitions.problem(json) : null;
        if (forged != null) return new Prepared.Refused(new Statuses.Detail(id, version, forged));
        if (!problems.isEmpty()) {
            String message = String.join("; ", problems.subList(0, Math.min(5, problems.size())))
                    + (problems.size() > 5 ? "; and " + (problems.size() - 5) + " more" : "");
            return new Prepared.Refused(new Statuses.Detail(id, version, message));
        }
        try {
            return new Prepared.Ok(StixObject.of(json));
        } catch (ConcordException e) {
            return new Prepared.Refused(new Statuses.Detail(id, version, e.getMessage()));
        }
    }

    /**
     * §5.5 Add Objects: stores the valid objects (in transactions of {@link #BATCH}), reports every
     * object's outcome, and keeps the status for {@link #STATUS_RETENTION}. A version already in the
     * collection is a success (§5.5: duplicates MUST NOT be errors).
     */
    Statuses.Status add(Principal requester, CollectionInfo c, List<Prepared> items) {
        Instant requested = clock.instant().truncatedTo(ChronoUnit.MICROS);
        List<Statuses.Detail> successes = new ArrayList<>();
        List<Statuses.Detail> failures = new ArrayList<>();
        List<StixObject> batch = new ArrayList<>(Math.min(BATCH, items.size()));
        for (Prepared item : items) {
            switch (item) {
                case Prepared.Refused r -> failures.add(r.detail());
                case Prepared.Ok ok -> {
                    batch.add(ok.object());
                    if (batch.size() == BATCH) write(c, batch, successes, failures);
                }
            }
        }
        write(c, batch, successes, failures);
        Statuses.Status status = new Statuses.Status(UUID.randomUUID().toString(), c.id(), requester.key(), requested,
                true, successes, failures, List.of());
        statuses.save(status);
        pruneNowAndThen();
        return status;
    }

    /** §5.5 Add Objects by a partner node: what its inbox decided, kept as the partner's status. */
    Statuses.Status addFromPartner(Principal.Partner partner, CollectionInfo c, PartnerInbox.Outcome outcome) {
        Statuses.Status status = new Statuses.Status(UUID.randomUUID().toString(), c.id(), partner.key(),
                clock.instant().truncatedTo(ChronoUnit.MICROS), true, details(outcome.successes()), details(outcome.failures()), List.of());
        statuses.save(status);
        pruneNowAndThen();
        return status;
    }

    /** The inbox's per-object outcomes as status details. */
    private static List<Statuses.Detail> details(List<PartnerInbox.Detail> ds) {
        List<Statuses.Detail> out = new ArrayList<>(ds.size());
        for (PartnerInbox.Detail d : ds) out.add(new Statuses.Detail(d.id(), d.version(), d.message()));
        return out;
    }

    private void write(CollectionInfo c, List<StixObject> batch, List<Statuses.Detail> successes, List<Statuses.Detail> failures) {
        if (batch.isEmpty()) return;
        try {
            List<WriteOutcome> outcomes = store.write(c.id(), batch);
            for (int i = 0; i < outcomes.size(); i++) {
                StixObject o = batch.get(i);
                switch (outcomes.get(i)) {
                    case WriteOutcome.Stored s -> successes.add(new Statuses.Detail(o.id(), versionOf(o, s.dateAdded()), null));
                    case WriteOutcome.Duplicate d -> successes.add(new Statuses.Detail(o.id(),
                            o.version() != null ? o.version() : unversionedVersion(c, o.id()), "already in the collection"));
                }
            }
        } catch (ConcordException e) {
            if (e.code().category() != ErrorCode.Category.INTERNAL) throw e;
            String errorId = UUID.randomUUID().toString();
            LOG.error("storing {} objects into collection {} failed (error id {})", batch.size(), c.id(), errorId, e);
            for (StixObject o : batch) {
                failures.add(new Statuses.Detail(o.id(), o.version() != null ? o.version() : "",
                        "not stored: internal error " + errorId + "; posting it again is safe"));
            }
        }
        batch.clear();
    }

    /** §5.3.1: an object without created or modified gets a version consistent to the server: its date_added here. */
    static String versionOf(StixObject o, Instant dateAdded) {
        return o.version() != null ? o.version() : StixTimestamp.formatMicros(dateAdded);
    }

    private String unversionedVersion(CollectionInfo c, String id) {
        Page p = store.objects(c.id(), new ObjectFilter(null, List.of(id), List.of(), VersionMatch.ALL, List.of(), 1));
        return p.items().isEmpty() ? "" : StixTimestamp.formatMicros(p.items().getFirst().dateAdded());
    }

    /** The requester's own status. @throws ConcordException NOT_FOUND for unknown, expired or someone else's */
    Statuses.Status status(Principal requester, String id) {
        Optional<Statuses.Status> s = ObjectIds.uuid(id) ? statuses.find(id) : Optional.empty();
        if (s.isEmpty() || !s.get().owner().equals(requester.key())) {
            throw new ConcordException(ErrorCode.NOT_FOUND, "no status " + Query.clip(id) + " under this API root");
        }
        return s.get();
    }

    /** Version string of a stored entry, as manifests and versions show it. */
    static String versionOf(StoredVersion v) {
        return versionOf(v.object(), v.dateAdded());
    }

    /** Every collection (cached for {@code cacheFor}). */
    List<CollectionInfo> all() {
        Instant now = clock.instant();
        CachedCollections c = collections.get();
        if (c != null && now.isBefore(c.until)) return c.list;
        List<CollectionInfo> list = List.copyOf(store.collections());
        collections.set(new CachedCollections(list, now.plus(cacheFor)));
        return list;
    }

    private void pruneNowAndThen() {
        Instant now = clock.instant();
        if (Duration.between(lastPrune, now).compareTo(Duration.ofHours(1)) < 0) return;
        lastPrune = now;
        try {
            statuses.prune(now.minus(STATUS_RETENTION));
        } catch (ConcordException e) {
            LOG.warn("pruning old statuses failed: {}", e.getMessage());
        }
    }

    private record CachedCollections(List<CollectionInfo> list, Instant until) {}
}
