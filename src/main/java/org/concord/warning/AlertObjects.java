package org.concord.warning;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;
import org.concord.stix.Canonical;
import org.concord.stix.ProjectIdentity;
import org.concord.stix.StixObject;
import org.concord.stix.StixTimestamp;
import org.concord.stix.Tlp;

/**
 * Alerts as STIX objects: type {@code x-concord-alert}, a new SDO defined by the extension
 * definition {@link #EXTENSION_ID} that every node publishes (docs/warning.md gives the shape).
 *
 * <p>Every byte of an alert version is a function of what it states ({@link Content}: evidence
 * lines, indicators, confidence, TLP), so two nodes that hold the same evidence write the same
 * version, byte for byte: the author is {@link #EARLY_WARNING}, the same on every node, and
 * {@code modified} is derived from the content ({@link #modified}), not from a clock.
 */
final class AlertObjects {
    static final String TYPE = "x-concord-alert";
    /** The extension definition of x-concord-alert. Never change it. */
    static final String EXTENSION_ID = "extension-definition--35e418f5-edbf-45e5-bdd3-8c70dde87d0d";
    /**
     * The identity that authors the extension definition: the Concord project, the same identity as
     * the origin-signature extension's ({@link ProjectIdentity}). Until 1.2.0's revision of
     * 2026-12-07T12:00 it was identity--8f5cf4a0-0f0b-4e8b-9a8c-4f6c0e0c9d01, which nodes keep stored.
     */
    static final String PROJECT_IDENTITY = ProjectIdentity.ID;
    /**
     * The author of every alert: Concord's early warning, a function every node computes alike
     * (which node stored a version is provenance, kept beside it). Never change it.
     */
    static final String EARLY_WARNING = "identity--1a9d8fc0-7d51-465b-b54a-a68c454abb16";
    private static final String DEFINED = "2026-01-01T00:00:00.000Z";
    /**
     * The current version of the extension definition. 1.1.0: the window is the one the threshold
     * was reached in. 1.2.0: a version is a function of its content (author, modified, no counts or
     * times in evidence lines, confidence), and its TLP covers the indicators and observables too;
     * revised 2026-12-07T12:00: created by the one Concord project identity ({@link ProjectIdentity}).
     */
    private static final String REVISED = "2026-12-07T12:00:00.000Z";
    private static final String VERSION = "1.2.0";
    /**
     * When the early warning's identity was first published (its {@code created}, which never
     * changes); {@link #REVISED} is its {@code modified}: 2026-12-07T12:00 named the one project identity.
     */
    private static final String AUTHOR_CREATED = "2026-12-07T00:00:00.000Z";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Rule rule;
    private final Tlp defaultTlp;

    /** @param defaultTlp the level of a stored alert that carries no TLP marking */
    AlertObjects(Rule rule, Tlp defaultTlp) {
        this.rule = rule;
        this.defaultTlp = defaultTlp;
    }

    /**
     * What an alert version states, as a join-semilattice: evidence lines (a set, joined per line),
     * indicators (a set), confidence and TLP (the greater). Everything else in the object is derived
     * from it (groups, sectors, name, severity) or fixed by the alert's id (key, rule, window).
     *
     * @param evidence      sorted by {@link Evidence#ORDER}, one line per (sighting, country)
     * @param indicatorRefs sorted, distinct
     * @param confidence    0..100, or -1 when not stated (alerts of extension versions before 1.2.0)
     * @param tlp           the ordinal of the alert's TLP level
     */
    record Content(List<Evidence> evidence, List<String> indicatorRefs, int confidence, int tlp) {
        Content {
            List<Evidence> lines = new ArrayList<>(evidence.size());
            for (Evidence e : Evidence.union(evidence, List.of())) { // a line's TLP is the content's: one level per version
                tlp = Math.max(tlp, e.tlp());
                lines.add(e.tlp() == 0 ? e : new Evidence(e.sightingRef(), e.member(), e.country(), e.sectors(), 0));
            }
            evidence = List.copyOf(lines);
            indicatorRefs = List.copyOf(new TreeSet<>(indicatorRefs));
        }

        Content join(Content o) {
            List<String> refs = new ArrayList<>(indicatorRefs);
            refs.addAll(o.indicatorRefs);
            return new Content(Evidence.union(evidence, o.evidence), refs, Math.max(confidence, o.confidence), Math.max(tlp, o.tlp));
        }

        /** This content with {@code confidence} and {@code tlp} as the least. */
        Content atLeast(int confidence, int tlp) {
            return confidence <= this.confidence && tlp <= this.tlp ? this
                    : new Content(evidence, indicatorRefs, Math.max(confidence, this.confidence), Math.max(tlp, this.tlp));
        }

        /**
         * A number that grows with every join that changes the content: lines, their sectors and
         * known members, indicators, confidence and TLP level counted together.
         */
        int rank() {
            int r = indicatorRefs.size() + Math.max(0, confidence) + tlp;
            for (Evidence e : evidence) r += 1 + e.sectors().size() + (e.member() != null ? 1 : 0);
            return r;
        }
    }

    /** An alert as stored, read back. */
    record Stored(String id, String key, String ruleId, long windowStart, String modified, Content content) {}

    /** The alert id of a draft. */
    String id(Draft d) {
        return Ids.alert(d.key(), rule, Times.format(d.windowStart()));
    }

    /**
     * The content the local state gives a draft's alert: its evidence lines (members only where
     * the rule counts members), indicators, the confidence and TLP of {@code targets} (what was
     * sighted, and the indicators the alert names that this node holds) and of partners' alerts.
     */
    Content content(Draft d, Collection<Target> targets, Severity severity) {
        int tlp = d.partnerTlp();
        for (Target t : targets) tlp = Math.max(tlp, t.tlp());
        int confidence = Math.max(d.partnerConfidence(), severity.confidence(targets, d.windowStart()));
        return new Content(stated(d.evidence()), d.indicatorRefs(), confidence, tlp);
    }

    /** The lines as an alert states them: the member only where the rule counts members. */
    private List<Evidence> stated(List<Evidence> lines) {
        if (rule.groupBy() == Rule.GroupBy.MEMBER) return lines;
        List<Evidence> out = new ArrayList<>(lines.size());
        for (Evidence e : lines) out.add(e.withoutMember());
        return out;
    }

    /**
     * The alert for {@code key} in the window starting at {@code windowStart} (microseconds) that
     * states {@code c}.
     *
     * @param after the {@code modified} of the newest stored version this one follows, or null
     */
    StixObject build(String key, long windowStart, Content c, String after) {
        TreeSet<String> groups = new TreeSet<>(), sectors = new TreeSet<>();
        for (Evidence e : c.evidence()) {
            switch (rule.groupBy()) {
                case COUNTRY -> {
                    if (e.country() != null) groups.add(e.country());
                }
                case SECTOR -> groups.addAll(e.sectors());
                case MEMBER -> {
                    if (e.member() != null) groups.add(e.member());
                }
            }
            sectors.addAll(e.sectors());
        }
        int confidence = Math.max(0, c.confidence());
        Severity.Score score = Severity.of(groups.size(), rule.threshold(), sectors, confidence);
        String start = Times.format(windowStart);
        ObjectNode a = NODES.objectNode();
        a.put("type", TYPE).put("spec_version", "2.1").put("id", Ids.alert(key, rule, start))
                .put("created", start).put("modified", start).put("created_by_ref", EARLY_WARNING)
                .put("name", key + " sighted in " + groups.size() + " " + rule.plural() + " within " + rule.windowText())
                .put("key", key);
        a.putObject("rule").put("group_by", rule.groupBy().label()).put("threshold", rule.threshold())
                .put("window", rule.window().toString());
        a.put("window_start", start).put("window_end", Times.format(windowStart + rule.windowMicros()));
        groups.forEach(a.putArray("groups")::add);
        if (!sectors.isEmpty()) sectors.forEach(a.putArray("sectors")::add);
        a.put("confidence", confidence).put("severity_score", score.value()).put("severity_level", score.level());
        if (!c.indicatorRefs().isEmpty()) c.indicatorRefs().forEach(a.putArray("indicator_refs")::add);
        ArrayNode ev = a.putArray("evidence");
        for (Evidence e : c.evidence()) {
            ObjectNode line = ev.addObject().put("sighting_ref", e.sightingRef());
            if (e.member() != null) line.put("member", e.member());
            if (e.country() != null) line.put("country", e.country());
            if (!e.sectors().isEmpty()) e.sectors().forEach(line.putArray("sectors")::add);
        }
        a.putArray("object_marking_refs").add(Tlp.values()[c.tlp()].markingId());
        a.putObject("extensions").putObject(EXTENSION_ID).put("extension_type", "new-sdo");
        a.put("modified", modified(windowStart, c.rank(), Canonical.bytes(a), after));
        return StixObject.of(a);
    }

    /**
     * An alert version's {@code modified}: the window's start plus the content's rank in seconds
     * plus, in microseconds, a number from 0 to 999,999 taken from the SHA-256 of the rest of the
     * version. A join that changes the content raises its rank, so a version that holds more is
     * later; two versions holding different evidence of the same rank differ in the microseconds
     * (but for one chance in a million). When the newest stored version is not earlier (a version
     * written before extension 1.2.0, whose modified was a clock's), the new one follows it by a
     * millisecond instead, so that it is the newest.
     */
    static String modified(long windowStart, int rank, byte[] rest, String after) {
        long micros = windowStart + rank * 1_000_000L + Math.floorMod(ByteBuffer.wrap(sha256(rest)).getLong(), 1_000_000L);
        String m = StixTimestamp.formatMicros(Times.instant(micros));
        if (after != null && StixTimestamp.isValid(after) && StixTimestamp.sortKey(after).compareTo(StixTimestamp.sortKey(m)) >= 0) {
            m = StixTimestamp.formatMicros(Times.instant(Times.micros(after) / 1000 * 1000 + 1000));
        }
        return m;
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Reads an alert; null when {@code o} is not one this code can read (another shape). Members
     * in evidence lines are kept only where this node's rule counts members; an alert without a
     * TLP marking is at its handling level, else the node's default level.
     *
     * @param handling the handling level stored beside the version, or null
     */
    Stored parse(StixObject o, Tlp handling) {
        if (!o.type().equals(TYPE)) return null;
        try {
            JsonNode a = JSON.readTree(o.canonical());
            JsonNode r = a.path("rule");
            String ruleId = r.path("group_by").asText() + ":" + r.path("threshold").asInt() + ":"
                    + Duration.parse(r.path("window").asText()).toString();
            int tlp = EffectiveTlp.of(o.markingRefs(), handling, defaultTlp).ordinal();
            List<Evidence> evidence = new ArrayList<>();
            for (JsonNode line : a.path("evidence")) {
                String ref = text(line, "sighting_ref");
                if (ref == null) continue;
                List<String> sectors = new ArrayList<>();
                for (JsonNode s : line.path("sectors")) if (s.isTextual()) sectors.add(s.textValue());
                evidence.add(new Evidence(ref, text(line, "member"), text(line, "country"), sectors, tlp));
            }
            List<String> indicators = new ArrayList<>();
            for (JsonNode i : a.path("indicator_refs")) if (i.isTextual()) indicators.add(i.textValue());
            int confidence = a.path("confidence").isInt() ? Math.max(0, Math.min(100, a.path("confidence").intValue())) : -1;
            return new Stored(o.id(), a.path("key").asText(), ruleId, Times.micros(a.path("window_start").asText()), o.modified(),
                    new Content(stated(evidence), indicators, confidence, tlp));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || !v.isTextual() ? null : v.textValue();
    }

    /**
     * What every node publishes once: the Concord project's identity, the early warning's identity
     * (the author of alerts) and the extension definition of x-concord-alert (fixed content, so every
     * node's copy is the same version).
     */
    static List<StixObject> definitions() {
        ObjectNode identity = ProjectIdentity.object();
        ObjectNode author = NODES.objectNode();
        author.put("type", "identity").put("spec_version", "2.1").put("id", EARLY_WARNING).put("created_by_ref", PROJECT_IDENTITY)
                .put("created", AUTHOR_CREATED).put("modified", REVISED).put("name", "Concord early warning").put("identity_class", "system")
                .put("description", "The early warning every Concord node computes from the sightings it holds: the author of"
                        + " x-concord-alert objects. Nodes holding the same evidence write the same alert, byte for byte.");
        author.putArray("object_marking_refs").add(Tlp.CLEAR.markingId());
        ObjectNode ext = NODES.objectNode();
        ext.put("type", "extension-definition").put("spec_version", "2.1").put("id", EXTENSION_ID)
                .put("created_by_ref", PROJECT_IDENTITY).put("created", DEFINED).put("modified", REVISED)
                .put("name", "Concord early-warning alert")
                .put("description", "An early warning: one correlation key sighted by enough distinct countries, sectors or"
                        + " members within one window length. Every node derives the same id from key, rule and the"
                        + " aligned window in which the threshold was reached, and the same version from the same evidence.")
                .put("schema", SCHEMA).put("version", VERSION);
        ext.putArray("extension_types").add("new-sdo");
        ext.putArray("object_marking_refs").add(Tlp.CLEAR.markingId());
        return List.of(StixObject.of(identity), StixObject.of(author), StixObject.of(ext));
    }

    /** The definition, in plain text (STIX 2.1 §7.3 allows a URL or plain text). */
    static final String SCHEMA = """
            x-concord-alert (new SDO). Common properties: type, spec_version, id, created (= window_start), \
            modified (= window_start + the content's rank in seconds + a digest of the content in microseconds: \
            a function of the content, later for a version that states more), created_by_ref (the Concord early \
            warning identity, identity--1a9d8fc0-7d51-465b-b54a-a68c454abb16, on every node), confidence (0-100: the \
            greatest decayed confidence of the sighted indicators), object_marking_refs (the strictest TLP of the \
            sightings, of the objects sighted and of the indicators named), extensions. Specific properties: name \
            (string); key (string, the correlation key: kind:value); rule (object: group_by country|sector|member, \
            threshold integer, window ISO-8601 duration); window_start, window_end (timestamps: the window, aligned on \
            multiples of the rule window since the epoch, in which a sighting brought the groups sighted within one \
            window length before it to the threshold; evidence may lie up to one window before window_start); groups \
            (list of string, the distinct groups reached, sorted); sectors (list of string, sorted); severity_score \
            (number 0-100); severity_level (low|medium|high|critical); indicator_refs (list of indicator ids); evidence \
            (list of objects: sighting_ref, member (only when group_by is member), country (optional), sectors \
            (optional); sorted by sighting_ref, then country). id = x-concord-alert--UUIDv5(\
            a3f1f0c2-6a55-4f0e-8a0e-2f4b7f7c9d11, key + "|" + group_by + ":" + threshold + ":" + window + "|" + \
            window_start).""";
}
