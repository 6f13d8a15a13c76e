package org.concord.federation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Objects;
import org.concord.stix.Tlp;

/**
 * One entry of the {@code x_concord_handling} envelope member (docs/federation.md, wire
 * additions): the TLP level the sender handles a version at that carries no TLP marking of its
 * own (its handling level, or the sender's default). The version's bytes stay the producer's; the
 * level travels beside them, and a Concord receiver records it as the version's handling level.
 *
 * <pre>{"id": "indicator--…", "version": "2026-01-02T03:04:05.000Z", "tlp": "amber"}</pre>
 *
 * @param version the object's {@code modified}, else {@code created}, else ""
 */
public record HandlingClaim(String id, String version, Tlp tlp) {
    /** The envelope member's name. */
    public static final String MEMBER = org.concord.partner.PartnerInbox.HANDLING_MEMBER;

    public HandlingClaim {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(tlp, "tlp");
    }

    /** The level as written on the wire: {@code clear}, {@code green}, {@code amber}, {@code amber+strict}, {@code red}. */
    public static String wire(Tlp tlp) {
        return tlp.label().substring(4).toLowerCase(Locale.ROOT);
    }

    /** This entry as JSON. */
    public ObjectNode toJson() {
        return JsonNodeFactory.instance.objectNode().put("id", id).put("version", version).put("tlp", wire(tlp));
    }

    /** The entries of an {@code x_concord_handling} member by (id, version). */
    public static EnvelopeClaims<Tlp> parse(JsonNode member) {
        return EnvelopeClaims.parse(member, MEMBER, e -> {
            try {
                if (e.path("tlp").isTextual()) return Tlp.parse(e.get("tlp").textValue());
            } catch (IllegalArgumentException ex) {
                // said below
            }
            throw new IllegalArgumentException("tlp must be clear, green, amber, amber+strict or red");
        });
    }
}
