package org.concord.warning;

import java.util.List;

/**
 * What a sighting is of, resolved once and cached: the correlation keys it counts for (benign ones
 * removed) and what severity weighs.
 *
 * @param ref        the sighted object's id
 * @param type       its STIX type (indicator, malware, …)
 * @param keys       its correlation keys, warninglisted ones removed; interned (shared by every cell)
 * @param listed     keys left out because a warninglist holds them
 * @param confidence the object's confidence 0..100, or -1 when it states none
 * @param validFrom  an indicator's valid_from (else created) in microseconds, or {@link Long#MIN_VALUE}
 * @param decayKind  the half-life an indicator decays with: the kind of its first observable key, or "default"
 * @param resolved   false when the object is not (yet) in the store: keys hold its object key only
 * @param tlp        the ordinal of the object's effective TLP level ({@link EffectiveTlp}): an alert whose key
 *                   or indicator_refs come from it is at least as strict; CLEAR when not resolved
 */
record Target(String ref, String type, List<String> keys, List<String> listed, int confidence, long validFrom,
              String decayKind, boolean resolved, int tlp) {
    Target {
        keys = List.copyOf(keys);
        listed = List.copyOf(listed);
    }

    boolean isIndicator() {
        return type.equals("indicator");
    }
}
