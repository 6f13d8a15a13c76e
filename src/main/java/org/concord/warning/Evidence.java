package org.concord.warning;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * One line of an alert's evidence: a sighting and where it was made. Evidence from different
 * nodes joins as a semilattice, so merging is order-free and idempotent: lines are identified by
 * (sighting, country); joining two lines keeps a known member over an unknown one (the smaller id
 * when both are known), the union of sectors and the stricter TLP.
 *
 * <p>A line says nothing that changes while the sighting is still being reported (no count, no
 * times): an alert version is a function of what it states, and two nodes holding the same
 * sightings state the same thing (docs/warning.md, "Versions").
 *
 * @param sightingRef the sighting's id
 * @param member      the reporting member's identity, or null (unknown, or not stated: only alerts that
 *                    count members state them)
 * @param country     the reporter's country, or null
 * @param sectors     the reporter's sectors, sorted
 * @param tlp         the ordinal of the line's TLP level (not written out: the alert carries the strictest)
 */
record Evidence(String sightingRef, String member, String country, List<String> sectors, int tlp) {

    static final Comparator<Evidence> ORDER = Comparator.comparing(Evidence::sightingRef)
            .thenComparing(Evidence::country, Comparator.nullsFirst(Comparator.naturalOrder()));

    Evidence {
        Objects.requireNonNull(sightingRef, "sightingRef");
        sectors = List.copyOf(new TreeSet<>(sectors));
    }

    boolean sameLine(Evidence o) {
        return sightingRef.equals(o.sightingRef) && Objects.equals(country, o.country);
    }

    /** The join of two lines of the same sighting and country. */
    Evidence join(Evidence o) {
        String m = member == null ? o.member : o.member == null ? member : member.compareTo(o.member) <= 0 ? member : o.member;
        TreeSet<String> s = new TreeSet<>(sectors);
        s.addAll(o.sectors);
        return new Evidence(sightingRef, m, country, new ArrayList<>(s), Math.max(tlp, o.tlp));
    }

    /** The line without its member. */
    Evidence withoutMember() {
        return member == null ? this : new Evidence(sightingRef, null, country, sectors, tlp);
    }

    /**
     * The join of two evidence lists (each without two lines for one sighting and country), sorted
     * by {@link #ORDER}.
     */
    static List<Evidence> union(List<Evidence> a, List<Evidence> b) {
        List<Evidence> all = new ArrayList<>(a.size() + b.size());
        all.addAll(a);
        all.addAll(b);
        all.sort(ORDER);
        List<Evidence> out = new ArrayList<>(all.size());
        for (Evidence e : all) {
            if (!out.isEmpty() && out.getLast().sameLine(e)) out.set(out.size() - 1, out.getLast().join(e));
            else out.add(e);
        }
        return out;
    }
}
