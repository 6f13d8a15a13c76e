package org.concord.policy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.concord.config.Section;
import org.concord.stix.Tlp;

/**
 * The sharing agreements of a node: the {@code "agreements"} array of {@code node.json}, parsed
 * ({@link #parse}) when the node starts and each time the file changes ({@link AgreementsFile}), and
 * validated with messages that say what to fix and where. At most one agreement per partner and
 * direction; a partner without an outbound agreement gets nothing.
 *
 * <pre>{@code
 * "agreements": [
 *   {
 *     "partner": "cert-ee",
 *     "direction": "outbound",
 *     "collections": ["intelligence", "sightings"],
 *     "tlp": ["clear", "green", "amber"],
 *     "types": ["indicator", "malware", "sighting", "relationship", "identity"],
 *     "sectors": ["energy", "financial-services"],
 *     "sightings": "country",
 *     "pii": { "pseudonymise": ["email-addr:value", "user-account:account_login"],
 *              "strip": ["contact_information"] },
 *     "may_reshare": false
 *   },
 *   { "partner": "cert-ee", "direction": "inbound", "collections": ["intelligence"],
 *     "tlp": ["clear", "green", "amber"], "types": ["*"], "may_reshare": true }
 * ]
 * }</pre>
 *
 * <p>Fields: {@code partner} and {@code direction} ("outbound" or "inbound"), {@code collections},
 * {@code tlp} and {@code types} are required. Optional, with their restrictive defaults:
 * {@code same_organisation} (false), {@code sectors} (["*"]), {@code sightings} ("counts";
 * outbound only), {@code pii} (none; outbound only), {@code markings} (none), {@code may_reshare}
 * (false). Unknown fields are refused, so a misspelt restriction cannot silently fall away.
 */
public final class Agreements {
    /** Its member of node.json. */
    public static final String SECTION = "agreements";
    private static final Set<String> FIELDS = Set.of("partner", "direction", "same_organisation", "collections", "tlp",
            "types", "sectors", "sightings", "pii", "markings", "may_reshare", "comment");
    private static final Set<String> OUTBOUND_ONLY = Set.of("sightings", "pii");

    private final List<Agreement> all;
    private final Map<String, Agreement> outbound = new HashMap<>();
    private final Map<String, Agreement> inbound = new HashMap<>();

    /**
     * @throws IllegalArgumentException when two agreements have the same partner and direction
     */
    public Agreements(List<Agreement> agreements) {
        this.all = List.copyOf(agreements);
        for (Agreement a : all) {
            Map<String, Agreement> byPartner = a.direction() == Agreement.Direction.OUTBOUND ? outbound : inbound;
            if (byPartner.putIfAbsent(a.partner(), a) != null) {
                throw new IllegalArgumentException("two " + a + "s: keep one agreement per partner and direction");
            }
        }
    }

    /** No agreements: nothing leaves, nothing is accepted. */
    public static Agreements none() {
        return new Agreements(List.of());
    }

    /** Every agreement, in the order written. */
    public List<Agreement> all() {
        return all;
    }

    /** What this node sends {@code partner}, if anything. */
    public Optional<Agreement> outbound(String partner) {
        return Optional.ofNullable(outbound.get(partner));
    }

    /** What this node accepts from {@code partner}, if anything. */
    public Optional<Agreement> inbound(String partner) {
        return Optional.ofNullable(inbound.get(partner));
    }

    /**
     * Parses the {@code "agreements"} array of node.json (absent: none). Problems are said at the
     * agreement, labelled with its partner and direction ({@code /agreements/1 (cert-ee, outbound)}),
     * or at its value when one value is wrong.
     */
    public static Agreements parse(Section section) {
        List<Agreement> list = new ArrayList<>();
        for (Section element : section.elements()) {
            Section a = element.labelled(label(element, "partner") + ", " + label(element, "direction"));
            Agreement agreement = agreement(a);
            if (agreement != null) list.add(agreement);
        }
        return section.build(() -> new Agreements(list));
    }

    private static String label(Section a, String field) {
        String text = a.peek(field);
        return text == null || text.isBlank() ? "?" : text;
    }

    private static Agreement agreement(Section a) {
        a.known(FIELDS);
        boolean named = a.require("partner", "a non-empty string");
        boolean directed = a.require("direction", "\"outbound\" or \"inbound\"");
        String partner = a.text("partner", null);
        String direction = a.text("direction", null);
        Agreement.Direction d = null;
        if (direction != null) {
            switch (direction.toLowerCase(Locale.ROOT)) {
                case "outbound" -> d = Agreement.Direction.OUTBOUND;
                case "inbound" -> {
                    d = Agreement.Direction.INBOUND;
                    for (String f : OUTBOUND_ONLY) {
                        if (a.get(f).present()) a.problem("\"" + f + "\" applies to outbound agreements only");
                    }
                }
                default -> a.problem("\"direction\" must be \"outbound\" or \"inbound\": \"" + direction + "\"");
            }
        }
        boolean sameOrganisation = a.bool("same_organisation", false), mayReshare = a.bool("may_reshare", false);
        String what = "a list of strings; [\"*\"] for all";
        a.require("collections", what);
        a.require("types", what);
        a.require("tlp", what);
        List<String> collections = a.strings("collections"), types = a.strings("types"), sectors = a.strings("sectors");
        List<String> markings = a.strings("markings");
        List<Tlp> tlp = levels(a);
        Agreement.Sightings sightings = a.text("sightings", null, Agreements::sightings);
        Section pii = a.get("pii");
        pii.known(Set.of("pseudonymise", "strip"));
        List<String> pseudonymise = pii.strings("pseudonymise"), strip = pii.strings("strip");
        if (!named || !directed || d == null) return null;
        Agreement.Direction dir = d;
        return a.build(() -> {
            Agreement.Builder b = dir == Agreement.Direction.OUTBOUND ? Agreement.outbound(partner) : Agreement.inbound(partner);
            b.sameOrganisation(sameOrganisation).mayReshare(mayReshare);
            b.collections(collections.toArray(String[]::new));
            b.types(types.toArray(String[]::new));
            b.tlp(tlp);
            if (sectors != null) b.sectors(sectors.toArray(String[]::new));
            if (markings != null) b.markings(markings.toArray(String[]::new));
            if (sightings != null) b.sightings(sightings);
            if (pseudonymise != null) b.pseudonymise(pseudonymise.toArray(String[]::new));
            if (strip != null) b.strip(strip.toArray(String[]::new));
            return b.build();
        });
    }

    /** The levels of {@code "tlp"}: each a TLP level, and never red. */
    private static List<Tlp> levels(Section a) {
        List<String> names = a.strings("tlp");
        if (names == null) return List.of();
        Section at = a.get("tlp");
        List<Tlp> out = new ArrayList<>();
        for (String name : names) {
            try {
                Tlp level = Tlp.parse(name);
                if (level == Tlp.RED) {
                    at.problem("names " + name + ", but TLP:RED never leaves a node and is never taken from a partner: remove it");
                } else {
                    out.add(level);
                }
            } catch (IllegalArgumentException e) {
                at.problem(e.getMessage());
            }
        }
        return out;
    }

    private static Agreement.Sightings sightings(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "identity" -> Agreement.Sightings.IDENTITY;
            case "country" -> Agreement.Sightings.COUNTRY;
            case "counts" -> Agreement.Sightings.COUNTS;
            default -> throw new IllegalArgumentException("must be \"identity\", \"country\" or \"counts\": " + text);
        };
    }
}
