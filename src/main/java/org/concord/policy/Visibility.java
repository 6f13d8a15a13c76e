package org.concord.policy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.concord.partner.Audiences;
import org.concord.stix.StixObject;
import org.concord.stix.Tlp;
import org.concord.store.CollectionInfo;
import org.concord.store.ObjectFilter;
import org.concord.store.Origin;
import org.concord.store.Store;
import org.concord.store.StoredVersion;
import org.concord.store.VersionMatch;

/**
 * The one visibility function (docs/sovereignty.md): which versions of a page of one collection go
 * to a partner, and as what. On top of the {@link EgressPolicy}'s per-object rules:
 * <ol>
 *   <li>a version goes only if the newest version of its id in the collection goes too (a stricter
 *       newer version withdraws the older ones: {@link Rule#NEWER_VERSION_WITHHELD});</li>
 *   <li>a reference to an object this node holds (its newest version in any collection) and
 *       withholds from the partner is removed from the copy, and a copy that is then not valid STIX
 *       is withheld ({@link Rule#REFERENCE_WITHHELD}); a reference to an object not held here goes
 *       as it is;</li>
 *   <li>a language-content is at least at the effective TLP of the object it translates;</li>
 *   <li>a version of the {@code cases} collection goes only to a partner in its audience
 *       ({@link Audiences}, asked once per version and page; {@link Rule#NOT_IN_CASE}), and a
 *       reference to a case object withheld so is removed like any other.</li>
 * </ol>
 * Whether a target goes depends in turn on its own targets when it cannot do without them (a
 * relationship, a report…): the visible set is the greatest one in which every object passes the
 * policy, has its newest version visible, and stays valid without its references to objects
 * outside the set. Targets are looked up in batches, a round per level of references
 * ({@link Store#newest}), at most {@link #ROUNDS} rounds; an object whose validity depends on
 * references that were not looked up is taken as withheld (its references are removed from the
 * copies that name it: nothing is told that might not be true).
 *
 * <p>Cost, in the common case of a page whose references all point at released objects that need
 * none of their own (relationships between techniques, groups, software): one
 * {@link Store#newest} lookup (two queries per 500 distinct targets) and one policy decision per
 * distinct target; older versions on the page cost one more query. Decides only: nothing is
 * signed or recorded ({@link EgressGate} does that).
 */
final class Visibility {
    /**
     * Rounds of target lookups per page: a page's references, theirs where they depend on them, and
     * so on. Each round looks up only dependent targets not seen yet, so a page whose references end
     * at plain objects takes one or two; the bound is there for a pathological chain. (Three rounds
     * made an object's release depend on which page it fell in: a report of a relationship of a
     * report of a note was withheld in a small page and released in a large one.)
     */
    static final int ROUNDS = 16;
    /** Ids per lookup of the newest versions in the collection. */
    private static final int CHUNK = 500;
    /** The alias of the collection whose versions have audiences. */
    static final String CASES = org.concord.node.Node.CASES;

    private final EgressPolicy policy;
    private final Store store;
    private final Provenance local;
    private final Audiences audiences;

    Visibility(EgressPolicy policy, Store store, Provenance local, Audiences audiences) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.store = Objects.requireNonNull(store, "store");
        this.local = Objects.requireNonNull(local, "local");
        this.audiences = Objects.requireNonNull(audiences, "audiences");
    }

    /** The provenance the policy sees for a stored version: its origin's, or this node's own. */
    Provenance provenance(Origin origin) {
        return origin == null ? local : new Provenance(origin.node(), origin.country(), origin.path(), origin.mayReshare());
    }

    /** One version taking part in a page's decision: a page entry, a newer version of one, or a referenced object. */
    private final class Node {
        final StoredVersion version;
        final ObjectNode json; // null: not a JSON object
        final CollectionInfo collection; // null: in no collection the agreement covers
        final boolean dependent;
        Node newer; // the newest version of the id in the collection, when this is an older one
        boolean expanded; // its references were looked up
        Decision base;
        Decision referableBase; // the decision with the provenance rules waived (see referable)
        boolean visible;
        boolean referable; // a reference to it may go (it is withheld, if at all, only because it may not be passed on)
        Boolean inAudience; // asked once: null until then

        Node(StoredVersion version, CollectionInfo collection) {
            this.version = version;
            this.json = EgressPolicy.parse(version.object());
            this.collection = collection;
            this.dependent = References.mayDependOnTargets(version.object().type());
        }

        private List<String> targets; // looked for once

        /** What it references (markings apart): none without a walk when its bytes name no reference. */
        List<String> targets() {
            if (targets == null) {
                if (json == null || !References.mayReference(version.object().canonical())) {
                    targets = List.of();
                } else {
                    targets = new ArrayList<>();
                    References.targets(json, targets::add);
                }
            }
            return targets;
        }
    }

    /**
     * The decisions for {@code entries} of {@code collection} under the outbound {@code agreement}, in
     * order, unsigned and unrecorded.
     *
     * @param older the entries that are not the newest version of their id in the collection, or
     *              null when not known (each is then looked up)
     */
    List<Decision> decide(Agreement agreement, CollectionInfo collection, List<StoredVersion> entries, BitSet older) {
        return new Page(agreement, collection).decide(entries, older);
    }

    /** The work of one page: its nodes live as long as the decision. */
    private final class Page {
        private final Agreement agreement;
        private final CollectionInfo collection;
        private final Map<String, Node> targets = new HashMap<>(); // id -> its newest held version
        private final Set<String> frontier = new HashSet<>(); // held, but not looked at closely enough to release
        private final List<Node> nodes = new ArrayList<>();
        private Map<String, CollectionInfo> collections;

        Page(Agreement agreement, CollectionInfo collection) {
            this.agreement = agreement;
            this.collection = collection;
        }

        List<Decision> decide(List<StoredVersion> entries, BitSet older) {
            List<Node> page = new ArrayList<>(entries.size());
            for (StoredVersion v : entries) page.add(node(v, collection));
            newest(page, older);
            lookUpTargets(page);
            for (Node n : nodes) {
                n.base = baseDecision(n, provenance(n.version.origin()));
                n.referableBase = n.base instanceof Decision.Withhold w && (w.rule() == Rule.LOOP || w.rule() == Rule.RESHARE)
                        ? baseDecision(n, local) : n.base;
            }
            settle();
            List<Decision> out = new ArrayList<>(page.size());
            for (Node n : page) out.add(finalDecision(n));
            return out;
        }

        private Node node(StoredVersion v, CollectionInfo c) {
            Node n = new Node(v, c);
            nodes.add(n);
            return n;
        }

        /** Links every older entry to the newest version of its id in the collection; the newest entries become targets. */
        private void newest(List<Node> page, BitSet older) {
            List<String> ids = new ArrayList<>();
            Set<String> asked = new HashSet<>();
            for (int i = 0; i < page.size(); i++) {
                String id = page.get(i).version.object().id();
                if (older != null && !older.get(i)) targets.putIfAbsent(id, page.get(i)); // the newest in the collection: memoised
                else if (asked.add(id)) ids.add(id);
            }
            Map<String, Node> newestOf = new HashMap<>();
            for (int from = 0; from < ids.size(); from += CHUNK) {
                List<String> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
                for (StoredVersion v : store.objects(collection.id(), new ObjectFilter(null, chunk, List.of(), VersionMatch.LAST,
                        List.of(), chunk.size())).items()) {
                    Node known = targets.get(v.object().id());
                    newestOf.put(v.object().id(), known != null && sameVersion(known.version, v) ? known : node(v, collection));
                }
            }
            for (int i = 0; i < page.size(); i++) {
                Node n = page.get(i);
                if (older != null && !older.get(i)) continue;
                Node newest = newestOf.get(n.version.object().id());
                if (newest == null) continue; // deleted meanwhile: judged alone
                if (sameVersion(newest.version, n.version)) {
                    targets.putIfAbsent(n.version.object().id(), n);
                } else {
                    n.newer = newest;
                    targets.putIfAbsent(n.version.object().id(), newest);
                }
            }
        }

        /** Looks up the targets of the page's references, then theirs where they depend on them, {@link #ROUNDS} rounds at most. */
        private void lookUpTargets(List<Node> page) {
            List<Node> wave = new ArrayList<>(nodes); // the page, and the newer versions of its entries
            for (int round = 0; round < ROUNDS && !wave.isEmpty(); round++) {
                Set<String> wanted = new LinkedHashSet<>();
                for (Node n : wave) {
                    n.expanded = true;
                    for (String id : n.targets()) if (!targets.containsKey(id)) wanted.add(id);
                }
                if (wanted.isEmpty()) return;
                List<Node> next = new ArrayList<>();
                for (Map.Entry<String, org.concord.store.Store.Held> e : store.newest(wanted).entrySet()) {
                    Node n = node(e.getValue().version(), covered(e.getValue().collections()));
                    targets.put(e.getKey(), n);
                    if (n.dependent) next.add(n);
                }
                wave = next;
            }
            // dependent targets whose own targets were not looked up: withheld (their ids are removed from copies)
            for (Node n : nodes) {
                if (n.expanded || !n.dependent) continue;
                for (String id : n.targets()) {
                    if (!targets.containsKey(id)) {
                        frontier.add(n.version.object().id());
                        break;
                    }
                }
            }
        }

        /** The first of {@code ids} (collection ids) the agreement covers, or null. */
        private CollectionInfo covered(List<String> ids) {
            if (collections == null) {
                collections = new HashMap<>();
                for (CollectionInfo c : store.collections()) collections.put(c.id(), c);
            }
            for (String id : ids) {
                CollectionInfo c = collections.get(id);
                if (c != null && agreement.coversCollection(c)) return c;
            }
            return null;
        }

        /** The policy's decision on a node alone (references not yet removed), from {@code p}. */
        private Decision baseDecision(Node n, Provenance p) {
            if (n.json == null) return new Decision.Withhold(Rule.INVALID_INPUT, "not a JSON object");
            CollectionInfo c = n.collection;
            if (c == null) return new Decision.Withhold(Rule.COLLECTION, "held in no collection the " + agreement + " covers");
            return policy.decide(n.json, n.version.object(), c, agreement, p,
                    new EgressPolicy.Context(n.version.handling(), id -> false, floor(n), () -> inAudience(n)));
        }

        /** Whether the partner is in the audience of a version of the cases collection (true for any other), asked once. */
        private boolean inAudience(Node n) {
            if (n.inAudience == null) {
                n.inAudience = n.collection == null || !CASES.equals(n.collection.alias())
                        || audiences.admits(agreement.partner(), n.version.object());
            }
            return n.inAudience;
        }

        /** A language-content's floor: the effective TLP of the object it translates, when held here. */
        private Tlp floor(Node n) {
            if (!"language-content".equals(n.version.object().type()) || n.json == null) return null;
            String target = n.json.path("object_ref").asText(null);
            Node t = target == null ? null : targets.get(target);
            return t == null ? null : t.version.effectiveTlp(policy.defaultTlp());
        }

        /**
         * Whether {@code id} names an object held here and withheld from the partner for what it is
         * (its markings, type, sectors, a newer version, its own targets): a reference to it is
         * removed. An object withheld only by the provenance rules (the partner is on its path and
         * holds it already, or its origin did not let this node pass it on) leaves its references
         * alone: they tell the partner no more than a reference to an object not held here.
         */
        private boolean hidden(String id) {
            if (frontier.contains(id)) return true;
            Node t = targets.get(id);
            return t != null && !t.referable;
        }

        /** The greatest visible set: start from what the policy releases, take out what cannot stand without hidden targets. */
        private void settle() {
            for (Node n : nodes) {
                boolean out = frontier.contains(n.version.object().id());
                n.visible = n.base.released() && !out;
                n.referable = n.referableBase.released() && !out;
            }
            for (boolean changed = true; changed; ) {
                changed = false;
                for (Node n : nodes) {
                    if (!n.visible && !n.referable) continue;
                    // (any type is checked: a wrong guess of what depends on its targets costs a check, not a leak)
                    boolean stands = standsWithout(n);
                    if (n.referable && (!stands || n.newer != null && !n.newer.referable)) {
                        n.referable = false;
                        changed = true;
                    }
                    if (n.visible && (!stands || n.newer != null && !n.newer.visible)) {
                        n.visible = false;
                        changed = true;
                    }
                }
            }
        }

        /** Whether {@code n} is still valid STIX without its references to hidden objects. */
        private boolean standsWithout(Node n) {
            if (n.targets().isEmpty()) return true;
            List<List<Object>> paths = References.hidden(n.json, this::hidden);
            if (paths.isEmpty()) return true;
            ObjectNode copy = n.json.deepCopy();
            Prune.apply(copy, paths);
            return policy.valid(copy);
        }

        private Decision finalDecision(Node n) {
            if (!n.base.released()) return n.base;
            if (n.newer != null && !n.newer.visible) {
                return new Decision.Withhold(Rule.NEWER_VERSION_WITHHELD, "its newer version " + version(n.newer.version)
                        + " is withheld from " + agreement.partner() + " (" + why(n.newer) + ")");
            }
            if (frontier.contains(n.version.object().id())) {
                return new Decision.Withhold(Rule.REFERENCE_WITHHELD, "its references reach further than " + ROUNDS
                        + " levels of objects, which are not all looked up");
            }
            if (n.targets().stream().noneMatch(this::hidden)) return n.base; // the common case: decided already
            return policy.decide(n.json, n.version.object(), collection, agreement, provenance(n.version.origin()),
                    new EgressPolicy.Context(n.version.handling(), this::hidden, floor(n), () -> inAudience(n)));
        }

        private String why(Node n) {
            return n.base instanceof Decision.Withhold w ? w.rule().id() : n.newer != null ? Rule.NEWER_VERSION_WITHHELD.id()
                    : Rule.REFERENCE_WITHHELD.id();
        }
    }

    private static boolean sameVersion(StoredVersion a, StoredVersion b) {
        return a.object().versionKey().equals(b.object().versionKey());
    }

    private static String version(StoredVersion v) {
        StixObject o = v.object();
        return o.version() == null ? o.id() : o.id() + " @ " + o.version();
    }
}
