package org.concord.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.concord.stix.StixObject;
import org.concord.stix.StixTimestamp;
import org.concord.stix.Tlp;
import org.concord.warning.Sightings;

/**
 * A fictional cross-border campaign ("Amber Lantern"): a malware and the indicators one member
 * publishes for it, and the values each member then sights. Ids are derived from a tag, so a
 * benchmark can replay many campaigns with distinct keys; the demo's tag is {@code "amber-lantern"}.
 *
 * <ul>
 *   <li>{@link #phishing}: a credential-phishing domain sighted in all three countries: the alert;</li>
 *   <li>{@link #loader}: the loader's SHA-256, sighted in two countries only: below the threshold;</li>
 *   <li>{@link #resolver}: 8.8.8.8, which the campaign's malware queries, sighted everywhere but on
 *       MISP's public-dns-v4 warninglist: known benign, never alerts.</li>
 * </ul>
 */
record DemoCampaign(String tag, String domain, String sha256, StixObject malware, StixObject phishing, StixObject loader,
                    StixObject resolver, List<StixObject> relationships) {

    static final String DEMO = "amber-lantern";

    /** The campaign's objects, created by {@code publisher}'s member at {@code t}, TLP:GREEN. */
    static DemoCampaign of(String tag, String publisherIdentity, Instant t) {
        String now = StixTimestamp.formatMillis(t);
        String domain = "login-" + tag + ".grid-portal.example";
        String sha256 = sha256Hex("loader " + tag);
        StixObject malware = object(envelope("malware", tag, "malware", publisherIdentity, now)
                .put("name", "Amber Lantern loader (" + tag + ")").put("is_family", true)
                .put("description", "Fictional loader of the demo campaign " + tag + ", spread by credential phishing."));
        StixObject phishing = indicator(tag, "phishing", publisherIdentity, now, "[domain-name:value = '" + domain + "']",
                "Credential-phishing domain of " + tag, 85);
        StixObject loader = indicator(tag, "loader", publisherIdentity, now, "[file:hashes.'SHA-256' = '" + sha256 + "']",
                "Loader of " + tag, 70);
        StixObject resolver = indicator(tag, "resolver", publisherIdentity, now, "[ipv4-addr:value = '8.8.8.8']",
                "Resolver the loader of " + tag + " queries", 30);
        List<StixObject> rels = new ArrayList<>();
        for (StixObject i : List.of(phishing, loader, resolver)) {
            rels.add(object(envelope("relationship", tag, "indicates " + i.id(), publisherIdentity, now)
                    .put("relationship_type", "indicates").put("source_ref", i.id()).put("target_ref", malware.id())));
        }
        return new DemoCampaign(tag, domain, sha256, malware, phishing, loader, resolver, List.copyOf(rels));
    }

    /** Every object, for the publisher's intelligence collection. */
    List<StixObject> objects() {
        List<StixObject> all = new ArrayList<>(List.of(malware, phishing, loader, resolver));
        all.addAll(relationships);
        return all;
    }

    /** The key the alert is raised under. */
    String alertKey() {
        return "domain:" + domain;
    }

    /** One sighting of {@code indicator} by the node's member at {@code t}. */
    static Sightings.Report sighted(StixObject indicator, long count, Instant t) {
        return new Sightings.Report(null, indicator.id(), count, t, t, null);
    }

    private static StixObject indicator(String tag, String part, String by, String now, String pattern, String name, int confidence) {
        ObjectNode o = envelope("indicator", tag, part, by, now).put("name", name).put("pattern", pattern)
                .put("pattern_type", "stix").put("valid_from", now).put("confidence", confidence);
        o.putArray("indicator_types").add("malicious-activity");
        return object(o);
    }

    private static ObjectNode envelope(String type, String tag, String part, String by, String now) {
        ObjectNode o = JsonNodeFactory.instance.objectNode();
        o.put("type", type).put("spec_version", "2.1")
                .put("id", type + "--" + UUID.nameUUIDFromBytes(("concord demo " + tag + " " + part).getBytes(StandardCharsets.UTF_8)))
                .put("created", now).put("modified", now).put("created_by_ref", by);
        o.putArray("object_marking_refs").add(Tlp.GREEN.markingId());
        return o;
    }

    private static StixObject object(ObjectNode o) {
        return StixObject.of(o);
    }

    private static String sha256Hex(String text) {
        try {
            byte[] d = java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return java.util.HexFormat.of().formatHex(d);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
