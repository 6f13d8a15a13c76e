package org.concord.stix;

import org.concord.stix.Props.Shape;

/**
 * One row of the type table: a STIX type, which family it belongs to (which decides the common
 * properties and rules) and its shape.
 */
record TypeDef(String type, Family family, Shape shape) {

    /** The families whose common properties differ. */
    enum Family {
        /** SDOs, SROs, language content, extension definitions: §3.2 common properties. */
        DOMAIN,
        /** Marking definitions (§7.2.1): created but never modified. */
        MARKING,
        /** SCOs (§6.1): no created/modified. */
        OBSERVABLE
    }
}
