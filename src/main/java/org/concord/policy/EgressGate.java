package org.concord.policy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.concord.partner.Audiences;
import org.concord.stix.StixObject;
import org.concord.stix.Tlp;
import org.concord.store.CollectionInfo;
import org.concord.store.DetachedSignature;
import org.concord.store.Page;
import org.concord.store.Store;
import org.concord.store.StoredVersion;

/**
 * The edge: every object version on its way to a partner (a TAXII read, a push) passes here. Looks
 * up the partner's outbound agreement, lets the {@link EgressPolicy} decide, signs what goes
 * ({@link EgressSigner}), and writes each decision to the {@link DisclosureLog} before it is acted
 * on, so nothing leaves unrecorded (the companions of a release, such as a sighting's country
 * location, get lines of their own, under the rules that made them). A line's SHA-256 is that of
 * the object's bytes sent: its stored bytes, or the policy's altered copy.
 *
 * <p>What is signed by this node: a version originated here (its provenance starts at this
 * node), a copy the policy altered ({@link Decision.Release#altered()}), and every companion. The
 * signature goes beside the object ({@link Decision.Release#signature()}), which is sent as it is.
 * A version relayed from elsewhere that the policy left alone goes as stored, with its origin's
 * signature as received. The standard TLP marking definitions go as the built-in objects, unsigned:
 * they are the specification's objects, the same at every node.
 */
public final class EgressGate {
    private final EgressPolicy policy;
    private final Supplier<Agreements> agreements; // read at each decision: edited agreements apply at once
    private final DisclosureLog log;
    private final InstantSource clock;
    private final EgressSigner signer; // null: decides and records without signing
    private final Visibility visibility; // null: each version is decided alone (tests of the policy and audit)
    private final Audiences audiences; // what decides who may receive the cases collection; part of the terms

    /** A gate that decides and records but signs nothing (for tests of the policy and its audit). */
    public EgressGate(EgressPolicy policy, Agreements agreements, DisclosureLog log, InstantSource clock) {
        this(policy, agreements, log, clock, null);
    }

    /** The node's gate: what goes is signed by {@code signer} before it is recorded. */
    public EgressGate(EgressPolicy policy, Agreements agreements, DisclosureLog log, InstantSource clock, EgressSigner signer) {
        this(policy, () -> agreements, log, clock, signer);
        Objects.requireNonNull(agreements, "agreements");
    }

    /** The node's gate over agreements that may change while it runs ({@link AgreementsFile}). */
    public EgressGate(EgressPolicy policy, Supplier<Agreements> agreements, DisclosureLog log, InstantSource clock,
                      EgressSigner signer) {
        this(policy, agreements, log, clock, signer, null, Audiences.EVERYONE);
    }

    /**
     * The node's gate, deciding pages of a collection with the one visibility function
     * ({@link #decide(String, CollectionInfo, Page)}): newer versions and references' targets are
     * looked up in {@code store}; {@code local} is the provenance of versions originated here.
     */
    public EgressGate(EgressPolicy policy, Supplier<Agreements> agreements, DisclosureLog log, InstantSource clock,
                      EgressSigner signer, Store store, Provenance local) {
        this(policy, agreements, log, clock, signer, store, local, Audiences.EVERYONE);
    }

    /**
     * As {@link #EgressGate(EgressPolicy, Supplier, DisclosureLog, InstantSource, EgressSigner, Store, Provenance)},
     * with the audiences of the {@code cases} collection's versions ({@link Rule#NOT_IN_CASE}):
     * {@code audiences} is asked once per version of that collection and page decided.
     */
    public EgressGate(EgressPolicy policy, Supplier<Agreements> agreements, DisclosureLog log, InstantSource clock,
                      EgressSigner signer, Store store, Provenance local, Audiences audiences) {
        this(policy, agreements, log, clock, signer, new Visibility(policy, Objects.requireNonNull(store, "store"),
                Objects.requireNonNull(local, "local"), audiences), audiences);
    }

    private EgressGate(EgressPolicy policy, Supplier<Agreements> agreements, DisclosureLog log, InstantSource clock,
                       EgressSigner signer, Visibility visibility, Audiences audiences) {
        this.audiences = Objects.requireNonNull(audiences, "audiences");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.agreements = Objects.requireNonNull(agreements, "agreements");
        this.log = Objects.requireNonNull(log, "log");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.signer = signer;
        this.visibility = visibility;
    }

    /** The partner's outbound agreement, if it has one. */
    public Optional<Agreement> agreement(String partner) {
        return agreements.get().outbound(partner);
    }

    /**
     * The terms the partner's versions are decided under now: a fingerprint (hex SHA-256) of its
     * outbound agreement ({@link Agreement#fingerprint()}) and of the node's default TLP, the only
     * other setting a decision reads; null when it has no outbound agreement. When the terms
     * change, a version withheld before may go now (sync decides those again).
     */
    public String terms(String partner) {
        Agreement a = agreements.get().outbound(partner).orElse(null);
        if (a == null) return null;
        byte[] both = (a.fingerprint() + " default_tlp=" + policy.defaultTlp().label() + " audiences=" + audiences.terms(partner))
                .getBytes(StandardCharsets.UTF_8);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(both));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * One version on its way out: the stored object, where it is stored, where it came from, and
     * its handling level (null: none recorded).
     */
    public record Candidate(StixObject object, CollectionInfo collection, Provenance provenance, Tlp handling) {
        public Candidate {
            Objects.requireNonNull(object, "object");
            Objects.requireNonNull(collection, "collection");
            Objects.requireNonNull(provenance, "provenance");
        }

        /** A version without handling level. */
        public Candidate(StixObject object, CollectionInfo collection, Provenance provenance) {
            this(object, collection, provenance, null);
        }
    }

    /**
     * Decides for every candidate, each alone (no newer version or reference target looked up), and
     * records the decisions (one transaction), in order.
     *
     * @return one decision per candidate, in the same order
     * @throws org.concord.ConcordException STORE_FAILURE when the log cannot be written (nothing may go then)
     */
    public List<Decision> disclose(String partner, List<Candidate> candidates) {
        Agreement agreement = agreements.get().outbound(partner).orElse(null);
        List<Decision> decisions = new ArrayList<>(candidates.size());
        for (Candidate c : candidates) {
            decisions.add(agreement == null ? noAgreement(partner)
                    : policy.decide(c.object(), c.collection(), agreement, c.provenance(), EgressPolicy.Context.handled(c.handling())));
        }
        return disclose(partner, candidates, decisions, false);
    }

    /**
     * The decisions for a page of {@code collection} (entries in date_added order, knowing which are
     * older versions or not), by the one visibility function: the egress policy under the partner's
     * outbound agreement, a version only if the newest of its id goes too, references to withheld
     * objects removed (docs/sovereignty.md). Nothing is signed or recorded: pass what is sent to
     * {@link #disclose(String, List, List)}.
     *
     * @throws IllegalStateException when this gate was built without a store
     */
    public List<Decision> decide(String partner, CollectionInfo collection, Page page) {
        if (visibility == null) throw new IllegalStateException("this gate has no store to decide pages with");
        Agreement agreement = agreements.get().outbound(partner).orElse(null);
        if (agreement == null) return java.util.Collections.nCopies(page.items().size(), noAgreement(partner));
        return visibility.decide(agreement, collection, page.items(), page.older());
    }

    /** The candidate of a stored version of {@code collection}, as {@link #decide} saw it. */
    public Candidate candidate(StoredVersion v, CollectionInfo collection) {
        if (visibility == null) throw new IllegalStateException("this gate has no store");
        return new Candidate(v.object(), collection, visibility.provenance(v.origin()), v.handling());
    }

    /**
     * Signs what goes of {@code decisions} (one per candidate, as decided) and records every
     * decision (one transaction), before anything is sent.
     *
     * With {@code again}, the candidates are versions withheld from the partner before and decided
     * again because the terms changed ({@link #terms}), and each line of the audit log says so
     * ({@link Rule#AGREEMENT_CHANGED} after its rules).
     *
     * @return the decisions, each release with this node's signatures beside its objects where it signs them, in order
     * @throws org.concord.ConcordException STORE_FAILURE when the log cannot be written (nothing may go then)
     */
    public List<Decision> disclose(String partner, List<Candidate> candidates, List<Decision> decisions, boolean again) {
        if (decisions.size() != candidates.size()) {
            throw new IllegalArgumentException(decisions.size() + " decisions for " + candidates.size() + " candidates");
        }
        Instant now = clock.instant();
        if (signer != null) decisions = signed(candidates, decisions);
        List<Disclosure> lines = new ArrayList<>(candidates.size());
        for (int i = 0; i < candidates.size(); i++) {
            Candidate c = candidates.get(i);
            Decision d = decisions.get(i);
            lines.add(marked(Disclosure.of(now, partner, c.object().id(), c.object().version(), d), again));
            if (d instanceof Decision.Release r) {
                for (StixObject companion : r.companions()) { // sent too: recorded too
                    lines.add(marked(Disclosure.of(now, partner, companion.id(), companion.version(),
                            new Decision.Release(companion, r.rules().stream().filter(Rule::transforms).toList(), List.of())), again));
                }
            }
        }
        log.record(lines);
        return decisions;
    }

    /** The line, with {@link Rule#AGREEMENT_CHANGED} after its rules when the decision was made again. */
    private static Disclosure marked(Disclosure d, boolean again) {
        if (!again) return d;
        List<Rule> rules = new ArrayList<>(d.rules());
        rules.add(Rule.AGREEMENT_CHANGED);
        return new Disclosure(d.seq(), d.at(), d.partner(), d.objectId(), d.version(), d.released(), rules, d.reason(), d.sha256());
    }

    /**
     * Whether this gate released the version ({@code id}, {@code versionKey}) to {@code partner} as
     * stored, by the disclosure audit log ({@link DisclosureLog#releasedAsStored}): the versions a
     * partner may have inclusion proofs of.
     */
    public boolean releasedAsStored(String partner, String id, String versionKey) {
        return log.releasedAsStored(partner, id, versionKey);
    }

    private static Decision noAgreement(String partner) {
        return new Decision.Withhold(Rule.NO_AGREEMENT, "no outbound agreement with " + partner);
    }

    /**
     * The decisions with this node's signature beside every object it signs: one call to the
     * signer for the whole list. The objects are not touched.
     */
    private List<Decision> signed(List<Candidate> candidates, List<Decision> decisions) {
        List<StixObject> toSign = new ArrayList<>();
        for (int i = 0; i < decisions.size(); i++) {
            if (!(decisions.get(i) instanceof Decision.Release r)) continue;
            if (signsItself(candidates.get(i), r)) toSign.add(r.object());
            toSign.addAll(r.companions());
        }
        if (toSign.isEmpty()) return decisions;
        List<DetachedSignature> signed = signer.sign(toSign);
        if (signed.size() != toSign.size()) throw new IllegalStateException("the signer returned " + signed.size() + " of " + toSign.size());
        List<Decision> out = new ArrayList<>(decisions.size());
        int next = 0;
        for (int i = 0; i < decisions.size(); i++) {
            if (!(decisions.get(i) instanceof Decision.Release r)) {
                out.add(decisions.get(i));
                continue;
            }
            DetachedSignature own = signsItself(candidates.get(i), r) ? signed.get(next++) : null;
            List<DetachedSignature> companions = new ArrayList<>(r.companions().size());
            for (int k = 0; k < r.companions().size(); k++) companions.add(signed.get(next++));
            out.add(r.signed(own, companions));
        }
        return out;
    }

    /** Whether this node signs the released object (see the class comment). */
    private boolean signsItself(Candidate c, Decision.Release r) {
        if (r.altered()) return true;
        return c.provenance().originatedAt(policy.node()) && !r.rules().contains(Rule.TLP_DEFINITION);
    }

    /** {@link #disclose(String, List)} for one version. */
    public Decision disclose(String partner, Candidate candidate) {
        return disclose(partner, List.of(candidate)).get(0);
    }
}
