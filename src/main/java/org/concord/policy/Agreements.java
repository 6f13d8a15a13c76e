package org.concord.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.concord.ConcordException;
import org.concord.ErrorCode;
import org.concord.node.NodeConfig;
import org.concord.stix.Tlp;

/**
 * The sharing agreements of a node: the {@code "agreements"} array of {@code node.json}, parsed
 * once and validated with messages that say what to fix. At most one agreement per partner and
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
    private static final ObjectMapper JSON = new ObjectMapper();
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
     * Reads the agreements of the node in {@code dir} from its {@code node.json}.
     *
     * @throws ConcordException INVALID_CONFIGURATION naming the file, the agreement and what to fix
     */
    public static Agreements load(Path dir) {
        Path file = dir.resolve(NodeConfig.FILE);
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new ConcordException(ErrorCode.INVALID_CONFIGURATION, file + " cannot be read as JSON: " + e.getMessage());
        }
        try {
            return parse(root.path("agreements"));
        } catch (IllegalArgumentException e) {
            throw new ConcordException(ErrorCode.INVALID_CONFIGURATION, file + ": " + e.getMessage());
        }
    }

    /**
     * Parses an {@code "agreements"} array (a missing node means none).
     *
     * @throws IllegalArgumentException naming the agreement ("agreements[1] (cert-ee, outbound)") and what to fix
     */
    public static Agreements parse(JsonNode array) {
        if (array.isMissingNode() || array.isNull()) return none();
        if (!array.isArray()) throw new IllegalArgumentException("\"agreements\" must be an array of agreements");
        List<Agreement> list = new ArrayList<>();
        for (int i = 0; i < array.size(); i++) {
            JsonNode a = array.get(i);
            String where = "agreements[" + i + "]";
            try {
                if (!a.isObject()) throw new IllegalArgumentException("must be an object");
                where += " (" + a.path("partner").asText("?") + ", " + a.path("direction").asText("?") + ")";
                list.add(agreement(a));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
        }
        return new Agreements(list);
    }

    private static Agreement agreement(JsonNode a) {
        for (Iterator<String> it = a.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                throw new IllegalArgumentException("unknown field \"" + f + "\" (known: " + String.join(", ", new TreeSet<>(FIELDS)) + ")");
            }
        }
        String partner = text(a, "partner");
        Agreement.Builder b = switch (text(a, "direction").toLowerCase(Locale.ROOT)) {
            case "outbound" -> Agreement.outbound(partner);
            case "inbound" -> {
                for (String f : OUTBOUND_ONLY) {
                    if (a.has(f)) throw new IllegalArgumentException("\"" + f + "\" applies to outbound agreements only");
                }
                yield Agreement.inbound(partner);
            }
            default -> throw new IllegalArgumentException("\"direction\" must be \"outbound\" or \"inbound\": " + a.get("direction"));
        };
        b.sameOrganisation(bool(a, "same_organisation")).mayReshare(bool(a, "may_reshare"));
        b.collections(strings(a, "collections", true).toArray(String[]::new));
        b.types(strings(a, "types", true).toArray(String[]::new));
        b.tlp(strings(a, "tlp", true).stream().map(Agreements::level).toList());
        if (a.has("sectors")) b.sectors(strings(a, "sectors", true).toArray(String[]::new));
        if (a.has("markings")) b.markings(strings(a, "markings", false).toArray(String[]::new));
        if (a.has("sightings")) b.sightings(sightings(text(a, "sightings")));
        JsonNode pii = a.get("pii");
        if (pii != null) {
            if (!pii.isObject()) throw new IllegalArgumentException("\"pii\" must be an object with \"pseudonymise\" and/or \"strip\"");
            for (Iterator<String> it = pii.fieldNames(); it.hasNext(); ) {
                String f = it.next();
                if (!f.equals("pseudonymise") && !f.equals("strip")) {
                    throw new IllegalArgumentException("unknown field \"pii." + f + "\" (known: pseudonymise, strip)");
                }
            }
            b.pseudonymise(strings(pii, "pseudonymise", false).toArray(String[]::new));
            b.strip(strings(pii, "strip", false).toArray(String[]::new));
        }
        return b.build();
    }

    private static Tlp level(String text) {
        Tlp level = Tlp.parse(text);
        if (level == Tlp.RED) {
            throw new IllegalArgumentException("tlp names " + text + ", but TLP:RED never leaves a node and is never taken"
                    + " from a partner: remove it");
        }
        return level;
    }

    private static Agreement.Sightings sightings(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "identity" -> Agreement.Sightings.IDENTITY;
            case "country" -> Agreement.Sightings.COUNTRY;
            case "counts" -> Agreement.Sightings.COUNTS;
            default -> throw new IllegalArgumentException("\"sightings\" must be \"identity\", \"country\" or \"counts\": " + text);
        };
    }

    private static String text(JsonNode a, String field) {
        JsonNode v = a.get(field);
        if (v == null || !v.isTextual() || v.textValue().isBlank()) {
            throw new IllegalArgumentException("\"" + field + "\" (a non-empty string) is required");
        }
        return v.textValue();
    }

    private static boolean bool(JsonNode a, String field) {
        JsonNode v = a.get(field);
        if (v == null) return false;
        if (!v.isBoolean()) throw new IllegalArgumentException("\"" + field + "\" must be true or false: " + v);
        return v.booleanValue();
    }

    private static List<String> strings(JsonNode a, String field, boolean required) {
        JsonNode v = a.get(field);
        if (v == null) {
            if (required) {
                throw new IllegalArgumentException("\"" + field + "\" (a list of strings; [\"*\"] for all) is required");
            }
            return List.of();
        }
        if (!v.isArray()) throw new IllegalArgumentException("\"" + field + "\" must be a list of strings: " + v);
        List<String> out = new ArrayList<>();
        for (JsonNode s : v) {
            if (!s.isTextual()) throw new IllegalArgumentException("\"" + field + "\" must be a list of strings: " + s);
            out.add(s.textValue());
        }
        return out;
    }
}
