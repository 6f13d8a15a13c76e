package org.concord.policy;

import java.util.List;
import java.util.Objects;
import org.concord.stix.StixObject;
import org.concord.store.DetachedSignature;

/** What the policy decided for one object and one partner: release it (perhaps filtered) or withhold it. */
public sealed interface Decision {

    /** Whether the object goes. */
    boolean released();

    /**
     * The object goes, as {@code object}.
     *
     * @param object     what is sent, in canonical form: the stored version itself when no rule
     *                   transformed it, otherwise a filtered copy (same id and version) that is
     *                   valid STIX 2.1
     * @param rules      the rules that let it go, then every transformation applied, in order
     * @param companions objects that must go with it for it to make sense (the country location a
     *                   sighting disclosed by country refers to); deterministic, so sending them
     *                   again is harmless
     * @param signature  this node's signature of {@code object}, to go beside it, when the gate
     *                   signed it ({@link EgressGate}: originated here, or altered); null otherwise
     *                   (the policy decides unsigned; a relayed version goes with its origin's)
     * @param companionSignatures this node's signatures of the companions, in order, when the gate
     *                   signed them; empty otherwise
     */
    record Release(StixObject object, List<Rule> rules, List<StixObject> companions, DetachedSignature signature,
                   List<DetachedSignature> companionSignatures) implements Decision {
        public Release {
            Objects.requireNonNull(object, "object");
            rules = List.copyOf(rules);
            companions = List.copyOf(companions);
            companionSignatures = List.copyOf(companionSignatures);
            if (!companionSignatures.isEmpty() && companionSignatures.size() != companions.size()) {
                throw new IllegalArgumentException(companionSignatures.size() + " signatures for " + companions.size() + " companions");
            }
        }

        /** A release as the policy decides it: nothing signed yet. */
        public Release(StixObject object, List<Rule> rules, List<StixObject> companions) {
            this(object, rules, companions, null, List.of());
        }

        /** This release with the signatures the gate made ({@code signature} null: the object goes without one of this node's). */
        public Release signed(DetachedSignature signature, List<DetachedSignature> companionSignatures) {
            return new Release(object, rules, companions, signature, companionSignatures);
        }

        @Override
        public boolean released() {
            return true;
        }

        /** Whether the object sent differs from the stored version (a rule transformed it). */
        public boolean altered() {
            for (Rule r : rules) if (r.transforms()) return true;
            return false;
        }
    }

    /**
     * The object does not go.
     *
     * @param rule   the rule that stopped it
     * @param reason what a person reading the audit log needs to know, naming the value at fault
     */
    record Withhold(Rule rule, String reason) implements Decision {
        public Withhold {
            Objects.requireNonNull(rule, "rule");
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public boolean released() {
            return false;
        }
    }
}
