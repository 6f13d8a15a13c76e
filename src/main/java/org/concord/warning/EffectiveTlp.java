package org.concord.warning;

import java.util.List;
import org.concord.stix.Tlp;

/**
 * The TLP level early warning gives what it derives alerts from (docs/sovereignty.md, "Effective
 * TLP"): the strictest TLP marking of the version — object-level or granular, since a key derived
 * from a pattern under a granular marking is as restricted as the pattern — else the handling
 * level recorded beside it, else the node's {@code default_tlp}. The one place early warning
 * decides it: sightings, the objects they are of (indicators, observables), and so every alert.
 */
final class EffectiveTlp {
    private EffectiveTlp() {}

    /**
     * @param markingRefs the version's marking references (object_marking_refs and granular marking_refs)
     * @param handling    the handling level stored beside an unmarked version, or null when none is
     *                    recorded ({@code StoredVersion.handling()})
     * @param nodeDefault the node's default_tlp
     */
    static Tlp of(List<String> markingRefs, Tlp handling, Tlp nodeDefault) {
        return Tlp.strictestOf(markingRefs).orElse(handling != null ? handling : nodeDefault);
    }
}
