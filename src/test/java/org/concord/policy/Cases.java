package org.concord.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import org.concord.stix.Tlp;
import org.concord.store.CollectionInfo;

/**
 * Random cases for the egress properties: an object of one of a few types whose every string is a
 * unique token (so a test can tell where a released value came from), with random TLP markings
 * (2.0 and 1.0 ids, a statement marking), random granular markings on random properties (list
 * items and nested properties included), PII in known places; a random agreement and a random
 * provenance path.
 */
final class Cases {
    static final String[] NODES = {"here", "a", "b", "c", "d"};
    static final String[] PARTNERS = {"a", "b", "c", "d"};
    static final String[] TYPES = {"indicator", "malware", "identity", "sighting", "email-addr"};
    static final String[] SECTORS = {"energy", "healthcare", "financial-services"};
    /** The PII paths agreements choose from; the generator records which tokens sit under each. */
    static final String[] PII_POOL = {"contact_information", "x_personal", "x_custom.a", "email-addr:value"};
    /** Every marking id a generated object may carry, with its TLP level (null: the statement). */
    static final Map<String, Tlp> MARKINGS = new HashMap<>();

    static {
        for (Tlp t : Tlp.values()) MARKINGS.put(t.markingId(), t);
        MARKINGS.put("marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9", Tlp.CLEAR); // TLP 1.0 white
        MARKINGS.put("marking-definition--34098fce-860f-48ae-8e50-ebd3cc5e41da", Tlp.GREEN);
        MARKINGS.put("marking-definition--f88d31f6-486f-44da-b317-01333bde0b82", Tlp.AMBER);
        MARKINGS.put("marking-definition--5e57c739-391a-4eb3-b6be-7d15ca92d5ed", Tlp.RED);
        MARKINGS.put(Samples.STATEMENT, null);
    }

    static final List<String> MARKING_IDS = List.copyOf(new java.util.TreeSet<>(MARKINGS.keySet()));

    /** One case. {@code piiTokens} maps each PII_POOL path to the tokens the generator put under it. */
    record Case(ObjectNode object, CollectionInfo collection, Agreement agreement, Provenance provenance, Tlp defaultTlp,
                Map<String, Set<String>> piiTokens) {
        @Override
        public String toString() {
            return "object " + object + "\nin " + collection.alias() + "\n" + agreement + " " + agreement.tlp()
                    + " same_org=" + agreement.sameOrganisation() + " types=" + agreement.types() + " collections="
                    + agreement.collections() + " sectors=" + agreement.sectors() + " sightings=" + agreement.sightings()
                    + " pseudonymise=" + agreement.pseudonymise() + " strip=" + agreement.strip() + " markings="
                    + agreement.markings() + "\n" + provenance + "\ndefault " + defaultTlp;
        }
    }

    private final Random r;
    private int counter;
    private final Map<String, Set<String>> pii = new HashMap<>();

    private Cases(Random r) {
        this.r = r;
        for (String p : PII_POOL) pii.put(p, new HashSet<>());
    }

    static Case generate(Random random) {
        return new Cases(random).make();
    }

    /** An outcome at the partner edge that {@link #generate(Random, Aim)} makes a case reach. */
    enum Aim {
        /** Originated here, and released. */
        LOCAL,
        /** Relayed from another node, and released as it was stored (as its origin signed it). */
        RELAYED_AS_IS,
        /** Relayed from another node, and released as a copy a rule altered (a PII property stripped). */
        RELAYED_ALTERED,
        /** Relayed from another node, and withheld (TLP:RED). */
        WITHHELD_RELAYED
    }

    /**
     * A random case remade to reach {@code aim} whatever else was drawn: its object, type,
     * collection, partner and path stay random. Released cases carry one CLEAR or GREEN marking
     * (2.0 or 1.0 id) and no granular markings, under an agreement granting both levels with every
     * type, collection and sector, sightings as stored and no PII rule but, for an altered copy,
     * stripping the {@code x_personal} property the object then has. A relayed case comes from a
     * node other than the partner, over a path that avoids the partner, with leave to pass it on. A
     * withheld case is a random one, relayed so, with a TLP:RED marking added.
     */
    static Case generate(Random random, Aim aim) {
        return new Cases(random).aimed(aim);
    }

    private Case aimed(Aim aim) {
        Case c = make();
        ObjectNode o = c.object();
        String partner = c.agreement().partner();
        if (aim == Aim.WITHHELD_RELAYED) {
            ArrayNode refs = o.has("object_marking_refs") ? (ArrayNode) o.get("object_marking_refs") : o.putArray("object_marking_refs");
            String red = markingOf(Tlp.RED);
            boolean marked = false;
            for (JsonNode ref : refs) marked |= ref.asText().equals(red);
            if (!marked) refs.add(red);
            return new Case(o, c.collection(), c.agreement(), relayed(partner), c.defaultTlp(), pii);
        }
        o.remove("granular_markings");
        o.putArray("object_marking_refs").add(markingOf(r.nextBoolean() ? Tlp.CLEAR : Tlp.GREEN));
        Agreement.Builder b = Agreement.outbound(partner).sameOrganisation(r.nextBoolean()).tlp(Tlp.CLEAR, Tlp.GREEN)
                .sightings(Agreement.Sightings.IDENTITY).mayReshare(r.nextBoolean()).collections("*").types("*").sectors("*");
        if (aim == Aim.RELAYED_ALTERED) {
            o.put("x_personal", pii("x_personal"));
            b.strip("x_personal");
        }
        Provenance p = aim == Aim.LOCAL ? Provenance.local(Samples.NODE, pick(new String[] {"DE", "FR", "EE"})) : relayed(partner);
        return new Case(o, c.collection(), b.build(), p, c.defaultTlp(), pii);
    }

    /** A marking id of {@code level}: its TLP 2.0 or 1.0 id, at random. */
    private String markingOf(Tlp level) {
        List<String> ids = MARKINGS.entrySet().stream().filter(e -> e.getValue() == level).map(Map.Entry::getKey).sorted().toList();
        return ids.get(r.nextInt(ids.size()));
    }

    /** A provenance from a node other than {@code partner}, whose path avoids it, with leave to pass the version on. */
    private Provenance relayed(String partner) {
        List<String> others = new ArrayList<>(List.of("a", "b", "c", "d", "e"));
        others.remove(partner);
        String origin = others.get(r.nextInt(others.size()));
        List<String> path = new ArrayList<>(List.of(origin));
        for (String n : NODES) if (!n.equals(origin) && !n.equals("here") && !n.equals(partner) && r.nextInt(8) == 0) path.add(n);
        String country = r.nextInt(6) == 0 ? null : pick(new String[] {"DE", "FR", "EE"});
        return new Provenance(origin, country, path, true);
    }

    private Case make() {
        String type = pick(TYPES);
        ObjectNode o = object(type);
        objectMarkings(o);
        granularMarkings(o);
        CollectionInfo collection = r.nextBoolean() ? Samples.INTELLIGENCE : Samples.SIGHTINGS;
        Tlp defaultTlp = r.nextInt(6) == 0 ? pick(Tlp.values()) : pick(new Tlp[] {Tlp.CLEAR, Tlp.GREEN, Tlp.AMBER});
        return new Case(o, collection, agreement(), provenance(), defaultTlp, pii);
    }

    private String token() {
        return String.format("tk%06dz", counter++);
    }

    private <T> T pick(T[] values) {
        return values[r.nextInt(values.length)];
    }

    private String uuid(String type) {
        return type + "--" + new UUID(r.nextLong(), r.nextLong()).toString().replaceFirst("^(.{14}).", "$14")
                .replaceFirst("^(.{19}).", "$1a");
    }

    private ObjectNode object(String type) {
        ObjectNode o = Samples.JSON.createObjectNode().put("type", type).put("spec_version", "2.1").put("id", uuid(type));
        boolean sdo = !type.equals("email-addr");
        if (sdo) o.put("created", "2024-03-01T10:00:00.000Z").put("modified", "2024-03-0" + (1 + r.nextInt(8)) + "T11:30:00.123Z");
        switch (type) {
            case "indicator" -> o.put("pattern", "[ipv4-addr:value = '198.51.100.1']").put("pattern_type", "stix")
                    .put("valid_from", "2024-03-01T10:00:00.000Z");
            case "malware" -> o.put("is_family", false);
            case "identity" -> {
                o.put("name", token()).put("identity_class", "organization");
                if (r.nextBoolean()) o.put("contact_information", pii("contact_information"));
                if (r.nextBoolean()) sectors(o.putArray("sectors"));
            }
            case "sighting" -> {
                String reporter = uuid("identity");
                o.put("sighting_of_ref", uuid("indicator")).put("created_by_ref", reporter).put("count", r.nextInt(100));
                o.putArray("where_sighted_refs").add(reporter);
                if (r.nextBoolean()) o.put("first_seen", "2024-02-01T00:00:00Z").put("last_seen", "2024-02-02T00:00:00Z");
            }
            case "email-addr" -> o.put("value", pii("email-addr:value") + "@example.org");
            default -> throw new IllegalStateException(type);
        }
        if (sdo) sdoExtras(o);
        if (r.nextInt(3) == 0) o.put("x_personal", pii("x_personal"));
        if (r.nextBoolean()) {
            ObjectNode custom = o.putObject("x_custom");
            custom.put("a", pii("x_custom.a"));
            ArrayNode b = custom.putArray("b");
            for (int i = r.nextInt(3) + 1; i > 0; i--) b.add(token());
            ObjectNode c = custom.putObject("c").put("d", token());
            if (r.nextBoolean()) c.put("x_personal", pii("x_personal"));
        }
        if (r.nextInt(4) == 0) sectors(o.putArray("x_concord_sectors"));
        return o;
    }

    private void sdoExtras(ObjectNode o) {
        if (r.nextBoolean()) o.put("description", token());
        if (!o.has("name") && r.nextBoolean()) o.put("name", token());
        if (r.nextBoolean()) {
            ArrayNode labels = o.putArray("labels");
            for (int i = r.nextInt(4) + 1; i > 0; i--) labels.add(token());
        }
        if (r.nextBoolean()) {
            ArrayNode refs = o.putArray("external_references");
            for (int i = r.nextInt(3) + 1; i > 0; i--) {
                ObjectNode ref = refs.addObject().put("source_name", token()).put("external_id", token());
                if (r.nextBoolean()) ref.put("url", "https://example.com/" + token());
            }
        }
    }

    private String pii(String path) {
        String t = token();
        pii.get(path).add(t);
        return t;
    }

    private void sectors(ArrayNode into) {
        Set<String> s = new LinkedHashSet<>();
        for (int i = r.nextInt(2) + 1; i > 0; i--) s.add(pick(SECTORS));
        s.forEach(into::add);
    }

    private void objectMarkings(ObjectNode o) {
        int roll = r.nextInt(20);
        int n = roll < 5 ? 0 : roll < 17 ? 1 : 2; // 0: no marking, the default applies
        if (n == 0) return;
        Set<String> refs = new LinkedHashSet<>();
        for (int i = 0; i < n; i++) refs.add(marking());
        refs.forEach(o.putArray("object_marking_refs")::add);
    }

    /** A marking id: mostly shareable levels (2.0 or 1.0 ids), sometimes RED or AMBER+STRICT, now and then the statement. */
    private String marking() {
        int roll = r.nextInt(20);
        Tlp level = roll < 5 ? Tlp.CLEAR : roll < 10 ? Tlp.GREEN : roll < 14 ? Tlp.AMBER : roll < 16 ? Tlp.AMBER_STRICT
                : roll < 18 ? Tlp.RED : null;
        return level == null ? Samples.STATEMENT : markingOf(level);
    }

    /** Every selector the object offers: each property, list item and nested property. */
    static List<String> selectors(JsonNode node, String prefix, List<String> into) {
        if (node.isObject()) {
            node.fieldNames().forEachRemaining(name -> {
                if (prefix.isEmpty() && name.equals("granular_markings")) return;
                String p = prefix.isEmpty() ? name : prefix + "." + name;
                into.add(p);
                selectors(node.get(name), p, into);
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                String p = prefix + ".[" + i + "]";
                into.add(p);
                selectors(node.get(i), p, into);
            }
        }
        return into;
    }

    private void granularMarkings(ObjectNode o) {
        int n = r.nextInt(5);
        if (n == 0) return;
        List<String> all = selectors(o, "", new ArrayList<>());
        ArrayNode markings = o.putArray("granular_markings");
        for (int i = 0; i < n; i++) {
            ObjectNode m = markings.addObject();
            ArrayNode sel = m.putArray("selectors");
            Set<String> chosen = new LinkedHashSet<>();
            for (int k = r.nextInt(3) + 1; k > 0; k--) {
                // mostly content; now and then the envelope, to exercise withholding
                String s = all.get(r.nextInt(all.size()));
                if (Markings.ESSENTIAL.contains(s.split("\\.")[0]) && r.nextInt(4) != 0) continue;
                chosen.add(s);
            }
            if (chosen.isEmpty()) chosen.add(all.get(all.size() - 1));
            chosen.forEach(sel::add);
            if (r.nextInt(8) == 0) m.put("lang", "de");
            else m.put("marking_ref", marking());
        }
    }

    private Agreement agreement() {
        String partner = pick(PARTNERS);
        boolean sameOrg = r.nextInt(3) == 0;
        List<Tlp> levels = new ArrayList<>();
        for (Tlp t : List.of(Tlp.CLEAR, Tlp.GREEN, Tlp.AMBER)) if (r.nextInt(4) != 0) levels.add(t);
        if (sameOrg && r.nextBoolean()) levels.add(Tlp.AMBER_STRICT);
        if (levels.isEmpty()) levels.add(Tlp.CLEAR);
        Agreement.Builder b = Agreement.outbound(partner).sameOrganisation(sameOrg).tlp(levels)
                .sightings(pick(Agreement.Sightings.values())).mayReshare(r.nextBoolean());
        b.collections(r.nextInt(5) == 0 ? new String[] {"intelligence"} : new String[] {"*"});
        b.types(r.nextInt(5) == 0 ? subset(TYPES) : new String[] {"*"});
        b.sectors(r.nextInt(5) == 0 ? subset(SECTORS) : new String[] {"*"});
        if (r.nextInt(3) == 0) b.markings(Samples.STATEMENT);
        for (String p : PII_POOL) {
            switch (r.nextInt(4)) {
                case 0 -> b.pseudonymise(p);
                case 1 -> b.strip(p);
                default -> { }
            }
        }
        return b.build();
    }

    private String[] subset(String[] values) {
        List<String> out = new ArrayList<>();
        for (String v : values) if (r.nextBoolean()) out.add(v);
        if (out.isEmpty()) out.add(pick(values));
        return out.toArray(String[]::new);
    }

    private Provenance provenance() {
        String origin = r.nextBoolean() ? "here" : pick(new String[] {"a", "b", "c", "d", "e"});
        List<String> path = new ArrayList<>(List.of(origin));
        for (String n : NODES) if (!n.equals(origin) && !n.equals("here") && r.nextInt(8) == 0) path.add(n);
        String country = r.nextInt(6) == 0 ? null : pick(new String[] {"DE", "FR", "EE"});
        return new Provenance(origin, country, path, r.nextInt(4) != 0);
    }
}
