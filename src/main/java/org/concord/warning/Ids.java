package org.concord.warning;

import java.util.UUID;
import org.concord.stix.ObservableIds;

/**
 * The deterministic ids early warning gives (docs/warning.md): every node computes the same id for
 * the same alert, and one member's repeated sightings of one thing fold into one object.
 */
final class Ids {
    /** Namespace of alert ids: x-concord-alert--UUIDv5(ALERTS, key|rule|window_start). Never change it. */
    static final UUID ALERTS = UUID.fromString("a3f1f0c2-6a55-4f0e-8a0e-2f4b7f7c9d11");
    /** Namespace of aggregated sighting ids: sighting--UUIDv5(SIGHTINGS, reporter|target|window(first)|window(last)). */
    static final UUID SIGHTINGS = UUID.fromString("5b7e2d44-1c8f-4d2a-9b63-0e8f3a6c7d52");
    /** Namespace of the indicators `sighting add --value` writes: indicator--UUIDv5(VALUES, reporter|observable id). */
    static final UUID VALUES = UUID.fromString("c9d4e6a1-2b3f-4e5d-8f70-1a2b3c4d5e6f");

    private Ids() {}

    /** The id of the alert for {@code key} under {@code rule} in the window starting at {@code windowStart} (a STIX timestamp). */
    static String alert(String key, Rule rule, String windowStart) {
        return "x-concord-alert--" + ObservableIds.uuid5(ALERTS, key + "|" + rule.id() + "|" + windowStart);
    }

    /** The id of one reporter's aggregated sighting of {@code target} with first_seen and last_seen in the given windows. */
    static UUID sighting(String reporter, String target, String firstWindowStart, String lastWindowStart) {
        return ObservableIds.uuid5(SIGHTINGS, reporter + "|" + target + "|" + firstWindowStart + "|" + lastWindowStart);
    }

    /** The id of the indicator a reporter's sightings of an observed value point at. */
    static String valueIndicator(String reporter, String observableId) {
        return "indicator--" + ObservableIds.uuid5(VALUES, reporter + "|" + observableId);
    }

    /** The UUID of {@code type--uuid} as {hi, lo}, or null when the id is not of that type or not a UUID. */
    static long[] uuidOf(String id, String type) {
        if (id == null || !id.startsWith(type) || id.length() != type.length() + 38 || !id.startsWith("--", type.length())) {
            return null;
        }
        try {
            UUID u = UUID.fromString(id.substring(type.length() + 2));
            return new long[] {u.getMostSignificantBits(), u.getLeastSignificantBits()};
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * Whether {@code id} has the shape of a STIX identifier, {@code type--} and a UUID in its
     * canonical 8-4-4-4-12 hex form (no parsing, for hot paths).
     */
    static boolean isId(String id) {
        int sep = id.indexOf("--");
        if (sep <= 0 || id.length() != sep + 38) return false;
        for (int i = 0; i < 36; i++) {
            char c = id.charAt(sep + 2 + i);
            if (i == 8 || i == 13 || i == 18 || i == 23) {
                if (c != '-') return false;
            } else if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) { // lower-case hex, as the validator wants it
                return false;
            }
        }
        return true;
    }

    static String format(String type, long hi, long lo) {
        return type + "--" + new UUID(hi, lo);
    }
}
