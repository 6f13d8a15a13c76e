package org.concord.stix;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Traffic Light Protocol 2.0 levels and their standard STIX marking-definition ids: the TLP 2.0
 * definitions published by the OASIS CTI TC (with the TLP 2.0 extension), and the TLP 1.0
 * definitions of STIX 2.1 §7.2.1.4, which map to their 2.0 counterparts (WHITE is CLEAR).
 *
 * <p>Levels are ordered from the most to the least shareable; {@link #isStricterThan} compares.
 */
public enum Tlp {
    CLEAR("TLP:CLEAR", "marking-definition--94868c89-83c2-464b-929b-a1a8aa3c8487",
            "marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9"),
    GREEN("TLP:GREEN", "marking-definition--bab4a63c-aed9-4cf5-a766-dfca5abac2bb",
            "marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da"),
    AMBER("TLP:AMBER", "marking-definition--55d920b0-5e8b-4f79-9ee9-91f868d9b421",
            "marking-definition--f88d31f6-486f-44da-b317-01333bde0b82"),
    AMBER_STRICT("TLP:AMBER+STRICT", "marking-definition--939a9414-2ddd-4d32-a0cd-375ea402b003", null),
    RED("TLP:RED", "marking-definition--e828b379-4e03-4974-9ac4-e53a884c97c1",
            "marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed");

    /** The TLP 2.0 extension definition the 2.0 marking definitions use. */
    public static final String EXTENSION_ID = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d";

    private final String label;
    private final String markingId;
    private final String legacyMarkingId;

    Tlp(String label, String markingId, String legacyMarkingId) {
        this.label = label;
        this.markingId = markingId;
        this.legacyMarkingId = legacyMarkingId;
    }

    /** "TLP:AMBER+STRICT" etc. */
    public String label() {
        return label;
    }

    /** The TLP 2.0 marking-definition id Concord writes. */
    public String markingId() {
        return markingId;
    }

    public boolean isStricterThan(Tlp other) {
        return compareTo(other) > 0;
    }

    /** The level a marking-definition id stands for (2.0 or 1.0 ids), if it is a TLP marking. */
    public static Optional<Tlp> ofMarkingId(String id) {
        for (Tlp t : values()) {
            if (t.markingId.equals(id) || id.equals(t.legacyMarkingId)) return Optional.of(t);
        }
        return Optional.empty();
    }

    /**
     * The strictest TLP level among {@code markingRefs}, or empty when none is a TLP marking.
     * (An object marked with two TLP levels is treated as the stricter one.)
     */
    public static Optional<Tlp> strictestOf(List<String> markingRefs) {
        Tlp found = null;
        for (String ref : markingRefs) {
            Tlp t = ofMarkingId(ref).orElse(null);
            if (t != null && (found == null || t.isStricterThan(found))) found = t;
        }
        return Optional.ofNullable(found);
    }

    /**
     * Parses what an operator writes: "clear", "TLP:GREEN", "amber+strict", "amber-strict",
     * "white" (TLP 1.0, read as CLEAR).
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static Tlp parse(String text) {
        String s = text.trim().toUpperCase(Locale.ROOT);
        if (s.startsWith("TLP:")) s = s.substring(4);
        return switch (s) {
            case "CLEAR", "WHITE" -> CLEAR;
            case "GREEN" -> GREEN;
            case "AMBER" -> AMBER;
            case "AMBER+STRICT", "AMBER-STRICT", "AMBER_STRICT" -> AMBER_STRICT;
            case "RED" -> RED;
            default -> throw new IllegalArgumentException(
                    "not a TLP level (clear, green, amber, amber+strict, red): " + text);
        };
    }
}
