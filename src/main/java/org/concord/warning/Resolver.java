package org.concord.warning;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.concord.Time;
import org.concord.stix.StixObject;
import org.concord.stix.StixTimestamp;
import org.concord.stix.Tlp;
import org.concord.stix.pattern.PatternException;
import org.concord.stix.pattern.StixPattern;
import org.concord.store.ObjectFilter;
import org.concord.store.ScanFilter;
import org.concord.store.Store;
import org.concord.store.StoredVersion;
import org.concord.store.VersionMatch;

/**
 * Finds out, from the store, what a sighting is of (its {@link Target}: correlation keys,
 * confidence, age) and who made it ({@link Reporter}: member, country, sectors), caching both.
 * Thread-safe: lookups run outside the cache locks, so a slow read never holds up a cached answer.
 */
final class Resolver {
    private static final int BATCH = 400;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration PLACES_FOR = Duration.ofMinutes(10); // identities change: read them again now and then

    private final Store store;
    private final String intelligence; // collection searched first, in batches
    private final Warninglists lists;
    private final PublicSuffixes suffixes;
    private final Reporter local;
    private final Tlp defaultTlp;
    private final Map<String, Target> targets; // a cache: cleared when it reaches maxTargets (entries live on in the cells)
    private final int maxTargets;
    private final Cache<String, Optional<Reporter>> places;
    private final Map<String, String> locatedAt = new HashMap<>(); // identity → location
    private Instant relationshipsSeen; // the scan for located-at relationships resumes here

    Resolver(Store store, String intelligenceCollection, Warninglists lists, PublicSuffixes suffixes, Reporter local, Tlp defaultTlp,
             int maxTargets, Time time) {
        this.store = store;
        this.places = Caffeine.newBuilder().expireAfterWrite(PLACES_FOR).ticker(time::nanoTime).executor(Runnable::run).build();
        this.defaultTlp = defaultTlp;
        this.intelligence = intelligenceCollection;
        this.lists = lists;
        this.suffixes = suffixes;
        this.local = local;
        this.targets = new ConcurrentHashMap<>(1024);
        this.maxTargets = maxTargets;
    }

    /** The target of {@code ref}, from the cache or the store. */
    Target target(String ref) {
        return targets(List.of(ref)).get(ref);
    }

    /** The targets of {@code refs}: cached ones at once, the others read from the store in batches. */
    Map<String, Target> targets(Collection<String> refs) {
        Map<String, Target> out = new HashMap<>(refs.size() * 2);
        List<String> missing = new ArrayList<>();
        for (String ref : refs) {
            Target t = targets.get(ref);
            if (t != null) out.put(ref, t);
            else if (!out.containsKey(ref)) missing.add(ref);
        }
        if (missing.isEmpty()) return out;
        Map<String, Target> loaded = load(new ArrayList<>(new LinkedHashSet<>(missing)));
        cache(loaded);
        out.putAll(loaded);
        return out;
    }

    /** Reads {@code refs} again, bypassing the cache (targets that were not in the store before). */
    Map<String, Target> reload(Collection<String> refs) {
        Map<String, Target> loaded = load(new ArrayList<>(refs));
        cache(loaded);
        return loaded;
    }

    private void cache(Map<String, Target> loaded) {
        if (targets.size() + loaded.size() > maxTargets) targets.clear(); // bounded; what is live stays reachable from the cells
        targets.putAll(loaded);
    }

    private Map<String, Target> load(List<String> refs) {
        Map<String, Target> out = new HashMap<>(refs.size() * 2);
        for (int i = 0; i < refs.size(); i += BATCH) {
            List<String> chunk = refs.subList(i, Math.min(refs.size(), i + BATCH));
            if (intelligence != null) {
                ObjectFilter byIds = new ObjectFilter(null, chunk, List.of(), VersionMatch.LAST, List.of(), ObjectFilter.MAX_LIMIT);
                for (StoredVersion v : store.objects(intelligence, byIds).items()) out.put(v.object().id(), target(v));
            }
        }
        for (String ref : refs) {
            if (out.containsKey(ref)) continue;
            Optional<StoredVersion> v = store.latest(ref);
            out.put(ref, v.map(this::target).orElseGet(() -> unresolved(ref)));
        }
        return out;
    }

    private Target unresolved(String ref) {
        int sep = ref.indexOf("--");
        String type = sep > 0 ? ref.substring(0, sep) : "unknown";
        return new Target(ref, type, sep > 0 ? List.of(Keys.ofObject(ref)) : List.of(), List.of(), -1, Long.MIN_VALUE, "default", false,
                Tlp.CLEAR.ordinal());
    }

    /** The target a stored version makes. */
    private Target target(StoredVersion v) {
        return target(v.object(), v.handling());
    }

    /**
     * The target an object makes: its keys (benign ones removed), confidence, age and effective TLP.
     *
     * @param handling the handling level stored beside the version, or null
     */
    Target target(StixObject o, Tlp handling) {
        JsonNode json;
        try {
            json = JSON.readTree(o.canonical());
        } catch (IOException e) {
            Target u = unresolved(o.id());
            return new Target(u.ref(), u.type(), u.keys(), u.listed(), -1, Long.MIN_VALUE, "default", false, Tlp.RED.ordinal());
        }
        List<String> markings = new ArrayList<>(o.markingRefs());
        for (JsonNode g : json.path("granular_markings")) {
            if (g.path("marking_ref").isTextual()) markings.add(g.path("marking_ref").textValue());
        }
        int tlp = EffectiveTlp.of(markings, handling, defaultTlp).ordinal();
        List<String> keys = new ArrayList<>();
        String type = o.type();
        int confidence = json.path("confidence").isInt() ? json.path("confidence").intValue() : -1;
        long validFrom = Long.MIN_VALUE;
        switch (type) {
            case "indicator" -> {
                // the observables the pattern names; the indicator's own key only when it names none (a Sigma
                // rule, a pattern on process properties): an indicator key beside them would raise the same
                // alert twice, and the observables are where other members' indicators meet
                String patternType = json.path("pattern_type").asText("stix");
                String pattern = json.path("pattern").asText(null);
                if (patternType.equals("stix") && pattern != null) {
                    try {
                        keys.addAll(Keys.ofPattern(StixPattern.parse(pattern), suffixes));
                    } catch (PatternException e) {
                        // an unparseable pattern counts under the indicator's own key
                    }
                }
                if (keys.isEmpty()) keys.add(Keys.ofObject(o.id()));
                String from = json.path("valid_from").asText(o.created());
                if (from != null && StixTimestamp.isValid(from)) validFrom = Times.micros(from);
            }
            case "domain-name", "ipv4-addr", "ipv6-addr", "url", "email-addr" -> {
                String k = Keys.ofObservable(type, json.path("value").asText(""));
                if (k != null) keys.add(k);
            }
            case "file", "artifact", "x509-certificate" -> {
                for (var h : json.path("hashes").properties()) {
                    String k = Keys.ofObservable(type, h.getKey() + ":" + h.getValue().asText(""));
                    if (k != null) keys.add(k);
                }
            }
            default -> keys.add(Keys.ofObject(o.id()));
        }
        List<String> kept = new ArrayList<>(keys.size()), listed = new ArrayList<>();
        String decayKind = "default";
        for (String k : keys) {
            String kind = Keys.kind(k);
            if (decayKind.equals("default") && WarningConfig.DEFAULT_HALF_LIVES.containsKey(kind)) decayKind = kind;
            if (lists.isListed(k)) listed.add(k);
            else kept.add(k);
        }
        return new Target(o.id(), type, kept, listed, confidence, validFrom, decayKind, true, tlp);
    }

    /**
     * Who made a sighting: each of {@code where} (an identity: its member, country and sectors; a
     * location: its country), else {@code createdBy}. An identity whose country is unknown takes
     * the creator's.
     */
    List<Reporter> reporters(List<String> where, String createdBy) {
        Reporter creator = createdBy == null ? null : place(createdBy);
        if (where.isEmpty()) return creator == null ? List.of() : List.of(creator);
        List<Reporter> out = new ArrayList<>(where.size());
        for (String ref : where) {
            Reporter r = place(ref);
            if (r == null) continue;
            if (r.country() == null && creator != null && creator.country() != null) {
                r = new Reporter(r.member(), creator.country(), r.sectors());
            }
            out.add(r);
        }
        return out.isEmpty() && creator != null ? List.of(creator) : out;
    }

    /** The reporter an identity or location stands for; null for anything else. */
    Reporter place(String ref) {
        if (ref.equals(local.member())) return local;
        Optional<Reporter> known = places.getIfPresent(ref);
        if (known != null) return known.orElse(null);
        Reporter r = readPlace(ref); // outside the cache's locks
        places.put(ref, Optional.ofNullable(r));
        return r;
    }

    private Reporter readPlace(String ref) {
        if (ref.startsWith("location--")) {
            String country = store.latest(ref).map(v -> field(v.object(), "country")).orElse(null);
            return country == null ? null : new Reporter(null, country.toUpperCase(Locale.ROOT), List.of());
        }
        if (!ref.startsWith("identity--")) return null;
        Optional<StoredVersion> v = store.latest(ref);
        if (v.isEmpty()) return new Reporter(ref, null, List.of());
        JsonNode identity;
        try {
            identity = JSON.readTree(v.get().object().canonical());
        } catch (IOException e) {
            return new Reporter(ref, null, List.of());
        }
        List<String> sectors = new ArrayList<>();
        for (JsonNode s : identity.path("sectors")) if (s.isTextual()) sectors.add(s.textValue());
        String country = identity.path("x_concord_country").asText(null);
        if (country == null) {
            String location = locationOf(ref);
            if (location != null) country = store.latest(location).map(l -> field(l.object(), "country")).orElse(null);
        }
        return new Reporter(ref, country == null ? null : country.toUpperCase(Locale.ROOT), sectors);
    }

    /** The location an identity is located-at, from relationships read by an incremental scan. */
    private String locationOf(String identity) {
        synchronized (locatedAt) {
            String known = locatedAt.get(identity);
            if (known != null) return known;
            store.scan(new ScanFilter(List.of("relationship"), relationshipsSeen), v -> {
                relationshipsSeen = v.dateAdded();
                JsonNode r;
                try {
                    r = JSON.readTree(v.object().canonical());
                } catch (IOException e) {
                    return;
                }
                String source = r.path("source_ref").asText(""), target = r.path("target_ref").asText("");
                if (r.path("relationship_type").asText("").equals("located-at") && source.startsWith("identity--")
                        && target.startsWith("location--")) {
                    locatedAt.putIfAbsent(source, target);
                }
            });
            return locatedAt.get(identity);
        }
    }

    private static String field(StixObject o, String name) {
        try {
            JsonNode n = JSON.readTree(o.canonical()).get(name);
            return n == null || !n.isTextual() ? null : n.textValue();
        } catch (IOException e) {
            return null;
        }
    }
}
