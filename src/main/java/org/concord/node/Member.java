package org.concord.node;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The member organisation a node belongs to: its STIX identity, ISO 3166-1 country and industry
 * sectors (STIX 2.1 industry-sector-ov). Provenance, sighting origin and early warning use it.
 */
public record Member(String name, String country, List<String> sectors, String identityId) {

    /** STIX 2.1 §10.14 industry-sector-ov. */
    public static final Set<String> SECTORS = Set.of("agriculture", "aerospace", "automotive", "chemical",
            "commercial", "communications", "construction", "defense", "education", "energy", "entertainment",
            "financial-services", "government", "government-emergency-services", "government-local",
            "government-national", "government-public-services", "government-regional", "healthcare",
            "hospitality-leisure", "infrastructure", "infrastructure-dams", "infrastructure-nuclear",
            "infrastructure-water", "insurance", "manufacturing", "mining", "non-profit", "pharmaceuticals",
            "retail", "technology", "telecommunications", "transportation", "utilities");

    private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

    public Member {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) throw new IllegalArgumentException("member name must not be blank");
        Objects.requireNonNull(country, "country");
        if (!COUNTRIES.contains(country)) {
            throw new IllegalArgumentException("country must be an ISO 3166-1 alpha-2 code in capitals (DE, FR, EE, ...): " + country);
        }
        sectors = List.copyOf(sectors);
        for (String s : sectors) {
            if (!SECTORS.contains(s)) {
                throw new IllegalArgumentException("sector is not in the STIX industry-sector vocabulary: " + s
                        + " (one of: " + String.join(", ", SECTORS.stream().sorted().toList()) + ")");
            }
        }
        Objects.requireNonNull(identityId, "identityId");
        if (!identityId.startsWith("identity--")) throw new IllegalArgumentException("identityId must be a STIX identity id: " + identityId);
    }
}
