/**
 * Early warning (docs/warning.md): sightings reduced to correlation keys, one key sighted by
 * enough countries, sectors or members within a window raising an alert with an id every node
 * derives alike.
 *
 * <p>{@link org.concord.warning.Correlator} follows the store's sightings and alerts collections
 * and correlates in memory ({@code Correlation}, a semilattice, so arrival order never matters);
 * {@link org.concord.warning.Sightings} takes reports and folds them into one sighting per
 * reporter, target and window; {@link org.concord.warning.Keys} normalises observed values;
 * {@link org.concord.warning.Warninglists} holds MISP's lists of known-benign values;
 * {@link org.concord.warning.PublicSuffixes} knows registrable domains;
 * {@link org.concord.warning.WarningConfig} is the {@code "warning"} section of node.json.
 * Alerts are {@code x-concord-alert} objects ({@code AlertObjects}), weighed by {@code Severity}:
 * every byte of a version is a function of what it states, so nodes holding the same evidence write
 * the same version; an alert is as strict as the sightings and objects it came from
 * ({@code EffectiveTlp}); {@link org.concord.warning.AlertMeaning} says which versions change what an
 * alert means to the people it warns (one event each).
 */
package org.concord.warning;
