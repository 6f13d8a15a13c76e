package org.concord.warning;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.concord.ConcordException;
import org.concord.ErrorCode;
import org.concord.stix.ObservableIds;
import org.concord.stix.StixObject;
import org.concord.stix.StixTimestamp;
import org.concord.stix.Tlp;

/**
 * Reporting sightings to a node: by the node's member or by an identity the node knows (a
 * constituent organisation, a sensor's owner). Reports fold into one sighting object per
 * (reporter, target, window of first_seen, window of last_seen) with a deterministic id, written
 * at most once per flush interval (count summed, first_seen min, last_seen max), so a sensor
 * reporting every hit grows the store by time, not by hits. Each report counts for correlation at
 * once; it is durable when its aggregate has been written: after the next flush (at most
 * {@code flush_seconds}), {@link #flush}, or the correlator's close.
 *
 * <p>Thread-safe.
 */
public final class Sightings {
    /** STIX 2.1 §5.7: count is at most 999,999,999. */
    public static final long MAX_COUNT = 999_999_999L;

    private final Correlator correlator;

    Sightings(Correlator correlator) {
        this.correlator = correlator;
    }

    /**
     * One report: {@code reporter} saw {@code target} {@code count} times between
     * {@code firstSeen} and {@code lastSeen}.
     *
     * @param reporter an identity id, or null for the node's member
     * @param target   what was seen: an indicator, malware, infrastructure… (an SDO id)
     * @param tlp      the report's TLP, or null for the node's default
     */
    public record Report(String reporter, String target, long count, Instant firstSeen, Instant lastSeen, Tlp tlp) {
        public Report {
            Objects.requireNonNull(target, "target");
            Objects.requireNonNull(firstSeen, "firstSeen");
            Objects.requireNonNull(lastSeen, "lastSeen");
            if (!Ids.isId(target)) {
                throw new ConcordException(ErrorCode.INVALID_ARGUMENT, "a sighting's target must be a STIX id (type--uuid, lower-case hex): " + target);
            }
            if (reporter != null && !(reporter.startsWith("identity--") && Ids.isId(reporter))) {
                throw new ConcordException(ErrorCode.INVALID_ARGUMENT, "a sighting's reporter must be an identity id: " + reporter);
            }
            if (count < 1 || count > MAX_COUNT) {
                throw new ConcordException(ErrorCode.INVALID_ARGUMENT, "count must be 1.." + MAX_COUNT + ": " + count);
            }
            if (lastSeen.isBefore(firstSeen)) {
                throw new ConcordException(ErrorCode.INVALID_ARGUMENT,
                        "last seen (" + lastSeen + ") must not be before first seen (" + firstSeen + ")");
            }
        }

        /** One hit by the node's member at {@code t}. */
        public static Report of(String target, Instant t) {
            return new Report(null, target, 1, t, t, null);
        }
    }

    /** Records one report; returns the id of the sighting it folds into. */
    public String record(Report report) {
        return correlator.record(List.of(report)).getFirst();
    }

    /** Records reports in one go (cheaper per report); returns the sighting ids, in order. */
    public List<String> record(List<Report> reports) {
        return correlator.record(List.copyOf(reports));
    }

    /**
     * Records a sighting of an observed value that no indicator names yet: the value's
     * cyber-observable (its deterministic id, STIX 2.1 §2.9) and an indicator for it (id derived
     * from the reporter and the observable, so one reporter has one such indicator per value) are
     * written to the intelligence collection when absent, then the sighting of that indicator.
     *
     * @param value    {@code TYPE:VALUE} as {@link Observed#parse} reads it
     * @param reporter an identity id, or null for the node's member
     * @return the id of the sighting it folds into
     */
    public String recordValue(String reporter, Observed value, long count, Instant firstSeen, Instant lastSeen, Tlp tlp) {
        String who = reporter == null ? correlator.creator() : reporter;
        Tlp level = tlp == null ? correlator.defaultTlp() : tlp;
        StixObject sco = value.observable(level);
        String indicatorId = Ids.valueIndicator(who, sco.id());
        Resolver resolver = correlator.resolver();
        if (!resolver.target(indicatorId).resolved()) {
            String now = StixTimestamp.formatMillis(correlator.clock().instant());
            ObjectNode ind = JsonNodeFactory.instance.objectNode();
            ind.put("type", "indicator").put("spec_version", "2.1").put("id", indicatorId).put("created", now).put("modified", now)
                    .put("created_by_ref", correlator.creator()).put("name", value.type() + " " + value.value())
                    .put("description", "An observed value reported by " + who + ".")
                    .put("pattern", value.pattern()).put("pattern_type", "stix").put("valid_from", now);
            ind.putArray("indicator_types").add("unknown");
            ind.putArray("object_marking_refs").add(level.markingId());
            correlator.store().write(correlator.intelligence(), List.of(sco, StixObject.of(ind)));
            resolver.reload(List.of(indicatorId));
        }
        return record(new Report(reporter, indicatorId, count, firstSeen, lastSeen, tlp));
    }

    /** Writes every pending aggregate now; on return the reports recorded so far are durable. */
    public void flush() {
        correlator.flushReports();
    }

    /**
     * An observed value given as {@code TYPE:VALUE}: {@code domain-name:evil.example} (or
     * {@code domain:}), {@code ipv4-addr:}/{@code ipv6-addr:}/{@code ip:}, {@code url:},
     * {@code email-addr:}/{@code email:}, {@code file:ALGO:HEX} or {@code md5:}/{@code sha1:}/
     * {@code sha256:}/{@code sha512:HEX}.
     *
     * @param type  the STIX cyber-observable type
     * @param value the value as given (for a file: ALGO:hex)
     */
    public record Observed(String type, String value) {
        /** @throws ConcordException INVALID_ARGUMENT saying what is wrong with the text */
        public static Observed parse(String text) {
            int colon = text.indexOf(':');
            if (colon <= 0 || colon == text.length() - 1) {
                throw new ConcordException(ErrorCode.INVALID_ARGUMENT, "a value is TYPE:VALUE, e.g. domain:evil.example: " + text);
            }
            String type = text.substring(0, colon).toLowerCase(Locale.ROOT), value = text.substring(colon + 1).strip();
            Observed o = switch (type) {
                case "domain", "domain-name" -> new Observed("domain-name", value);
                case "ip" -> new Observed(value.indexOf(':') >= 0 ? "ipv6-addr" : "ipv4-addr", value);
                case "ipv4-addr", "ipv6-addr", "url", "email-addr" -> new Observed(type, value);
                case "email" -> new Observed("email-addr", value);
                case "file" -> new Observed("file", value);
                case "md5", "sha1", "sha-1", "sha256", "sha-256", "sha512", "sha-512" -> new Observed("file", type + ":" + value);
                default -> throw new ConcordException(ErrorCode.INVALID_ARGUMENT, "not an observable type Concord correlates on: "
                        + type + " (domain, ip, url, email, file, md5, sha1, sha256, sha512)");
            };
            if (Keys.ofObservable(o.type, o.value) == null) {
                throw new ConcordException(ErrorCode.INVALID_ARGUMENT, "not a valid " + o.type + ": " + value);
            }
            return o;
        }

        /** The normalised value (for a file: the hex digest). */
        String normalised() {
            String key = Keys.ofObservable(type, value);
            return type.equals("file") ? key.substring(key.lastIndexOf(':') + 1) : Keys.value(key);
        }

        private String algorithm() {
            String key = Keys.ofObservable(type, value);
            return key.substring(Keys.HASH.length() + 1, key.lastIndexOf(':'));
        }

        /** The cyber-observable, with its deterministic id. */
        StixObject observable(Tlp tlp) {
            ObjectNode contributing = JsonNodeFactory.instance.objectNode();
            if (type.equals("file")) contributing.putObject("hashes").put(algorithm(), normalised());
            else contributing.put("value", normalised());
            ObjectNode sco = contributing.deepCopy();
            sco.put("type", type).put("spec_version", "2.1").put("id", ObservableIds.id(type, contributing));
            sco.putArray("object_marking_refs").add(tlp.markingId());
            return StixObject.of(sco);
        }

        /** A STIX pattern naming the value. */
        String pattern() {
            String v = normalised().replace("\\", "\\\\").replace("'", "\\'");
            return type.equals("file") ? "[file:hashes.'" + algorithm() + "' = '" + v + "']" : "[" + type + ":value = '" + v + "']";
        }
    }
}
