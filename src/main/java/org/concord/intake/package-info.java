/**
 * Bundles in and out: {@link org.concord.intake.BundleReader} (a streaming, bounded reader of STIX
 * bundles: one object at a time, with what and where for every refusal),
 * {@link org.concord.intake.Importer} (a bundle into the store in batches, each object's bytes kept
 * as its producer made them; the node's default TLP is handling beside them, never written into
 * them) and {@link org.concord.intake.Exporter} (a collection out as one bundle). Uses {@code stix}
 * and {@code store}.
 */
package org.concord.intake;
