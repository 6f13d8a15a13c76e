package org.concord.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;
import org.concord.stix.StixObject;
import org.concord.stix.Tlp;
import org.concord.store.CollectionInfo;

/**
 * What this node accepts from a partner, under the partner's inbound agreement: the TLP levels,
 * object types, sectors and collections it names. An accepted object is kept whole, markings
 * included (granular markings are enforced again when it leaves). Whether it may be passed on is
 * the agreement's {@code may_reshare}, which the sync layer records in the version's
 * {@link Provenance}.
 *
 * <p>A partner never sends TLP:RED, nor AMBER+STRICT outside the organisation; if it does, the
 * object is refused. An object without TLP marking is taken at the node's default level. Markings
 * other than TLP are accepted as they are: they travel with the object and restrict its egress.
 */
public final class IngressPolicy {
    private final Tlp defaultTlp;

    public IngressPolicy(Tlp defaultTlp) {
        this.defaultTlp = Objects.requireNonNull(defaultTlp, "defaultTlp");
    }

    /**
     * Whether {@code object}, sent by the partner of the inbound {@code agreement} for
     * {@code collection}, is accepted. A release carries the object unchanged.
     *
     * @throws IllegalArgumentException when {@code agreement} is not inbound
     */
    public Decision accept(ObjectNode object, CollectionInfo collection, Agreement agreement) {
        return accept(object, collection, agreement, null);
    }

    /**
     * As {@link #accept(ObjectNode, CollectionInfo, Agreement)}, for an object the partner handles at
     * {@code handling} (its {@code x_concord_handling} level, docs/federation.md) when it carries no
     * TLP marking: that level is checked instead of this node's default. Null: none given.
     */
    public Decision accept(ObjectNode object, CollectionInfo collection, Agreement agreement, Tlp handling) {
        if (agreement.direction() != Agreement.Direction.INBOUND) throw new IllegalArgumentException("not inbound: " + agreement);
        JsonNode type = object.get("type");
        if (type == null || !type.isTextual()) return new Decision.Withhold(Rule.INVALID_INPUT, "the object has no string type");
        Tlp level = handling != null ? handling : defaultTlp;
        boolean defaulted = true;
        JsonNode refs = object.get("object_marking_refs");
        if (refs != null && refs.isArray()) {
            for (JsonNode r : refs) {
                Tlp t = r.isTextual() ? Tlp.ofMarkingId(r.textValue()).orElse(null) : null;
                if (t != null && (defaulted || t.isStricterThan(level))) {
                    level = t;
                    defaulted = false;
                }
            }
        }
        if (!agreement.allows(level)) {
            String why = switch (level) {
                case RED -> "TLP:RED is never taken from a partner";
                case AMBER_STRICT -> "TLP:AMBER+STRICT is taken only from the member's own organisation";
                default -> level.label() + " is not named in the " + agreement;
            };
            return new Decision.Withhold(Rule.of(level), why + (!defaulted ? "" : handling != null
                    ? " (no TLP marking: the partner handles it at " + level.label() + ")" : " (no TLP marking: the node's default applies)"));
        }
        if (!agreement.coversType(type.textValue())) {
            return new Decision.Withhold(Rule.OBJECT_TYPE, type.textValue() + " is not in the types of the " + agreement);
        }
        if (!agreement.coversCollection(collection)) {
            return new Decision.Withhold(Rule.COLLECTION, "collection " + (collection.alias() != null ? collection.alias()
                    : collection.id()) + " is not in the collections of the " + agreement);
        }
        List<String> sectors = EgressPolicy.sectors(object);
        if (!agreement.coversSectors(sectors)) {
            return new Decision.Withhold(Rule.SECTOR, "names sectors " + sectors + ", none of which the " + agreement + " lists");
        }
        return new Decision.Release(StixObject.of(object), List.of(Rule.of(level)), List.of());
    }
}
