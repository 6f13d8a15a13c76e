package org.concord.policy;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.concord.stix.StixObject;
import org.concord.store.CollectionInfo;

/**
 * The edge: every object version on its way to a partner (a TAXII read, a push) passes here. Looks
 * up the partner's outbound agreement, lets the {@link EgressPolicy} decide, and writes each
 * decision to the {@link DisclosureLog} before it is acted on, so nothing leaves unrecorded (the
 * companions of a release, such as a sighting's country location, get lines of their own, under
 * the rules that made them).
 */
public final class EgressGate {
    private final EgressPolicy policy;
    private final Agreements agreements;
    private final DisclosureLog log;
    private final InstantSource clock;

    public EgressGate(EgressPolicy policy, Agreements agreements, DisclosureLog log, InstantSource clock) {
        this.policy = Objects.requireNonNull(policy, "policy");
        this.agreements = Objects.requireNonNull(agreements, "agreements");
        this.log = Objects.requireNonNull(log, "log");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** One version on its way out: the stored object, where it is stored, and where it came from. */
    public record Candidate(StixObject object, CollectionInfo collection, Provenance provenance) {
        public Candidate {
            Objects.requireNonNull(object, "object");
            Objects.requireNonNull(collection, "collection");
            Objects.requireNonNull(provenance, "provenance");
        }
    }

    /**
     * Decides for every candidate and records the decisions (one transaction), in order.
     *
     * @return one decision per candidate, in the same order
     * @throws org.concord.ConcordException STORE_FAILURE when the log cannot be written (nothing may go then)
     */
    public List<Decision> disclose(String partner, List<Candidate> candidates) {
        Agreement agreement = agreements.outbound(partner).orElse(null);
        Instant now = clock.instant();
        List<Decision> decisions = new ArrayList<>(candidates.size());
        List<Disclosure> lines = new ArrayList<>(candidates.size());
        for (Candidate c : candidates) {
            Decision d = agreement == null
                    ? new Decision.Withhold(Rule.NO_AGREEMENT, "no outbound agreement with " + partner)
                    : policy.decide(c.object(), c.collection(), agreement, c.provenance());
            decisions.add(d);
            lines.add(Disclosure.of(now, partner, c.object().id(), c.object().version(), d));
            if (d instanceof Decision.Release r) {
                for (StixObject companion : r.companions()) { // sent too: recorded too
                    lines.add(Disclosure.of(now, partner, companion.id(), companion.version(),
                            new Decision.Release(companion, r.rules().stream().filter(Rule::transforms).toList(), List.of())));
                }
            }
        }
        log.record(lines);
        return decisions;
    }

    /** {@link #disclose(String, List)} for one version. */
    public Decision disclose(String partner, Candidate candidate) {
        return disclose(partner, List.of(candidate)).get(0);
    }
}
