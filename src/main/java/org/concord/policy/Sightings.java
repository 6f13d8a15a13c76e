package org.concord.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.concord.stix.ObservableIds;
import org.concord.stix.StixObject;
import org.concord.stix.Tlp;

/**
 * How a sighting (STIX 2.1 §5.7) discloses its reporter: whoever saw it is named by
 * {@code where_sighted_refs} and, usually, {@code created_by_ref}.
 *
 * <ul>
 *   <li>identity: the sighting as stored.</li>
 *   <li>country: {@code created_by_ref} removed, {@code where_sighted_refs} replaced by one location
 *       naming the reporter's country only. The location carries the TLP level that governs the
 *       sighting (so it never goes where the sighting could not), has a deterministic id (UUIDv5 of
 *       the country code and level) and fixed content: every node sends the same object for one
 *       country and level.</li>
 *   <li>counts: only what was sighted ({@code sighting_of_ref}), how often ({@code count}) and
 *       when ({@code first_seen}, {@code last_seen}) are kept, with the envelope and markings.</li>
 * </ul>
 */
final class Sightings {
    /** Properties a sighting keeps when disclosed as counts. */
    static final Set<String> COUNTS_KEEP = Set.of("type", "spec_version", "id", "created", "modified", "revoked",
            "sighting_of_ref", "count", "first_seen", "last_seen", "object_marking_refs", "granular_markings");
    /** The namespace of country location ids (a fixed random UUID; changing it changes every such id). */
    private static final UUID COUNTRY_NAMESPACE = UUID.fromString("5f0d4c6e-3b0a-4d53-9a57-6c1f3f0e2a91");
    private static final String FIXED_TIME = "2020-01-01T00:00:00.000Z";

    /** Early-warning alerts (docs/warning.md): their evidence names reporters as sightings do. */
    static final String ALERT_TYPE = "x-concord-alert";
    /** What an alert's evidence entry says of its reporter, by what an agreement lets go of a reporter. */
    private static final List<String> EVIDENCE_BY_COUNTRY = List.of("member"),
            EVIDENCE_BY_COUNTS = List.of("member", "country", "sectors");

    private Sightings() {}

    /**
     * Whether an alert's evidence says more of its reporters than {@code mode} lets go: the member
     * (identity) unless sightings go with identity; country and sectors too when only counts go.
     */
    static boolean evidenceReveals(ObjectNode alert, Agreement.Sightings mode) {
        if (mode == Agreement.Sightings.IDENTITY) return false;
        if (groupsAreMembers(alert)) return true;
        List<String> hidden = mode == Agreement.Sightings.COUNTRY ? EVIDENCE_BY_COUNTRY : EVIDENCE_BY_COUNTS;
        JsonNode evidence = alert.get("evidence");
        if (evidence == null || !evidence.isArray()) return false;
        for (JsonNode e : evidence) {
            for (String field : hidden) if (e.has(field)) return true;
        }
        return false;
    }

    /**
     * Removes from each evidence entry of {@code alert} what {@code mode} does not let go of its
     * reporter; the alert's key, groups, window and counts stay, so the partner still learns that the
     * threshold was reached.
     */
    static void evidence(ObjectNode alert, Agreement.Sightings mode, Pseudonymizer.Session session) {
        List<String> hidden = mode == Agreement.Sightings.COUNTRY ? EVIDENCE_BY_COUNTRY : EVIDENCE_BY_COUNTS;
        JsonNode evidence = alert.get("evidence");
        if (evidence != null && evidence.isArray()) {
            for (JsonNode e : evidence) {
                if (e instanceof ObjectNode entry) entry.remove(hidden);
            }
        }
        if (groupsAreMembers(alert) && alert.get("groups") instanceof ArrayNode groups) {
            // the members that reached the threshold: as many, each under the partner's pseudonym, sorted
            List<String> pseudonyms = new ArrayList<>();
            for (JsonNode g : groups) {
                if (g.isTextual()) pseudonyms.add(g.textValue().contains("--") ? session.id(g.textValue()) : session.value(g.textValue()));
            }
            pseudonyms.sort(null);
            groups.removeAll();
            pseudonyms.forEach(groups::add);
        }
    }

    /** Whether the alert's {@code groups} are members (its rule groups by member): identities, not countries or sectors. */
    private static boolean groupsAreMembers(ObjectNode alert) {
        return "member".equals(alert.path("rule").path("group_by").asText(null)) && alert.get("groups") instanceof ArrayNode g
                && !g.isEmpty();
    }

    /** Reduces {@code s} to counts. */
    static void counts(ObjectNode s) {
        List<List<Object>> drop = new ArrayList<>();
        s.fieldNames().forEachRemaining(n -> {
            if (!COUNTS_KEEP.contains(n)) drop.add(List.of(n));
        });
        Prune.apply(s, drop);
    }

    /**
     * Replaces the reporter of {@code s} by {@code country}; returns the location, marked
     * {@code level}, to send with it.
     */
    static StixObject country(ObjectNode s, String country, Tlp level) {
        Prune.apply(s, List.of(List.of("where_sighted_refs"), List.of("created_by_ref")));
        String locationId = locationId(country, level);
        s.putArray("where_sighted_refs").add(locationId);
        return location(country, level, locationId);
    }

    /** The id of the location standing for {@code country} at {@code level}: location--UUIDv5(namespace, "country:DE:TLP:GREEN"). */
    static String locationId(String country, Tlp level) {
        return "location--" + ObservableIds.uuid5(COUNTRY_NAMESPACE, "country:" + country + ":" + level.label());
    }

    private static StixObject location(String country, Tlp level, String id) {
        ObjectNode l = JsonNodeFactory.instance.objectNode();
        l.put("type", "location").put("spec_version", "2.1").put("id", id).put("created", FIXED_TIME)
                .put("modified", FIXED_TIME).put("name", country).put("country", country);
        l.putArray("object_marking_refs").add(level.markingId());
        return StixObject.of(l);
    }
}
