/**
 * The STIX 2.1 core: {@link org.concord.stix.StixObject} (one object version, canonicalised),
 * {@link org.concord.stix.Canonical} (RFC 8785 JSON), {@link org.concord.stix.StixTimestamp},
 * and {@link org.concord.stix.StixValidator}, which checks an object against the specification —
 * everything the OASIS JSON schemas check plus the rules they cannot express — from a compact
 * per-type property table. Pattern syntax is checked through the {@link org.concord.stix.PatternCheck}
 * seam. Knows nothing of storage or HTTP.
 */
package org.concord.stix;
