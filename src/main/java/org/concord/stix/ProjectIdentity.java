package org.concord.stix;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The STIX identity of the Concord project: the creator of Concord's extension definitions (the
 * origin signature's, docs/integrity.md, and the early-warning alert's, docs/warning.md). One id and
 * one content on every node: every node writes it to its {@code alerts} collection with the alert
 * definitions, so the same (id, modified) is the same bytes everywhere. Never change its content
 * without a new {@code modified}.
 */
public final class ProjectIdentity {
    /** The project's identity id. */
    public static final String ID = "identity--2df29754-e424-4b35-819a-d781604ddb45";
    private static final String PUBLISHED = "2026-11-24T00:00:00.000Z";

    private ProjectIdentity() {}

    /** The identity object (a new tree each call), marked TLP:CLEAR: it may go to anyone. */
    public static ObjectNode object() {
        ObjectNode o = JsonNodeFactory.instance.objectNode()
                .put("type", "identity")
                .put("spec_version", "2.1")
                .put("id", ID)
                .put("created", PUBLISHED)
                .put("modified", PUBLISHED)
                .put("name", "Concord project")
                .put("description", "The open-source project behind Concord, the sovereign federated cyber-threat"
                        + " exchange; publisher of Concord's STIX extension definitions.")
                .put("identity_class", "organization");
        o.putArray("object_marking_refs").add(Tlp.CLEAR.markingId());
        return o;
    }
}
