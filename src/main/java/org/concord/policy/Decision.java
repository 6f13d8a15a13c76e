package org.concord.policy;

import java.util.List;
import java.util.Objects;
import org.concord.stix.StixObject;

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
     */
    record Release(StixObject object, List<Rule> rules, List<StixObject> companions) implements Decision {
        public Release {
            Objects.requireNonNull(object, "object");
            rules = List.copyOf(rules);
            companions = List.copyOf(companions);
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
