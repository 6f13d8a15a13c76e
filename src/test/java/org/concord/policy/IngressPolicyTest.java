package org.concord.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.concord.policy.Samples.INTELLIGENCE;
import static org.concord.policy.Samples.indicator;

import org.concord.stix.Tlp;
import org.junit.jupiter.api.Test;

class IngressPolicyTest {
    private final IngressPolicy policy = new IngressPolicy(Tlp.AMBER);
    private final Agreement in = Agreement.inbound("b").collections("intelligence").types("indicator")
            .tlp(Tlp.CLEAR, Tlp.GREEN).build();

    private Rule withheldBy(Decision d) {
        return ((Decision.Withhold) d).rule();
    }

    @Test
    void acceptsWhatTheAgreementNamesUnchanged() {
        Decision d = policy.accept(indicator("a", Tlp.GREEN), INTELLIGENCE, in);
        assertThat(((Decision.Release) d).rules()).containsExactly(Rule.TLP_GREEN);
        assertThat(((Decision.Release) d).altered()).isFalse();
    }

    @Test
    void refusesRedAmberStrictAndUnnamedLevels() {
        assertThat(withheldBy(policy.accept(indicator("a", Tlp.RED), INTELLIGENCE, in))).isEqualTo(Rule.TLP_RED);
        assertThat(withheldBy(policy.accept(indicator("a", Tlp.AMBER_STRICT), INTELLIGENCE, in))).isEqualTo(Rule.TLP_AMBER_STRICT);
        assertThat(withheldBy(policy.accept(indicator("a", Tlp.AMBER), INTELLIGENCE, in))).isEqualTo(Rule.TLP_AMBER);
        assertThat(withheldBy(policy.accept(indicator("a", null), INTELLIGENCE, in))).isEqualTo(Rule.TLP_AMBER);
    }

    @Test
    void refusesOtherTypesAndCollections() {
        assertThat(withheldBy(policy.accept(Samples.sighting(Samples.id("identity", "r")), INTELLIGENCE, in)))
                .isEqualTo(Rule.OBJECT_TYPE);
        assertThat(withheldBy(policy.accept(indicator("a", Tlp.GREEN), Samples.SIGHTINGS, in))).isEqualTo(Rule.COLLECTION);
    }
}
