package org.concord.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.concord.node.Member;
import org.concord.stix.Tlp;
import org.concord.store.CollectionInfo;

/**
 * What may pass between this node and one partner in one direction: {@link Direction#OUTBOUND}
 * says what this node sends the partner (or lets it read), {@link Direction#INBOUND} what this node
 * accepts from it. Written by a person in {@code node.json} (see {@link Agreements}); everything
 * not granted is refused.
 *
 * @param partner          the partner's name (as pinned with {@code concord peer add})
 * @param direction        outbound or inbound
 * @param sameOrganisation whether the partner belongs to the member's own organisation (the only
 *                         partners TLP:AMBER+STRICT may go to)
 * @param collections      collection aliases or ids, or {@code "*"} for all
 * @param tlp              the TLP levels that may pass. RED never does and cannot be named;
 *                         AMBER+STRICT only with {@code sameOrganisation}; AMBER only when named
 * @param types            STIX types that may pass, or {@code "*"} for all
 * @param sectors          industry sectors (STIX industry-sector-ov), or {@code "*"} for all. An
 *                         object passes when it names no sector, or when a sector it names is
 *                         listed. An object names sectors by its {@code sectors} property (identity)
 *                         and by {@code x_concord_sectors} (any object, the sectors it targets or
 *                         concerns).
 * @param sightings        how outbound sightings disclose who saw them
 * @param pseudonymise     PII replaced by a keyed pseudonym, the same for one value and partner
 * @param strip            PII removed
 * @param markings         marking-definition ids other than TLP (statements, copyright) that may go
 *                         with objects; an object or property bearing any other non-TLP marking is
 *                         withheld or removed
 * @param mayReshare       outbound: whether the partner may pass what it gets on; inbound: whether
 *                         this node may pass on what it gets from the partner
 */
public record Agreement(String partner, Direction direction, boolean sameOrganisation, Set<String> collections,
                        Set<Tlp> tlp, Set<String> types, Set<String> sectors, Sightings sightings,
                        List<PiiPath> pseudonymise, List<PiiPath> strip, Set<String> markings, boolean mayReshare) {

    /** The wildcard of {@code collections}, {@code types} and {@code sectors}. */
    public static final String ANY = "*";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Which way the agreement governs. */
    public enum Direction { OUTBOUND, INBOUND }

    /** How a sighting sent to the partner discloses who reported it. */
    public enum Sightings {
        /** As stored: {@code where_sighted_refs} and {@code created_by_ref} name the reporter. */
        IDENTITY,
        /** The reporter is replaced by a location naming only its country. */
        COUNTRY,
        /** Only what was sighted, how many times and when. */
        COUNTS
    }

    public Agreement {
        Objects.requireNonNull(partner, "partner");
        if (!partner.matches("[a-z0-9][a-z0-9._-]{0,62}")) {
            throw new IllegalArgumentException("partner must be a node name (1-63 lower-case letters, digits, '.', '_' or '-'): " + partner);
        }
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(sightings, "sightings");
        collections = names(collections, "collections");
        types = names(types, "types");
        sectors = names(sectors, "sectors");
        for (String s : sectors) {
            if (!s.equals(ANY) && !Member.SECTORS.contains(s)) {
                throw new IllegalArgumentException("sectors: not in the STIX industry-sector vocabulary: " + s
                        + " (one of: " + String.join(", ", Member.SECTORS.stream().sorted().toList()) + ", or \"*\")");
            }
        }
        tlp = tlp.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(tlp));
        if (tlp.isEmpty()) throw new IllegalArgumentException("tlp must name at least one level (clear, green, amber, amber+strict)");
        if (tlp.contains(Tlp.RED)) {
            throw new IllegalArgumentException("tlp names red, but TLP:RED never leaves a node and is never taken from a"
                    + " partner: remove \"red\"");
        }
        if (tlp.contains(Tlp.AMBER_STRICT) && !sameOrganisation) {
            throw new IllegalArgumentException("tlp names amber+strict, which goes only to the member's own organisation:"
                    + " set \"same_organisation\": true if " + partner + " is part of it, or remove \"amber+strict\"");
        }
        pseudonymise = List.copyOf(pseudonymise);
        strip = List.copyOf(strip);
        if (direction == Direction.INBOUND && (!pseudonymise.isEmpty() || !strip.isEmpty())) {
            throw new IllegalArgumentException("pii applies to outbound agreements only");
        }
        markings = Set.copyOf(markings);
        for (String m : markings) {
            if (!m.matches("marking-definition--[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")) {
                throw new IllegalArgumentException("markings: not a marking-definition id: " + m);
            }
            if (Tlp.ofMarkingId(m).isPresent()) {
                throw new IllegalArgumentException("markings: " + m + " is " + Tlp.ofMarkingId(m).get().label()
                        + "; TLP levels are granted by \"tlp\", not \"markings\"");
            }
        }
    }

    private static Set<String> names(Collection<String> values, String field) {
        Objects.requireNonNull(values, field);
        if (values.isEmpty()) throw new IllegalArgumentException(field + " must not be empty (write [\"*\"] for all)");
        for (String v : values) {
            if (v == null || v.isBlank()) throw new IllegalArgumentException(field + " has an empty entry");
        }
        if (values.contains(ANY) && values.size() > 1) {
            throw new IllegalArgumentException(field + ": \"*\" already means all; list names or \"*\", not both");
        }
        return Set.copyOf(values);
    }

    /** An outbound agreement with {@code partner}, granting nothing yet (see {@link Builder}). */
    public static Builder outbound(String partner) {
        return new Builder(partner, Direction.OUTBOUND);
    }

    /** An inbound agreement with {@code partner}, accepting nothing yet. */
    public static Builder inbound(String partner) {
        return new Builder(partner, Direction.INBOUND);
    }

    /** Whether the agreement covers {@code collection} (by id or alias). */
    public boolean coversCollection(CollectionInfo collection) {
        return collections.contains(ANY) || collections.contains(collection.id())
                || collection.alias() != null && collections.contains(collection.alias());
    }

    /** Whether objects of {@code type} may pass. */
    public boolean coversType(String type) {
        return types.contains(ANY) || types.contains(type);
    }

    /** Whether an object naming {@code objectSectors} may pass (it names none, or one listed). */
    public boolean coversSectors(Collection<String> objectSectors) {
        if (sectors.contains(ANY) || objectSectors.isEmpty()) return true;
        for (String s : objectSectors) if (sectors.contains(s)) return true;
        return false;
    }

    /**
     * Whether content marked {@code level} may pass: never RED; AMBER+STRICT only within the
     * organisation; otherwise when {@link #tlp} names the level.
     */
    public boolean allows(Tlp level) {
        if (level == Tlp.RED) return false;
        if (level == Tlp.AMBER_STRICT && !sameOrganisation) return false;
        return tlp.contains(level);
    }

    /**
     * A fingerprint of what the agreement grants: the hex SHA-256 of its fields in a fixed order,
     * sets sorted (the {@code comment} of node.json is not part of it). Agreements with the same
     * fingerprint decide alike; sync keeps it to tell when an agreement changed.
     */
    public String fingerprint() {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("partner", partner);
        f.put("direction", direction.name());
        f.put("same_organisation", sameOrganisation);
        f.put("collections", new TreeSet<>(collections));
        f.put("tlp", new TreeSet<>(tlp.stream().map(Tlp::label).toList()));
        f.put("types", new TreeSet<>(types));
        f.put("sectors", new TreeSet<>(sectors));
        f.put("sightings", sightings.name());
        f.put("pseudonymise", pseudonymise.stream().map(PiiPath::text).toList());
        f.put("strip", strip.stream().map(PiiPath::text).toList());
        f.put("markings", new TreeSet<>(markings));
        f.put("may_reshare", mayReshare);
        try {
            byte[] json = JSON.writeValueAsBytes(f);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot fingerprint " + this, e);
        }
    }

    /** Whether the agreement names any PII. */
    public boolean hasPii() {
        return !pseudonymise.isEmpty() || !strip.isEmpty();
    }

    @Override
    public String toString() {
        return direction.name().toLowerCase(java.util.Locale.ROOT) + " agreement with " + partner;
    }

    /**
     * Builds an agreement from restrictive defaults: no collection, no type, TLP:CLEAR only, every
     * sector, sightings as counts, no PII rule, no other marking, no re-sharing.
     */
    public static final class Builder {
        private final String partner;
        private final Direction direction;
        private boolean sameOrganisation;
        private Set<String> collections = Set.of();
        private Set<Tlp> tlp = EnumSet.of(Tlp.CLEAR);
        private Set<String> types = Set.of();
        private Set<String> sectors = Set.of(ANY);
        private Sightings sightings = Sightings.COUNTS;
        private final List<PiiPath> pseudonymise = new ArrayList<>();
        private final List<PiiPath> strip = new ArrayList<>();
        private Set<String> markings = Set.of();
        private boolean mayReshare;

        private Builder(String partner, Direction direction) {
            this.partner = partner;
            this.direction = direction;
        }

        /** Whether the partner is part of the member's own organisation. */
        public Builder sameOrganisation(boolean value) {
            sameOrganisation = value;
            return this;
        }

        /** Collection aliases or ids, or {@code "*"}. */
        public Builder collections(String... values) {
            collections = new LinkedHashSet<>(List.of(values));
            return this;
        }

        /** The TLP levels that may pass. */
        public Builder tlp(Tlp... levels) {
            tlp = levels.length == 0 ? Set.of() : EnumSet.copyOf(List.of(levels));
            return this;
        }

        /** The TLP levels that may pass. */
        public Builder tlp(Collection<Tlp> levels) {
            tlp = levels.isEmpty() ? Set.of() : EnumSet.copyOf(levels);
            return this;
        }

        /** STIX types, or {@code "*"}. */
        public Builder types(String... values) {
            types = new LinkedHashSet<>(List.of(values));
            return this;
        }

        /** Industry sectors, or {@code "*"}. */
        public Builder sectors(String... values) {
            sectors = new LinkedHashSet<>(List.of(values));
            return this;
        }

        /** How sightings disclose their reporter. */
        public Builder sightings(Sightings value) {
            sightings = value;
            return this;
        }

        /** Adds PII paths to pseudonymise ({@link PiiPath#parse}). */
        public Builder pseudonymise(String... paths) {
            for (String p : paths) pseudonymise.add(PiiPath.parse(p));
            return this;
        }

        /** Adds PII paths to strip ({@link PiiPath#parse}). */
        public Builder strip(String... paths) {
            for (String p : paths) strip.add(PiiPath.parse(p));
            return this;
        }

        /** Marking-definition ids other than TLP that may go. */
        public Builder markings(String... ids) {
            markings = Set.of(ids);
            return this;
        }

        /** Whether what passes may be passed on. */
        public Builder mayReshare(boolean value) {
            mayReshare = value;
            return this;
        }

        /** @throws IllegalArgumentException saying what to fix */
        public Agreement build() {
            return new Agreement(partner, direction, sameOrganisation, collections, tlp, types, sectors, sightings,
                    pseudonymise, strip, markings, mayReshare);
        }
    }
}
