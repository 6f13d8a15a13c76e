package org.concord.warning;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import org.concord.stix.StixObject;
import org.concord.stix.Tlp;

/**
 * What an alert version means to the people it warns (docs/warning.md, "Fan-out"): which groups
 * reached the threshold (countries, sectors or members), which sectors were hit, how severe it is
 * (its level, not its score) and who may know (its TLP level). Evidence lines, indicators and the
 * score may change without the meaning changing; an analyst gets one event per change of meaning.
 *
 * <p>Meanings are ordered (sets by inclusion, levels by rank) and join; a version changes the
 * meaning of what a node held of an alert before it when it covers all of it and is more:
 * {@link #changes}. A partner's version that says less than this node's view (or something else)
 * is stored and served, but is no event.
 *
 * @param groups  the {@code groups} of the version
 * @param sectors its {@code sectors}
 * @param level   the rank of its {@code severity_level} (low 0 … critical 3), -1 when it states none
 * @param tlp     the ordinal of its strictest TLP marking, -1 when it carries none
 */
public record AlertMeaning(Set<String> groups, Set<String> sectors, int level, int tlp) {
    /** What nothing means: every version covers it. */
    public static final AlertMeaning NONE = new AlertMeaning(Set.of(), Set.of(), -1, -1);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> LEVELS = List.of("low", "medium", "high", "critical");

    public AlertMeaning {
        groups = Set.copyOf(groups);
        sectors = Set.copyOf(sectors);
    }

    /** Reads an alert version leniently (alerts come from partners too): what it lacks reads as absent. */
    public static AlertMeaning of(StixObject alert) {
        JsonNode a;
        try {
            a = JSON.readTree(alert.canonical());
        } catch (IOException e) {
            return NONE;
        }
        Set<String> groups = new TreeSet<>(), sectors = new TreeSet<>();
        for (JsonNode g : a.path("groups")) if (g.isTextual()) groups.add(g.textValue());
        for (JsonNode s : a.path("sectors")) if (s.isTextual()) sectors.add(s.textValue());
        JsonNode level = a.get("severity_level");
        int rank = level != null && level.isTextual() ? LEVELS.indexOf(level.textValue().toLowerCase(Locale.ROOT)) : -1;
        int tlp = Tlp.strictestOf(alert.markingRefs()).map(Enum::ordinal).orElse(-1);
        return new AlertMeaning(groups, sectors, rank, tlp);
    }

    /** The least meaning covering both. */
    public AlertMeaning join(AlertMeaning o) {
        Set<String> g = new TreeSet<>(groups), s = new TreeSet<>(sectors);
        g.addAll(o.groups);
        s.addAll(o.sectors);
        return new AlertMeaning(g, s, Math.max(level, o.level), Math.max(tlp, o.tlp));
    }

    /** Whether this meaning says at least all that {@code o} says. */
    public boolean covers(AlertMeaning o) {
        return groups.containsAll(o.groups) && sectors.containsAll(o.sectors) && level >= o.level && tlp >= o.tlp;
    }

    /**
     * Whether a version meaning this changes the meaning of {@code before} (the join of what was
     * held before it): it covers it and says more. The first version of an alert always does.
     */
    public boolean changes(AlertMeaning before) {
        return covers(before) && !equals(before);
    }
}
