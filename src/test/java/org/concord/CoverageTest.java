package org.concord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** {@link Coverage}: thresholds checked against the binomial tails worked out in exact arithmetic. */
class CoverageTest {

    @Test
    void theThresholdIsTheGreatestCountWhoseBinomialTailStaysUnderTheFalseAlarmRate() {
        // P(X < k) <= 1e-9 < P(X <= k), exact: 500 at 0.1: 4.5e-10, 1.7e-9; 1,000 at 0.1: k = 48;
        // 1,500 at 0.15: k = 146; 1,500 at 0.02: 3.6e-10, 2.9e-9; 30 at 0.99: 4.8e-10, 1.7e-8
        assertThat(Coverage.least(500, 0.1)).isEqualTo(15);
        assertThat(Coverage.least(800, 0.1)).isEqualTo(34);
        assertThat(Coverage.least(1000, 0.1)).isEqualTo(48);
        assertThat(Coverage.least(1500, 0.15)).isEqualTo(146);
        assertThat(Coverage.least(1500, 0.02)).isEqualTo(4);
        assertThat(Coverage.least(30, 0.99)).isEqualTo(23);
        assertThat(Coverage.atLeast(500, 0.1)).accepts(15, 16, 500).rejects(0, 14);
    }

    @Test
    void oddsTooLowForTheTriesCheckNothingAndAreRefused() {
        // 500 tries at 2.8% (a relayed version going as stored, in wholly random egress cases): P(X = 0) = 7e-7
        assertThatThrownBy(() -> Coverage.least(500, 0.028)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("500 tries are too few");
        assertThatThrownBy(() -> Coverage.least(1500, 0.01)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Coverage.least(0, 0.5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Coverage.least(10, 1.0)).isInstanceOf(IllegalArgumentException.class);
    }
}
