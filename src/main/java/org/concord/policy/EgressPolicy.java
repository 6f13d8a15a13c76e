package org.concord.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.concord.ConcordException;
import org.concord.ErrorCode;
import org.concord.stix.StixObject;
import org.concord.stix.StixValidator;
import org.concord.stix.Tlp;
import org.concord.stix.TlpDefinitions;
import org.concord.store.CollectionInfo;

/**
 * Decides, for one object version and one partner, what leaves the node: the version as stored,
 * a filtered copy, or nothing. Applied at the edge, on every TAXII read by a partner and every push.
 *
 * <p>The rules, in the order they are checked (the first that refuses names the withholding):
 * <ol>
 *   <li>The standard TLP marking definitions go to every partner with an agreement.</li>
 *   <li>TLP (FIRST TLP 2.0; STIX 2.1 §7.2.1.4 ids of TLP 1.0 read as their 2.0 levels): RED never
 *       leaves; AMBER+STRICT only to a partner of the member's own organisation; AMBER only where
 *       the agreement names it; GREEN and CLEAR where the agreement names them. Every TLP marking
 *       of the object must be granted. An object with no TLP marking is at its handling level
 *       ({@link Context#handling()}), else at the node's default level; nothing is written into it
 *       (the level travels beside it). A language-content is at least at the level of the object
 *       it translates ({@link Context#floor()}).</li>
 *   <li>Markings that are not TLP: only those the agreement lists (anything else is assumed to
 *       forbid sharing).</li>
 *   <li>Provenance: never back to a node on the path the version travelled (loop cut), and not
 *       at all when it came from elsewhere without leave to pass it on.</li>
 *   <li>Object type, collection, sector filters of the agreement.</li>
 *   <li>Audience: an object of the {@code cases} collection goes only to a partner whose member is
 *       in the audience of its case or request ({@link Context#inAudience()}; {@link Rule#NOT_IN_CASE}).</li>
 *   <li>Granular markings: content under a marking that may not go is removed (selectors, list
 *       items and nested properties honoured, the remaining selectors renumbered); when that
 *       content is part of the envelope or markings, the whole object is withheld.</li>
 *   <li>Sightings: disclosed by identity, country or counts ({@link Agreement.Sightings}).</li>
 *   <li>PII: stripped, then pseudonymised ({@link PiiPath}).</li>
 *   <li>References: a reference to an object this node holds and withholds from the partner
 *       ({@link Context#hidden()}) is removed; if the object is then not valid STIX 2.1, it is
 *       withheld ({@link Rule#REFERENCE_WITHHELD}).</li>
 *   <li>A transformed object must still be valid STIX 2.1, or it is withheld.</li>
 * </ol>
 *
 * <p>Thread-safe; decisions are pure functions of their arguments and the node's key (no I/O, no
 * clock). What a decision needs to know of other versions (the references' targets, the newest
 * version) comes in its {@link Context}, which {@link EgressGate} works out from the store; the gate
 * adds the audit log.
 */
public final class EgressPolicy {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String node;
    private final Tlp defaultTlp;
    private final PseudonymKey key;
    private final StixValidator validator;
    private final ConcurrentHashMap<String, Pseudonymizer> pseudonymizers = new ConcurrentHashMap<>();

    /**
     * @param node       this node's name (provenance paths name nodes)
     * @param defaultTlp the level of objects that carry no TLP marking ({@code default_tlp} of node.json)
     * @param key        the node's pseudonym key
     * @param validator  checks what a transformation produced
     */
    public EgressPolicy(String node, Tlp defaultTlp, PseudonymKey key, StixValidator validator) {
        this.node = Objects.requireNonNull(node, "node");
        this.defaultTlp = Objects.requireNonNull(defaultTlp, "defaultTlp");
        this.key = Objects.requireNonNull(key, "key");
        this.validator = Objects.requireNonNull(validator, "validator");
    }

    /** The level of a version with neither TLP marking nor handling level ({@code default_tlp}). */
    public Tlp defaultTlp() {
        return defaultTlp;
    }

    /** Whether {@code object} is valid STIX 2.1 (as a copy to send must be). */
    boolean valid(ObjectNode object) {
        return validator.validate(object).isEmpty();
    }

    /** This node's name: a version whose provenance starts here was originated here. */
    public String node() {
        return node;
    }

    /**
     * What a decision knows of a version beyond its bytes and provenance.
     *
     * @param handling the level recorded beside the version ({@code StoredVersion.handling()}), or null
     * @param hidden   whether an id names an object this node holds and withholds from the partner
     *                 (references to it are removed)
     * @param floor    a level the object is at least at (a language-content's target's effective
     *                 level), or null
     * @param inAudience whether the partner's member is in the audience of the case or request the
     *                 object belongs to ({@link org.concord.partner.Audiences}, answered by the caller
     *                 for objects of the {@code cases} collection; true for any other object); asked
     *                 only when the agreement and TLP let the object go
     */
    public record Context(Tlp handling, java.util.function.Predicate<String> hidden, Tlp floor,
                          java.util.function.BooleanSupplier inAudience) {
        /** Nothing known: no handling level, no reference hidden, no floor, in every audience. */
        public static final Context NONE = new Context(null, id -> false, null);

        public Context {
            Objects.requireNonNull(hidden, "hidden");
            Objects.requireNonNull(inAudience, "inAudience");
        }

        /** A context of an object in every audience (not of a case). */
        public Context(Tlp handling, java.util.function.Predicate<String> hidden, Tlp floor) {
            this(handling, hidden, floor, () -> true);
        }

        /** Only a handling level. */
        public static Context handled(Tlp handling) {
            return handling == null ? NONE : new Context(handling, NONE.hidden, null);
        }
    }

    /** As {@link #decide(ObjectNode, CollectionInfo, Agreement, Provenance)}, for a stored version. */
    public Decision decide(StixObject object, CollectionInfo collection, Agreement agreement, Provenance provenance) {
        return decide(object, collection, agreement, provenance, Context.NONE);
    }

    /** As {@link #decide(StixObject, CollectionInfo, Agreement, Provenance)}, knowing {@code context}. */
    public Decision decide(StixObject object, CollectionInfo collection, Agreement agreement, Provenance provenance,
                           Context context) {
        ObjectNode json = parse(object);
        if (json == null) return new Decision.Withhold(Rule.INVALID_INPUT, "not a JSON object");
        return decide(json, object, collection, agreement, provenance, context);
    }

    /** The stored version as a JSON tree, or null when it is not a JSON object. */
    static ObjectNode parse(StixObject object) {
        JsonNode json;
        try {
            json = JSON.readTree(object.canonical());
        } catch (IOException e) {
            throw new ConcordException(ErrorCode.INTERNAL, object + " is stored as JSON that does not parse", e);
        }
        return json instanceof ObjectNode o ? o : null;
    }

    /**
     * What of {@code object} (in {@code collection}, from {@code provenance}) may go to the
     * partner of the outbound {@code agreement}. {@code object} is not modified.
     *
     * @throws IllegalArgumentException when {@code agreement} is not outbound
     */
    public Decision decide(ObjectNode object, CollectionInfo collection, Agreement agreement, Provenance provenance) {
        return decide(object, null, collection, agreement, provenance, Context.NONE);
    }

    /** The decision on {@code o}, the tree of {@code stored} (null: {@code o} is not stored). {@code o} is not modified. */
    Decision decide(ObjectNode o, StixObject stored, CollectionInfo collection, Agreement a, Provenance p, Context context) {
        if (a.direction() != Agreement.Direction.OUTBOUND) throw new IllegalArgumentException("not outbound: " + a);
        Objects.requireNonNull(collection, "collection");
        Objects.requireNonNull(p, "provenance");
        String type = text(o, "type"), id = text(o, "id");
        if (type == null || id == null) return new Decision.Withhold(Rule.INVALID_INPUT, "the object has no string type and id");
        if (type.equals("marking-definition") && Tlp.ofMarkingId(id).isPresent()) {
            // the built-in standard definition, whatever is stored under its id (docs/sovereignty.md)
            return new Decision.Release(TlpDefinitions.of(id).orElseThrow(), List.of(Rule.TLP_DEFINITION), List.of());
        }
        Markings.ObjectLevel level = Markings.objectLevel(o, a, defaultTlp, context.handling(), context.floor());
        if (level.withheld() != null) return level.withheld();
        Decision.Withhold refused = filters(o, type, id, collection, a, p);
        if (refused != null) return refused;
        if (!context.inAudience().getAsBoolean()) {
            return new Decision.Withhold(Rule.NOT_IN_CASE, a.partner() + " is not in the audience of the case or request "
                    + type + " " + id + " belongs to");
        }
        List<Rule> rules = new ArrayList<>(4);
        if (level.defaulted()) rules.add(level.handled() ? Rule.TLP_HANDLING : Rule.TLP_DEFAULT);
        rules.add(Rule.of(level.level()));
        if (type.equals("marking-definition") && a.markings().contains(id)) rules.add(Rule.MARKING_ALLOWED);
        return transform(o, stored, type, a, p, level, rules, context);
    }

    /** Provenance, type, collection and sector: the checks that only ever withhold. */
    private Decision.Withhold filters(ObjectNode o, String type, String id, CollectionInfo collection, Agreement a,
                                      Provenance p) {
        if (p.visited(a.partner())) {
            return new Decision.Withhold(Rule.LOOP, a.partner() + " is already on the path of this version: " + p.path());
        }
        // a case's objects go by its audience (not-in-case, below) rather than by who may pass on what:
        // the lead chose the participants, and each relays to the others what the case holds
        boolean byAudience = Visibility.CASES.equals(collection.alias());
        if (!p.originatedAt(node) && !p.mayReshare() && !byAudience) {
            return new Decision.Withhold(Rule.RESHARE, "from " + p.originNode() + ", which did not let it be passed on");
        }
        boolean listedMarking = type.equals("marking-definition") && a.markings().contains(id);
        if (!listedMarking && !a.coversType(type)) {
            return new Decision.Withhold(Rule.OBJECT_TYPE, type + " is not in the types of the " + a);
        }
        if (!a.coversCollection(collection)) {
            String name = collection.alias() != null ? collection.alias() : collection.id();
            return new Decision.Withhold(Rule.COLLECTION, "collection " + name + " is not in the collections of the " + a);
        }
        List<String> sectors = sectors(o);
        if (!a.coversSectors(sectors)) {
            return new Decision.Withhold(Rule.SECTOR, "names sectors " + sectors + ", none of which the " + a + " lists");
        }
        return null;
    }

    /** The sectors an object names: {@code sectors} (identity) and {@code x_concord_sectors}. */
    static List<String> sectors(ObjectNode o) {
        List<String> out = List.of();
        for (String field : List.of("sectors", "x_concord_sectors")) {
            JsonNode v = o.get(field);
            if (v == null) continue;
            if (out.isEmpty()) out = new ArrayList<>();
            if (v.isTextual()) out.add(v.textValue());
            for (JsonNode s : v) if (s.isTextual()) out.add(s.textValue());
        }
        return out;
    }

    private Decision transform(ObjectNode o, StixObject stored, String type, Agreement a, Provenance p,
                               Markings.ObjectLevel level, List<Rule> rules, Context context) {
        Markings.Granular granular = Markings.granular(o, a);
        if (granular.withheld() != null) return granular.withheld();
        List<List<Object>> hiddenRefs = stored != null && !References.mayReference(stored.canonical()) ? List.of()
                : References.hidden(o, context.hidden());
        boolean sighting = type.equals("sighting") && a.sightings() != Agreement.Sightings.IDENTITY;
        boolean alert = type.equals(Sightings.ALERT_TYPE) && Sightings.evidenceReveals(o, a.sightings());
        Set<String> idTypes = Pii.idTypes(a);
        boolean pii = a.hasPii() && (!Pii.match(o, type, a.strip()).isEmpty() || !Pii.match(o, type, a.pseudonymise()).isEmpty());
        boolean ids = !idTypes.isEmpty() && Pii.remapIds(o, idTypes, null);
        if (hiddenRefs.isEmpty() && granular.remove().isEmpty() && !sighting && !alert && !pii && !ids) {
            return release(o, stored, rules, List.of()); // the common case: the stored bytes go as they are
        }
        if (sighting && a.sightings() == Agreement.Sightings.COUNTRY && p.originCountry() == null) {
            return new Decision.Withhold(Rule.SIGHTING_COUNTRY_UNKNOWN, "the country of " + p.originNode()
                    + ", which reported the sighting, is not known, and the " + a + " discloses sightings by country only");
        }
        ObjectNode copy = o.deepCopy();
        if (Prune.apply(copy, granular.remove())) rules.add(Rule.GRANULAR_REMOVED);
        if (!hiddenRefs.isEmpty()) {
            // after granular removal the paths may have moved: find the hidden references in the copy again
            if (Prune.apply(copy, References.hidden(copy, context.hidden()))) rules.add(Rule.REFERENCE_REMOVED);
            if (!validator.validate(copy).isEmpty()) {
                return new Decision.Withhold(Rule.REFERENCE_WITHHELD, "it is not valid STIX 2.1 without its references to"
                        + " objects withheld from " + a.partner());
            }
        }
        List<StixObject> companions = List.of();
        if (sighting && a.sightings() == Agreement.Sightings.COUNTRY) {
            companions = List.of(Sightings.country(copy, p.originCountry(), level.level()));
            rules.add(Rule.SIGHTING_COUNTRY);
        } else if (sighting) {
            Sightings.counts(copy);
            rules.add(Rule.SIGHTING_COUNTS);
        }
        Pseudonymizer.Session session = pii || ids || alert ? pseudonymizer(a.partner()).session() : null;
        if (alert) {
            Sightings.evidence(copy, a.sightings(), session);
            rules.add(a.sightings() == Agreement.Sightings.COUNTRY ? Rule.SIGHTING_COUNTRY : Rule.SIGHTING_COUNTS);
        }
        if (pii) {
            if (Prune.apply(copy, Pii.match(copy, type, a.strip()))) rules.add(Rule.PII_STRIPPED);
            if (Pii.pseudonymise(copy, Pii.match(copy, type, a.pseudonymise()), session)) rules.add(Rule.PII_PSEUDONYMISED);
        }
        if (ids && Pii.remapIds(copy, idTypes, session)) rules.add(Rule.ID_PSEUDONYMISED);
        List<StixValidator.Violation> violations = validator.validate(copy);
        if (!violations.isEmpty()) {
            List<String> applied = rules.stream().filter(Rule::transforms).map(Rule::id).toList();
            return new Decision.Withhold(Rule.INVALID_RESULT, "after " + String.join(", ", applied)
                    + " the object would not be valid STIX 2.1: "
                    + String.join("; ", violations.stream().limit(3).map(Object::toString).toList()));
        }
        return new Decision.Release(StixObject.of(copy), rules, companions);
    }

    private Pseudonymizer pseudonymizer(String partner) {
        return pseudonymizers.computeIfAbsent(partner, key::forPartner);
    }

    private static Decision release(ObjectNode o, StixObject stored, List<Rule> rules, List<StixObject> companions) {
        return new Decision.Release(stored != null ? stored : StixObject.of(o), rules, companions);
    }

    private static String text(ObjectNode o, String field) {
        JsonNode v = o.get(field);
        return v != null && v.isTextual() ? v.textValue() : null;
    }

    @Override
    public String toString() {
        return "EgressPolicy[" + node + ", default " + defaultTlp.label() + "]";
    }
}
