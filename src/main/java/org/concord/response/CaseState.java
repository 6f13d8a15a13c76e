package org.concord.response;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BinaryOperator;
import org.concord.ConcordException;
import org.concord.ErrorCode;
import org.concord.stix.StixObject;
import org.concord.stix.Tlp;

/**
 * The state of a case ({@code incident}) or task ({@code task}) as several nodes edit it, a
 * join-semilattice (docs/response-design.md §2): LWW fields with a {@link Stamp} each, LWW-element
 * sets with tombstones (an element missing from a version is unknown, never removed), a TLP joined
 * to the strictest, and the version vector {@code writes}. {@link #merge} is commutative,
 * associative and idempotent; {@link #edit} is a local write; {@link #json}/{@link #version} are the
 * STIX bytes, a function of the state alone, and {@link #parse} reads them back.
 *
 * @param kind      case or task
 * @param id        the STIX id, fixed at open
 * @param created   {@code created}, fixed at open (milliseconds)
 * @param createdBy {@code created_by_ref}: the opener's member identity, fixed at open
 * @param caseRef   a task's case ({@code case_ref}, fixed at open); null for a case
 * @param fields    per LWW field name, its stamp and value
 * @param sets      per set name, per element id, the element's greatest entry
 * @param tlp       the strictest TLP any write gave it
 * @param writes    per writer, how many writes it made (the version vector)
 */
public record CaseState(Kind kind, String id, String created, String createdBy, String caseRef,
                        Map<String, Field> fields, Map<String, Map<String, Element>> sets, Tlp tlp,
                        Map<String, Long> writes) {

    /** An LWW field: the value of its greatest write; {@code value} null when that write cleared it. */
    public record Field(Stamp stamp, JsonNode value) {
        public Field {
            Objects.requireNonNull(stamp, "stamp");
            value = value == null || value.isNull() ? null : Values.frozen(value);
        }

        /** The value (a copy: states are immutable), null when cleared. */
        @Override
        public JsonNode value() {
            return value == null ? null : value.deepCopy();
        }
    }

    /**
     * An element's greatest entry: a tombstone when {@code removed}; {@code payload} the element as
     * Incident Core lists it (a {@code task-entry}, an {@code event-entry}, an impact id), null for
     * evidence and tombstones.
     */
    public record Element(Stamp stamp, boolean removed, JsonNode payload) {
        public Element {
            Objects.requireNonNull(stamp, "stamp");
            payload = removed || payload == null || payload.isNull() ? null : Values.frozen(payload);
        }

        /** The payload (a copy: states are immutable), null for evidence and tombstones. */
        @Override
        public JsonNode payload() {
            return payload == null ? null : payload.deepCopy();
        }
    }

    /** One change a write makes; a write is one or more, under one stamp. */
    public sealed interface Change {
        /** Sets (or, with null, clears) an LWW field. */
        record Set(String field, JsonNode value) implements Change {}

        /** Adds (or re-adds, or updates the payload of) an element; {@code payload} null for evidence. */
        record Add(String set, String elementId, JsonNode payload) implements Change {}

        /** Removes an element: a tombstone. */
        record Remove(String set, String elementId) implements Change {}

        /** Raises the TLP (never lowers it: loosening is a new case). */
        record Raise(Tlp tlp) implements Change {}
    }

    public CaseState {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(createdBy, "createdBy");
        Objects.requireNonNull(tlp, "tlp");
        if ((kind == Kind.TASK) != (caseRef != null)) {
            throw new ConcordException(ErrorCode.INVALID_ARGUMENT, id + ": a task has a case_ref, a case none");
        }
        fields = sorted(fields);
        TreeMap<String, Map<String, Element>> s = new TreeMap<>();
        sets.forEach((name, elements) -> { if (!elements.isEmpty()) s.put(name, sorted(elements)); });
        sets = Collections.unmodifiableMap(s);
        writes = sorted(writes);
    }

    /**
     * A new case or task: the opener's first write sets {@code initial} (the kind's defaults for
     * required fields it leaves out: a case's {@code determination} {@code suspected} and
     * {@code investigation_status} {@code new}, a task's {@code outcome} {@code pending}).
     */
    public static CaseState open(Kind kind, String id, String opener, String caseRef, Tlp tlp,
                                 Map<String, JsonNode> initial, Instant now) {
        if (!id.startsWith(kind.type + "--")) {
            throw new ConcordException(ErrorCode.INVALID_ARGUMENT, "a " + kind.type + "'s id must be " + kind.type + "--…: " + id);
        }
        Stamp stamp = Stamp.next(opener, now, null);
        CaseState empty = new CaseState(kind, id, stamp.time(), opener, caseRef, Map.of(), Map.of(), tlp, Map.of());
        TreeMap<String, JsonNode> values = new TreeMap<>(kind.defaults());
        values.putAll(initial);
        List<Change> changes = values.entrySet().stream().<Change>map(e -> new Change.Set(e.getKey(), e.getValue())).toList();
        return empty.write(stamp, changes);
    }

    /**
     * A local write by {@code writer}: every change under one stamp, {@code max(now, greatest stamp
     * in this state + 1 ms)}, and the writer's count in {@code writes} one higher.
     *
     * @throws ConcordException INVALID_ARGUMENT naming a field, set, element or value this kind refuses
     */
    public CaseState edit(String writer, Instant now, List<Change> changes) {
        if (changes.isEmpty()) throw new ConcordException(ErrorCode.INVALID_ARGUMENT, id + ": a write changes something");
        return write(Stamp.next(writer, now, greatestStamp()), changes);
    }

    private CaseState write(Stamp stamp, List<Change> changes) {
        TreeMap<String, Field> f = new TreeMap<>(fields);
        TreeMap<String, Map<String, Element>> s = new TreeMap<>();
        sets.forEach((k, v) -> s.put(k, new TreeMap<>(v)));
        Tlp t = tlp;
        for (Change c : changes) {
            switch (c) {
                case Change.Set set -> {
                    kind.field(set.field()).checkWrite(id, set.value());
                    if ((set.value() == null || set.value().isNull()) && kind.defaults().containsKey(set.field())) {
                        throw new ConcordException(ErrorCode.INVALID_ARGUMENT, id + " " + set.field() + " is required: it can be changed, not cleared");
                    }
                    f.put(set.field(), new Field(stamp, set.value()));
                }
                case Change.Add add -> {
                    JsonNode payload = kind.set(add.set()).payload(id, add.elementId(), add.payload());
                    s.computeIfAbsent(add.set(), k -> new TreeMap<>()).put(add.elementId(), new Element(stamp, false, payload));
                }
                case Change.Remove rm -> {
                    kind.set(rm.set()).checkId(id, rm.elementId());
                    s.computeIfAbsent(rm.set(), k -> new TreeMap<>()).put(rm.elementId(), new Element(stamp, true, null));
                }
                case Change.Raise r -> {
                    if (tlp.isStricterThan(r.tlp())) {
                        throw new ConcordException(ErrorCode.INVALID_ARGUMENT, id + " is " + tlp.label()
                                + ": a case never becomes looser (" + r.tlp().label() + "); open a new one");
                    }
                    t = r.tlp();
                }
            }
        }
        TreeMap<String, Long> w = new TreeMap<>(writes);
        w.merge(stamp.writer(), 1L, Long::sum);
        return new CaseState(kind, id, created, createdBy, caseRef, f, s, t, w);
    }

    /**
     * The join of two states of one case: per field and per element the greater stamp, the
     * strictest TLP, the pointwise maximum of {@code writes}.
     *
     * @throws ConcordException INVALID_ARGUMENT when they are not states of one case (id, kind, created, opener)
     */
    public static CaseState merge(CaseState a, CaseState b) {
        if (a.kind != b.kind || !a.id.equals(b.id) || !a.created.equals(b.created) || !a.createdBy.equals(b.createdBy)
                || !Objects.equals(a.caseRef, b.caseRef)) {
            throw new ConcordException(ErrorCode.INVALID_ARGUMENT, "not two versions of one " + a.kind.type + ": " + a.id
                    + " created " + a.created + " by " + a.createdBy + ", " + b.id + " created " + b.created + " by " + b.createdBy);
        }
        TreeMap<String, Map<String, Element>> s = new TreeMap<>();
        for (String name : union(a.sets.keySet(), b.sets.keySet())) {
            s.put(name, join(a.sets.getOrDefault(name, Map.of()), b.sets.getOrDefault(name, Map.of()), CaseState::greater));
        }
        return new CaseState(a.kind, a.id, a.created, a.createdBy, a.caseRef, join(a.fields, b.fields, CaseState::greater), s,
                a.tlp.isStricterThan(b.tlp) ? a.tlp : b.tlp, join(a.writes, b.writes, Math::max));
    }

    /** Whether this state holds everything {@code other} does ({@code merge(this, other)} is this). */
    public boolean contains(CaseState other) {
        return merge(this, other).equals(this);
    }

    /** The greatest stamp of any field or element, null for none: "last edited". */
    public Stamp greatestStamp() {
        Stamp g = null;
        for (Field f : fields.values()) g = Stamp.max(g, f.stamp());
        for (Map<String, Element> elements : sets.values()) for (Element e : elements.values()) g = Stamp.max(g, e.stamp());
        return g;
    }

    /** Σ {@code writes}. */
    public long writeCount() {
        return writes.values().stream().mapToLong(Long::longValue).sum();
    }

    /** A field's value (null when unset or cleared). */
    public JsonNode value(String field) {
        Field f = fields.get(field);
        return f == null ? null : f.value();
    }

    /** The ids of a set's live elements (not removed), sorted. */
    public List<String> live(String set) {
        return sets.getOrDefault(set, Map.of()).entrySet().stream().filter(e -> !e.getValue().removed()).map(Map.Entry::getKey).toList();
    }

    /** The STIX object of this state (a new tree): §2's bytes, {@code modified} included. */
    public ObjectNode json() {
        return CaseJson.write(this);
    }

    /** {@link #json} as a stored version. */
    public StixObject version() {
        return StixObject.of(json());
    }

    /**
     * Reads a case or task version back into its state. Bounded (entries, writers, text lengths);
     * elements a thinned copy lacks are simply unknown.
     *
     * @throws ConcordException INVALID_STIX naming the id and the property that is wrong
     */
    public static CaseState parse(JsonNode json) {
        return CaseJson.read(json);
    }

    /** {@link #parse(JsonNode)} of a stored version. */
    public static CaseState parse(StixObject version) {
        return CaseJson.read(CaseJson.tree(version));
    }

    /** The {@code modified} a version of this state carries, for callers comparing versions. */
    public String modified() {
        return json().get("modified").textValue();
    }

    private static Field greater(Field a, Field b) {
        int c = a.stamp().compareTo(b.stamp());
        if (c != 0) return c > 0 ? a : b;
        return Values.compare(a.value, b.value) >= 0 ? a : b; // one stamp is one write; ties only in forged input
    }

    private static Element greater(Element a, Element b) {
        int c = a.stamp().compareTo(b.stamp());
        if (c == 0) c = Boolean.compare(a.removed(), b.removed());
        if (c == 0) c = Values.compare(a.payload, b.payload);
        return c >= 0 ? a : b;
    }

    private static <V> Map<String, V> join(Map<String, V> a, Map<String, V> b, BinaryOperator<V> max) {
        TreeMap<String, V> out = new TreeMap<>(a);
        b.forEach((k, v) -> out.merge(k, v, max));
        return out;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        java.util.TreeSet<String> u = new java.util.TreeSet<>(a);
        u.addAll(b);
        return u;
    }

    private static <V> Map<String, V> sorted(Map<String, V> m) {
        return Collections.unmodifiableMap(new TreeMap<>(m));
    }
}
